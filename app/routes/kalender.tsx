import { useKindNames } from "~/components/kind-names";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { format } from "date-fns";
import { sv } from "date-fns/locale";
import { StatusBadge } from "~/components/stops/status-badge";
import { cachedUntilChange, getDb } from "~/db.server";
import { isMonth, monthGrid, openingMonth, shiftMonth, staffingMarkerText } from "~/domain/calendar-view/month";
import { tourStopDates } from "~/domain/calendar-view/opening.server";
import { staffingMarkers } from "~/domain/staffing/board.server";
import { STOP_STATUS_LABELS } from "~/domain/stops/labels";
import { listStopsBetween } from "~/domain/stops/stops.server";
import { tourOptions } from "~/domain/tours/tours.server";
import { can } from "~/domain/users/roles";
import { requireUser } from "~/session.server";
import { chosenTourId } from "~/domain/tours/chosen-tour.server";
import { addDaysIso, formatIsoDate, startOfStockholmDay, stockholmDate, stockholmTime, todayInStockholm } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Kalender ${data?.monthLabel ?? ""} – Rullar ut` }];

const WEEKDAYS = [
  ["mån", "måndag"],
  ["tis", "tisdag"],
  ["ons", "onsdag"],
  ["tor", "torsdag"],
  ["fre", "fredag"],
  ["lör", "lördag"],
  ["sön", "söndag"],
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const url = new URL(request.url);
  const today = todayInStockholm();
  const monthParam = url.searchParams.get("manad");
  const tourParam = url.searchParams.get("turne");
  const tours = tourOptions(db);
  // "Alla turnéer" is an explicit empty choice; without the parameter the calendar shows the chosen tour.
  const tourId = tourParam === "" ? null : chosenTourId(db, user, url.searchParams);
  // Without a month in the address: where the chosen tour goes next (issue 13, point 6c).
  const month = isMonth(monthParam) ? monthParam : openingMonth(tourStopDates(db, tourId), today);
  const view = url.searchParams.get("vy") === "lista" ? "lista" : "manad";
  const weeks = monthGrid(month);
  const gridStart = weeks[0]!.days[0]!.date;
  const gridEnd = addDaysIso(weeks.at(-1)!.days[6]!.date, 1);
  // The month's stops and their staffing gaps and conflicts (read together, not per stop), kept until the data change.
  const { found, markers } = cachedUntilChange(db, `calendar:${gridStart}:${gridEnd}:${tourId ?? ""}`, () => {
    const found = listStopsBetween(db, { from: startOfStockholmDay(gridStart), to: startOfStockholmDay(gridEnd), tourId });
    return { found, markers: staffingMarkers(db, found) };
  });
  const stops = found.map((s) => ({
    id: s.id,
    title: s.title,
    kind: s.kind,
    status: s.status,
    areaName: s.areaName,
    startDate: stockholmDate(s.startsAt),
    endDate: stockholmDate(new Date(s.endsAt.getTime() - 1)),
    time: `${stockholmTime(s.startsAt)}–${stockholmTime(s.endsAt)}`,
    staffing: markers.has(s.id) ? staffingMarkerText(markers.get(s.id)!) : null,
    staffingConflict: (markers.get(s.id)?.conflicts ?? 0) > 0,
  }));
  const [y, m] = month.split("-").map(Number) as [number, number];
  return {
    month,
    monthLabel: format(new Date(y, m - 1, 1), "LLLL yyyy", { locale: sv }),
    prev: shiftMonth(month, -1),
    next: shiftMonth(month, 1),
    today,
    weeks,
    stops,
    tours,
    tourId,
    view,
    canCreate: can.planTour(user.role),
  };
}

type CalendarStop = Awaited<ReturnType<typeof loader>>["stops"][number];

function stopsOn(stops: CalendarStop[], date: string) {
  return stops.filter((s) => s.startDate <= date && s.endDate >= date);
}

/** "2027-05-15" → "lör 15 maj 2027", the app's one date format. */
const dayLabel = formatIsoDate;

export default function CalendarPage() {
  const data = useLoaderData<typeof loader>();
  const { month, monthLabel, prev, next, today, weeks, stops, tours, tourId, view, canCreate } = data;
  const submit = useSubmit();
  const link = (params: Record<string, string | null>) => {
    const p = new URLSearchParams();
    const merged = { manad: month, turne: tourId, vy: view === "lista" ? "lista" : null, ...params };
    for (const [k, v] of Object.entries(merged)) if (v) p.set(k, v);
    return `/kalender?${p}`;
  };
  const newStop = (date: string) => `/stopp/ny?datum=${date}${tourId ? `&turne=${tourId}` : ""}`;
  return (
    <div className="container">
      <div className="page-head">
        <h1>Kalender</h1>
        <nav className="button-row" aria-label="Vy">
          <Link to={link({ vy: null })} className="button button--secondary" aria-current={view === "manad" ? "page" : undefined}>
            Månad
          </Link>
          <Link to={link({ vy: "lista" })} className="button button--secondary" aria-current={view === "lista" ? "page" : undefined}>
            Lista
          </Link>
        </nav>
      </div>
      <div className="calendar-toolbar">
        <nav className="button-row" aria-label="Byt månad">
          <Link to={link({ manad: prev })} className="button button--secondary" aria-label="Föregående månad">
            ‹
          </Link>
          <h2 className="calendar-month">{monthLabel}</h2>
          <Link to={link({ manad: next })} className="button button--secondary" aria-label="Nästa månad">
            ›
          </Link>
          <Link to={link({ manad: today.slice(0, 7) })} className="button button--secondary">
            Idag
          </Link>
        </nav>
        <Form method="get" className="inline-form" onChange={(e) => submit(e.currentTarget)}>
          <input type="hidden" name="manad" value={month} />
          {view === "lista" ? <input type="hidden" name="vy" value="lista" /> : null}
          <label htmlFor="cal-turne">Turné</label>
          <select id="cal-turne" name="turne" defaultValue={tourId ?? ""}>
            <option value="">Alla turnéer</option>
            {tours.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          <noscript>
            <button type="submit" className="button button--secondary">
              Visa
            </button>
          </noscript>
        </Form>
      </div>

      {view === "manad" ? (
        <>
          <p className="calendar-mobile">
            <Link to={link({ vy: "lista" })}>Visa månaden som lista</Link>, som passar bättre på en liten skärm.
          </p>
          <div className="table-wrap calendar-wrap" tabIndex={0} role="region" aria-labelledby="calendar-caption">
            <table className="calendar">
              <caption id="calendar-caption" className="visually-hidden">
                {monthLabel}, veckor från måndag med veckonummer
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="calendar__week">
                    <abbr title="Vecka">v.</abbr>
                  </th>
                  {WEEKDAYS.map(([short, long]) => (
                    <th scope="col" key={short}>
                      <abbr title={long}>{short}</abbr>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {weeks.map((w) => (
                  <tr key={w.days[0]!.date}>
                    <th scope="row" className="calendar__week">
                      <span className="visually-hidden">Vecka </span>
                      {w.week}
                    </th>
                    {w.days.map((d) => {
                      const dayStops = stopsOn(stops, d.date);
                      const label = dayLabel(d.date);
                      return (
                        <td
                          key={d.date}
                          className={`calendar__day${d.inMonth ? "" : " calendar__day--outside"}${d.date === today ? " calendar__day--today" : ""}`}
                          aria-current={d.date === today ? "date" : undefined}
                        >
                          <div className="calendar__daynum">
                            <span aria-hidden="true">{Number(d.date.slice(8))}</span>
                            <span className="visually-hidden">{label}</span>
                            {canCreate ? (
                              <Link to={newStop(d.date)} className="calendar__add" aria-label={`Nytt stopp ${label}`}>
                                +
                              </Link>
                            ) : null}
                          </div>
                          {dayStops.length ? (
                            <ul className="calendar__stops">
                              {dayStops.map((s) => (
                                <li key={s.id} className={`calendar__stop calendar__stop--${s.status}`}>
                                  <Link to={`/stopp/${s.id}`}>
                                    <span className="calendar__time">{s.startDate === d.date ? s.time.slice(0, 5) : "forts."}</span> {s.title}
                                    <span className="visually-hidden"> ({STOP_STATUS_LABELS[s.status]})</span>
                                  </Link>
                                  {s.staffing ? <StaffingMarker text={s.staffing} conflict={s.staffingConflict} /> : null}
                                </li>
                              ))}
                            </ul>
                          ) : null}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <Agenda stops={stops} month={month} canCreate={canCreate} newStop={newStop} />
      )}
    </div>
  );
}

/** A small staffing marker with its text ("saknar 2", "konflikt"): visible, not colour only. */
function StaffingMarker({ text, conflict }: { text: string; conflict: boolean }) {
  return (
    <span className={`calendar-staffing${conflict ? " calendar-staffing--conflict" : ""}`}>
      <span className="visually-hidden">Bemanning: </span>
      {conflict ? <span aria-hidden="true">⚠ </span> : null}
      {text}
    </span>
  );
}

function Agenda({ stops, month, canCreate, newStop }: { stops: CalendarStop[]; month: string; canCreate: boolean; newStop: (date: string) => string }) {
  const kinds = useKindNames();
  const inMonth = stops.filter((s) => s.startDate.startsWith(month) || (s.startDate < month && s.endDate >= `${month}-01`));
  const dates = Array.from(new Set(inMonth.map((s) => (s.startDate < `${month}-01` ? `${month}-01` : s.startDate)))).sort();
  if (!dates.length) {
    return <p>Inga stopp den här månaden.{canCreate ? " Välj en dag i månadsvyn för att lägga till ett stopp." : ""}</p>;
  }
  return (
    <div className="agenda">
      {dates.map((date) => (
        <section key={date} aria-labelledby={`dag-${date}`}>
          <h3 id={`dag-${date}`}>
            {dayLabel(date)}
            {canCreate ? (
              <>
                {" "}
                <Link to={newStop(date)} className="agenda__add">
                  Nytt stopp
                </Link>
              </>
            ) : null}
          </h3>
          <ul>
            {inMonth
              .filter((s) => (s.startDate < `${month}-01` ? `${month}-01` : s.startDate) === date)
              .map((s) => (
                <li key={s.id}>
                  <span className="agenda__time">{s.time}</span> <Link to={`/stopp/${s.id}`}>{s.title}</Link>
                  {s.areaName ? ` · ${s.areaName}` : ""} · {kinds.stop[s.kind]} <StatusBadge status={s.status} />
                  {s.staffing ? (
                    <>
                      {" "}
                      <StaffingMarker text={s.staffing} conflict={s.staffingConflict} />
                    </>
                  ) : null}
                </li>
              ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
