import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { NOTICE_EMAIL_MODES } from "#db/enums";
import { AreasMapClientOnly } from "~/components/map/lazy-map";
import { getDb } from "~/db.server";
import { countAreas, searchAreas } from "~/domain/areas/areas.server";
import { AREA_KIND_LABELS } from "~/domain/areas/labels";
import { areaSearchSchema } from "~/domain/areas/schemas";
import { Pager } from "~/components/pager";
import { PopulationCell } from "~/components/areas/population";
import { mapViewProps } from "~/domain/map/map-view.server";
import { getMunicipalityName } from "~/domain/settings/settings.server";
import { markNoticesSeen, noticeSummary, setNoticeEmail } from "~/domain/notices/notices.server";
import { NOTICE_EMAIL_LABELS, NOTICE_EMAIL_SHORT, noticeActionSchema } from "~/domain/notices/schemas";
import { can } from "~/domain/users/roles";
import { requireUser } from "~/session.server";
import { formatDayTime } from "~/utils/dates";
import { formatNumber } from "~/utils/format";
import { SubmitButton } from "~/components/forms";
import { ResultMessage } from "~/components/result-message";

export const meta: MetaFunction = () => [{ title: "Översikt – Rullar ut" }];

/** Rows in the start page's areas table; the map shows every area (fetched from /omraden/karta.json). */
const OVERVIEW_PAGE_SIZE = 25;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const readAt = new Date();
  const summary = noticeSummary(db, user, readAt);
  const search = areaSearchSchema.pick({ q: true, sida: true }).parse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    areaCount: countAreas(db),
    areas: searchAreas(db, { q: search.q, page: search.sida, pageSize: OVERVIEW_PAGE_SIZE }),
    q: search.q ?? "",
    map: mapViewProps(db),
    municipalityName: getMunicipalityName(db),
    isAdmin: can.manageSettings(user.role),
    news: summary
      ? {
          ...summary,
          readAt: readAt.toISOString(),
          since: summary.since ? formatDayTime(summary.since) : null,
          notices: summary.notices.map((n) => ({ ...n, at: formatDayTime(n.at) })),
        }
      : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: noticeActionSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), saved: null }, { status: 400 });
  const db = getDb();
  if (submission.value.intent === "seen") markNoticesSeen(db, user, submission.value.upTo);
  else setNoticeEmail(db, user, submission.value.mode);
  return { result: submission.reply(), saved: submission.value.intent };
}

function plural(n: number, one: string, many: string): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

