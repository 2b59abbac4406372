import { useKindNames } from "~/components/kind-names";
import { kindNames } from "~/domain/kinds/names.server";
import { getFormProps, getInputProps } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { inputProps, listFieldViews, type FieldView } from "~/components/form-fields";
import { CheckboxGroup, FieldError, FormError, SelectField, TextField, TextareaField, collectionProps, readField } from "~/components/forms";
import { getDb } from "~/db.server";
import { appOrigin } from "~/domain/calendar/ics.server";
import { createAndSendBatch, infoEveningOptions, invitableOrganizations, newEveningDefaults, previewBatch } from "~/domain/invitations/invitations.server";
import { emailAddressCount, organizationCount } from "~/domain/invitations/labels";
import { batchSchema, MAX_PROPOSED_TIMES, NEW_EVENING } from "~/domain/invitations/schemas";
import { DEFAULT_SUBJECT, PLACEHOLDERS, defaultBody } from "~/domain/invitations/template";
import { areaOptions } from "~/domain/areas/areas.server";
import { tourOptions } from "~/domain/tours/tours.server";
import { requirePlannerUser } from "~/session.server";
import { chosenTourId } from "~/domain/tours/chosen-tour.server";
import { addDaysIso, formatPeriod, todayInStockholm } from "~/utils/dates";
import { replyWithDomainError } from "~/utils/forms.server";
import { TourPicker } from "~/components/tours/tour-picker";

export const meta: MetaFunction = () => [{ title: "Ny inbjudan – Rullar ut" }];

