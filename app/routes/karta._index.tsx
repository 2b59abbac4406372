import type { StopKind } from "#db/enums";
import { useKindNames } from "~/components/kind-names";
import { choicesWith } from "~/domain/kinds/names";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import clusterCss from "leaflet.markercluster/dist/MarkerCluster.css?url";
import clusterDefaultCss from "leaflet.markercluster/dist/MarkerCluster.Default.css?url";
import { STOP_STATUSES } from "#db/enums";
import { MapLegend } from "~/components/map/legend";
import { TourMapClientOnly } from "~/components/map/lazy-tour-map";
import { FilterSelect } from "~/components/forms";
import { Pager, pageParam } from "~/components/pager";
import { StopTable } from "~/components/stops/stop-table";
import { getDb } from "~/db.server";
import { mapFiltersQuery, parseMapFilters } from "~/domain/map/filters";
import { areaTags } from "~/domain/areas/areas.server";
import { mapStopTable, stopYears } from "~/domain/map/tour-map.server";
import { mapViewProps } from "~/domain/map/map-view.server";
import { STOP_STATUS_LABELS } from "~/domain/stops/labels";
import { tourOptions } from "~/domain/tours/tours.server";
import { can } from "~/domain/users/roles";
import { requireUser } from "~/session.server";
import { chosenTourId } from "~/domain/tours/chosen-tour.server";
import { formatPeriod } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Karta – Rullar ut" }];
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: clusterCss },
  { rel: "stylesheet", href: clusterDefaultCss },
];

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const url = new URL(request.url);
  const filters = parseMapFilters(url.searchParams, chosenTourId(db, user, url.searchParams));
  const page = pageParam(url);
  const table = mapStopTable(db, filters, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
  const tours = tourOptions(db);
  return {
    filters,
    query: mapFiltersQuery(filters),
    focusStopId: url.searchParams.get("stopp"),
    tours,
    tags: areaTags(db),
    years: stopYears(db),
    table: {
      total: table.total,
      rows: table.rows.map((r) => ({ ...r, period: formatPeriod(r.startsAt, r.endsAt) })),
      page,
      pageCount: Math.max(1, Math.ceil(table.total / PAGE_SIZE)),
    },
    map: mapViewProps(db),
    newStopTourId: can.planTour(user.role) ? (filters.tourId ?? tours[0]?.id ?? null) : null,
  };
}

export default function MapPage() {
  const { filters, query, focusStopId, tours, tags, years, table, map, newStopTourId } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const kinds = useKindNames();
  const tourName = filters.tourId ? tours.find((t) => t.id === filters.tourId)?.name : null;
  return (
    <div className="container">
      <h1>Karta{tourName ? `: ${tourName}` : ""}</h1>
      <Form method="get" className="filters card" onChange={(e) => submit(e.currentTarget, { preventScrollReset: true })}>
        <div className="filters__row">
          <FilterSelect
            id="f-turne"
            name="turne"
            label="Turné"
            defaultValue={filters.tourId ?? "alla"}
            options={tours.map((t) => ({ value: t.id, label: t.name }))}
            all={{ value: "alla", label: "Alla turnéer" }}
          />
          <FilterSelect
            id="f-ar"
            name="ar"
            label="År"
            defaultValue={filters.year ? String(filters.year) : ""}
            options={years.map((y) => ({ value: String(y), label: String(y) }))}
            all={{ value: "", label: "Alla år" }}
          />
          <FilterSelect
            id="f-typ"
            name="typ"
            label="Typ"
            defaultValue={filters.kind ?? ""}
            options={choicesWith(kinds.stopChoices, filters.kind as StopKind | undefined).map((k) => ({ value: k, label: kinds.stop[k] }))}
            all={{ value: "", label: "Alla typer" }}
          />
          <FilterSelect
            id="f-status"
            name="status"
            label="Status"
            defaultValue={filters.status ?? ""}
            options={STOP_STATUSES.map((st) => ({ value: st, label: STOP_STATUS_LABELS[st] }))}
            all={{ value: "", label: "Alla statusar" }}
          />
          <FilterSelect
            id="f-tagg"
            name="tagg"
            label="Områdestagg"
            defaultValue={filters.tag ?? ""}
            options={tags.map((t) => ({ value: t, label: t }))}
            all={{ value: "", label: "Alla områden" }}
          />
        </div>
        <button type="submit" className="button button--secondary">
          Visa
        </button>
      </Form>
      <div className="map-with-legend">
        <TourMapClientOnly
          key={query}
          label="Karta över stopp och områden"
          dataUrl={`/karta/data?${query}`}
          newStopTourId={newStopTourId}
          focusStopId={focusStopId}
          {...map}
        />
        <MapLegend />
      </div>
      {newStopTourId ? <p className="hint">Klicka på kartan eller på ett område för att lägga ett nytt stopp där.</p> : null}
      <h2 id="map-table-heading">Stoppen som tabell</h2>
      <p>
        Tabellen visar samma stopp som kartan. Alla områden och när de senast besöktes finns under <Link to="/omraden">Områden</Link>.
      </p>
      {table.total === 0 ? (
        <p>Inga stopp matchar filtret.</p>
      ) : (
        <StopTable
          id="map-stops-caption"
          caption={`Stopp (${table.total})${table.pageCount > 1 ? `, sida ${table.page} av ${table.pageCount}` : ""}`}
          rows={table.rows}
        />
      )}
      <Pager page={table.page} pageCount={table.pageCount} label="Sidor med stopp" />
    </div>
  );
}
