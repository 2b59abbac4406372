import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pager, pageParam } from "~/components/pager";
import { ConfirmPanel, ResultMessage } from "~/components/result-message";
import { getDb } from "~/db.server";
import { formatPlace } from "~/domain/schedule/format";
import { listAbsences } from "~/domain/staffing/absences.server";
import { signUpNotice } from "~/domain/staffing/board.server";
import { ABSENCE_KIND_LABELS, ASSIGNMENT_STATUS_LABELS } from "~/domain/staffing/labels";
import { getMySchedule, openPlacesFor, osmLink, stopTitle, type MyBooking, type OpenPlace } from "~/domain/staffing/my-schedule.server";
import { mayWithdraw, type StaffConflict } from "~/domain/staffing/rules";
import { signUp, staffingSettings, withdraw } from "~/domain/staffing/staffing.server";
import { appOrigin } from "~/domain/calendar/ics.server";
import { Conflict } from "~/domain/errors";
import { toHttpResponse, domainStatus } from "~/utils/http.server";
import { STOP_STATUS_LABELS } from "~/domain/stops/labels";
import { requireUser } from "~/session.server";
import { formatIsoDate, formatPeriod } from "~/utils/dates";
import { SubmitButton } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "Mitt schema – Rullar ut" }];

type BookingView = {
  /** The person may still withdraw (before the cutoff, stop not held or cancelled). */
  canWithdraw: boolean;
  assignmentId: string;
  stopId: string;
  title: string;
  when: string;
  place: string;
  role: string;
  status: "requested" | "confirmed";
  stopStatus: MyBooking["stopStatus"];
  mapHref: string;
  osmHref: string;
};

function view(b: MyBooking, canWithdraw = false): BookingView {
  return {
    canWithdraw,
    assignmentId: b.assignmentId,
    stopId: b.stopId,
    title: b.title,
    when: formatPeriod(b.startsAt, b.endsAt),
    place: formatPlace(b),
    role: b.roleLabel,
    status: b.status,
    stopStatus: b.stopStatus,
    mapHref: `/karta?${new URLSearchParams({
      turne: b.tourId,
      stopp: b.stopId,
    })}`,
    osmHref: osmLink(b.lat, b.lng),
  };
}

function openView(p: OpenPlace) {
  return {
    stopId: p.stopId,
    title: p.title,
    tourName: p.tourName,
    when: formatPeriod(p.startsAt, p.endsAt),
    place: formatPlace(p),
    role: p.roleLabel,
    places: p.missing === 1 ? "1 ledig plats" : `${p.missing} lediga platser`,
  };
}

/** The person's own clashes, in their words. */
function conflictText(c: StaffConflict): string {
  switch (c.kind) {
    case "double_booking":
      return c.gapMinutes < 0
        ? `Krockar med ”${c.otherTitle}”, som pågår samtidigt.`
        : `Bara ${c.gapMinutes} minuter från ”${c.otherTitle}”: för kort tid att ta sig emellan.`;
    case "absence":
      return `Du har anmält frånvaro ${formatIsoDate(c.startsOn)}${c.endsOn !== c.startsOn ? ` – ${formatIsoDate(c.endsOn)}` : ""}.`;
  }
}

/** The outcome of the last action, named in the address so it survives the redirect (and works without JavaScript). */
function noticeText(db: ReturnType<typeof getDb>, userId: string, params: URLSearchParams): string | null {
  const signedUp = params.get("anmald");
  if (signedUp) {
    const s = signUpNotice(db, userId, signedUp);
    return s ? `Du är anmäld som ${s.role} till ”${s.title}”. Turnéledaren bekräftar anmälan.` : null;
  }
  const withdrawn = params.get("avanmald");
  if (withdrawn) {
    const title = stopTitle(db, withdrawn);
    return `Du är avanmäld${title ? ` från ”${title}”` : ""}. Turnéledaren har fått ett meddelande.`;
  }
  return null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const now = new Date();
  const url = new URL(request.url);
  const schedule = getMySchedule(db, user.id, {
    page: pageParam(url),
    now,
  });
  const { staffingCutoffHours: cutoffHours } = staffingSettings(db);
  const conflicts = schedule.conflicts.map((c) => ({
    stopId: c.stopId,
    text: conflictText(c),
  }));
  const upcoming = schedule.upcoming.map((b) => view(b, mayWithdraw(now, { ...b, status: b.stopStatus }, cutoffHours)));
  // "Avanmäl mig" first asks (?avanmal=<stop>); "Nej" comes back with ?behall=<stop> to the same button.
  const asked = url.searchParams.get("avanmal");
  return {
    upcoming,
    cutoffHours,
    upcomingTotal: schedule.upcomingTotal,
    page: schedule.page,
    pageCount: schedule.pageCount,
    cancelled: schedule.cancelled.map((b) => view(b)),
    past: schedule.past.map((b) => view(b)),
    conflicts,
    conflictTitles: schedule.conflictTitles,
    qualified: user.advisorFunctions.length > 0 || user.answerGroups.length > 0,
    openPlaces: openPlacesFor(db, user.id, { now }).map(openView),
    confirmWithdraw: upcoming.some((b) => b.stopId === asked && b.canWithdraw) ? asked : null,
    keep: url.searchParams.get("behall"),
    notice: noticeText(db, user.id, url.searchParams),
    absences: listAbsences(db, user.id).map((a) => ({
      id: a.id,
      kind: ABSENCE_KIND_LABELS[a.kind],
      period: a.startsOn === a.endsOn ? formatIsoDate(a.startsOn) : `${formatIsoDate(a.startsOn)} – ${formatIsoDate(a.endsOn)}`,
    })),
  };
}

