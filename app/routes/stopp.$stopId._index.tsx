import { useKindNames } from "~/components/kind-names";
import { getFormProps } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { STOP_STATUSES } from "#db/enums";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, TextField, TextareaField, SubmitButton } from "~/components/forms";
import { StopStaffing } from "~/components/staffing/stop-staffing";
import { StopHistory } from "~/components/stops/history";
import { StatusBadge } from "~/components/stops/status-badge";
import { getDb } from "~/db.server";
import { appOrigin } from "~/domain/calendar/ics.server";
import { entityHistory } from "~/domain/audit/audit.server";
import { stopStaffingView } from "~/domain/staffing/stop-view.server";
import { assignStaff, confirmAssignment, signUp, unassignStaff, withdraw } from "~/domain/staffing/staffing.server";
import { STOP_STATUS_LABELS } from "~/domain/stops/labels";
import { mayMarkHeld } from "~/domain/stops/rules";
import { markHeldSchema } from "~/domain/stops/schemas";
import { duplicateStop, findOverlaps, getStop, markHeld, setStopStatus } from "~/domain/stops/stops.server";
import { can } from "~/domain/users/roles";
import { requirePlannerUser, requireUser } from "~/session.server";
import { formatDayTime, formatPeriod } from "~/utils/dates";
import { replyWithDomainError } from "~/utils/forms.server";
import { handleDomain } from "~/utils/http.server";
import { ResultMessage } from "~/components/result-message";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.stop.title ?? "Stopp"} – Rullar ut` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const stop = await handleDomain(() => getStop(db, params.stopId!));
  const canEdit = can.planTour(user.role);
  const url = new URL(request.url);
  return {
    stop: { ...stop, period: formatPeriod(stop.startsAt, stop.endsAt), begins: formatDayTime(stop.startsAt) },
    // The outcome form only once the stop has begun (the verb asks the same rule).
    canMarkHeld: stop.status === "held" || mayMarkHeld(stop, new Date()),
    // "Avanmäl mig" asks first (?avanmal=1); "Nej" comes back with ?behall=1 to the button.
    askWithdraw: url.searchParams.get("avanmal") === "1",
    keepBooking: url.searchParams.get("behall") === "1",
    overlaps:
      stop.status === "cancelled"
        ? []
        : findOverlaps(db, { startsAt: stop.startsAt, endsAt: stop.endsAt, excludeId: stop.id }).map((o) => ({
            id: o.id,
            title: o.title,
            period: formatPeriod(o.startsAt, o.endsAt),
          })),
    history: entityHistory(db, "stop", stop.id),
    canEdit,
    ...stopStaffingView(db, user, stop.id, canEdit && stop.status !== "cancelled"),
  };
}

/** What every logged-in person may do on a stop; all other intents are the tour leader's. */
const OWN_INTENTS = new Set(["signup", "withdraw"]);

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("duplicate") }),
  z.object({ intent: z.literal("status"), status: z.enum(STOP_STATUSES, { errorMap: () => ({ message: "Välj status" }) }) }),
  markHeldSchema.extend({ intent: z.literal("held") }),
  z.object({
    intent: z.literal("assign"),
    role: z.string({ required_error: "Välj en roll" }),
    userId: z.string({ required_error: "Välj en person" }),
  }),
  z.object({ intent: z.literal("confirm"), assignmentId: z.string({ required_error: "Bokningen saknas" }) }),
  z.object({ intent: z.literal("unassign"), assignmentId: z.string({ required_error: "Bokningen saknas" }) }),
  z.object({ intent: z.literal("signup") }),
  z.object({ intent: z.literal("withdraw") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const actor = OWN_INTENTS.has(String(formData.get("intent"))) ? user : await requirePlannerUser(request);
  // Without JavaScript "Boka personal" is one select of person and role: "userId|f:consumer".
  const choice = formData.get("choice");
  if (typeof choice === "string" && choice.includes("|")) {
    const [userId, role] = choice.split("|");
    formData.set("userId", userId!);
    formData.set("role", role!);
  }
  formData.delete("choice");
  const db = getDb();
  const stopId = params.stopId!;
  const submission = parseWithZod(formData, { schema: actionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const value = submission.value;
  const origin = appOrigin(request);
  let notice = "sparat=1";
  try {
    switch (value.intent) {
      case "duplicate": {
        const copyId = duplicateStop(db, actor, stopId);
        throw redirect(`/stopp/${copyId}?kopia=1`);
      }
      case "held":
        markHeld(db, actor, stopId, value);
        break;
      case "status":
        setStopStatus(db, actor, stopId, value.status, { origin });
        break;
      case "assign": {
        const { conflicts, overStaffed } = assignStaff(db, actor, { stopId, userId: value.userId, role: value.role }, { origin });
        notice = `bokad=1${conflicts.length ? `&krockar=${conflicts.length}` : ""}${overStaffed.length ? "&overbemannat=1" : ""}`;
        break;
      }
      case "confirm":
        confirmAssignment(db, actor, stopId, value.assignmentId, { origin });
        notice = "bekraftad=1";
        break;
      case "unassign":
        unassignStaff(db, actor, stopId, value.assignmentId, { origin });
        notice = "borttagen=1";
        break;
      case "signup":
        signUp(db, actor, stopId);
        notice = "anmald=1";
        break;
      case "withdraw":
        withdraw(db, actor, stopId, new Date(), { origin });
        notice = "avanmald=1";
        break;
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return replyWithDomainError(submission, error);
  }
  // No #fragment: the staffing result message takes focus itself (a fragment would stop the browser's autofocus).
  throw redirect(`/stopp/${stopId}?${notice}`);
}

const NOTICES: [param: string, text: string][] = [
  ["skapat", "Stoppet har sparats."],
  ["kopia", "Det här är en kopia. Ändra datum och annat som skiljer."],
  ["behov", "Behoven har sparats."],
  ["sparat", "Ändringarna har sparats."],
];

/** The results of staffing actions: shown in the Bemanning section, where the person acted, and focused there (issue 13, point 5d). */
const STAFFING_NOTICES: [param: string, text: string][] = [
  ["bokad", "Personen är bokad och får ett e-postmeddelande."],
  ["bekraftad", "Anmälan är bekräftad."],
  ["borttagen", "Personen är borttagen från stoppet och får ett e-postmeddelande."],
  ["anmald", "Du är anmäld. Turnéledaren bekräftar anmälan."],
  ["avanmald", "Du är avanmäld från stoppet. Turnéledaren har fått ett meddelande."],
];

/** "Personen är bokad …", with what the booking brought: clashes (krockar) and over-staffing, named apart. */
function staffingNoticeText(params: URLSearchParams): string | null {
  const found = STAFFING_NOTICES.find(([param]) => params.has(param));
  if (!found) return null;
  if (found[0] !== "bokad") return found[1];
  const clashes = Number(params.get("krockar") ?? 0);
  return [
    found[1],
    clashes ? `Obs: bokningen krockar (${clashes}), se nedan.` : null,
    params.has("overbemannat") ? "Stoppet är nu överbemannat i den rollen: fler bokade än behovet." : null,
  ]
    .filter(Boolean)
    .join(" ");
}

export default function StopPage() {
  const { stop, overlaps, history, historyNames, canEdit, staffing, personal, assign, askWithdraw, keepBooking, canMarkHeld } = useLoaderData<typeof loader>();
  const location = useLocation();
  const kinds = useKindNames();
  const actionData = useActionData<typeof action>();
  const lastIntent = String(actionData?.result.initialValue?.intent ?? "");
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [heldForm, heldFields] = useSchemaForm(actionSchema, {
    id: `held-${stop.id}`,
    lastResult: lastIntent === "held" ? actionData?.result : undefined,
    defaultValue: { actualVisitors: stop.actualVisitors ?? "", summary: stop.summary ?? "" },
  });
  const notice = NOTICES.find(([param]) => searchParams.has(param))?.[1] ?? null;
  const staffingNotice = staffingNoticeText(searchParams);
  const busy = navigation.state === "submitting";
  return (
    <div className="container narrow">
      <p className="breadcrumb">
        <Link to={`/turneer/${stop.tourId}`}>{stop.tourName}</Link>
      </p>
      <div className="page-head">
        <h1>{stop.title}</h1>
        <StatusBadge status={stop.status} />
      </div>
      {/* One status region at a time: a staffing result is shown (and focused) in the Bemanning section instead. */}
      {!staffingNotice && notice ? <ResultMessage className="notice">{notice}</ResultMessage> : null}
      {overlaps.length ? (
        <div className="warning" role="note">
          <p>
            <strong>Krockar i tid</strong> med {overlaps.length === 1 ? "ett annat stopp" : `${overlaps.length} andra stopp`}:
          </p>
          <ul>
            {overlaps.map((o) => (
              <li key={o.id}>
                <Link to={`/stopp/${o.id}`}>{o.title}</Link> ({o.period})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className="facts card">
        <dt>Tid</dt>
        <dd>{stop.period}</dd>
        <dt>Typ</dt>
        <dd>{kinds.stop[stop.kind]}</dd>
        <dt>Status</dt>
        <dd>{STOP_STATUS_LABELS[stop.status]}</dd>
        <dt>Plats</dt>
        <dd>
          {[stop.venueName, stop.venueAddress].filter(Boolean).join(", ") || "–"}
          {stop.areaName ? (
            <>
              {" "}
              · <Link to={`/omraden/${stop.areaId}`}>{stop.areaName}</Link>
            </>
          ) : null}
          <br />
          <Link to={`/karta?turne=${stop.tourId}&stopp=${stop.id}`}>Visa på kartan</Link>
        </dd>
        {stop.organizationName ? (
          <>
            <dt>Organisation</dt>
            <dd>
              <Link to={`/organisationer/${stop.organizationId}`}>{stop.organizationName}</Link>
            </dd>
          </>
        ) : null}
        <dt>Förväntat antal besökare</dt>
        <dd>{stop.expectedVisitors ?? "–"}</dd>
        {stop.status === "held" ? (
          <>
            <dt>Antal besökare</dt>
            <dd>{stop.actualVisitors ?? "–"}</dd>
            <dt>Sammanfattning</dt>
            <dd className="pre-line">{stop.summary || "–"}</dd>
          </>
        ) : null}
        <dt>Beskrivning för allmänheten</dt>
        <dd className="pre-line">{stop.publicDescription || "–"}</dd>
        <dt>Interna anteckningar</dt>
        <dd className="pre-line">{stop.internalNotes || "–"}</dd>
      </dl>

      <StopStaffing
        staffing={staffing}
        personal={personal}
        assign={assign}
        canManage={canEdit}
        lastResult={actionData?.result}
        lastIntent={lastIntent}
        notice={staffingNotice ? { text: staffingNotice, key: location.key } : null}
        askWithdraw={askWithdraw}
        keepBooking={keepBooking}
      />

      {canEdit ? (
        <section aria-labelledby="actions-heading" className="stack">
          <h2 id="actions-heading">Åtgärder</h2>
          <div className="button-row">
            <Link to={`/stopp/${stop.id}/andra`} className="button">
              Ändra
            </Link>
            <Form method="post">
              <SubmitButton name="intent" value="duplicate" className="button button--secondary" busy={busy}>
                Duplicera
              </SubmitButton>
            </Form>
            {stop.status !== "cancelled" && stop.status !== "held" ? (
              <Form method="post">
                <input type="hidden" name="status" value="cancelled" />
                <SubmitButton name="intent" value="status" className="button button--secondary" busy={busy}>
                  Ställ in
                </SubmitButton>
              </Form>
            ) : null}
            {stop.status === "proposed" || stop.status === "planned" ? (
              <Form method="post">
                <input type="hidden" name="status" value="confirmed" />
                <SubmitButton name="intent" value="status" className="button button--secondary" busy={busy}>
                  Bekräfta
                </SubmitButton>
              </Form>
            ) : null}
          </div>
          {stop.status !== "cancelled" && !canMarkHeld ? (
            <>
              {/* A post that did not come from this page (the form is not offered yet) still gets its answer. */}
              {lastIntent === "held" && heldForm.errors?.length ? (
                <p role="alert" className="form-error">
                  {heldForm.errors.join(" ")}
                </p>
              ) : null}
              <p className="hint">Stoppet kan markeras som genomfört när det har börjat, {stop.begins}.</p>
            </>
          ) : null}
          {stop.status !== "cancelled" && canMarkHeld ? (
            <Form method="post" {...getFormProps(heldForm)} noValidate className="card stack">
              <h3>{stop.status === "held" ? "Uppdatera utfallet" : "Markera som genomfört"}</h3>
              <FormError form={heldForm} />
              <TextField label="Antal besökare" meta={heldFields.actualVisitors} inputMode="numeric" required />
              <TextareaField label="Kort sammanfattning" meta={heldFields.summary} rows={3} />
              <SubmitButton name="intent" value="held" className="button" busy={busy}>
                {stop.status === "held" ? "Spara utfallet" : "Markera som genomfört"}
              </SubmitButton>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Historik</h2>
        <StopHistory entries={history} roles={historyNames.roles} people={historyNames.people} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
