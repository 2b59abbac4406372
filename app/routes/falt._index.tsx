/**
 * /falt: field mode (issue 6). Tablet-first page on which staff log residents' questions at a stop.
 * With JavaScript every save goes into the offline queue (IndexedDB) and is sent to POST
 * /falt/fragor when there is a connection; without JavaScript the form posts here and the action
 * records the question directly. The page is cached by the service worker (ADR 016).
 */
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useHydrated } from "~/components/client-only";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldError, FormError, inputProps, textareaProps, type FieldView } from "~/components/form-fields";
import { FieldQueuePanel } from "~/components/field/queue-panel";
import { fieldStopWhen } from "~/components/field/stop-when";
import { PositionField } from "~/components/map/position-field";
import { useFieldQueue } from "~/components/field/use-field-queue";
import { useOfflineReady, usePersistentStorage } from "~/components/field/use-offline";
import { useStickyBar } from "~/components/field/use-sticky-bar";
import { useFieldForm, type ServerResult } from "~/components/field/use-field-form";
import { questionCheck } from "~/components/field/use-question-check";
import { getDb } from "~/db.server";
import { fieldFormOptions, fieldStops } from "~/domain/field/field-page.server";
import { dayFiguresByStop, recordFieldQuestion } from "~/domain/field/questions.server";
import { fieldQuestionSchema } from "~/domain/field/schemas";
import { enqueue, newId, type QuestionPayload } from "~/field-client/queue";
import { requireUser } from "~/session.server";
import { formatIsoDate } from "~/utils/dates";
import { stockholmDate, stockholmTime } from "~/utils/stockholm-clock";
import { replyWithDomainError } from "~/utils/forms.server";

/** The layout shows its compact header on this page (issue 13): the form needs the phone's height. */
export const handle = { compactHeader: true };

export const meta: MetaFunction = () => [{ title: "Fältläge – Rullar ut" }, { name: "theme-color", content: "#1f4e79" }];