/** The page's buttons: withdraw from a booking (after the question), sign up for an open place. */
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("withdraw"), stopId: z.string().min(1), sida: z.string().optional() }),
  z.object({ intent: z.literal("signup"), stopId: z.string().min(1), sida: z.string().optional() }),
]);

/** Both go through the staffing verbs, with the same rules as on Bemanning and the stop page (ADR 015). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: actionSchema });
  if (submission.status !== "success") {
    return data({ intent: "", stopId: "", error: "Okänd åtgärd. Ladda om sidan och försök igen." }, { status: 400 });
  }
  const { intent, stopId, sida } = submission.value;
  try {
    if (intent === "withdraw") withdraw(getDb(), user, stopId, new Date(), { origin: appOrigin(request) });
    else signUp(getDb(), user, stopId);
  } catch (error) {
    if (error instanceof Conflict) return data({ intent, stopId, error: error.message }, { status: domainStatus(error, "form") });
    throw toHttpResponse(error);
  }
  const params = new URLSearchParams({ [intent === "withdraw" ? "avanmald" : "anmald"]: stopId });
  if (sida && /^\d+$/.test(sida) && sida !== "1") params.set("sida", sida);
  throw redirect(`/mitt-schema?${params}`);
}

type ActionError = { intent: string; stopId: string; error: string } | undefined;

/** The page number to carry through a form, if not the first. */
function useSida(): string {
  const [searchParams] = useSearchParams();
  return searchParams.get("sida") ?? "";
}

function ActionAlert({ error }: { error: ActionError }) {
  if (!error) return null;
  return (
    <ResultMessage tone="alert" focusKey={error} className="form-error">
      <p>
        <span aria-hidden="true">⚠ </span>
        {error.error}
      </p>
    </ResultMessage>
  );
}

/**
 * "Avanmäl mig": a GET form that asks first (issue 13, point 5b), so a slip of the finger does
 * not give the place away and e-mail the tour leader. Works the same without JavaScript.
 */
function Withdraw({ b, asking, keep, error }: { b: BookingView; asking: boolean; keep: boolean; error: ActionError }) {
  const navigation = useNavigation();
  const sida = useSida();
  const busy = navigation.state === "submitting" && navigation.formData?.get("stopId") === b.stopId;
  const back = new URLSearchParams({ behall: b.stopId });
  if (sida) back.set("sida", sida);
  if (!asking) {
    return (
      <div className="my-schedule__withdraw">
        <ActionAlert error={error} />
        <Form method="get" action="/mitt-schema" preventScrollReset>
          {sida ? <input type="hidden" name="sida" value={sida} /> : null}
          <button type="submit" name="avanmal" value={b.stopId} className="button button--secondary" autoFocus={keep}>
            Avanmäl mig<span className="visually-hidden"> från {b.title}</span>
          </button>
        </Form>
      </div>
    );
  }
  return (
    <ConfirmPanel labelId={`avanmal-fraga-${b.assignmentId}`} question={<strong>Vill du avanmäla dig från ”{b.title}”?</strong>}>
      <p>Platsen blir ledig och turnéledaren får ett meddelande.</p>
      <ActionAlert error={error} />
      <div className="button-row">
        <Form method="post" preventScrollReset>
          <input type="hidden" name="intent" value="withdraw" />
          <input type="hidden" name="stopId" value={b.stopId} />
          <input type="hidden" name="sida" value={sida} />
          <SubmitButton className="button" busy={busy}>
            {busy ? "Avanmäler …" : "Ja, avanmäl mig"}
          </SubmitButton>
        </Form>
        <Link to={`/mitt-schema?${back}`} className="button button--secondary" preventScrollReset>
          Nej, behåll passet
        </Link>
      </div>
    </ConfirmPanel>
  );
}

