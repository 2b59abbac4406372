import { useKindNames } from "~/components/kind-names";
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { OrganizationKind } from "#db/enums";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OnOffForm } from "~/components/on-off-form";
import { FormError, TextField, SubmitButton } from "~/components/forms";
import { getDb } from "~/db.server";
import { areaOptions } from "~/domain/areas/areas.server";
import {
  addContact,
  getOrganizationPage,
  removeContact,
  setOrganizationArchived,
  updateContact,
  updateOrganization,
} from "~/domain/organizations/organizations.server";
import { contactSchema, editOrganizationSchema } from "~/domain/organizations/schemas";
import { can } from "~/domain/users/roles";
import { HistoryList } from "~/routes/omraden.$areaId/history-list";
import { requirePlannerUser, requireUser } from "~/session.server";
import { replyWithDomainError } from "~/utils/forms.server";
import { handleDomain } from "~/utils/http.server";
import { OrganizationFields } from "./organization-fields";
import { ResultMessage } from "~/components/result-message";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.organization.name ?? "Organisation"} – Organisationer – Rullar ut` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const db = getDb();
  return handleDomain(() => {
    const page = getOrganizationPage(db, params.organizationId!);
    const canEdit = can.planTour(actor.role);
    const { organization: o } = page;
    return {
      organization: {
        id: o.id,
        name: o.name,
        kind: o.kind,
        areaId: o.areaId,
        website: o.website,
        notes: o.notes,
        archived: o.archivedAt !== null,
        updatedAt: o.updatedAt.getTime(),
      },
      area: page.area,
      contacts: page.contacts.map((c) => ({ id: c.id, name: c.name, role: c.role, email: c.email, phone: c.phone, updatedAt: c.updatedAt.getTime() })),
      history: page.history,
      areaNames: page.areaNames,
      areas: canEdit ? areaOptions(db, o.areaId) : [],
      canEdit,
    };
  });
}

const CONTACT_INTENTS = new Set(["addContact", "saveContact", "removeContact"]);

export async function action({ request, params }: ActionFunctionArgs) {
  // Before anything is parsed: a staff member's direct post is refused, whatever it holds.
  const actor = await requirePlannerUser(request);
  const organizationId = params.organizationId!;
  const db = getDb();
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");

  if (CONTACT_INTENTS.has(intent)) {
    const submission = parseWithZod(formData, { schema: contactSchema });
    const contactId = String(formData.get("contactId") ?? "");
    const formId = intent === "addContact" ? "contact-new" : `contact-${contactId}`;
    if (submission.status !== "success") return data({ formId, result: submission.reply() }, { status: 400 });
    const value = submission.value;
    try {
      if (value.intent === "addContact") addContact(db, actor, organizationId, value);
      else if (value.intent === "saveContact") updateContact(db, actor, organizationId, value.contactId, value);
      else removeContact(db, actor, organizationId, value.contactId);
    } catch (error) {
      const reply = replyWithDomainError(submission, error);
      return data({ formId, result: reply.data.result }, { status: 400 });
    }
    const done = value.intent === "addContact" ? "kontakt-tillagd" : value.intent === "saveContact" ? "kontakt-sparad" : "kontakt-borttagen";
    throw redirect(`/organisationer/${organizationId}?${done}=1`);
  }

  const submission = parseWithZod(formData, { schema: editOrganizationSchema });
  if (submission.status !== "success") return data({ formId: "organization", result: submission.reply() }, { status: 400 });
  const value = submission.value;
  try {
    if (value.intent === "save") updateOrganization(db, actor, organizationId, value);
    else setOrganizationArchived(db, actor, organizationId, value.intent === "archive");
  } catch (error) {
    const reply = replyWithDomainError(submission, error);
    return data({ formId: "organization", result: reply.data.result }, { status: 400 });
  }
  const done = value.intent === "save" ? "sparad" : value.intent === "archive" ? "arkiverad" : "aterstalld";
  throw redirect(`/organisationer/${organizationId}?${done}=1`);
}

const NOTICES: Record<string, string> = {
  skapad: "Organisationen har skapats.",
  sparad: "Ändringarna har sparats.",
  arkiverad: "Organisationen är arkiverad. Den visas inte längre i listan.",
  aterstalld: "Organisationen är återställd från arkivet.",
  "kontakt-tillagd": "Kontaktpersonen har lagts till.",
  "kontakt-sparad": "Kontaktpersonen har sparats.",
  "kontakt-borttagen": "Kontaktpersonen har tagits bort.",
};

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

/** The action's answer for the form with this id, if it is that form's. */
function useResultFor(formId: string): SubmissionResult<string[]> | undefined {
  const actionData = useActionData<typeof action>();
  return actionData?.formId === formId ? (actionData.result as SubmissionResult<string[]>) : undefined;
}

function EditOrganizationForm({ organization, areas }: { organization: LoaderData["organization"]; areas: LoaderData["areas"] }) {
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(editOrganizationSchema, {
    id: "organization",
    lastResult: useResultFor("organization"),
    defaultValue: {
      intent: "save",
      name: organization.name,
      kind: organization.kind,
      areaId: organization.areaId,
      website: organization.website ?? "",
      notes: organization.notes ?? "",
    },
  });
  return (
    <Form method="post" {...getFormProps(form)} noValidate className="stack card">
      <h2>Uppgifter</h2>
      <FormError form={form} />
      <OrganizationFields fields={fields} areas={areas} />
      <SubmitButton name="intent" value="save" className="button" busy={navigation.state === "submitting"}>
        Spara ändringar
      </SubmitButton>
    </Form>
  );
}

type ContactData = LoaderData["contacts"][number];

function ContactForm({ contact, index }: { contact?: ContactData; index?: number }) {
  const navigation = useNavigation();
  const formId = contact ? `contact-${contact.id}` : "contact-new";
  const [form, fields] = useSchemaForm(contactSchema, {
    id: formId,
    lastResult: useResultFor(formId),
    defaultValue: contact
      ? { intent: "saveContact", contactId: contact.id, name: contact.name, role: contact.role ?? "", email: contact.email ?? "", phone: contact.phone ?? "" }
      : { intent: "addContact" },
  });
  const headingId = `${formId}-heading`;
  const busy = navigation.state === "submitting";
  return (
    <Form method="post" {...getFormProps(form)} noValidate className="stack ao-contact-form" aria-labelledby={headingId}>
      <h3 id={headingId}>{contact ? `Kontaktperson ${index}: ${contact.name}` : "Lägg till kontaktperson"}</h3>
      <FormError form={form} />
      {contact ? <input type="hidden" name="contactId" value={contact.id} /> : null}
      <div className="field-row">
        <TextField label="Namn" meta={fields.name} required autoComplete="off" hint="För- och efternamn" />
        <TextField label="Roll" meta={fields.role} autoComplete="off" hint="T.ex. ordförande" />
      </div>
      <div className="field-row">
        <TextField label="E-post" meta={fields.email} type="email" autoComplete="off" hint="E-post eller telefon behövs" />
        <TextField label="Telefon" meta={fields.phone} type="tel" autoComplete="off" hint="T.ex. 070-123 45 67" />
      </div>
      <div className="ao-button-row">
        <SubmitButton name="intent" value={contact ? "saveContact" : "addContact"} className="button" busy={busy}>
          {contact ? "Spara kontaktperson" : "Lägg till"}
        </SubmitButton>
        {contact ? (
          <SubmitButton name="intent" value="removeContact" className="button button--danger" busy={busy}>
            Ta bort {contact.name}
          </SubmitButton>
        ) : null}
      </div>
    </Form>
  );
}

function ReadOnlyContacts({ contacts }: { contacts: ContactData[] }) {
  if (!contacts.length) return <p className="muted">Ingen kontaktperson är registrerad.</p>;
  return (
    <ul className="ao-contact-list">
      {contacts.map((c) => (
        <li key={c.id}>
          <strong>{c.name}</strong>
          {c.role ? <span className="muted"> · {c.role}</span> : null}
          {c.email ? (
            <>
              <br />
              <a href={`mailto:${c.email}`}>{c.email}</a>
            </>
          ) : null}
          {c.phone ? (
            <>
              <br />
              <a href={`tel:${c.phone.replace(/[^\d+]/g, "")}`}>{c.phone}</a>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export default function OrganizationPage() {
  const { organization, area, contacts, history, areaNames, areas, canEdit } = useLoaderData<typeof loader>();
  const kinds = useKindNames();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const notice = Object.keys(NOTICES).find((k) => searchParams.has(k));
  const labels = (field: string, value: unknown) => {
    if (field === "kind" && typeof value === "string" && value in kinds.organization) {
      return kinds.organization[value as OrganizationKind];
    }
    if (field === "areaId" && typeof value === "string") return areaNames[value] ?? "(okänt område)";
    return undefined;
  };
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to="/organisationer">Organisationer</Link>
      </p>
      <h1>
        {organization.name} {organization.archived ? <span className="badge badge--inactive">Arkiverad</span> : null}
      </h1>
      <p className="lead">
        {kinds.organization[organization.kind]} i <Link to={`/omraden/${area.id}`}>{area.name}</Link>
      </p>
      {notice ? <ResultMessage className="notice">{NOTICES[notice]}</ResultMessage> : null}

      {canEdit ? (
        <>
          <EditOrganizationForm key={organization.updatedAt} organization={organization} areas={areas} />
          <OnOffForm
            inUse={!organization.archived}
            takeOut={{
              heading: "Arkivera organisationen",
              text: "En arkiverad organisation visas inte i listan. Kontaktpersoner och historik finns kvar.",
              intent: "archive",
              label: "Arkivera",
            }}
            bringBack={{ heading: "Återställ organisationen", text: "Organisationen visas igen i listan.", intent: "unarchive", label: "Återställ" }}
            busy={navigation.state === "submitting"}
          />
        </>
      ) : (
        <dl className="ao-facts card">
          <div>
            <dt>Webbplats</dt>
            <dd>
              {organization.website ? (
                <a href={organization.website} rel="noopener noreferrer">
                  {organization.website}
                </a>
              ) : (
                <span className="muted">uppgift saknas</span>
              )}
            </dd>
          </div>
          <div>
            <dt>Anteckningar</dt>
            <dd className="ao-pre-line">{organization.notes ?? <span className="muted">inga</span>}</dd>
          </div>
        </dl>
      )}

      <section aria-labelledby="contacts-heading" className="card stack" id="kontakter">
        <h2 id="contacts-heading">Kontaktpersoner</h2>
        {canEdit ? (
          <>
            {contacts.length ? null : <p className="muted">Ingen kontaktperson är registrerad.</p>}
            {contacts.map((c, i) => (
              <ContactForm key={`${c.id}-${c.updatedAt}`} contact={c} index={i + 1} />
            ))}
            <ContactForm key={`new-${contacts.length}`} />
          </>
        ) : (
          <ReadOnlyContacts contacts={contacts} />
        )}
      </section>

      <section aria-labelledby="organization-history" className="card">
        <h2 id="organization-history">Historik</h2>
        <HistoryList entries={history} labels={labels} headingId="organization-history" />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
