import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { listBatches } from "~/domain/invitations/invitations.server";
import { INVITATION_KIND_LABELS } from "~/domain/invitations/labels";
import { tourOptions } from "~/domain/tours/tours.server";
import { requirePlannerUser } from "~/session.server";
import { chosenTourId } from "~/domain/tours/chosen-tour.server";
import { formatIsoDate, formatLongDate } from "~/utils/dates";
import { handleDomain } from "~/utils/http.server";
import { TourPicker } from "~/components/tours/tour-picker";

export const meta: MetaFunction = () => [{ title: "Inbjudningar – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePlannerUser(request);
  const db = getDb();
  const tours = tourOptions(db);
  const tourId = chosenTourId(db, actor, new URL(request.url).searchParams);
  const batches = tourId ? await handleDomain(() => listBatches(db, actor, tourId)) : [];
  return {
    tours,
    tourId,
    batches: batches.map((b) => ({ ...b, createdAt: formatLongDate(b.createdAt), deadline: formatIsoDate(b.deadline) })),
  };
}

export default function InvitationsPage() {
  const { tours, tourId, batches } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <div className="page-head">
        <h1>Inbjudningar</h1>
        <Link to={tourId ? `ny?turne=${tourId}` : "ny"} className="button">
          Ny inbjudan
        </Link>
      </div>
      <TourPicker id="turne" tours={tours} value={tourId ?? ""} className="invitation-tour-form" />
      {batches.length === 0 ? (
        <p>Inga inbjudningar har skickats för den här turnén ännu.</p>
      ) : (
        <ul className="card-list">
          {batches.map((b) => (
            <li key={b.id} className="card">
              <h2>
                <Link to={tourId ? `${b.id}?turne=${encodeURIComponent(tourId)}` : b.id}>{b.subject}</Link>
              </h2>
              <p className="muted">
                {INVITATION_KIND_LABELS[b.kind]}
                {b.stopTitle ? `: ${b.stopTitle}` : ""} · skickad {b.createdAt} · sista svarsdag {b.deadline}
              </p>
              <p>
                {b.total} inbjudna · {b.accepted} tackat ja · {b.declined} tackat nej
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
