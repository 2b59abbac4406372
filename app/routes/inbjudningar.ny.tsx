import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ORGANIZATION_KINDS } from "#db/enums";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxGroup, FormError, SelectField, TextField, TextareaField } from "~/components/forms";
import { getDb } from "~/db.server";
import { appOrigin } from "~/domain/calendar/ics.server";
import { createAndSendBatch, infoEveningOptions, invitableOrganizations, previewBatch } from "~/domain/invitations/invitations.server";
import { batchSchema, MAX_PROPOSED_TIMES } from "~/domain/invitations/schemas";
import { DEFAULT_BODY, DEFAULT_SUBJECT, PLACEHOLDERS } from "~/domain/invitations/template";
import { ORGANIZATION_KIND_LABELS } from "~/domain/organizations/labels";
import { currentTourId, tourOptions } from "~/domain/tours/tours.server";
import { requireRole } from "~/session.server";
import { addDaysIso, formatPeriod, todayInStockholm } from "~/utils/dates";
import { replyWithDomainError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Ny inbjudan – Rullar ut" }];

const PLANNERS = ["admin", "tour_leader"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, PLANNERS);
  const db = getDb();
  const url = new URL(request.url);
  const kind = url.searchParams.get("typ") === "visit_offer" ? "visit_offer" : "info_evening";
  const tours = tourOptions(db);
  const tourId = url.searchParams.get("turne") ?? currentTourId(db, todayInStockholm()) ?? tours[0]?.id ?? "";
  const evenings = infoEveningOptions(db);
  return {
    kind,
    tours,
    evenings: evenings.map((e) => ({ value: e.id, label: `${e.title}, ${formatPeriod(e.startsAt, e.endsAt)}${e.venueName ? `, ${e.venueName}` : ""}` })),
    organizations: invitableOrganizations(db).map((o) => ({
      value: o.id,
      label: `${o.name} (${ORGANIZATION_KIND_LABELS[o.kind].toLowerCase()}, ${o.areaName})${o.emails ? "" : " – saknar e-post"}`,
    })),
    defaults: {
      tourId,
      kind,
      stopId: evenings.find((e) => e.tourId === tourId)?.id ?? "",
      subject: DEFAULT_SUBJECT[kind],
      body: DEFAULT_BODY[kind],
      deadline: addDaysIso(todayInStockholm(), 30),
      allowOtherTime: "on",
      organizationKinds: kind === "info_evening" ? ["byalag", "byaforening", "hembygdsforening"] : [],
      organizationIds: [] as string[],
      times: Array.from({ length: MAX_PROPOSED_TIMES }, () => ({ date: "", start: "18:00", end: "20:00" })),
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, PLANNERS);
  const submission = parseWithZod(await request.formData(), { schema: batchSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), preview: null }, { status: 400 });
  const db = getDb();
  try {
    if (submission.value.intent === "preview") {
      return { result: submission.reply(), preview: previewBatch(db, actor, submission.value) };
    }
    const sent = createAndSendBatch(db, actor, submission.value, { origin: appOrigin(request) });
    throw redirect(`/inbjudningar/${sent.batchId}?skickat=${sent.sent}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return replyWithDomainError(submission, error);
  }
}

export default function NewInvitationPage() {
  const { kind, tours, evenings, organizations, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const preview = actionData && "preview" in actionData ? actionData.preview : null;
  const [form, fields] = useForm({
    id: `new-invitation-${kind}`,
    lastResult: actionData?.result,
    defaultValue: defaults,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: batchSchema }),
  });
  const timeRows = fields.times.getFieldList();
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to="/inbjudningar">Inbjudningar</Link>
      </p>
      <h1>Ny inbjudan</h1>
      <nav aria-label="Typ av inbjudan" className="invitation-kinds">
        <Link to="?typ=info_evening" aria-current={kind === "info_evening" ? "page" : undefined}>
          Bjud in till informationskväll
        </Link>
        <Link to="?typ=visit_offer" aria-current={kind === "visit_offer" ? "page" : undefined}>
          Erbjud besök med föreslagna tider
        </Link>
      </nav>
      <Form method="post" {...getFormProps(form)} noValidate className="stack card">
        <FormError form={form} />
        <input type="hidden" name={fields.kind.name} value={kind} />
        <SelectField label="Turné" meta={fields.tourId} required options={tours.map((t) => ({ value: t.id, label: t.name }))} />
        {kind === "info_evening" ? (
          <SelectField label="Informationskväll" meta={fields.stopId} required options={evenings} />
        ) : (
          <fieldset className="field" aria-describedby={fields.times.errors?.length ? fields.times.errorId : undefined}>
            <legend>Föreslagna tider (svensk tid, en till fem)</legend>
            <p className="hint">Lämna rader tomma som inte behövs. Datum som ÅÅÅÅ-MM-DD, tider som TT:MM.</p>
            {timeRows.map((row, i) => {
              const f = row.getFieldset();
              return (
                <div className="field-row invitation-time-row" key={row.key}>
                  <TextField label={`Tid ${i + 1}: datum`} meta={f.date} inputMode="numeric" />
                  <TextField label="Start" meta={f.start} inputMode="numeric" />
                  <TextField label="Slut" meta={f.end} inputMode="numeric" />
                </div>
              );
            })}
            {fields.times.errors?.length ? (
              <p id={fields.times.errorId} className="field-error">
                {fields.times.errors.join(" ")}
              </p>
            ) : null}
            <div className="checkbox">
              <input {...getInputProps(fields.allowOtherTime, { type: "checkbox" })} key={fields.allowOtherTime.key} />
              <label htmlFor={fields.allowOtherTime.id}>Organisationen får föreslå en annan tid</label>
            </div>
          </fieldset>
        )}
        <CheckboxGroup
          legend="Bjud in alla av typen"
          meta={fields.organizationKinds}
          options={ORGANIZATION_KINDS.map((k) => ({ value: k, label: ORGANIZATION_KIND_LABELS[k] }))}
        />
        <details className="field" open={kind === "visit_offer"}>
          <summary>Eller välj enskilda organisationer</summary>
          <CheckboxGroup legend="Organisationer" meta={fields.organizationIds} options={organizations} />
        </details>
        <TextField label="Sista svarsdag" meta={fields.deadline} required hint="ÅÅÅÅ-MM-DD. Svar kan ges och ändras till och med den dagen." inputMode="numeric" />
        <TextField label="Ämnesrad" meta={fields.subject} required />
        <TextareaField label="Meddelande" meta={fields.body} rows={12} hint={<PlaceholderHelp />} />
        <div className="button-row">
          <button type="submit" name="intent" value="preview" className="button button--secondary">
            Förhandsgranska
          </button>
          {preview ? (
            <button type="submit" name="intent" value="send" className="button">
              Skicka till {preview.organizations - preview.withoutEmail.length} organisationer
            </button>
          ) : null}
        </div>
      </Form>
      {preview ? (
        <section className="card invitation-preview" aria-labelledby="preview-title">
          <h2 id="preview-title">Förhandsgranskning</h2>
          <p className="muted">
            Så här ser meddelandet ut för {preview.organizationName ?? "den första organisationen"}. {preview.organizations} organisationer, {preview.recipients}{" "}
            e-postadresser.
          </p>
          {preview.withoutEmail.length ? (
            <p className="notice notice--warning">
              Saknar e-postadress och får ingen inbjudan: {preview.withoutEmail.join(", ")}. De syns som utkast på översikten.
            </p>
          ) : null}
          <p>
            <strong>Ämne:</strong> {preview.subject}
          </p>
          <pre className="invitation-preview__body">{preview.body}</pre>
        </section>
      ) : null}
    </div>
  );
}

function PlaceholderHelp() {
  return (
    <>
      Du kan använda:{" "}
      {PLACEHOLDERS.map((p, i) => (
        <span key={p.key}>
          {i ? "; " : ""}
          <code>{p.key}</code> – {p.description}
        </span>
      ))}
      . Meddelandet måste innehålla <code>{"{lank}"}</code>.
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
