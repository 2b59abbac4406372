import { useKindNames } from "~/components/kind-names";
import { choicesWith } from "~/domain/kinds/names";
import type { OrganizationKind } from "#db/enums";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Pager } from "~/components/pager";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { getDb } from "~/db.server";
import { searchOrganizations } from "~/domain/organizations/organizations.server";
import { organizationSearchSchema } from "~/domain/organizations/schemas";
import { can } from "~/domain/users/roles";
import { requireUser } from "~/session.server";
import { formatNumber } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Organisationer – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const params = organizationSearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = searchOrganizations(getDb(), { q: params.q, kind: params.typ, page: params.sida, includeArchived: params.arkiverade });
  return { result, params, canEdit: can.planTour(actor.role) };
}

export default function OrganizationsListPage() {
  const { result, params, canEdit } = useLoaderData<typeof loader>();
  const kinds = useKindNames();
  const { items, total, page, pageSize, pageCount } = result;
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const filtered = Boolean(params.q || params.typ || params.arkiverade);
  return (
    <div className="container">
      <div className="page-head">
        <h1>Organisationer</h1>
        {canEdit ? (
          <div className="ao-actions">
            <Link to="/organisationer/ny" className="button">
              Ny organisation
            </Link>
          </div>
        ) : null}
      </div>
      <p className="lead">Byalag, föreningar och andra som kan ta emot ett besök, med sina kontaktpersoner.</p>

      <Form method="get" className="card ao-filters" role="search" aria-label="Sök bland organisationerna">
        <div className="field ao-filters__q">
          <label htmlFor="org-q">Sök på namn eller område</label>
          <input id="org-q" type="search" name="q" defaultValue={params.q ?? ""} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="org-kind">Typ</label>
          <select id="org-kind" name="typ" defaultValue={params.typ ?? ""}>
            <option value="">Alla typer</option>
            {choicesWith(kinds.organizationChoices, params.typ as OrganizationKind | undefined).map((k) => (
              <option key={k} value={k}>
                {kinds.organization[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="checkbox ao-filters__archived">
          <input id="org-archived" type="checkbox" name="arkiverade" value="1" defaultChecked={params.arkiverade} />
          <label htmlFor="org-archived">Visa även arkiverade</label>
        </div>
        <div className="ao-filters__buttons">
          <button type="submit" className="button">
            Sök
          </button>
          {filtered ? <Link to="/organisationer">Visa alla</Link> : null}
        </div>
      </Form>

      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="orgs-caption">
        <table className="table">
          <caption id="orgs-caption">
            {total === 0 ? "Inga organisationer matchar sökningen" : `Organisationer ${formatNumber(first)}–${formatNumber(last)} av ${formatNumber(total)}`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Namn</th>
              <th scope="col">Typ</th>
              <th scope="col">Område</th>
              <th scope="col" className="num">
                Kontaktpersoner
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((o) => (
              <tr key={o.id}>
                <th scope="row">
                  <Link to={`/organisationer/${o.id}`}>{o.name}</Link>
                  {o.archived ? (
                    <>
                      {" "}
                      <span className="badge badge--inactive">Arkiverad</span>
                    </>
                  ) : null}
                </th>
                <td>{kinds.organization[o.kind]}</td>
                <td>
                  <Link to={`/omraden/${o.areaId}`}>{o.areaName}</Link>
                </td>
                <td className="num">{o.contactCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} pageCount={pageCount} label="Sidor i listan" />
    </div>
  );
}
