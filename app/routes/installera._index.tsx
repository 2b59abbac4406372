import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FieldError, SubmitButton } from "~/components/forms";
import { AreasMapClientOnly } from "~/components/map/lazy-map";
import { ResultMessage } from "~/components/result-message";
import { getDb } from "~/db.server";
import { areaMapPoint, listAreas } from "~/domain/areas/areas.server";
import { mapViewProps } from "~/domain/map/map-view.server";
import { municipalityByCode, searchMunicipalities } from "~/domain/reference/sweden.server";
import { BOUNDARY_MAX_BYTES, checkBoundary } from "~/domain/setup/boundary";
import { chooseMunicipality, setBoundary, setupState } from "~/domain/setup/setup.server";
import { getEnv } from "~/env.server";
import { formatNumber } from "~/utils/format";
import { requireSetupAdmin } from "~/utils/setup.server";
import { readUpload } from "~/utils/upload.server";
import { NextStep } from "~/components/setup/next-step";

export const meta: MetaFunction = () => [{ title: "Uppsättning: kommun – Rullar ut" }];

const SHOWN = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSetupAdmin(request);
  const db = getDb();
  const state = setupState(db);
  const url = new URL(request.url);
  // A demo of another municipality (DEMO_MUNICIPALITY=kristinehamn) starts with its name in the search.
  const demo = getEnv().DEMO_MUNICIPALITY;
  const q = url.searchParams.get("q") ?? (state.municipalityCode ? "" : demo && !/^helsingborg|1283$/i.test(demo) ? demo : "");
  const found = q.trim() ? searchMunicipalities(q) : [];
  const chosen = state.municipalityCode ? municipalityByCode(state.municipalityCode) : null;
  const areas = chosen ? listAreas(db) : [];
  return {
    q,
    results: found.slice(0, SHOWN),
    more: Math.max(0, found.length - SHOWN),
    chosen: chosen ? { code: chosen.code, name: chosen.name, county: chosen.county ?? null } : null,
    areas: areas.map(areaMapPoint),
    map: chosen ? mapViewProps(db) : null,
  };
}

type ActionData = { form: "choose" | "boundary"; error: string };

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireSetupAdmin(request);
  const db = getDb();
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const upload = await readUpload(request, {
      maxBytes: BOUNDARY_MAX_BYTES,
      fields: ["file"],
      tooLarge: "Filen är för stor. Den får vara högst 5 MB.",
      unreadable: "Välj en GeoJSON-fil och försök igen.",
    });
    if (!upload.ok) return data<ActionData>({ form: "boundary", error: upload.message }, { status: 400 });
    const formData = upload.formData;
    const file = formData.get("file");
    if (!(file instanceof File) || file.size === 0)
      return data<ActionData>({ form: "boundary", error: "Välj en GeoJSON-fil med kommunens gräns." }, { status: 400 });
    const check = checkBoundary(new TextDecoder().decode(await file.arrayBuffer()));
    if (!check.ok) return data<ActionData>({ form: "boundary", error: check.message }, { status: 400 });
    setBoundary(db, actor, check.geometry, file.name.slice(0, 120));
    throw redirect("/installera?grans=1#karta");
  }
  const code = String((await request.formData()).get("code") ?? "");
  if (!/^\d{4}$/.test(code) || !municipalityByCode(code)) {
    return data<ActionData>({ form: "choose", error: "Välj en kommun i listan." }, { status: 400 });
  }
  chooseMunicipality(db, actor, code);
  throw redirect("/installera?vald=1#karta");
}