function News({ news, isAdmin }: { news: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["news"]>; isAdmin: boolean }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod === "POST";
  const emailError = actionData?.result.error?.mode?.[0];
  const standing = [
    news.pendingSignups ? { text: plural(news.pendingSignups, "anmälan väntar på bekräftelse", "anmälningar väntar på bekräftelse"), to: "/bemanning" } : null,
    news.failedEmails
      ? {
          text: plural(news.failedEmails, "e-postmeddelande kunde inte levereras", "e-postmeddelanden kunde inte levereras"),
          to: isAdmin ? "/admin/utkorg?status=failed" : null,
        }
      : null,
    news.failedCaseDeliveries
      ? {
          text: plural(news.failedCaseDeliveries, "ärende kunde inte lämnas till ärendesystemet", "ärenden kunde inte lämnas till ärendesystemet"),
          to: "/arenden",
        }
      : null,
  ].filter((x): x is { text: string; to: string | null } => x !== null);
  return (
    <section className="news" aria-labelledby="news-heading">
      <h2 id="news-heading">Nytt sedan sist</h2>
      <p className="muted">{news.since ? `Sedan du markerade allt som läst ${news.since}.` : "Allt som hänt hittills."}</p>
      {actionData?.saved === "seen" ? (
        <ResultMessage focusKey={actionData} className="notice">
          Allt är markerat som läst.
        </ResultMessage>
      ) : null}
      {news.notices.length === 0 && standing.length === 0 ? (
        <p>Inget nytt. Svar från byalag, anmälningar och avanmälningar visas här när de kommer.</p>
      ) : (
        <>
          {standing.length ? (
            <ul className="news__standing">
              {standing.map((s) => (
                <li key={s.text}>{s.to ? <Link to={s.to}>{s.text}</Link> : s.text}</li>
              ))}
            </ul>
          ) : null}
          {news.notices.length ? (
            <ul className="news__list">
              {news.notices.map((n) => (
                <li key={n.id} className={`news__item news__item--${n.kind}`}>
                  <span className="news__kind">{n.kindLabel}</span> <span className="news__text">{n.text}</span>{" "}
                  <span className="news__meta">
                    {n.at}
                    {n.tourName ? ` · ${n.tourName}` : ""}
                  </span>
                  {n.href ? (
                    <>
                      {" "}
                      <Link to={n.href}>
                        Öppna<span className="visually-hidden">: {n.text}</span>
                      </Link>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {news.more ? <p className="muted">…och {plural(news.more, "äldre nyhet", "äldre nyheter")}.</p> : null}
          {news.notices.length ? (
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="seen" />
              <input type="hidden" name="upTo" value={news.readAt} />
              <SubmitButton className="button button--secondary" busy={busy}>
                Markera som läst
              </SubmitButton>
            </Form>
          ) : null}
        </>
      )}
      <details className="news__settings" open={Boolean(emailError) || actionData?.saved === "email"}>
        <summary>
          E-post om nyheter: <strong>{NOTICE_EMAIL_SHORT[news.emailMode]}</strong>
        </summary>
        <Form method="post" preventScrollReset className="news__email">
          <input type="hidden" name="intent" value="email" />
          <fieldset aria-describedby={emailError ? "news-email-error" : undefined}>
            <legend>E-post om nyheter</legend>
            {NOTICE_EMAIL_MODES.map((mode) => (
              <div className="radio" key={mode}>
                <input type="radio" id={`news-email-${mode}`} name="mode" value={mode} defaultChecked={news.emailMode === mode} />
                <label htmlFor={`news-email-${mode}`}>{NOTICE_EMAIL_LABELS[mode]}</label>
              </div>
            ))}
            {emailError ? (
              <p id="news-email-error" className="field-error">
                {emailError}
              </p>
            ) : null}
          </fieldset>
          <SubmitButton className="button button--secondary" busy={busy}>
            Spara e-postval
          </SubmitButton>
          {actionData?.saved === "email" ? (
            <ResultMessage focusKey={actionData} className="news__saved">
              Sparat.
            </ResultMessage>
          ) : null}
        </Form>
      </details>
    </section>
  );
}

export default function OverviewPage() {
  const { areaCount, areas, q, map, municipalityName, news, isAdmin } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { items, total, page, pageSize, pageCount } = areas;
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <div className="container">
      <h1>Översikt</h1>
      {isAdmin && searchParams.has("uppsatt") ? (
        <ResultMessage className="notice">
          Uppsättningen är klar. Lägg till turnéledare och personal under <Link to="/admin/anvandare">Användare</Link>, och skapa årets turné under{" "}
          <Link to="/turneer/ny">Turnéer</Link>.
        </ResultMessage>
      ) : null}
      {news ? <News news={news} isAdmin={isAdmin} /> : null}
      <h2>Områden i {municipalityName}</h2>
      <p className="lead">
        {plural(areaCount, "område", "områden")}: tätorter, småorter och stadsdelar. Kartan visar alla; tabellen visar {pageSize} åt gången och kan sökas.
      </p>
      <div className="map-and-table">
        <AreasMapClientOnly label="Karta över områdena" dataUrl="/omraden/karta.json" {...map} />
        <div className="overview-areas">
          <Form method="get" className="overview-search" role="search" aria-label="Sök bland områdena">
            <label htmlFor="overview-q">Sök område</label>
            <div className="overview-search__row">
              <input id="overview-q" type="search" name="q" defaultValue={q} autoComplete="off" maxLength={100} />
              <button type="submit" className="button button--secondary">
                Sök
              </button>
            </div>
            {q ? <Link to="/">Visa alla områden</Link> : null}
          </Form>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="areas-caption">
            <table className="table">
              <caption id="areas-caption">
                {total === 0
                  ? `Inga områden matchar «${q}»`
                  : `Områden ${formatNumber(first)}–${formatNumber(last)} av ${formatNumber(total)}${q ? ` som matchar «${q}»` : ""}`}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Namn</th>
                  <th scope="col">Typ</th>
                  <th scope="col" className="num">
                    Invånare
                  </th>
                  <th scope="col" className="num">
                    Föreningar
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <Link to={`/omraden/${a.id}`}>{a.name}</Link>
                    </th>
                    <td>{AREA_KIND_LABELS[a.kind]}</td>
                    <PopulationCell population={a.population} populationYear={a.populationYear} />
                    <td className="num">{a.organizationCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pageCount={pageCount} label="Fler områden" />
        </div>
      </div>
    </div>
  );
}
