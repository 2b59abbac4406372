import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getDb } from "~/db.server";
import { boardTours } from "~/domain/staffing/board.server";
import { formatMinutes, hoursByTour } from "~/domain/staffing/hours.server";
import { requireRole } from "~/session.server";
import { chosenTourId } from "~/domain/tours/chosen-tour.server";
import { TourPicker } from "~/components/tours/tour-picker";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Timmar${data?.tour ? `, ${data.tour.name}` : ""} – Rullar ut` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["admin", "tour_leader"]);
  const db = getDb();
  const tours = boardTours(db);
  const param = new URL(request.url).searchParams.get("turne");
  let tour = param ? tours.find((t) => t.id === param) : undefined;
  const tourError = param && !tour ? "Turnén finns inte." : null;
  const current = chosenTourId(db, actor, new URL(request.url).searchParams);
  tour ??= tours.find((t) => t.id === current) ?? tours[0];
  const hours = tour ? hoursByTour(db, tour.id) : null;
  return {
    tours: tours.map((t) => ({ id: t.id, name: t.name })),
    tour: tour ? { id: tour.id, name: tour.name } : null,
    tourError,
    people: hours?.people.map((p) => ({ ...p, worked: formatMinutes(p.workedMinutes), planned: formatMinutes(p.plannedMinutes) })) ?? [],
    roles:
      hours?.roles.map((r) => ({
        ...r,
        label: r.label.charAt(0).toUpperCase() + r.label.slice(1),
        worked: formatMinutes(r.workedMinutes),
        planned: formatMinutes(r.plannedMinutes),
      })) ?? [],
    totals: hours
      ? {
          worked: formatMinutes(hours.totals.workedMinutes),
          planned: formatMinutes(hours.totals.plannedMinutes),
          hourlyWorked: formatMinutes(hours.totals.hourlyWorkedMinutes),
          hourlyPlanned: formatMinutes(hours.totals.hourlyPlannedMinutes),
        }
      : null,
  };
}

export default function HoursPage() {
  const { tours, tour, tourError, people, roles, totals } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <p className="breadcrumb">
        <Link to={tour ? `/bemanning?turne=${tour.id}` : "/bemanning"}>Bemanning</Link>
      </p>
      <h1>Timmar per person och roll</h1>
      <p className="lead">
        Summan av stoppens längd (start till slut) för dem som är bokade. Genomförda stopp räknas som arbetade, övriga som planerade. Inställda stopp räknas
        inte.
      </p>
      <TourPicker id="hours-tour" tours={tours} value={tour?.id} error={tourError && tour ? `${tourError} Visar ${tour.name}.` : undefined} />

      {!tour || !totals ? (
        <p>Det finns inga turnéer än.</p>
      ) : (
        <>
          <h2 id="hours-people-heading">Per person</h2>
          {people.length ? (
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="hours-people-caption">
              <table className="table hours-table">
                <caption id="hours-people-caption">Timmar per person, {tour.name}</caption>
                <thead>
                  <tr>
                    <th scope="col">Person</th>
                    <th scope="col">Anställning</th>
                    <th scope="col" className="num">
                      Stopp
                    </th>
                    <th scope="col" className="num">
                      Arbetat
                    </th>
                    <th scope="col" className="num">
                      Planerat
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {people.map((p) => (
                    <tr key={p.userId}>
                      <th scope="row">{p.name}</th>
                      <td>{p.hourly ? <span className="badge hours-table__hourly">Timanställd</span> : "Ordinarie"}</td>
                      <td className="num">{p.stops}</td>
                      <td className="num">{p.worked}</td>
                      <td className="num">{p.planned}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={3}>
                      Alla
                    </th>
                    <td className="num">{totals.worked}</td>
                    <td className="num">{totals.planned}</td>
                  </tr>
                  <tr>
                    <th scope="row" colSpan={3}>
                      Varav timanställda
                    </th>
                    <td className="num">{totals.hourlyWorked}</td>
                    <td className="num">{totals.hourlyPlanned}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          ) : (
            <p>Ingen är bokad på turnéns stopp än.</p>
          )}

          <h2>Per funktion och svarsgrupp</h2>
          {roles.length ? (
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="hours-roles-caption">
              <table className="table hours-table">
                <caption id="hours-roles-caption">Timmar per funktion och svarsgrupp, {tour.name}</caption>
                <thead>
                  <tr>
                    <th scope="col">Roll</th>
                    <th scope="col" className="num">
                      Bokningar
                    </th>
                    <th scope="col" className="num">
                      Arbetat
                    </th>
                    <th scope="col" className="num">
                      Planerat
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {roles.map((r) => (
                    <tr key={r.role}>
                      <th scope="row">{r.label}</th>
                      <td className="num">{r.bookings}</td>
                      <td className="num">{r.worked}</td>
                      <td className="num">{r.planned}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>Inga bokningar än.</p>
          )}
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