function Facts({ b }: { b: { when: string; place: string; role: string } }) {
  return (
    <>
      <dt>När</dt>
      <dd>{b.when}</dd>
      <dt>Plats</dt>
      <dd>{b.place || "–"}</dd>
      <dt>Roll</dt>
      <dd>{b.role}</dd>
    </>
  );
}

function BookingCard({ b, conflicts, withdraw }: { b: BookingView; conflicts: string[]; withdraw?: { asking: boolean; keep: boolean; error: ActionError } }) {
  return (
    <li className="card my-schedule__card">
      <h3 className="my-schedule__title">
        <Link to={`/stopp/${b.stopId}`}>{b.title}</Link>
      </h3>
      <dl className="my-schedule__facts">
        <Facts b={b} />
        {b.stopStatus === "cancelled" ? (
          <>
            <dt>Stoppet</dt>
            <dd>
              <strong className="my-schedule__cancelled">Inställt</strong>
            </dd>
          </>
        ) : (
          <>
            <dt>Bokning</dt>
            <dd>
              <span className={`my-schedule__status my-schedule__status--${b.status}`}>{ASSIGNMENT_STATUS_LABELS[b.status]}</span>
            </dd>
            {b.stopStatus !== "confirmed" && b.stopStatus !== "held" ? (
              <>
                <dt>Stoppet</dt>
                <dd>{STOP_STATUS_LABELS[b.stopStatus]}</dd>
              </>
            ) : null}
          </>
        )}
      </dl>
      {conflicts.length ? (
        <div className="warning my-schedule__conflict">
          {conflicts.map((text) => (
            <p key={text}>
              <span aria-hidden="true">⚠ </span>
              <strong>Krock: </strong>
              {text}
            </p>
          ))}
        </div>
      ) : null}
      {b.stopStatus === "cancelled" ? null : (
        <p className="my-schedule__links">
          <Link to={b.mapHref}>
            Visa på kartan<span className="visually-hidden">: {b.title}</span>
          </Link>
          <a href={b.osmHref} rel="noopener noreferrer" target="_blank">
            Öppna i kartapp
            <span className="visually-hidden">: {b.title} (öppnas i nytt fönster)</span>
          </a>
        </p>
      )}
      {withdraw && b.canWithdraw ? <Withdraw b={b} {...withdraw} /> : null}
    </li>
  );
}

type OpenPlaceView = ReturnType<typeof openView>;

function OpenPlaceCard({ p, error }: { p: OpenPlaceView; error: ActionError }) {
  const navigation = useNavigation();
  const sida = useSida();
  const busy = navigation.state === "submitting" && navigation.formData?.get("stopId") === p.stopId;
  return (
    <li className="card my-schedule__card">
      <h3 className="my-schedule__title">
        <Link to={`/stopp/${p.stopId}`}>{p.title}</Link>
      </h3>
      <dl className="my-schedule__facts">
        <Facts b={p} />
        <dt>Platser</dt>
        <dd>{p.places}</dd>
      </dl>
      <ActionAlert error={error} />
      <Form method="post" preventScrollReset className="my-schedule__signup">
        <input type="hidden" name="intent" value="signup" />
        <input type="hidden" name="stopId" value={p.stopId} />
        <input type="hidden" name="sida" value={sida} />
        <SubmitButton className="button" busy={busy}>
          {busy ? "Anmäler …" : "Anmäl mig"}
          <span className="visually-hidden"> till {p.title}</span>
        </SubmitButton>
      </Form>
    </li>
  );
}

