import { getFormProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { CASE_STATUSES } from "#db/enums";
import { CaseStatusBadge } from "~/components/cases/case-status";
import { DeliveryStatus } from "~/components/cases/delivery-status";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldError, FormError, SubmitButton } from "~/components/forms";
import { getDb } from "~/db.server";
import { addCaseNote, changeCaseStatus, getCase } from "~/domain/cases/cases.server";
import { CASE_EVENT_LABELS, CASE_STATUS_LABELS } from "~/domain/cases/labels";
import { caseActionSchema, caseNoteSchema, caseStatusSchema } from "~/domain/cases/schemas";
import { can } from "~/domain/users/roles";
import { requireUser } from "~/session.server";
import { formatLongDate } from "~/utils/dates";
import { formatDateTime } from "~/utils/format";
import { replyWithDomainError } from "~/utils/forms.server";
import { handleDomain } from "~/utils/http.server";
import { ResultMessage } from "~/components/result-message";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.caseView.number ?? "Ärende"} – Rullar ut` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  return handleDomain(() => ({
    caseView: getCase(getDb(), actor, params.caseId!),
    canRetry: can.planTour(actor.role),
  }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  const caseId = params.caseId!;
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: caseActionSchema });
  const intent = formData.get("intent") === "status" ? "status" : "note";
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  try {
    if (submission.value.intent === "note") addCaseNote(getDb(), actor, caseId, submission.value.note);
    else changeCaseStatus(getDb(), actor, caseId, submission.value.status, submission.value.note);
  } catch (error) {
    const reply = replyWithDomainError(submission, error);
    return data({ intent, result: reply.data.result }, { status: 400 });
  }
  throw redirect(`/arenden/${caseId}?sparat=${intent}#historik`);
}

function eventText(kind: keyof typeof CASE_EVENT_LABELS, details: Record<string, unknown> | null): string {
  if (kind === "status" && details && typeof details.to === "string" && details.to in CASE_STATUS_LABELS) {
    const from =
      typeof details.from === "string" && details.from in CASE_STATUS_LABELS ? CASE_STATUS_LABELS[details.from as keyof typeof CASE_STATUS_LABELS] : null;
    const to = CASE_STATUS_LABELS[details.to as keyof typeof CASE_STATUS_LABELS];
    return from ? `Status ändrad från ”${from}” till ”${to}”` : `Status: ${to}`;
  }
  if (kind === "created" && details && typeof details.status === "string" && details.status in CASE_STATUS_LABELS) {
    return `Ärendet skapades med status ”${CASE_STATUS_LABELS[details.status as keyof typeof CASE_STATUS_LABELS]}”`;
  }
  if (kind === "external_status" && details && typeof details.status === "string") return `Status från ärendesystemet: ${details.status}`;
  return CASE_EVENT_LABELS[kind];
}