export const links: LinksFunction = () => [
  { rel: "manifest", href: "/manifest.webmanifest" },
  { rel: "apple-touch-icon", href: "/icons/icon-192.png" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const now = new Date();
  const stops = fieldStops(db, user.id, now);
  const listed = stops.stops.slice(0, 30).map((s) => s.id);
  const byStop = dayFiguresByStop(db, listed, user.id, stops.today);
  const figures: Record<string, { all: number; allAnswered: number; mine: number }> = {};
  for (const id of listed) {
    const f = byStop.get(id);
    figures[id] = { all: f?.logged ?? 0, allAnswered: f?.answeredOnSpot ?? 0, mine: f?.mine ?? 0 };
  }
  const url = new URL(request.url);
  return {
    ...stops,
    // Dates are put into words here, so the page's JavaScript needs no date-fns (ADR 030).
    stops: stops.stops.map((s) => ({ ...s, when: fieldStopWhen(s, stops.today, stops.upcoming) })),
    todayText: formatIsoDate(stops.today),
    points: undefined,
    ...fieldFormOptions(db, stops.points),
    figures,
    // For the form without JavaScript: the server makes the question's id.
    formId: crypto.randomUUID(),
    loggedAt: now.toISOString(),
    saved: url.searchParams.get("sparad"),
    duplicate: url.searchParams.get("dubblett") === "1",
    keepStopId: url.searchParams.get("stopp"),
    keepCategory: url.searchParams.get("kategori"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: fieldQuestionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const input = submission.value;
  try {
    // Without JavaScript the question is logged when it arrives.
    const result = recordFieldQuestion(getDb(), user, { ...input, loggedAt: new Date() });
    const params = new URLSearchParams({ sparad: result.caseNumber, stopp: input.stopId });
    if (result.status === "duplicate") params.set("dubblett", "1");
    if (formData.get("intent") === "save-new") params.set("kategori", input.category);
    throw redirect(`/falt?${params}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return replyWithDomainError(submission, error);
  }
}

/** Fields whose value the page shows things by: "Nej" makes the forwarding required, "Vill invånaren ha svar?" opens the contact fields. */
const WATCHED = ["answeredOnSpot", "replyWanted"] as const;

function percent(share: number) {
  return `${Math.round(share * 100)} %`;
}

export default function FieldPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const hydrated = useHydrated();
  const revalidator = useRevalidator();
  const queue = useFieldQueue(() => {
    // The server now knows the questions the queue sent: fetch the day's figures again.
    if (revalidator.state === "idle") revalidator.revalidate();
  });
  const offline = useOfflineReady();
  const persistence = usePersistentStorage();

  const { stops, categories, topics, departments, areas } = loaderData;
  const initialStop =
    (loaderData.keepStopId && stops.some((s) => s.id === loaderData.keepStopId) ? loaderData.keepStopId : null) ?? loaderData.selectedStopId ?? "";
  const [round, setRound] = useState(0);
  const [keep, setKeep] = useState<{ stopId: string; category: string }>({
    stopId: initialStop,
    category: loaderData.keepCategory ?? "",
  });
  const [stopId, setStopId] = useState(initialStop);
  const [savedNotice, setSavedNotice] = useState<string | null>(null);
  const [pointOpen, setPointOpen] = useState(false);
  const focusAfterSave = useRef<"question" | "notice" | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const actionsRef = useStickyBar();

  // The form's state without Conform's React code, to keep this page's JavaScript small (ADR 040);
  // the schema is the shared one, checked in the browser once its chunk has loaded.
  const form = useFieldForm({
    id: `falt-${round}`,
    lastResult: round === 0 ? (actionData?.result as ServerResult | undefined) : undefined,
    // The selects' defaults are given as "" (their first option), so a new round shows
    // "Ingen förvaltning" / "Stoppets område" (issue 13).
    defaultValue: {
      stopId: keep.stopId,
      category: keep.category,
      departmentCode: "",
      areaId: "",
      id: loaderData.formId,
      loggedAt: loaderData.loggedAt,
    },
    loader: questionCheck,
    hydrated,
    watch: WATCHED,
    onValid(v, submitter) {
      const intent = submitter?.getAttribute("value");
      // Contact details only when the resident wants a reply: the schema has already dropped them otherwise.
      const payload: QuestionPayload = { ...v, id: newId(), loggedAt: new Date().toISOString() };
      void enqueue(payload).then(() => {
        setSavedNotice(`Frågan är sparad (${stockholmTime(payload.loggedAt)}). Den skickas som ärende när det finns uppkoppling.`);
        setKeep({ stopId: v.stopId, category: intent === "save-new" ? v.category : "" });
        focusAfterSave.current = intent === "save-new" ? "question" : "notice";
        setRound((r) => r + 1);
        setPointOpen(false);
        void queue.sync(true);
      });
    },
  });

  // After a save the form is remounted under a new id: move the focus once it is there.
  useEffect(() => {
    const wanted = focusAfterSave.current;
    if (!wanted) return;
    if (wanted === "question") document.getElementById(`falt-${round}-question`)?.focus();
    else noticeRef.current?.focus();
    focusAfterSave.current = null;
  }, [round]);

  const read = {
    id: form.field("id"),
    loggedAt: form.field("loggedAt"),
    question: form.field("question"),
    answer: form.field("answer"),
    lat: form.field("lat"),
    lng: form.field("lng"),
    replyWanted: form.field("replyWanted"),
    contactName: form.field("contactName"),
    contactPhone: form.field("contactPhone"),
    contactEmail: form.field("contactEmail"),
    stopId: form.field("stopId"),
    category: form.field("category"),
    topics: form.field("topics"),
    answeredOnSpot: form.field("answeredOnSpot"),
    departmentCode: form.field("departmentCode"),
    areaId: form.field("areaId"),
  };
  const answeredValue = form.value("answeredOnSpot");
  const replyWanted = form.value("replyWanted") === "on";
  const selectedStop = stops.find((s) => s.id === stopId) ?? null;

  const dayFiguresText = useMemo(() => {
    if (!selectedStop) return null;
    const server = loaderData.figures[selectedStop.id] ?? { all: 0, allAnswered: 0, mine: 0 };
    const local = queue.items.filter((i) => i.payload.stopId === selectedStop.id && stockholmDate(i.payload.loggedAt) === loaderData.today);
    const logged = server.all + local.length;
    const answered = server.allAnswered + local.filter((i) => i.payload.answeredOnSpot).length;
    const mine = server.mine + local.length;
    if (logged === 0) return "Inga frågor loggade här idag än.";
    return `${logged} ${logged === 1 ? "fråga loggad" : "frågor loggade"} här idag (${mine} av dig). ${percent(answered / logged)} besvarade på plats.`;
  }, [selectedStop, loaderData.figures, loaderData.today, queue.items]);

  const serverNotice = loaderData.saved
    ? loaderData.duplicate
      ? `Frågan var redan sparad som ärende ${loaderData.saved}.`
      : `Frågan är sparad som ärende ${loaderData.saved}.`
    : null;

  const answerFor = (value: "ja" | "nej") => ({
    type: "radio" as const,
    name: read.answeredOnSpot.name,
    value,
    defaultChecked: read.answeredOnSpot.initialValue === value,
    "aria-invalid": read.answeredOnSpot.errors ? true : undefined,
  });

  return (
    <div className="container field-mode">
      <h1>Fältläge</h1>

      <div className="field-mode__status-bar">
        <FieldQueuePanel queue={queue} hydrated={hydrated} />
        {hydrated ? (
          <p className="field-mode__offline-note">
            {offline === "ready"
              ? "Sidan är sparad på enheten och öppnas även utan uppkoppling."
              : offline === "unknown"
                ? "Sparar sidan för användning utan uppkoppling …"
                : "Sidan kunde inte sparas för användning utan uppkoppling: ladda inte om den utan nät."}{" "}
            {persistence === "granted"
              ? "Frågorna sparas beständigt på enheten."
              : persistence === "refused"
                ? "Webbläsaren nekade beständig lagring: köade frågor kan rensas om enheten får ont om utrymme, så skicka dem snart."
                : null}
          </p>
        ) : (
          <p className="field-mode__offline-note">Utan JavaScript skickas varje fråga direkt till servern och kräver uppkoppling.</p>
        )}
      </div>

      <div ref={noticeRef} tabIndex={-1} role="status" className={savedNotice || serverNotice ? "notice notice--success" : undefined}>
        {savedNotice ?? serverNotice}
      </div>

      <Form method="post" {...form.formProps} className="field-mode__form" key={form.formProps.id}>
        <FormError form={form.formError} />
        <input {...inputProps(read.id, { type: "hidden" })} />
        <input {...inputProps(read.loggedAt, { type: "hidden" })} />

        <fieldset className="field-mode__group" aria-describedby={read.stopId.errors ? read.stopId.errorId : undefined}>
          <legend>Stopp</legend>
          {loaderData.upcoming && stops.length ? (
            <p className="hint">Inga stopp idag. Här är de närmaste kommande stoppen.</p>
          ) : stops.length ? (
            <p className="hint">Idag, {loaderData.todayText}</p>
          ) : null}
          {stops.length === 0 ? <p>Det finns inga stopp idag eller framöver.</p> : null}
          <div className="field-mode__choices field-mode__choices--stops">
            {stops.map((s) => (
              <label key={s.id} className="field-mode__choice">
                <input type="radio" name={read.stopId.name} value={s.id} defaultChecked={read.stopId.initialValue === s.id} onChange={() => setStopId(s.id)} />
                <span>
                  <strong>{s.title}</strong>
                  <span className="field-mode__choice-meta">
                    {s.when}
                    {s.areaName ? `, ${s.areaName}` : ""}
                    {s.booked ? " · du är bokad" : ""}
                  </span>
                </span>
              </label>
            ))}
          </div>
          <FieldError id={read.stopId.errorId} errors={read.stopId.errors} />
        </fieldset>

        <p className="field-mode__figures" aria-live="polite">
          {dayFiguresText}
        </p>

        <div className="field field-mode__question">
          <label htmlFor={read.question.id}>Frågan</label>
          <p id={read.question.descriptionId} className="hint field-mode__privacy-hint">
            Skriv inte känsliga personuppgifter (t.ex. hälsa, personnummer).
          </p>
          <textarea {...textareaProps(read.question, { ariaDescribedBy: read.question.descriptionId })} rows={4} />
          <FieldError id={read.question.errorId} errors={read.question.errors} />
        </div>

        <fieldset className="field-mode__group" aria-describedby={read.category.errors ? read.category.errorId : undefined}>
          <legend>Kategori</legend>
          <div className="field-mode__choices">
            {categories.map((c) => (
              <label key={c.value} className={`field-mode__choice field-mode__choice--${c.kind}`}>
                <input
                  type="radio"
                  name={read.category.name}
                  value={c.value}
                  defaultChecked={read.category.initialValue === c.value}
                  aria-invalid={read.category.errors ? true : undefined}
                />
                <span>{c.label}</span>
              </label>
            ))}
          </div>
          <FieldError id={read.category.errorId} errors={read.category.errors} />
        </fieldset>

        <fieldset className="field-mode__group">
          <legend>Ämnen</legend>
          <div className="field-mode__choices field-mode__choices--tags">
            {topics.map((t) => (
              <label key={t.value} className="field-mode__tag">
                <input
                  type="checkbox"
                  name={read.topics.name}
                  value={t.value}
                  defaultChecked={Array.isArray(read.topics.initialValue) ? read.topics.initialValue.includes(t.value) : read.topics.initialValue === t.value}
                />
                <span>{t.label}</span>
              </label>
            ))}
          </div>
          <FieldError id={read.topics.errorId} errors={read.topics.errors} />
        </fieldset>

        <fieldset className="field-mode__group" aria-describedby={read.answeredOnSpot.errors ? read.answeredOnSpot.errorId : undefined}>
          <legend>Besvarad på plats?</legend>
          <div className="field-mode__choices field-mode__choices--yesno">
            <label className="field-mode__choice">
              <input {...answerFor("ja")} />
              <span>Ja</span>
            </label>
            <label className="field-mode__choice">
              <input {...answerFor("nej")} />
              <span>Nej</span>
            </label>
          </div>
          <FieldError id={read.answeredOnSpot.errorId} errors={read.answeredOnSpot.errors} />
        </fieldset>

        <div className="field">
          <label htmlFor={read.answer.id}>Svaret som gavs (frivilligt)</label>
          <textarea {...textareaProps(read.answer)} rows={2} />
          <FieldError id={read.answer.errorId} errors={read.answer.errors} />
        </div>

        <div className="field">
          <label htmlFor={read.departmentCode.id}>
            Skicka vidare till
            {answeredValue === "nej" ? <span className="required"> (obligatoriskt när frågan inte besvarades)</span> : null}
          </label>
          <select
            id={read.departmentCode.id}
            name={read.departmentCode.name}
            defaultValue={(read.departmentCode.initialValue as string | undefined) ?? ""}
            aria-invalid={read.departmentCode.errors ? true : undefined}
            aria-describedby={read.departmentCode.errors ? read.departmentCode.errorId : undefined}
          >
            <option value="">Ingen förvaltning</option>
            {departments.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
          <FieldError id={read.departmentCode.errorId} errors={read.departmentCode.errors} />
        </div>

        <div className="field">
          <label htmlFor={read.areaId.id}>Området frågan gäller</label>
          <select
            id={read.areaId.id}
            name={read.areaId.name}
            defaultValue={(read.areaId.initialValue as string | undefined) ?? ""}
            aria-describedby={read.areaId.errors ? read.areaId.errorId : undefined}
          >
            <option value="">{selectedStop?.areaName ? `Stoppets område (${selectedStop.areaName})` : "Stoppets område"}</option>
            {areas.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
          <FieldError id={read.areaId.errorId} errors={read.areaId.errors} />
        </div>

        <details
          className="field-mode__point"
          open={Boolean(read.lat.errors || read.lng.errors) || undefined}
          onToggle={(e) => setPointOpen(e.currentTarget.open)}
        >
          <summary>Eller markera en punkt på kartan</summary>
          {/* Mounted when opened, so the map measures a visible box; before hydration the fields are always there. */}
          {!hydrated || pointOpen || read.lat.errors || read.lng.errors ? (
            <PositionField latMeta={read.lat} lngMeta={read.lng} label="Punkten frågan gäller" {...loaderData.map} />
          ) : null}
        </details>

        <div className="field field-mode__reply">
          <label className="field-mode__choice field-mode__choice--wide">
            <input {...inputProps(read.replyWanted, { type: "checkbox" })} aria-controls="falt-kontakt" aria-expanded={hydrated ? replyWanted : undefined} />
            <span>Vill invånaren ha svar?</span>
          </label>
          <div id="falt-kontakt" hidden={hydrated && !replyWanted} className="field-mode__contact">
            {!hydrated ? <p className="hint">Fyll bara i kontaktuppgifter om invånaren vill ha svar.</p> : null}
            <ContactField label="Namn" meta={read.contactName} autoComplete="off" />
            <ContactField label="Telefon" meta={read.contactPhone} type="tel" inputMode="tel" />
            <ContactField label="E-post" meta={read.contactEmail} type="email" inputMode="email" />
            <GdprNotice municipality={loaderData.municipalityName} retentionDays={loaderData.contactRetentionDays} />
          </div>
        </div>

        <div className="field-mode__actions" ref={actionsRef}>
          <button type="submit" name="intent" value="save-new" className="button field-mode__button">
            Spara och ny
          </button>
          <button type="submit" name="intent" value="save" className="button button--secondary field-mode__button">
            Spara
          </button>
        </div>
      </Form>
    </div>
  );
}

function ContactField({
  label,
  meta,
  type = "text",
  inputMode,
  autoComplete,
}: {
  label: string;
  meta: FieldView;
  type?: "text" | "tel" | "email";
  inputMode?: "tel" | "email";
  autoComplete?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input {...inputProps(meta, { type })} inputMode={inputMode} autoComplete={autoComplete} />
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** Art. 13 GDPR: told to the resident when the contact details are collected. */
function GdprNotice({ municipality, retentionDays }: { municipality: string; retentionDays: number }) {
  return (
    <div className="field-mode__gdpr">
      <h2>Så behandlar vi kontaktuppgifterna</h2>
      <p>
        <strong>Personuppgiftsansvarig:</strong> {municipality}, via kommunens kontaktcenter. <strong>Ändamål:</strong> att kunna ge invånaren svar på frågan
        och handlägga ärendet. Med en e-postadress får invånaren ett kvitto med ärendenumret och ett meddelande när ärendet är besvarat.{" "}
        <strong>Rättslig grund:</strong> uppgift av allmänt intresse och myndighetsutövning (art. 6.1 e dataskyddsförordningen). <strong>Lagring:</strong> namn,
        telefon och e-post raderas {retentionDays === 0 ? "så snart" : `${retentionDays} ${retentionDays === 1 ? "dag" : "dagar"} efter att`} ärendet har
        besvarats eller avslutats. Frågan och svaret sparas med ärendet enligt kommunens dokumenthanteringsplan. <strong>Dina rättigheter:</strong> du har rätt
        att få veta vilka uppgifter vi har, få dem rättade eller i vissa fall raderade eller begränsade, invända mot behandlingen och klaga hos
        Integritetsskyddsmyndigheten (IMY). <strong>Kontakt:</strong> kommunens kontaktcenter och kommunens dataskyddsombud.
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
