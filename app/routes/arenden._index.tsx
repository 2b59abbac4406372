import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CaseStatusBadge } from "~/components/cases/case-status";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FilterSelect } from "~/components/forms";
import { Pager, pageParam } from "~/components/pager";
import { getDb } from "~/db.server";
import { caseFilterOptions, categoryLabels, listCases, stopTitle } from "~/domain/cases/cases.server";
import { DELIVERY_STATUS_LABELS } from "~/domain/cases/labels";
import { COUNT_CAP, readCaseFilters } from "~/domain/cases/schemas";
import { can } from "~/domain/users/roles";
import { requireUser } from "~/session.server";
import { formatDateTime, formatNumber } from "~/utils/format";
import { handleDomain } from "~/utils/http.server";

const ALL = { value: "", label: "Alla" };

export const meta: MetaFunction = () => [{ title: "Ärenden – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const url = new URL(request.url);
  const filters = readCaseFilters(url.searchParams);
  const db = getDb();
  return handleDomain(() => ({
    list: listCases(db, actor, filters, pageParam(url)),
    options: caseFilterOptions(db),
    categoryLabels: categoryLabels(db),
    filters,
    stop: filters.stopId ? { id: filters.stopId, title: stopTitle(db, filters.stopId) } : null,
    seesAll: can.planTour(actor.role),
  }));
}

export default function CasesPage() {
  const { list, options, categoryLabels, filters, stop, seesAll } = useLoaderData<typeof loader>();
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const totalText = list.capped ? `fler än ${formatNumber(COUNT_CAP)}` : formatNumber(list.total);
  return (
    <div className="container">
      <div className="page-head">
        <h1>Ärenden</h1>
      </div>
      <p className="muted">{seesAll ? "Alla ärenden från fältfrågor, nyast först." : "Ärenden från de fältfrågor du själv har loggat, nyast först."}</p>
      <Form method="get" className="card cases-filters" role="search" aria-label="Filtrera ärenden">
        {stop ? <input type="hidden" name="stopp" value={stop.id} /> : null}
        <div className="cases-filters__row">
          <div className="field">
            <label htmlFor="cases-q">Sök i fråga och svar</label>
            <input id="cases-q" name="q" type="search" defaultValue={filters.search ?? ""} maxLength={200} />
          </div>
          <FilterSelect id="cases-status" name="status" label="Status" defaultValue={filters.status ?? ""} options={options.statuses} all={ALL} />
          <FilterSelect id="cases-category" name="kategori" label="Kategori" defaultValue={filters.category ?? ""} options={options.categories} all={ALL} />
          <FilterSelect
            id="cases-department"
            name="forvaltning"
            label="Förvaltning"
            defaultValue={filters.departmentCode ?? ""}
            options={options.departments}
            all={ALL}
          />
          <FilterSelect id="cases-tour" name="turne" label="Turné" defaultValue={filters.tourId ?? ""} options={options.tours} all={ALL} />
        </div>
        <div className="cases-filters__actions">
          <button type="submit" className="button">
            Visa
          </button>
          {filtered ? <Link to="/arenden">Rensa filter</Link> : null}
        </div>
        {stop ? (
          <p className="cases-filters__stop">
            Visar ärenden från stoppet <Link to={`/stopp/${stop.id}`}>{stop.title ?? "okänt stopp"}</Link>. <Link to="/arenden">Visa alla stopp</Link>
          </p>
        ) : null}
      </Form>
      <p role="status" className="cases-count">
        {list.total === 0 ? "Inga ärenden matchar." : `${totalText} ärenden`}
      </p>
      {list.rows.length === 0 ? (
        <p className="cases-empty">{filtered ? "Inga ärenden matchar filtren." : "Inga ärenden ännu. Frågor som loggas i fältläget blir ärenden här."}</p>
      ) : (
        <>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="cases-caption">
            <table className="table cases-table">
              <caption id="cases-caption">
                Ärenden ({totalText}), nyast först, sida {list.page} av {list.pageCount}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Ärende</th>
                  <th scope="col">Registrerat</th>
                  <th scope="col">Stopp</th>
                  <th scope="col">Kategori</th>
                  <th scope="col">Fråga</th>
                  <th scope="col">Status</th>
                  <th scope="col">Leverans</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((c) => (
                  <tr key={c.id}>
                    <th scope="row" className="cases-table__number">
                      <Link to={`/arenden/${c.id}`}>{c.number}</Link>
                    </th>
                    <td className="cases-table__date">{formatDateTime(c.createdAt)}</td>
                    <td>{c.stopTitle}</td>
                    <td>{categoryLabels[c.category] ?? c.category}</td>
                    <td className="cases-table__excerpt">{c.excerpt}</td>
                    <td>
                      <CaseStatusBadge status={c.status} />
                    </td>
                    <td>{c.deliveryStatus ? DELIVERY_STATUS_LABELS[c.deliveryStatus] : <span className="muted">Ingen extern</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={list.page} pageCount={list.pageCount} label="Sidor i ärendelistan" />
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
