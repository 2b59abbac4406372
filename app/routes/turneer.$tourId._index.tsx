import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { STOP_STATUSES } from "#db/enums";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pager, pageParam } from "~/components/pager";
import { StatusBadge } from "~/components/stops/status-badge";
import { StopTable } from "~/components/stops/stop-table";
import { getDb } from "~/db.server";
import { listTourStops } from "~/domain/stops/stops.server";
import { getTour } from "~/domain/tours/tours.server";
import { can } from "~/domain/users/roles";
import { requireUser } from "~/session.server";
import { formatIsoDate, formatPeriod } from "~/utils/dates";
import { handleDomain } from "~/utils/http.server";
import { ResultMessage } from "~/components/result-message";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.tour.name ?? "Turné"} – Rullar ut` }];

const PAGE_SIZE = 50;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const tour = await handleDomain(() => getTour(db, params.tourId!));
  const page = pageParam(new URL(request.url));
  const { rows, byStatus } = listTourStops(db, tour.id, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
  const total = Object.values(byStatus).reduce((a, b) => a + (b ?? 0), 0);
  return {
    tour,
    stops: rows.map((s) => ({ ...s, period: formatPeriod(s.startsAt, s.endsAt) })),
    byStatus,
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    canEdit: can.planTour(user.role),
  };
}

export default function TourPage() {
  const { tour, stops, byStatus, total, page, pageCount, canEdit } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <div className="container">
      <p className="breadcrumb">
        <Link to="/turneer">Turnéer</Link>
      </p>
      <div className="page-head">
        <h1>{tour.name}</h1>
        {canEdit ? (
          <div className="button-row">
            <Link to={`/stopp/ny?turne=${tour.id}`} className="button">
              Nytt stopp
            </Link>
            <Link to="andra" className="button button--secondary">
              Ändra turnén
            </Link>
          </div>
        ) : null}
      </div>
      {searchParams.has("skapad") ? <ResultMessage className="notice">Turnén har skapats.</ResultMessage> : null}
      {searchParams.has("sparad") ? <ResultMessage className="notice">Ändringarna har sparats.</ResultMessage> : null}
      <p className="lead">
        {formatIsoDate(tour.startsOn)} – {formatIsoDate(tour.endsOn)}
      </p>
      {tour.focus ? <p>{tour.focus}</p> : null}
      {tour.targetTags.length ? (
        <p className="tags">
          Måltaggar:{" "}
          {tour.targetTags.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))}
        </p>
      ) : null}
      <p className="button-row">
        <Link to={`/karta?turne=${tour.id}`} className="button button--secondary">
          Karta
        </Link>
        <Link to={`/kalender?turne=${tour.id}&manad=${tour.startsOn.slice(0, 7)}`} className="button button--secondary">
          Kalender
        </Link>
      </p>
      <ul className="status-summary" aria-label="Stopp per status">
        {STOP_STATUSES.map((s) => (
          <li key={s}>
            <StatusBadge status={s} /> {byStatus[s] ?? 0}
          </li>
        ))}
      </ul>
      {total === 0 ? (
        <p>Turnén har inga stopp ännu.</p>
      ) : (
        <StopTable id="stops-caption" caption={`Stopp (${total})${pageCount > 1 ? `, sida ${page} av ${pageCount}` : ""}`} rows={stops} />
      )}
      <Pager page={page} pageCount={pageCount} label="Sidor med stopp" />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
