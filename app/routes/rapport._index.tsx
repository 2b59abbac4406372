import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldError } from "~/components/forms";
import { reportBodyHtml } from "~/components/report/report-body.server";
import { PrintButton } from "~/components/report/print-button";
import { readReportQuery } from "~/domain/report/period-query.server";
import { ReportMapClientOnly } from "~/components/report/report-map";
import { formatCount, formatPercent } from "~/components/report/sections";
import { getDb } from "~/db.server";
import { mapViewProps } from "~/domain/map/map-view.server";
import { yearlyReport } from "~/domain/report/report.server";
import { requirePlannerUser } from "~/session.server";
import { chosenTourId } from "~/domain/tours/chosen-tour.server";
import { formatIsoDate } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Rapport${data?.report ? `, ${data.report.period.label}` : ""} – Rullar ut` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePlannerUser(request);
  const db = getDb();
  const url = new URL(request.url);
  const { query, period, errors, tours } = readReportQuery(db, url.searchParams, chosenTourId(db, actor, url.searchParams));
  const report = period ? yearlyReport(db, period) : null;
  const params = new URLSearchParams({ typ: query.typ });
  if (query.typ === "turne") params.set("turne", query.turne);
  if (query.typ === "ar") params.set("ar", query.ar);
  if (query.typ === "intervall") {
    params.set("fran", query.fran);
    params.set("till", query.till);
  }
  return data(
    {
      tours: tours.map((t) => ({ id: t.id, name: t.name })),
      query,
      errors,
      csvHref: `/rapport/export.csv?${params}`,
      mapDataHref: `/rapport/karta?${params}`,
      map: report ? mapViewProps(db) : null,
      report: report
        ? {
            period: { kind: report.period.kind, label: report.period.label, startsOn: report.period.startsOn, endsOn: report.period.endsOn },
            previous: report.comparison.previous.label,
            current: report.comparison.current,
            before: report.comparison.before,
            difference: report.comparison.difference,
            areas: report.areas,
            heldWithoutVisitorCount: report.stops.heldWithoutVisitorCount,
            cancelled: report.stops.byStatus.cancelled,
            body: reportBodyHtml(report),
          }
        : null,
    },
    { status: period ? 200 : 400 },
  );
}

function change(diff: number, previous: string): string {
  if (diff === 0) return `Oförändrat jämfört med ${previous}`;
  return `${diff > 0 ? "+" : "−"}${formatCount(Math.abs(diff))} jämfört med ${previous}`;
}

function changePoints(diff: number | null, previous: string): string {
  if (diff === null) return `Kan inte jämföras med ${previous}`;
  const points = Math.round(diff * 100);
  if (points === 0) return `Oförändrat jämfört med ${previous}`;
  return `${points > 0 ? "+" : "−"}${Math.abs(points)} procentenheter jämfört med ${previous}`;
}

export default function ReportPage() {
  const { tours, query, errors, csvHref, mapDataHref, map, report } = useLoaderData<typeof loader>();
  const err = (k: keyof typeof errors) => (errors[k] ? [errors[k]!] : undefined);
  const invalid = (k: keyof typeof errors) => (errors[k] ? { "aria-invalid": true as const, "aria-describedby": `report-${k}-error` } : {});

  return (
    <div className="container report">
      <header className="report-title">
        <p className="report-kicker">Rullar ut · Kontaktcenter</p>
        <h1>{report ? `Rapport: ${report.period.label}` : "Rapport"}</h1>
        {report ? (
          <p className="lead">
            {formatIsoDate(report.period.startsOn)} – {formatIsoDate(report.period.endsOn)}. Jämförs med {report.previous}.
          </p>
        ) : null}
      </header>

      <Form method="get" className="report-form" aria-labelledby="report-form-heading">
        <h2 id="report-form-heading" className="report-form__heading">
          Välj period
        </h2>
        <fieldset>
          <legend>Rapporten gäller</legend>
          <FieldError id="report-typ-error" errors={err("typ")} />
          <div className="report-form__choice">
            <input type="radio" id="report-typ-turne" name="typ" value="turne" defaultChecked={query.typ === "turne"} />
            <label htmlFor="report-typ-turne">En turné</label>
            <label htmlFor="report-turne" className="visually-hidden">
              Turné
            </label>
            <select id="report-turne" name="turne" defaultValue={query.turne} {...invalid("turne")}>
              {tours.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            <FieldError id="report-turne-error" errors={err("turne")} />
          </div>
          <div className="report-form__choice">
            <input type="radio" id="report-typ-ar" name="typ" value="ar" defaultChecked={query.typ === "ar"} />
            <label htmlFor="report-typ-ar">Ett kalenderår</label>
            <label htmlFor="report-ar" className="visually-hidden">
              År
            </label>
            <input id="report-ar" name="ar" type="text" inputMode="numeric" size={6} defaultValue={query.ar} placeholder="ÅÅÅÅ" {...invalid("ar")} />
            <FieldError id="report-ar-error" errors={err("ar")} />
          </div>
          <div className="report-form__choice">
            <input type="radio" id="report-typ-intervall" name="typ" value="intervall" defaultChecked={query.typ === "intervall"} />
            <label htmlFor="report-typ-intervall">Ett datumintervall</label>
            <label htmlFor="report-fran">Från</label>
            <input id="report-fran" name="fran" type="date" defaultValue={query.fran} {...invalid("fran")} />
            <label htmlFor="report-till">Till</label>
            <input id="report-till" name="till" type="date" defaultValue={query.till} {...invalid("till")} />
            <FieldError id="report-fran-error" errors={err("fran")} />
            <FieldError id="report-till-error" errors={err("till")} />
          </div>
        </fieldset>
        <button type="submit" className="button">
          Visa rapporten
        </button>
      </Form>

      {report ? (
        <>
          <div className="report-actions">
            <a className="button button--secondary" href={csvHref} download>
              Ladda ner som CSV
            </a>
            <a className="button button--secondary" href={csvHref.replace("/rapport/export.csv", "/rapport/export.xlsx")} download>
              Ladda ner som Excel
            </a>
            <PrintButton />
          </div>

          <section className="report-section report-headline" aria-labelledby="report-headline-heading">
            <h2 id="report-headline-heading">
              {report.period.kind === "year" ? "Året i siffror" : report.period.kind === "tour" ? "Turnén i siffror" : "Perioden i siffror"}
            </h2>
            <dl className="report-figures">
              <div className="report-figure">
                <dt>Genomförda stopp</dt>
                <dd className="report-figure__value">{formatCount(report.current.stopsHeld)}</dd>
                <dd className="report-figure__change">{change(report.difference.stopsHeld, report.previous)}</dd>
              </div>
              <div className="report-figure">
                <dt>Besökare</dt>
                <dd className="report-figure__value">{formatCount(report.current.visitors)}</dd>
                <dd className="report-figure__change">{change(report.difference.visitors, report.previous)}</dd>
                {report.heldWithoutVisitorCount ? (
                  <dd className="report-figure__note">{formatCount(report.heldWithoutVisitorCount)} stopp saknar antal besökare.</dd>
                ) : null}
              </div>
              <div className="report-figure">
                <dt>Områden som nåtts</dt>
                <dd className="report-figure__value">{formatCount(report.current.areasReached)}</dd>
                <dd className="report-figure__change">{change(report.difference.areasReached, report.previous)}</dd>
                <dd className="report-figure__note">
                  {report.areas.populationShare === null
                    ? "Befolkningsandel saknas."
                    : `Där bor ${formatPercent(report.areas.populationShare)} av kommunens invånare (${formatCount(report.areas.reachedPopulation)} av ${formatCount(report.areas.totalPopulation)}).`}
                </dd>
              </div>
              <div className="report-figure">
                <dt>Frågor från invånare</dt>
                <dd className="report-figure__value">{formatCount(report.current.questions)}</dd>
                <dd className="report-figure__change">{change(report.difference.questions, report.previous)}</dd>
              </div>
              <div className="report-figure report-figure--key">
                <dt>Besvarade på plats</dt>
                <dd className="report-figure__value">{formatPercent(report.current.shareOnSpot)}</dd>
                <dd className="report-figure__change">{changePoints(report.difference.shareOnSpot, report.previous)}</dd>
                <dd className="report-figure__note">
                  {formatCount(report.current.answeredOnSpot)} av {formatCount(report.current.questions)} frågor. Kontaktcentret mäts mot 90 % i SKR:s
                  undersökning Kommunens kvalitet i korthet (KKiK); före kontaktcentret var andelen ungefär 30 %.
                </dd>
              </div>
            </dl>
            {report.cancelled ? (
              <p className="report-note">
                {report.cancelled === 1 ? "1 inställt stopp" : `${formatCount(report.cancelled)} inställda stopp`} under perioden räknas inte i någon siffra.
              </p>
            ) : null}
          </section>

          {map ? (
            <section className="report-section report-map-section" aria-labelledby="report-karta-heading">
              <h2 id="report-karta-heading">Karta: områden och frågor</h2>
              <p className="report-summary">
                Kartan visar de {formatCount(report.current.areasReached)} områden där turnén höll stopp och var invånarnas frågor gällde, för alla ämnen eller
                ett i taget. Siffrorna finns också i tabellerna under Stopp och besökare och Invånarnas frågor.
              </p>
              <ReportMapClientOnly key={mapDataHref} label="Karta över områden som nåtts och frågor per område" dataUrl={mapDataHref} {...map} />
            </section>
          ) : null}

          {/* Sections, charts and tables: static HTML rendered once per version of the figures. */}
          <div className="report-body" dangerouslySetInnerHTML={{ __html: report.body }} />
        </>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
