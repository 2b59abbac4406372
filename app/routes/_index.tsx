import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AreasMapClientOnly } from "~/components/map/lazy-map";
import { getDb } from "~/db.server";
import { listAreas } from "~/domain/areas/areas.server";
import { AREA_KIND_LABELS } from "~/domain/areas/labels";
import { mapViewProps } from "~/domain/map/map-view.server";
import { getMunicipalityName } from "~/domain/settings/settings.server";
import { requireUser } from "~/session.server";
import { formatNumber } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Områden – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const db = getDb();
  return {
    areas: listAreas(db),
    map: mapViewProps(db),
    municipalityName: getMunicipalityName(db),
  };
}

export default function AreasPage() {
  const { areas, map, municipalityName } = useLoaderData<typeof loader>();
  const mapAreas = areas.map((a) => ({ ...a, kindLabel: AREA_KIND_LABELS[a.kind] }));
  return (
    <div className="container">
      <h1>Områden i {municipalityName}</h1>
      <p className="lead">
        {formatNumber(areas.length)} områden: tätorter, småorter och stadsdelar. Kartan och tabellen visar samma uppgifter.
      </p>
      <div className="map-and-table">
        <AreasMapClientOnly label="Karta över områdena" areas={mapAreas} {...map} />
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="areas-caption">
          <table className="table">
            <caption id="areas-caption">Områden ({areas.length})</caption>
            <thead>
              <tr>
                <th scope="col">Namn</th>
                <th scope="col">Typ</th>
                <th scope="col" className="num">
                  Invånare
                </th>
                <th scope="col" className="num">
                  Föreningar
                </th>
              </tr>
            </thead>
            <tbody>
              {mapAreas.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.name}</th>
                  <td>{a.kindLabel}</td>
                  <td className="num">
                    {a.population !== null ? (
                      <>
                        {formatNumber(a.population)}
                        {a.populationYear ? <span className="muted table-sub"> år {a.populationYear}</span> : null}
                      </>
                    ) : (
                      <>
                        <span aria-hidden="true">–</span>
                        <span className="visually-hidden">uppgift saknas</span>
                      </>
                    )}
                  </td>
                  <td className="num">{a.organizationCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
