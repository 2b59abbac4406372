import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { lazy, Suspense } from "react";
import { ClientOnly } from "~/components/client-only";
import { getDb } from "~/db.server";
import { appOrigin } from "~/domain/calendar/ics.server";
import { formatPlace, formatWhen } from "~/domain/schedule/format";
import { getPublicScheduleIntro, publicScheduleIndex, publicSchedulePage } from "~/domain/schedule/public-schedule.server";
import { Pager, pageParam } from "~/components/pager";
import { getEnv } from "~/env.server";
import { getUser } from "~/session.server";

const StopsMap = lazy(() => import("~/components/map/stops-map.client"));

export const meta: MetaFunction = () => [
  { title: "Här finns vi – KC rullar ut" },
  { name: "description", content: "Kontaktcentrets kommande besök ute i kommunen: var, när och vilka rådgivare som är på plats." },
];

/**
 * Public: no login. Anonymous visitors all get the same page, so shared caches may keep it a
 * minute. A logged-in visitor's page has their name in the header and must not be cached.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const db = getDb();
  const intro = getPublicScheduleIntro(db);
  const env = getEnv();
  const feedUrl = `${appOrigin(request)}/har-finns-vi.ics`;
  // One page of the list at a time; the map shows the stops on the page (its markers link to them).
  const now = new Date();
  // A calendar entry links to its stop (?stopp=): the page that holds it now.
  const url = new URL(request.url);
  const linked = url.searchParams.get("stopp");
  const index = linked ? publicScheduleIndex(db, linked, { now }) : null;
  const requested = index !== null ? Math.floor(index / PUBLIC_PAGE_SIZE) + 1 : pageParam(url);
  let schedule = publicSchedulePage(db, { now, page: requested, pageSize: PUBLIC_PAGE_SIZE });
  const total = schedule.total;
  const pageCount = Math.max(1, Math.ceil(total / PUBLIC_PAGE_SIZE));
  const page = Math.min(requested, pageCount);
  if (page !== requested) schedule = publicSchedulePage(db, { now, page, pageSize: PUBLIC_PAGE_SIZE });
  const stops = schedule.stops.map((s) => ({
    id: s.id,
    title: s.title,
    when: formatWhen(s.startsAt, s.endsAt),
    startsAt: s.startsAt.toISOString(),
    place: formatPlace(s),
    description: s.description,
    advisors: s.advisors,
    lat: s.lat,
    lng: s.lng,
  }));
  return data(
    {
      intro: { municipalityName: intro.municipalityName, officeName: intro.officeName, officeAddress: intro.officeAddress },
      stops,
      total,
      page,
      pageCount,
      first: (page - 1) * PUBLIC_PAGE_SIZE + 1,
      feed: { url: feedUrl, webcal: feedUrl.replace(/^https?:/, "webcal:") },
      map: { ...intro.map, tileUrl: env.MAP_TILE_URL, tileAttribution: env.MAP_TILE_ATTRIBUTION },
    },
    { headers: { "Cache-Control": user ? "private, no-store" : "public, max-age=60" } },
  );
}

/** Stops per page of the list. */
const PUBLIC_PAGE_SIZE = 20;

export const headers: HeadersFunction = ({ loaderHeaders }) => ({
  "Cache-Control": loaderHeaders.get("Cache-Control") ?? "no-store",
  Vary: "Cookie",
});

type ScheduleStop = ReturnType<typeof useLoaderData<typeof loader>>["stops"][number];

function StopsMapClientOnly({ stops, map }: Pick<ReturnType<typeof useLoaderData<typeof loader>>, "stops" | "map">) {
  const fallback = (
    <div className="map map--placeholder schedule-map">
      <p>Kartan laddas … Alla besök finns i listan nedan.</p>
    </div>
  );
  const markers = stops.map((s) => ({
    id: s.id,
    lat: s.lat,
    lng: s.lng,
    title: s.title,
    lines: [s.when, s.place].filter(Boolean),
    href: `#stopp-${s.id}`,
    linkText: "Läs mer i listan",
  }));
  return (
    <section className="map-region" aria-label="Karta över kommande besök">
      <ClientOnly fallback={fallback}>
        {() => (
          <Suspense fallback={fallback}>
            <StopsMap className="map schedule-map" markers={markers} {...map} />
          </Suspense>
        )}
      </ClientOnly>
    </section>
  );
}

function StopItem({ stop }: { stop: ScheduleStop }) {
  return (
    <li id={`stopp-${stop.id}`} className="schedule-item" tabIndex={-1}>
      <h3>{stop.title}</h3>
      <dl className="schedule-facts">
        <div>
          <dt>När</dt>
          <dd>
            <time dateTime={stop.startsAt}>{stop.when}</time>
          </dd>
        </div>
        {stop.place ? (
          <div>
            <dt>Var</dt>
            <dd>{stop.place}</dd>
          </div>
        ) : null}
        {stop.advisors.length ? (
          <div>
            <dt>På plats</dt>
            <dd>{stop.advisors.join(", ")}</dd>
          </div>
        ) : null}
      </dl>
      {stop.description ? <p className="schedule-item__description">{stop.description}</p> : null}
    </li>
  );
}

export default function PublicSchedulePage() {
  const { intro, stops, total, page, pageCount, first, map, feed } = useLoaderData<typeof loader>();
  return (
    <div className="container schedule">
      <h1>Här finns vi</h1>
      <div className="prose">
        <p className="lead">
          Kontaktcentret kommer till dig! Under turnén <i>KC rullar ut</i> besöker vi byalag, föreningar och stadsdelar i {intro.municipalityName}. Kom förbi
          och ställ dina frågor om kommunen, få råd på plats eller berätta vad du tycker.
        </p>
        <p>
          Du kan också alltid besöka {intro.officeName}
          {intro.officeAddress ? <>, {intro.officeAddress}</> : null}.
        </p>
      </div>

      {stops.length === 0 ? (
        <div className="card">
          <h2>Inga inbokade besök just nu</h2>
          <p>Vi planerar nästa besök. Titta gärna in igen snart.</p>
        </div>
      ) : (
        <>
          <StopsMapClientOnly stops={stops} map={map} />
          <section aria-labelledby="kommande-besok" className="schedule-list-section">
            <h2 id="kommande-besok">
              Kommande besök ({total})
              {pageCount > 1 ? (
                <span className="muted heading-sub">
                  {" "}
                  · {first}–{first + stops.length - 1}
                </span>
              ) : null}
            </h2>
            <ol className="schedule-list" start={first}>
              {stops.map((s) => (
                <StopItem key={s.id} stop={s} />
              ))}
            </ol>
            <Pager page={page} pageCount={pageCount} label="Fler kommande besök" />
          </section>
        </>
      )}

      <section aria-labelledby="i-din-kalender" className="prose">
        <h2 id="i-din-kalender">Besöken i din kalender</h2>
        <p>
          <a href={feed.webcal}>Prenumerera på kalendern</a>, så kommer nya och ändrade besök in i din kalender av sig själva (Outlook, iPhone, Mac). I Google
          Kalender väljer du <i>Andra kalendrar → Från webbadress</i> och klistrar in adressen <span className="feed-address">{feed.url}</span>.
        </p>
        <p>
          <a href="/har-finns-vi.ics" type="text/calendar">
            Ladda ned besöken som kalenderfil
          </a>{" "}
          <span className="muted">(iCalendar, uppdateras inte av sig själv)</span>
        </p>
      </section>
    </div>
  );
}
