import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Pager } from "~/components/pager";
import { PopulationCell } from "~/components/areas/population";
import { Form, Link, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { AREA_KINDS } from "#db/enums";
import { areaTags, searchAreas } from "~/domain/areas/areas.server";
import { AREA_KIND_LABELS } from "~/domain/areas/labels";
import { areaSearchSchema } from "~/domain/areas/schemas";
import { can } from "~/domain/users/roles";
import { getDb } from "~/db.server";
import { requireUser } from "~/session.server";
import { formatNumber } from "~/utils/format";
import { ResultMessage } from "~/components/result-message";

export const meta: MetaFunction = () => [{ title: "Områden – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const url = new URL(request.url);
  const params = areaSearchSchema.parse(Object.fromEntries(url.searchParams));
  const db = getDb();
  const result = searchAreas(db, { q: params.q, kind: params.typ, tag: params.tagg, page: params.sida, includeArchived: params.arkiverade });
  return { result, params, tags: areaTags(db), canEdit: can.planTour(actor.role) };
}

function ImportNotice() {
  const [searchParams] = useSearchParams();
  if (!searchParams.has("importerat")) return null;
  const n = (key: string) => Number(searchParams.get(key) ?? 0) || 0;
  const parts = [`${n("tillagda")} nya`, `${n("uppdaterade")} uppdaterade`];
  if (n("oforandrade")) parts.push(`${n("oforandrade")} oförändrade`);
  return <ResultMessage className="notice">Importen är klar: {parts.join(", ")} områden.</ResultMessage>;
}

export default function AreasListPage() {
  const { result, params, tags, canEdit } = useLoaderData<typeof loader>();
  const { items, total, page, pageSize, pageCount } = result;
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const filtered = Boolean(params.q || params.typ || params.tagg || params.arkiverade);
  const exportQuery = params.arkiverade ? "?arkiverade=1" : "";
  return (
    <div className="container">
      <div className="page-head">
        <h1>Områden</h1>
        {canEdit ? (
          <div className="ao-actions">
            <Link to="/omraden/ny" className="button">
              Nytt område
            </Link>
            <Link to="/omraden/importera" className="button ao-button--secondary">
              Importera
            </Link>
          </div>
        ) : null}
      </div>
      <ImportNotice />

      <Form method="get" className="card ao-filters" role="search" aria-label="Sök bland områdena">
        <div className="field ao-filters__q">
          <label htmlFor="area-q">Sök på namn eller tagg</label>
          <input id="area-q" type="search" name="q" defaultValue={params.q ?? ""} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="area-kind">Typ</label>
          <select id="area-kind" name="typ" defaultValue={params.typ ?? ""}>
            <option value="">Alla typer</option>
            {AREA_KINDS.map((k) => (
              <option key={k} value={k}>
                {AREA_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="area-tag">Tagg</label>
          <select id="area-tag" name="tagg" defaultValue={params.tagg ?? ""}>
            <option value="">Alla taggar</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div className="checkbox ao-filters__archived">
          <input id="area-archived" type="checkbox" name="arkiverade" value="1" defaultChecked={params.arkiverade} />
          <label htmlFor="area-archived">Visa även arkiverade</label>
        </div>
        <div className="ao-filters__buttons">
          <button type="submit" className="button">
            Sök
          </button>
          {filtered ? <Link to="/omraden">Visa alla</Link> : null}
        </div>
      </Form>

      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="areas-list-caption">
        <table className="table">
          <caption id="areas-list-caption">
            {total === 0 ? "Inga områden matchar sökningen" : `Områden ${formatNumber(first)}–${formatNumber(last)} av ${formatNumber(total)}`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Namn</th>
              <th scope="col">Typ</th>
              <th scope="col" className="num">
                Invånare
              </th>
              <th scope="col">Taggar</th>
              <th scope="col" className="num">
                Senaste besök
              </th>
              <th scope="col" className="num">
                Organisationer
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  <Link to={`/omraden/${a.id}`}>{a.name}</Link>
                  {a.archived ? (
                    <>
                      {" "}
                      <span className="badge badge--inactive">Arkiverat</span>
                    </>
                  ) : null}
                </th>
                <td>{AREA_KIND_LABELS[a.kind]}</td>
                <PopulationCell population={a.population} populationYear={a.populationYear} />
                <td>{a.tags.length ? a.tags.join(", ") : null}</td>
                <td className="num">
                  {a.lastHeldYear ?? (
                    <>
                      <span aria-hidden="true">–</span>
                      <span className="visually-hidden">inget besök</span>
                    </>
                  )}
                </td>
                <td className="num">{a.organizationCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} pageCount={pageCount} label="Sidor i listan" dropParams={["importerat", "tillagda", "uppdaterade", "oforandrade"]} />

      {canEdit ? (
        <p className="ao-export-links">
          Exportera {params.arkiverade ? "alla områden, även arkiverade" : "alla områden som inte är arkiverade"}:{" "}
          <a href={`/omraden/export.csv${exportQuery}`} download>
            CSV (kalkylark)
          </a>{" "}
          ·{" "}
          <a href={`/omraden/export.geojson${exportQuery}`} download>
            GeoJSON (kartverktyg)
          </a>
        </p>
      ) : null}
    </div>
  );
}
