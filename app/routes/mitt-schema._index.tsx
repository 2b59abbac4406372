import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pager, pageParam } from "~/components/pager";
import { getDb } from "~/db.server";
import { formatPlace } from "~/domain/schedule/format";
import { listAbsences } from "~/domain/staffing/absences.server";
import { ABSENCE_KIND_LABELS, ASSIGNMENT_STATUS_LABELS } from "~/domain/staffing/labels";
import { getMySchedule, osmLink, type MyBooking } from "~/domain/staffing/my-schedule.server";
import { mayWithdraw, type StaffConflict } from "~/domain/staffing/rules";
import { staffingSettings, withdraw } from "~/domain/staffing/staffing.server";
import { appOrigin } from "~/domain/calendar/ics.server";
import { Conflict } from "~/domain/errors";
import { toHttpResponse } from "~/utils/http.server";
import { STOP_STATUS_LABELS } from "~/domain/stops/labels";
import { requireUser } from "~/session.server";
import { formatIsoDate, formatPeriod } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Mitt schema – Rullar ut" }];

type BookingView = {
  /** The person may still withdraw (before the cutoff, stop not held or cancelled). */
  canWithdraw: boolean;
  assignmentId: string;
  stopId: string;
  title: string;
  when: string;
  place: string;
  role: string;
  status: "requested" | "confirmed";
  stopStatus: MyBooking["stopStatus"];
  mapHref: string;
  osmHref: string;
};

function view(b: MyBooking, canWithdraw = false): BookingView {
  return {
    canWithdraw,
    assignmentId: b.assignmentId,
    stopId: b.stopId,
    title: b.title,
    when: formatPeriod(b.startsAt, b.endsAt),
    place: formatPlace(b),
    role: b.roleLabel,
    status: b.status,
    stopStatus: b.stopStatus,
    mapHref: `/karta?${new URLSearchParams({
      turne: b.tourId,
      stopp: b.stopId,
    })}`,
    osmHref: osmLink(b.lat, b.lng),
  };
}