export default function CasePage() {
  const { caseView: c, canRetry } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const saved = searchParams.get("sparat");

  const [noteForm, noteFields] = useSchemaForm(caseNoteSchema, {
    id: "case-note",
    lastResult: actionData?.intent === "note" ? actionData.result : undefined,
  });
  const [statusForm, statusFields] = useSchemaForm(caseStatusSchema, {
    id: "case-status",
    lastResult: actionData?.intent === "status" ? actionData.result : undefined,
    defaultValue: { status: c.status },
  });
  const busy = navigation.state !== "idle";

  return (
    <div className="container case-page">
      <p>
        <Link to="/arenden">← Alla ärenden</Link>
      </p>
      <div className="page-head">
        <h1>Ärende {c.number}</h1>
        <CaseStatusBadge status={c.status} />
      </div>
      {saved ? <ResultMessage className="notice">{saved === "status" ? "Statusen är ändrad." : "Anteckningen är sparad."}</ResultMessage> : null}

      <section className="card" aria-labelledby="case-question">
        <h2 id="case-question">Frågan</h2>
        <blockquote className="case-page__question">{c.question.text}</blockquote>
        <dl className="facts">
          <dt>Besvarad på plats</dt>
          <dd>{c.question.answeredOnSpot ? "Ja" : "Nej"}</dd>
          {c.question.answer ? (
            <>
              <dt>Svar som gavs</dt>
              <dd className="case-page__answer">{c.question.answer}</dd>
            </>
          ) : null}
          <dt>Kategori</dt>
          <dd>{c.categoryLabel}</dd>
          <dt>Ämnen</dt>
          <dd>{c.question.topics.length ? c.question.topics.join(", ") : <span className="muted">Inga</span>}</dd>
          <dt>Förvaltning</dt>
          <dd>{c.department ?? <span className="muted">Ingen</span>}</dd>
          <dt>Område</dt>
          <dd>
            {c.area ?? <span className="muted">Inget</span>}
            {c.question.lat !== null && c.question.lng !== null ? (
              <span className="muted">
                {" "}
                (punkt {c.question.lat.toFixed(5)}, {c.question.lng.toFixed(5)})
              </span>
            ) : null}
          </dd>
          <dt>Stopp</dt>
          <dd>
            <Link to={`/stopp/${c.stop.id}`}>{c.stop.title}</Link>, {formatLongDate(c.stop.startsAt)} <span className="muted">({c.tour.name})</span>
          </dd>
          <dt>Loggad</dt>
          <dd>
            {formatDateTime(c.question.loggedAt)} av {c.loggedBy ?? "okänd"}
          </dd>
          <dt>Mottagen</dt>
          <dd>{formatDateTime(c.question.receivedAt)}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="case-contact">
        <h2 id="case-contact">Invånarens kontaktuppgifter</h2>
        {c.contact ? (
          <>
            <p className="warning case-page__pii">Personuppgifter: använd dem bara för att svara på frågan. De sparas för att invånaren ville ha svar.</p>
            <dl className="facts">
              <dt>Namn</dt>
              <dd>{c.contact.name ?? <span className="muted">Inte angivet</span>}</dd>
              <dt>Telefon</dt>
              <dd>{c.contact.phone ?? <span className="muted">Inte angivet</span>}</dd>
              <dt>E-post</dt>
              <dd>{c.contact.email ?? <span className="muted">Inte angivet</span>}</dd>
            </dl>
          </>
        ) : c.contactHidden ? (
          <p className="muted">Kontaktuppgifterna visas bara för turnéledaren och den som loggade frågan.</p>
        ) : (
          <p className="muted">{c.question.replyWanted ? "Invånaren ville ha svar men lämnade inga uppgifter." : "Invånaren ville inte ha svar."}</p>
        )}
      </section>

      <DeliveryStatus delivery={c.delivery} caseId={c.id} canRetry={canRetry} />

      <section className="card" aria-labelledby="historik">
        <h2 id="historik">Historik</h2>
        <ol className="case-history">
          {c.events.map((e) => (
            <li key={e.id} className={`case-history__item case-history__item--${e.kind}`}>
              <p className="case-history__head">
                <strong>{eventText(e.kind, e.details)}</strong>{" "}
                <span className="muted">
                  {formatDateTime(e.at)}
                  {e.actorName ? ` · ${e.actorName}` : ""}
                </span>
              </p>
              {e.note ? <p className="case-history__note">{e.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>

      <div className="case-page__forms">
        <section className="card" aria-labelledby="case-note-heading">
          <h2 id="case-note-heading">Lägg till anteckning</h2>
          <Form method="post" {...getFormProps(noteForm)}>
            <input type="hidden" name="intent" value="note" />
            <FormError form={noteForm} />
            <div className="field">
              <label htmlFor={noteFields.note.id}>Anteckning</label>
              <p id={noteFields.note.descriptionId} className="hint">
                Uppföljning, t.ex. vem som kontaktats. Skriv inga känsliga personuppgifter.
              </p>
              <textarea {...getTextareaProps(noteFields.note, { ariaDescribedBy: noteFields.note.descriptionId })} key={noteFields.note.key} rows={3} />
              <FieldError id={noteFields.note.errorId} errors={noteFields.note.errors} />
            </div>
            <SubmitButton className="button" busy={busy}>
              Spara anteckning
            </SubmitButton>
          </Form>
        </section>

        <section className="card" aria-labelledby="case-status-heading">
          <h2 id="case-status-heading">Ändra status</h2>
          <Form method="post" {...getFormProps(statusForm)}>
            <input type="hidden" name="intent" value="status" />
            <FormError form={statusForm} />
            <div className="field">
              <label htmlFor={statusFields.status.id}>Ny status</label>
              <select {...getSelectProps(statusFields.status)} key={statusFields.status.key}>
                {CASE_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {CASE_STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
              <FieldError id={statusFields.status.errorId} errors={statusFields.status.errors} />
            </div>
            <div className="field">
              <label htmlFor={statusFields.note.id}>Kommentar (valfri)</label>
              <textarea {...getTextareaProps(statusFields.note)} key={statusFields.note.key} rows={2} />
              <FieldError id={statusFields.note.errorId} errors={statusFields.note.errors} />
            </div>
            <SubmitButton className="button" busy={busy}>
              Ändra status
            </SubmitButton>
          </Form>
        </section>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
