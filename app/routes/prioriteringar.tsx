import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef, type FormEvent } from "react";
import { FieldError } from "~/components/forms";
import { useFormKey } from "~/hooks/use-form-key";
import { getDb } from "~/db.server";
import { AREA_KIND_LABELS } from "~/domain/areas/labels";
import { loadPriorities } from "~/domain/priorities/priorities.server";
import { LIMIT_PARAM, readPrioritiesQuery, TAG_PARAM, TAGS_FOR_PARAM, TOUR_PARAM, WEIGHT_LABELS, WEIGHT_PARAMS } from "~/domain/priorities/schemas";
import { DEFAULT_WEIGHTS, formatScore, MAX_WEIGHT, MIN_WEIGHT, WEIGHT_KEYS } from "~/domain/priorities/scoring";
import { requirePlannerUser } from "~/session.server";
import { chosenTourId } from "~/domain/tours/chosen-tour.server";
import { handleDomain } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Var ska vi åka? – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePlannerUser(request);
  const params = new URL(request.url).searchParams;
  // A GET form: bad values are reported next to their field and replaced by defaults, never a 400.
  const query = readPrioritiesQuery(params);
  const db = getDb();
  // Reading the chosen tour also remembers a valid ?turne=; an unknown one is reported by loadPriorities.
  const chosen = chosenTourId(db, actor, params);
  const tourId = query.tourId ?? chosen;
  const priorities = await handleDomain(() => loadPriorities(db, actor, { weights: query.weights, tourId, tags: query.tags, limit: query.limit }));
  return { ...priorities, typed: query.typed, errors: query.errors, limitInUrl: params.has(LIMIT_PARAM) };
}

/**
 * With JavaScript the ranking follows the form at once: checkboxes and the tour select submit
 * on change, number fields after a pause in typing. `replace` keeps the history to one entry
 * per visit; without JavaScript the "Visa" button does the same as an ordinary GET form.
 */
function useInstantSubmit() {
  const submit = useSubmit();
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    window.clearTimeout(timer.current);
    const send = () => submit(form, { replace: true, preventScrollReset: true });
    if (target.type === "number") timer.current = window.setTimeout(send, 400);
    else send();
  };
}