/** The person's own conflicts, in their words. */
function conflictText(c: StaffConflict): string {
  switch (c.kind) {
    case "double_booking":
      return c.gapMinutes < 0
        ? `Krockar med ”${c.otherTitle}”, som pågår samtidigt.`
        : `Bara ${c.gapMinutes} minuter från ”${c.otherTitle}”: för kort tid att ta sig emellan.`;
    case "absence":
      return `Du har anmält frånvaro ${formatIsoDate(c.startsOn)}${
        c.endsOn !== c.startsOn ? ` – ${formatIsoDate(c.endsOn)}` : ""
      }.`;
    case "over_staffed":
      return "Stoppet är överbemannat.";
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const now = new Date();
  const schedule = getMySchedule(db, user.id, {
    page: pageParam(new URL(request.url)),
    now,
  });
  const { staffingCutoffHours: cutoffHours } = staffingSettings(db);
  const conflicts = schedule.conflicts.map((c) => ({
    stopId: c.stopId,
    text: conflictText(c),
  }));
  return {
    upcoming: schedule.upcoming.map((b) => view(b, mayWithdraw(now, { ...b, status: b.stopStatus }, cutoffHours) && b.stopStatus !== "cancelled")),
    cutoffHours,
    upcomingTotal: schedule.upcomingTotal,
    page: schedule.page,
    pageCount: schedule.pageCount,
    past: schedule.past.map((b) => view(b)),
    conflicts,
    conflictTitles: schedule.conflictTitles,
    absences: listAbsences(db, user.id).map((a) => ({
      id: a.id,
      kind: ABSENCE_KIND_LABELS[a.kind],
      period: a.startsOn === a.endsOn ? formatIsoDate(a.startsOn) : `${formatIsoDate(a.startsOn)} – ${formatIsoDate(a.endsOn)}`,
    })),
  };
}

/** "Avanmäl mig" from a booking card: the same rules as on the stop page (ADR 015). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const stopId = String(form.get("stopId") ?? "");
  const page = String(form.get("sida") ?? "");
  if (form.get("intent") !== "withdraw" || !stopId) return data({ stopId, error: "Okänd åtgärd. Ladda om sidan och försök igen." }, { status: 400 });
  try {
    withdraw(getDb(), user, stopId, new Date(), { origin: appOrigin(request) });
  } catch (error) {
    if (error instanceof Conflict) return data({ stopId, error: error.message }, { status: 409 });
    throw toHttpResponse(error);
  }
  const params = new URLSearchParams({ avanmald: stopId });
  if (/^\d+$/.test(page) && page !== "1") params.set("sida", page);
  throw redirect(`/mitt-schema?${params}`);
}

function WithdrawForm({ b, error }: { b: BookingView; error: string | null }) {
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const busy = navigation.state === "submitting" && navigation.formData?.get("stopId") === b.stopId;
  const errorId = `avanmal-fel-${b.assignmentId}`;
  return (
    <Form method="post" className="my-schedule__withdraw" aria-describedby={error ? errorId : undefined}>
      <input type="hidden" name="intent" value="withdraw" />
      <input type="hidden" name="stopId" value={b.stopId} />
      <input type="hidden" name="sida" value={searchParams.get("sida") ?? ""} />
      <button type="submit" className="button button--secondary" disabled={busy}>
        {busy ? "Avanmäler …" : "Avanmäl mig"}
        <span className="visually-hidden">: {b.title}</span>
      </button>
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </Form>
  );
}

function BookingCard({ b, headingLevel, conflicts, withdrawError = null }: { b: BookingView; headingLevel: 2 | 3; conflicts: string[]; withdrawError?: string | null }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <li className="card my-schedule__card">
      <H className="my-schedule__title">
        <Link to={`/stopp/${b.stopId}`}>{b.title}</Link>
      </H>
      <dl className="my-schedule__facts">
        <dt>När</dt>
        <dd>{b.when}</dd>
        <dt>Plats</dt>
        <dd>{b.place || "–"}</dd>
        <dt>Roll</dt>
        <dd>{b.role}</dd>
        <dt>Bokning</dt>
        <dd>
          <span className={`my-schedule__status my-schedule__status--${b.status}`}>{ASSIGNMENT_STATUS_LABELS[b.status]}</span>
        </dd>
        {b.stopStatus !== "confirmed" && b.stopStatus !== "held" ? (
          <>
            <dt>Stoppet</dt>
            <dd>
              {b.stopStatus === "cancelled" ? (
                <strong>{STOP_STATUS_LABELS[b.stopStatus]}</strong>
              ) : (
                STOP_STATUS_LABELS[b.stopStatus]
              )}
            </dd>
          </>
        ) : null}
      </dl>
      {conflicts.length ? (
        <div className="warning my-schedule__conflict">
          {conflicts.map((text) => (
            <p key={text}>
              <span aria-hidden="true">⚠ </span>
              <strong>Krock: </strong>
              {text}
            </p>
          ))}
        </div>
      ) : null}
      <p className="my-schedule__links">
        <Link to={b.mapHref}>
          Visa på kartan<span className="visually-hidden">: {b.title}</span>
        </Link>
        <a href={b.osmHref} rel="noopener noreferrer" target="_blank">
          Öppna i kartapp
          <span className="visually-hidden">: {b.title} (öppnas i nytt fönster)</span>
        </a>
      </p>
      {b.canWithdraw ? <WithdrawForm b={b} error={withdrawError} /> : null}
    </li>
  );
}

export default function MySchedulePage() {
  const { upcoming, upcomingTotal, page, pageCount, past, conflicts, conflictTitles, absences, cutoffHours } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const withdrawn = searchParams.get("avanmald");
  const byStop = new Map<string, string[]>();
  for (const c of conflicts) byStop.set(c.stopId, [...(byStop.get(c.stopId) ?? []), c.text]);
  return (
    <div className="container my-schedule">
      <h1>Mitt schema</h1>
      <p className="lead">
        De stopp du är bokad på, från och med i dag. Du kan avanmäla dig fram till {cutoffHours} timmar före start; därefter
        kontaktar du turnéledaren.
      </p>
      <div role="status">
        {withdrawn ? <p className="notice">Du är avanmäld. Turnéledaren har fått ett meddelande.</p> : null}
      </div>

      {conflicts.length ? (
        <section className="warning" aria-labelledby="mina-krockar">
          <h2 id="mina-krockar" className="my-schedule__warning-heading">
            {conflicts.length === 1 ? "1 krock i ditt schema" : `${conflicts.length} krockar i ditt schema`}
          </h2>
          <ul>
            {conflicts.map((c, i) => (
              <li key={i}>
                <Link to={`/stopp/${c.stopId}`}>{conflictTitles[c.stopId] ?? "Stoppet"}</Link>: {c.text}
              </li>
            ))}
          </ul>
          <p>Kontakta turnéledaren, som bestämmer vem som tar passet.</p>
        </section>
      ) : null}

      <section aria-labelledby="kommande">
        <h2 id="kommande">Kommande stopp ({upcomingTotal})</h2>
        {upcoming.length ? (
          <ol className="my-schedule__list">
            {upcoming.map((b) => (
              <BookingCard
                key={b.assignmentId}
                b={b}
                headingLevel={3}
                conflicts={byStop.get(b.stopId) ?? []}
                withdrawError={actionData?.stopId === b.stopId ? actionData.error : null}
              />
            ))}
          </ol>
        ) : (
          <p>
            Du är inte bokad på något kommande stopp. Under <Link to="/bemanning">Bemanning</Link> ser du stopp som behöver folk.
          </p>
        )}
        <Pager page={page} pageCount={pageCount} label="Sidor med kommande stopp" />
      </section>

      {past.length ? (
        <section aria-labelledby="tidigare">
          <h2 id="tidigare">Tidigare stopp under turnén</h2>
          <details className="my-schedule__past">
            <summary>Visa de {past.length} senaste</summary>
            <ol className="my-schedule__list">
              {past.map((b) => (
                <BookingCard key={b.assignmentId} b={b} headingLevel={3} conflicts={[]} />
              ))}
            </ol>
          </details>
        </section>
      ) : null}

      <div className="my-schedule__aside">
        <section className="card stack" aria-labelledby="franvaro">
          <h2 id="franvaro">Frånvaro</h2>
          {absences.length ? (
            <ul>
              {absences.map((a) => (
                <li key={a.id}>
                  {a.kind}: {a.period}
                </li>
              ))}
            </ul>
          ) : (
            <p>Du har ingen kommande frånvaro anmäld.</p>
          )}
          <p>
            <Link to="/mitt-schema/franvaro">Anmäl eller ta bort frånvaro</Link>
          </p>
        </section>
        <section className="card stack" aria-labelledby="prenumerera">
          <h2 id="prenumerera">Prenumerera</h2>
          <p>
            Få ditt schema i din egen kalender (Outlook, Google, mobilen): skapa en personlig adress under{" "}
            <Link to="/kalenderflode">Kalenderflöde</Link> och välj ”Mitt schema”.
          </p>
        </section>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