export default function MySchedulePage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const errorFor = (intent: string, stopId: string): ActionError =>
    actionData && actionData.intent === intent && actionData.stopId === stopId ? actionData : undefined;
  const byStop = new Map<string, string[]>();
  for (const c of d.conflicts) byStop.set(c.stopId, [...(byStop.get(c.stopId) ?? []), c.text]);
  const cancelledHeading = d.cancelled.length === 1 ? "1 inställt stopp" : `${d.cancelled.length} inställda stopp`;
  return (
    <div className="container my-schedule">
      <h1>Mitt schema</h1>
      <p className="lead">
        De stopp du är bokad på, från och med i dag. Du kan avanmäla dig fram till {d.cutoffHours} timmar före start; därefter kontaktar du turnéledaren.
      </p>
      {d.notice ? (
        <ResultMessage id="resultat" focusKey={location.key} className="notice">
          <p>{d.notice}</p>
        </ResultMessage>
      ) : null}
      {actionData && !actionData.stopId ? <ActionAlert error={actionData} /> : null}

      {d.conflicts.length ? (
        <section className="warning" aria-labelledby="mina-krockar">
          <h2 id="mina-krockar" className="my-schedule__warning-heading">
            {d.conflicts.length === 1 ? "1 krock i ditt schema" : `${d.conflicts.length} krockar i ditt schema`}
          </h2>
          <ul>
            {d.conflicts.map((c, i) => (
              <li key={i}>
                <Link to={`/stopp/${c.stopId}`}>{d.conflictTitles[c.stopId] ?? "Stoppet"}</Link>: {c.text}
              </li>
            ))}
          </ul>
          <p>Kontakta turnéledaren, som bestämmer vem som tar passet.</p>
        </section>
      ) : null}

      <section aria-labelledby="kommande">
        <h2 id="kommande">Kommande stopp ({d.upcomingTotal})</h2>
        {d.upcoming.length ? (
          <ol className="my-schedule__list">
            {d.upcoming.map((b) => (
              <BookingCard
                key={b.assignmentId}
                b={b}
                conflicts={byStop.get(b.stopId) ?? []}
                withdraw={{ asking: d.confirmWithdraw === b.stopId, keep: d.keep === b.stopId, error: errorFor("withdraw", b.stopId) }}
              />
            ))}
          </ol>
        ) : (
          <p>
            Du är inte bokad på något kommande stopp.
            {d.qualified ? " Nedan ser du stopp du kan anmäla dig till." : null} Under <Link to="/bemanning">Bemanning</Link> ser du alla stopp som behöver
            folk.
          </p>
        )}
        <Pager page={d.page} pageCount={d.pageCount} label="Sidor med kommande stopp" dropParams={["anmald", "avanmald", "avanmal", "behall"]} />
      </section>

      {d.cancelled.length ? (
        <section aria-labelledby="installda">
          <h2 id="installda">{cancelledHeading}</h2>
          <p>{d.cancelled.length === 1 ? "Stoppet är inställt" : "Stoppen är inställda"}. Du behöver inte göra något.</p>
          <ol className="my-schedule__list">
            {d.cancelled.map((b) => (
              <BookingCard key={b.assignmentId} b={b} conflicts={[]} />
            ))}
          </ol>
        </section>
      ) : null}

      {d.qualified ? (
        <section aria-labelledby="lediga">
          <h2 id="lediga">Lediga platser för dig</h2>
          {d.openPlaces.length ? (
            <>
              <p>Kommande stopp som behöver någon med din funktion eller svarsgrupp, där du kan anmäla dig nu. Turnéledaren bekräftar anmälan.</p>
              <ol className="my-schedule__list">
                {d.openPlaces.map((p) => (
                  <OpenPlaceCard key={p.stopId} p={p} error={errorFor("signup", p.stopId)} />
                ))}
              </ol>
            </>
          ) : (
            <p>Just nu finns inga lediga platser som du kan anmäla dig till.</p>
          )}
          <p>
            Fler stopp och roller finns under <Link to="/bemanning">Bemanning</Link>.
          </p>
        </section>
      ) : null}

      {d.past.length ? (
        <section aria-labelledby="tidigare">
          <h2 id="tidigare">Tidigare stopp under turnén</h2>
          <details className="my-schedule__past">
            <summary>{d.past.length === 1 ? "Visa det senaste" : `Visa de ${d.past.length} senaste`}</summary>
            <ol className="my-schedule__list">
              {d.past.map((b) => (
                <BookingCard key={b.assignmentId} b={b} conflicts={[]} />
              ))}
            </ol>
          </details>
        </section>
      ) : null}

      <div className="my-schedule__aside">
        <section className="card stack" aria-labelledby="franvaro">
          <h2 id="franvaro">Frånvaro</h2>
          {d.absences.length ? (
            <ul>
              {d.absences.map((a) => (
                <li key={a.id}>
                  {a.kind}: {a.period}
                </li>
              ))}
            </ul>
          ) : (
            <p>Du har ingen kommande frånvaro anmäld.</p>
          )}
          <p>
            <Link to="/mitt-schema/franvaro">Anmäl eller ta bort frånvaro</Link>
          </p>
        </section>
        <section className="card stack" aria-labelledby="prenumerera">
          <h2 id="prenumerera">Prenumerera</h2>
          <p>
            Få ditt schema i din egen kalender (Outlook, Google, mobilen): skapa en personlig adress under <Link to="/kalenderflode">Kalenderflöde</Link> och
            välj ”Mitt schema”.
          </p>
        </section>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