/** A proposed time's fields, as the schema names them. */
const TIME_PARTS = ["date", "start", "end"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePlannerUser(request);
  const db = getDb();
  const url = new URL(request.url);
  const kind = url.searchParams.get("typ") === "visit_offer" ? "visit_offer" : "info_evening";
  const tours = tourOptions(db);
  const tourId = chosenTourId(db, actor, url.searchParams) ?? "";
  const evenings = tourId && kind === "info_evening" ? infoEveningOptions(db, tourId) : [];
  const evening = newEveningDefaults(db);
  const names = kindNames(db);
  return {
    kind,
    tours,
    tourId,
    evenings: evenings.map((e) => ({ value: e.id, label: `${e.title}, ${formatPeriod(e.startsAt, e.endsAt)}${e.venueName ? `, ${e.venueName}` : ""}` })),
    // Only the info evening's form has an area select (a new evening's place).
    areas: kind === "info_evening" ? areaOptions(db).map((a) => ({ value: a.id, label: a.name })) : [],
    organizations: invitableOrganizations(db).map((o) => ({
      value: o.id,
      label: `${o.name} (${names.organization[o.kind].toLowerCase()}, ${o.areaName})${o.emails ? "" : " – saknar e-post"}`,
    })),
    defaults: {
      tourId,
      kind,
      // The tour's first evening, or a new one when it has none yet (issue 13, point 4).
      stopId: evenings[0]?.id ?? NEW_EVENING,
      evening: {
        title: "Informationskväll för byalagen",
        startDate: "",
        startTime: "18:00",
        endTime: "20:00",
        venueName: evening.venueName,
        venueAddress: evening.venueAddress,
        areaId: "",
      },
      subject: DEFAULT_SUBJECT[kind],
      body: defaultBody(kind, evening.contactCenter),
      deadline: addDaysIso(todayInStockholm(), 30),
      allowOtherTime: "on",
      organizationKinds: kind === "info_evening" ? ["byalag", "byaforening", "hembygdsforening"] : [],
      organizationIds: [] as string[],
      times: Array.from({ length: MAX_PROPOSED_TIMES }, () => ({ date: "", start: "18:00", end: "20:00" })),
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePlannerUser(request);
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
  const { kind, tours, tourId, evenings, areas, organizations, defaults } = useLoaderData<typeof loader>();
  const kinds = useKindNames();
  const actionData = useActionData<typeof action>();
  const preview = actionData && "preview" in actionData ? actionData.preview : null;
  const [form, fields] = useSchemaForm(batchSchema, {
    // A new tour or kind starts a new form. The id is in every field's id, form and for attribute
    // (a hundred checkboxes), so it is kept short: the kind and the start of the tour's id.
    id: `ny-${kind === "info_evening" ? "kvall" : "besok"}-${tourId.slice(0, 6)}`,
    lastResult: actionData?.result,
    defaultValue: defaults,
  });
  const timeRows = listFieldViews(form, "times", TIME_PARTS);
  const eveningFields = fields.evening.getFieldset();
  const stopField = readField(fields.stopId);
  const tourField = readField(fields.tourId);
  const eveningChoices = kind === "info_evening" ? collectionProps(stopField, "radio", [...evenings.map((e) => e.value), NEW_EVENING]) : [];
  const eveningLabel = new Map([...evenings.map((e) => [e.value, e.label] as const), [NEW_EVENING, "Skapa en ny informationskväll"] as const]);
  // Every link within the invitation pages keeps the chosen tour.
  const withTour = (query: string) => `${query}${tourId ? `&turne=${encodeURIComponent(tourId)}` : ""}`;
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to={tourId ? `/inbjudningar?turne=${encodeURIComponent(tourId)}` : "/inbjudningar"}>Inbjudningar</Link>
      </p>
      <h1>Ny inbjudan</h1>
      {/* The tour is chosen first, with a plain GET form: the evenings offered below are that tour's. */}
      <TourPicker id="invitation-tour" tours={tours} value={tourId} keep={{ typ: kind }} className="invitation-tour-form" />
      <nav aria-label="Typ av inbjudan" className="invitation-kinds">
        <Link to={withTour("?typ=info_evening")} aria-current={kind === "info_evening" ? "page" : undefined}>
          Bjud in till informationskväll
        </Link>
        <Link to={withTour("?typ=visit_offer")} aria-current={kind === "visit_offer" ? "page" : undefined}>
          Erbjud besök med föreslagna tider
        </Link>
      </nav>
      <Form method="post" {...getFormProps(form)} noValidate className="stack card invitation-form">
        <FormError form={form} />
        <input type="hidden" name={fields.kind.name} value={kind} />
        <input type="hidden" name={fields.tourId.name} value={tourId} />
        <FieldError id={tourField.errorId} errors={tourField.errors} />
        {kind === "info_evening" ? (
          <>
            <fieldset className="field" aria-describedby={stopField.errors?.length ? stopField.errorId : undefined}>
              <legend>
                Informationskväll <span className="required">(obligatoriskt)</span>
              </legend>
              {evenings.length === 0 ? (
                <p className="hint">Turnén har ingen kommande informationskväll. Skapa den här: den sparas som ett stopp i turnén när inbjudan skickas.</p>
              ) : null}
              {eveningChoices.map(({ key, ...props }) => (
                <div className="radio" key={key}>
                  <input {...props} required />
                  <label htmlFor={props.id}>{eveningLabel.get(props.value)}</label>
                </div>
              ))}
              <FieldError id={stopField.errorId} errors={stopField.errors} />
            </fieldset>
            {/* Shown while "Skapa en ny informationskväll" is chosen (app.css, :has), with or without JavaScript. */}
            <fieldset className="field new-evening">
              <legend>Ny informationskväll</legend>
              <p className="hint">Hålls på kontaktcentret om du inte ändrar lokalen. Område behövs inte för en kväll på kontaktcentret.</p>
              <TextField label="Rubrik" meta={eveningFields.title} required />
              <div className="field-row">
                <TextField label="Datum" meta={eveningFields.startDate} required hint="ÅÅÅÅ-MM-DD" inputMode="numeric" />
                <TextField label="Starttid" meta={eveningFields.startTime} required hint="TT:MM" inputMode="numeric" />
                <TextField label="Sluttid" meta={eveningFields.endTime} required hint="TT:MM" inputMode="numeric" />
              </div>
              <TextField label="Lokal" meta={eveningFields.venueName} required />
              <TextField label="Adress" meta={eveningFields.venueAddress} />
              <SelectField label="Område (frivilligt)" meta={eveningFields.areaId} options={areas} />
            </fieldset>
          </>
        ) : (
          <fieldset className="field invitation-times">
            <legend>Föreslagna tider (svensk tid, en till fem)</legend>
            <p className="hint">Lämna rader tomma som inte behövs. Datum som ÅÅÅÅ-MM-DD, tider som TT:MM.</p>
            {timeRows.map((row, i) => {
              const f = row.fields;
              return (
                <div className="invitation-time-row" key={row.key}>
                  <TimeField label={`Tid ${i + 1}, datum`} meta={f.date} className="invitation-time-row__date" />
                  <TimeField label="Start" prefix={`Tid ${i + 1}, `} meta={f.start} />
                  <TimeField label="Slut" prefix={`Tid ${i + 1}, `} meta={f.end} />
                </div>
              );
            })}
            <div className="checkbox">
              <input {...getInputProps(fields.allowOtherTime, { type: "checkbox" })} key={fields.allowOtherTime.key} />
              <label htmlFor={fields.allowOtherTime.id}>Organisationen får föreslå en annan tid</label>
            </div>
          </fieldset>
        )}
        <CheckboxGroup
          legend="Bjud in alla av typen"
          meta={fields.organizationKinds}
          options={kinds.organizationChoices.map((k) => ({ value: k, label: kinds.organization[k] }))}
        />
        <details className="field" open={kind === "visit_offer"}>
          <summary>Eller välj enskilda organisationer</summary>
          <CheckboxGroup legend="Organisationer" meta={fields.organizationIds} options={organizations} />
        </details>
        <TextField
          label="Sista svarsdag"
          meta={fields.deadline}
          required
          hint="ÅÅÅÅ-MM-DD. Svar kan ges och ändras till och med den dagen."
          inputMode="numeric"
        />
        <TextField label="Ämnesrad" meta={fields.subject} required />
        <TextareaField label="Meddelande" meta={fields.body} rows={12} hint={<PlaceholderHelp />} />
        <div className="button-row">
          <button type="submit" name="intent" value="preview" className="button button--secondary">
            Förhandsgranska
          </button>
          {preview ? (
            <button type="submit" name="intent" value="send" className="button">
              Skicka till {organizationCount(preview.organizations - preview.withoutEmail.length)}
            </button>
          ) : null}
        </div>
      </Form>
      {preview ? (
        <section className="card invitation-preview" aria-labelledby="preview-title">
          <h2 id="preview-title">Förhandsgranskning</h2>
          <p className="muted">
            Så här ser meddelandet ut för {preview.organizationName ?? "den första organisationen"}. {organizationCount(preview.organizations)},{" "}
            {emailAddressCount(preview.recipients)}.
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

/**
 * One field of a proposed time. The label is unique ("Tid 2, start") for assistive technology,
 * while the row shows only "Start" (the prefix is visually hidden).
 */
function TimeField({ label, prefix, meta, className }: { label: string; prefix?: string; meta: FieldView; className?: string }) {
  const props = inputProps(meta, { type: "text" });
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={meta.id}>
        {prefix ? <span className="visually-hidden">{prefix}</span> : null}
        {label}
      </label>
      <input {...props} inputMode="numeric" />
      <FieldError id={meta.errorId} errors={meta.errors} />
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
