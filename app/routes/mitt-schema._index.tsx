import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pager, pageParam } from "~/components/pager";
import { getDb } from "~/db.server";
import { formatPlace } from "~/domain/schedule/format";
import { listAbsences } from "~/domain/staffing/absences.server";
import { ABSENCE_KIND_LABELS, ASSIGNMENT_STATUS_LABELS } from "~/domain/staffing/labels";
import { getMySchedule, osmLink, type MyBooking } from "~/domain/staffing/my-schedule.server";
import type { StaffConflict } from "~/domain/staffing/rules";
import { STOP_STATUS_LABELS } from "~/domain/stops/labels";
import { requireUser } from "~/session.server";
import { formatIsoDate, formatPeriod } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Mitt schema – Rullar ut" }];

type BookingView = {
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

function view(b: MyBooking): BookingView {
  return {
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
  const schedule = getMySchedule(db, user.id, {
    page: pageParam(new URL(request.url)),
  });
  const conflicts = schedule.conflicts.map((c) => ({
    stopId: c.stopId,
    text: conflictText(c),
  }));
  return {
    upcoming: schedule.upcoming.map(view),
    upcomingTotal: schedule.upcomingTotal,
    page: schedule.page,
    pageCount: schedule.pageCount,
    past: schedule.past.map(view),
    conflicts,
    conflictTitles: schedule.conflictTitles,
    absences: listAbsences(db, user.id).map((a) => ({
      id: a.id,
      kind: ABSENCE_KIND_LABELS[a.kind],
      period: a.startsOn === a.endsOn ? formatIsoDate(a.startsOn) : `${formatIsoDate(a.startsOn)} – ${formatIsoDate(a.endsOn)}`,
    })),
  };
}

function BookingCard({ b, headingLevel, conflicts }: { b: BookingView; headingLevel: 2 | 3; conflicts: string[] }) {
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
    </li>
  );
}

export default function MySchedulePage() {
  const { upcoming, upcomingTotal, page, pageCount, past, conflicts, conflictTitles, absences } = useLoaderData<typeof loader>();
  const byStop = new Map<string, string[]>();
  for (const c of conflicts) byStop.set(c.stopId, [...(byStop.get(c.stopId) ?? []), c.text]);
  return (
    <div className="container my-schedule">
      <h1>Mitt schema</h1>
      <p className="lead">De stopp du är bokad på, från och med i dag.</p>

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
              <BookingCard key={b.assignmentId} b={b} headingLevel={3} conflicts={byStop.get(b.stopId) ?? []} />
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