export default function PrioritiesPage() {
  const loaderData = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const formKey = useFormKey();
  const onChange = useInstantSubmit();
  const { tour, tours, rows, total, limit, availableTags, chosenTags, typed, errors, weights } = loaderData;
  const maxScore = WEIGHT_KEYS.reduce((sum, k) => sum + weights[k], 0);
  const chosen = new Set(chosenTags);
  const invalid = WEIGHT_KEYS.filter((k) => errors[k]);
  const location = useLocation();
  // A new ranking is on its way (not the way to the stop form): the table is marked busy meanwhile.
  const updating = navigation.state === "loading" && navigation.location.pathname === location.pathname;

  return (
    <div className="container">
      <h1>Var ska vi åka?</h1>
      <p className="lead">
        Områdena rangordnas efter hur länge sedan kontaktcentret var där, hur långt bort de ligger, hur många som bor där och om de har de taggar turnén siktar
        på. Ändra vikterna för att se hur ordningen ändras.
      </p>
      <div className="priorities">
        <Form key={formKey} method="get" noValidate className="card stack priorities__form" aria-labelledby="priorities-form-heading" onChange={onChange}>
          <h2 id="priorities-form-heading">Vikter och urval</h2>
          <div className="field">
            <label htmlFor="priorities-tour">Turné</label>
            {tours.length ? (
              <select
                id="priorities-tour"
                name={TOUR_PARAM}
                defaultValue={tour?.id}
                aria-describedby={loaderData.tourNotFound ? "priorities-tour-error" : undefined}
              >
                {tours.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            ) : (
              <p className="hint">Det finns inga turnéer än. Skapa en turné för att kunna föreslå stopp.</p>
            )}
            {loaderData.tourNotFound && tour ? <FieldError id="priorities-tour-error" errors={[`Turnén finns inte. Visar ${tour.name}.`]} /> : null}
          </div>

          <fieldset className="field priorities__weights">
            <legend>
              Vikter, {MIN_WEIGHT}–{MAX_WEIGHT}
            </legend>
            <p className="hint">0 betyder att delen inte räknas. Ett tomt fält får standardvärdet.</p>
            <div className="priorities__weight-grid">
              {WEIGHT_KEYS.map((key) => {
                const id = `priorities-weight-${key}`;
                const error = errors[key];
                return (
                  <div className="field priorities__weight" key={key}>
                    <label htmlFor={id}>{WEIGHT_LABELS[key]}</label>
                    <input
                      id={id}
                      name={WEIGHT_PARAMS[key]}
                      type="number"
                      inputMode="numeric"
                      min={MIN_WEIGHT}
                      max={MAX_WEIGHT}
                      step={1}
                      defaultValue={typed[key]}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
                    />
                    <p id={`${id}-hint`} className="hint">
                      Standard {DEFAULT_WEIGHTS[key]}
                    </p>
                    <FieldError id={`${id}-error`} errors={error ? [`${error}. Standardvärdet används.`] : undefined} />
                  </div>
                );
              })}
            </div>
          </fieldset>

          {/* Drawn afresh for each tour, whose target tags are then the ticked ones. */}
          <fieldset key={tour?.id ?? "ingen"} className="field checkbox-group">
            <legend>Taggar att prioritera</legend>
            <input type="hidden" name={TAGS_FOR_PARAM} value={tour?.id ?? ""} />
            {availableTags.length ? (
              <>
                <p className="hint">Förvalda är turnéns måltaggar.</p>
                {availableTags.map((tag, i) => (
                  <div className="checkbox" key={tag}>
                    <input type="checkbox" id={`priorities-tag-${i}`} name={TAG_PARAM} value={tag} defaultChecked={chosen.has(tag)} />
                    <label htmlFor={`priorities-tag-${i}`}>{tag}</label>
                  </div>
                ))}
              </>
            ) : (
              <p className="hint">Inga områden eller turnéer har taggar än.</p>
            )}
          </fieldset>

          {loaderData.limitInUrl ? <input type="hidden" name={LIMIT_PARAM} value={limit} /> : null}
          <button type="submit" className="button">
            Visa rangordning
          </button>
        </Form>

        {/* Not a landmark of its own: the table's scroll region below carries the caption as its name. */}
        <div className="priorities__result">
          <p role="status" className="priorities__status">
            {invalid.length ? `Ogiltig vikt för ${invalid.map((k) => WEIGHT_LABELS[k].toLowerCase()).join(" och ")}: standardvärdet används. ` : null}
            {errors.limit ? `${errors.limit}. ` : null}
            {`${shownText(rows.length, total)}${tour ? ` för ${tour.name}` : ""}.`}
          </p>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="priorities-caption" aria-busy={updating || undefined}>
            {/* Explicit roles: on narrow screens the rows are laid out as cards, and a CSS display
                change must not cost the table its semantics in any browser. */}
            <table className="table priorities__table" role="table">
              <caption id="priorities-caption">Områden i prioritetsordning{tour ? ` för ${tour.name}` : ""}</caption>
              <thead role="rowgroup">
                <tr role="row">
                  <th scope="col" role="columnheader" className="num">
                    Plats
                  </th>
                  <th scope="col" role="columnheader">
                    Område
                  </th>
                  <th scope="col" role="columnheader">
                    Typ
                  </th>
                  <th scope="col" role="columnheader" className="num">
                    Poäng <span className="table-sub muted">av {formatScore(maxScore)}</span>
                  </th>
                  <th scope="col" role="columnheader">
                    Varför
                  </th>
                  <th scope="col" role="columnheader">
                    <span className="visually-hidden">Åtgärd</span>
                  </th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                {rows.map((row) => (
                  <tr key={row.areaId} role="row">
                    <td role="cell" className="num priorities__rank">
                      {row.rank}
                    </td>
                    <th scope="row" role="rowheader" className="priorities__area">
                      {row.name}
                    </th>
                    <td role="cell" className="priorities__kind">
                      {AREA_KIND_LABELS[row.kind]}
                    </td>
                    <td role="cell" className="num priorities__score">
                      {formatScore(row.score)}
                      <span className="priorities__unit"> poäng</span>
                    </td>
                    <td role="cell" className="priorities__why">
                      {row.explanation}
                    </td>
                    <td role="cell" className="priorities__action">
                      {tour ? (
                        // A link to the prefilled stop form: nothing is written until the tour leader saves it (issue 13, point 6a).
                        <Link to={proposalHref(tour.id, row.areaId)} className="button">
                          Föreslå stopp<span className="visually-hidden"> i {row.name}</span>
                        </Link>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length < total ? (
            <p>
              <Link to={{ search: `?${withLimit(location.search, total)}` }} preventScrollReset>
                Visa alla {total} områden
              </Link>
            </p>
          ) : null}
        </div>
      </div>
    </div>
  );
}

/** "Visar alla 12 områden", "Visar de 25 högst rankade av 480 områden", with Swedish number agreement. */
function shownText(shown: number, total: number): string {
  if (total === 0) return "Inga områden att visa";
  if (total === 1) return "Visar det enda området";
  if (shown === total) return `Visar alla ${total} områden`;
  return shown === 1 ? `Visar det högst rankade av ${total} områden` : `Visar de ${shown} högst rankade av ${total} områden`;
}

/** The stop form, prefilled with a visit to the area for the tour (stopProposal). */
function proposalHref(tourId: string, areaId: string): string {
  return `/stopp/ny?${new URLSearchParams({ turne: tourId, omrade: areaId, forslag: "1" })}`;
}

/** The current parameters with the row limit set, for the "show all" link. */
function withLimit(search: string, limit: number): string {
  const params = new URLSearchParams(search);
  params.set(LIMIT_PARAM, String(limit));
  return params.toString();
}
