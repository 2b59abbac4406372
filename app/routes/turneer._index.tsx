import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { listTours } from "~/domain/tours/tours.server";
import { can } from "~/domain/users/roles";
import { requireUser } from "~/session.server";
import { formatIsoDate } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Turnéer – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { tours: listTours(getDb()), canEdit: can.planTour(user.role) };
}

export default function ToursPage() {
  const { tours, canEdit } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <div className="page-head">
        <h1>Turnéer</h1>
        {canEdit ? (
          <Link to="ny" className="button">
            Ny turné
          </Link>
        ) : null}
      </div>
      {tours.length === 0 ? (
        <p>Det finns inga turnéer ännu.</p>
      ) : (
        <ul className="card-list">
          {tours.map((t) => (
            <li key={t.id} className="card">
              <h2>
                <Link to={t.id}>{t.name}</Link>
              </h2>
              <p className="muted">
                {formatIsoDate(t.startsOn)} – {formatIsoDate(t.endsOn)} · {t.stopCount} stopp, varav {t.heldCount} genomförda
              </p>
              {t.focus ? <p>{t.focus}</p> : null}
              {t.targetTags.length ? (
                <p className="tags">
                  {t.targetTags.map((tag) => (
                    <span key={tag} className="tag">
                      {tag}
                    </span>
                  ))}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