export default function SetupMunicipality() {
  const { q, results, more, chosen, areas, map } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const busy = navigation.state === "submitting";
  return (
    <>
      <h1>Vilken kommun?</h1>
      <p className="lead">
        Välj kommunen så läses dess gräns och tätorter in från nationella öppna data. Du kan lägga till stadsdelar och byar, och byta gränsen mot en egen,
        efteråt.
      </p>
      {chosen && params.has("vald") ? (
        <ResultMessage className="notice">
          {chosen.name} är vald. Kommungränsen och {areas.length} {areas.length === 1 ? "ort" : "orter"} finns nu på kartan.
        </ResultMessage>
      ) : null}
      {params.has("grans") ? <ResultMessage className="notice">Den nya kommungränsen är sparad.</ResultMessage> : null}

      <Form method="get" className="card stack setup__search" role="search" aria-label="Sök kommun">
        <div className="field">
          <label htmlFor="setup-q">Kommunens namn eller kommunkod</label>
          <p id="setup-q-hint" className="hint">
            T.ex. Kristinehamn eller 1781
          </p>
          <div className="inline-form">
            <input id="setup-q" name="q" type="search" defaultValue={q} aria-describedby="setup-q-hint" autoComplete="off" />
            <button type="submit" className="button">
              Sök
            </button>
          </div>
        </div>
      </Form>

      {q.trim() ? (
        <section aria-labelledby="setup-results" className="setup__results">
          <h2 id="setup-results">{results.length ? `Kommuner som matchar ”${q.trim()}”` : `Ingen kommun matchar ”${q.trim()}”`}</h2>
          {actionData?.form === "choose" ? (
            <p className="form-error" role="alert">
              {actionData.error}
            </p>
          ) : null}
          {results.length ? (
            <ul className="setup__municipalities">
              {results.map((m) => (
                <li key={m.code}>
                  <Form method="post" className="setup__municipality">
                    <input type="hidden" name="code" value={m.code} />
                    <span>
                      <strong>{m.name}</strong>{" "}
                      <span className="muted">
                        ({m.code}
                        {m.county ? `, ${m.county}` : ""})
                      </span>
                    </span>
                    <SubmitButton className="button button--secondary" busy={busy}>
                      {chosen?.code === m.code ? "Läs in igen" : "Välj"}
                      <span className="visually-hidden"> {m.name}</span>
                    </SubmitButton>
                  </Form>
                </li>
              ))}
            </ul>
          ) : (
            <p>Kontrollera stavningen, eller sök på kommunkoden (fyra siffror).</p>
          )}
          {more ? <p className="muted">… och {more} till. Skriv mer av namnet för att se dem.</p> : null}
        </section>
      ) : null}

      {chosen && map ? (
        <section aria-labelledby="karta" className="stack">
          <h2 id="karta" tabIndex={-1}>
            {chosen.name} ({chosen.code})
          </h2>
          <div className="map-and-table">
            <AreasMapClientOnly label={`Karta över ${chosen.name} med kommungränsen och orterna`} areas={areas} {...map} />
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="setup-areas-caption">
              <table className="table">
                <caption id="setup-areas-caption">Orter och områden ({areas.length})</caption>
                <thead>
                  <tr>
                    <th scope="col">Namn</th>
                    <th scope="col">Typ</th>
                    <th scope="col" className="num">
                      Invånare
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {areas.map((a) => (
                    <tr key={a.id}>
                      <th scope="row">{a.name}</th>
                      <td>{a.kindLabel}</td>
                      <td className="num">{a.population === null ? "–" : formatNumber(a.population)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <p className="muted">
            Tätorterna kommer från öppna data och saknar invånarantal. Fler stadsdelar och byar lägger du till under Områden (för hand, med en punkt på kartan,
            eller från en CSV- eller GeoJSON-fil).
          </p>
          <Form method="post" encType="multipart/form-data" className="card stack" aria-labelledby="setup-boundary-heading">
            <h3 id="setup-boundary-heading">Egen kommungräns (valfritt)</h3>
            <div className="field">
              <label htmlFor="setup-boundary-file">GeoJSON-fil med kommungränsen</label>
              <p id="setup-boundary-hint" className="hint">
                En yta (Polygon eller MultiPolygon) i WGS84, högst 5 MB. Ersätter den förenklade gränsen ovan.
              </p>
              <input
                id="setup-boundary-file"
                name="file"
                type="file"
                accept=".geojson,.json,application/geo+json,application/json"
                aria-describedby={actionData?.form === "boundary" ? "setup-boundary-hint setup-boundary-error" : "setup-boundary-hint"}
                aria-invalid={actionData?.form === "boundary" || undefined}
              />
              {actionData?.form === "boundary" ? <FieldError id="setup-boundary-error" errors={[actionData.error]} /> : null}
            </div>
            <SubmitButton className="button button--secondary" busy={busy}>
              Ladda upp gränsen
            </SubmitButton>
          </Form>
          <NextStep from="/installera" />
        </section>
      ) : null}
    </>
  );
}
