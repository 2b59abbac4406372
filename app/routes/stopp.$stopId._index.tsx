import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { STOP_STATUSES } from "#db/enums";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, TextField, TextareaField } from "~/components/forms";
import { StopHistory } from "~/components/stops/history";
import { StatusBadge } from "~/components/stops/status-badge";
import { getDb } from "~/db.server";
import { appOrigin } from "~/domain/calendar/ics.server";
import { entityHistory } from "~/domain/audit/audit.server";
import { STOP_KIND_LABELS, STOP_STATUS_LABELS } from "~/domain/stops/labels";
import { markHeldSchema } from "~/domain/stops/schemas";
import { duplicateStop, findOverlaps, getStop, markHeld, setStopStatus } from "~/domain/stops/stops.server";
import { listReferenceData } from "~/domain/users/users.server";
import { can } from "~/domain/users/roles";
import { requireRole, requireUser } from "~/session.server";
import { formatPeriod } from "~/utils/dates";
import { replyWithDomainError } from "~/utils/forms.server";
import { handleDomain } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.stop.title ?? "Stopp"} – Rullar ut` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const stop = await handleDomain(() => getStop(db, params.stopId!));
  const functionNames = new Map(listReferenceData(db).advisorFunctions.map((f) => [f.code, f.name]));
  return {
    stop: {
      ...stop,
      period: formatPeriod(stop.startsAt, stop.endsAt),
      advisorNames: stop.advisorFunctions.map((c) => functionNames.get(c) ?? c),
    },
    overlaps:
      stop.status === "cancelled"
        ? []
        : findOverlaps(db, { startsAt: stop.startsAt, endsAt: stop.endsAt, excludeId: stop.id }).map((o) => ({
            id: o.id,
            title: o.title,
            period: formatPeriod(o.startsAt, o.endsAt),
          })),
    history: entityHistory(db, "stop", stop.id),
    canEdit: can.planTour(user.role),
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("duplicate") }),
  z.object({ intent: z.literal("status"), status: z.enum(STOP_STATUSES, { errorMap: () => ({ message: "Välj status" }) }) }),
  markHeldSchema.extend({ intent: z.literal("held") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["admin", "tour_leader"]);
  const db = getDb();
  const stopId = params.stopId!;
  const submission = parseWithZod(await request.formData(), { schema: actionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const value = submission.value;
  try {
    if (value.intent === "duplicate") {
      const copyId = duplicateStop(db, actor, stopId);
      throw redirect(`/stopp/${copyId}?kopia=1`);
    }
    if (value.intent === "held") markHeld(db, actor, stopId, value);
    else setStopStatus(db, actor, stopId, value.status, { origin: appOrigin(request) });
  } catch (error) {
    if (error instanceof Response) throw error;
    return replyWithDomainError(submission, error);
  }
  throw redirect(`/stopp/${stopId}?sparat=1`);
}

export default function StopPage() {
  const { stop, overlaps, history, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [heldForm, heldFields] = useForm({
    id: `held-${stop.id}`,
    lastResult: actionData?.result,
    defaultValue: { actualVisitors: stop.actualVisitors ?? "", summary: stop.summary ?? "" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: actionSchema }),
  });
  const notice = searchParams.has("skapat")
    ? "Stoppet har sparats."
    : searchParams.has("kopia")
      ? "Det här är en kopia. Ändra datum och annat som skiljer."
      : searchParams.has("sparat")
        ? "Ändringarna har sparats."
        : null;
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
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>
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
        <dd>{STOP_KIND_LABELS[stop.kind]}</dd>
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
        <dt>Rådgivare på plats</dt>
        <dd>{stop.advisorNames.length ? stop.advisorNames.join(", ") : "–"}</dd>
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

      {canEdit ? (
        <section aria-labelledby="actions-heading" className="stack">
          <h2 id="actions-heading">Åtgärder</h2>
          <div className="button-row">
            <Link to={`/stopp/${stop.id}/andra`} className="button">
              Ändra
            </Link>
            <Form method="post">
              <button type="submit" name="intent" value="duplicate" className="button button--secondary" disabled={busy}>
                Duplicera
              </button>
            </Form>
            {stop.status !== "cancelled" && stop.status !== "held" ? (
              <Form method="post">
                <input type="hidden" name="status" value="cancelled" />
                <button type="submit" name="intent" value="status" className="button button--secondary" disabled={busy}>
                  Ställ in
                </button>
              </Form>
            ) : null}
            {stop.status === "proposed" || stop.status === "planned" ? (
              <Form method="post">
                <input type="hidden" name="status" value="confirmed" />
                <button type="submit" name="intent" value="status" className="button button--secondary" disabled={busy}>
                  Bekräfta
                </button>
              </Form>
            ) : null}
          </div>
          {stop.status !== "cancelled" ? (
            <Form method="post" {...getFormProps(heldForm)} noValidate className="card stack">
              <h3>{stop.status === "held" ? "Uppdatera utfallet" : "Markera som genomfört"}</h3>
              <FormError form={heldForm} />
              <TextField label="Antal besökare" meta={heldFields.actualVisitors} inputMode="numeric" required />
              <TextareaField label="Kort sammanfattning" meta={heldFields.summary} rows={3} />
              <button type="submit" name="intent" value="held" className="button" disabled={busy}>
                {stop.status === "held" ? "Spara utfallet" : "Markera som genomfört"}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Historik</h2>
        <StopHistory entries={history} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
