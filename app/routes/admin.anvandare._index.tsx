import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { ROLE_LABELS } from "~/domain/users/roles";
import { listReferenceData, listUsers } from "~/domain/users/users.server";
import { requireRole } from "~/session.server";
import { formatDateTime } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Användare – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  const db = getDb();
  const ref = listReferenceData(db);
  return {
    users: listUsers(db, actor),
    groupNames: Object.fromEntries(ref.answerGroups.map((g) => [g.code, g.name])),
    functionNames: Object.fromEntries(ref.advisorFunctions.map((f) => [f.code, f.name])),
  };
}

export default function UsersPage() {
  const { users, groupNames, functionNames } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <div className="page-head">
        <h1>Användare</h1>
        <Link to="ny" className="button">
          Ny användare
        </Link>
      </div>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="users-caption">
        <table className="table">
          <caption id="users-caption">Alla användare ({users.length})</caption>
          <thead>
            <tr>
              <th scope="col">Namn</th>
              <th scope="col">E-post</th>
              <th scope="col">Roll</th>
              <th scope="col">Anställning</th>
              <th scope="col">Svarsgrupper och funktioner</th>
              <th scope="col">Status</th>
              <th scope="col">Senast inloggad</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <th scope="row">
                  <Link to={u.id}>{u.name}</Link>
                </th>
                <td>{u.email}</td>
                <td>{ROLE_LABELS[u.role]}</td>
                <td>{u.hourly ? "Timanställd" : <span className="muted">–</span>}</td>
                <td>
                  {[...u.answerGroups.map((g) => groupNames[g] ?? g), ...u.advisorFunctions.map((f) => functionNames[f] ?? f)].join(", ") || (
                    <span className="muted">–</span>
                  )}
                </td>
                <td>{u.active ? "Aktiv" : <span className="badge badge--inactive">Inaktiverad</span>}</td>
                <td>{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : <span className="muted">aldrig</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
