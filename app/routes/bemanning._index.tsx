import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSubmit } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FilterSelect } from "~/components/forms";
import { useFormKey } from "~/hooks/use-form-key";
import { Pager, pageParam } from "~/components/pager";
import { BoardGrid } from "~/components/staffing/board-grid";
import { BoardNeeds } from "~/components/staffing/board-needs";
import { ResultMessage } from "~/components/result-message";
import { cachedUntilChange, getDb } from "~/db.server";
import { appOrigin } from "~/domain/calendar/ics.server";
import { Conflict } from "~/domain/errors";
import {
  BOARD_PAGE_SIZE,
  boardGrid,
  bookedStopIds,
  bookingNotice,
  cachedRoleLabels,
  readBoardQuery,
  signUpNotice,
  unfilledNeeds,
} from "~/domain/staffing/board.server";
import { qualifiedFor, parseRoleKey } from "~/domain/staffing/rules";
import { assignStaff, signUp } from "~/domain/staffing/staffing.server";
import { can } from "~/domain/users/roles";
import { requireUser } from "~/session.server";
import { chosenTourId } from "~/domain/tours/chosen-tour.server";
import { formatPeriod } from "~/utils/dates";
import { toHttpResponse, domainStatus } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Bemanning – Rullar ut" }];

/** One-off parameters that must not follow to other pages or filters. */
const NOTICE_PARAMS = ["bokad", "anmald"];

const monthFormat = new Intl.DateTimeFormat("sv-SE", { month: "long", year: "numeric", timeZone: "UTC" });
function monthLabel(month: string) {
  return monthFormat.format(new Date(`${month}-15T12:00:00Z`));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const url = new URL(request.url);
  const planner = can.planTour(user.role);
  const query = readBoardQuery(db, url.searchParams, chosenTourId(db, user, url.searchParams));
  const labels = cachedRoleLabels(db);
  const roles = [...labels].map(([value, label]) => ({ value, label }));
  const base = {
    planner,
    tours: query.tours.map((t) => ({ id: t.id, name: t.name })),
    tour: query.tour ? { id: query.tour.id, name: query.tour.name } : null,
    months: query.months.map((m) => ({ value: m, label: monthLabel(m) })),
    roles,
    errors: query.errors,
    selected: {
      month: query.filters?.month ?? "",
      role: query.filters?.role ?? "",
      unfilledOnly: query.filters?.unfilledOnly ?? false,
    },
  };
  if (!query.filters) return { ...base, grid: null, needs: null, notice: null };

  // Kept until the data change (or the minute turns: the open needs are those not yet started).
  const filters = query.filters;
  const page = pageParam(url);
  const { grid, open } = cachedUntilChange(
    db,
    `board:${JSON.stringify(filters)}:${page}:${planner}`,
    () => ({ grid: boardGrid(db, filters, page), open: unfilledNeeds(db, filters, { suggestions: planner }) }),
    { alsoUntil: Math.floor(Date.now() / 60_000) },
  );
  const mine = planner
    ? new Set<string>()
    : bookedStopIds(
        db,
        user.id,
        open.needs.map((n) => n.stopId),
      );

  let notice: { text: string; conflicts: string[]; overStaffed: string[] } | null = null;
  const booked = url.searchParams.get("bokad");
  const signedUp = url.searchParams.get("anmald");
  if (booked) {
    const b = bookingNotice(db, booked);
    if (b) notice = { text: `${b.name} är bokad som ${b.role} på ”${b.title}”.`, conflicts: b.conflicts, overStaffed: b.overStaffed };
  } else if (signedUp) {
    const s = signUpNotice(db, user.id, signedUp);
    if (s) notice = { text: `Du är anmäld som ${s.role} till ”${s.title}”. Turnéledaren bekräftar anmälan.`, conflicts: [], overStaffed: [] };
  }

  return {
    ...base,
    notice,
    grid: {
      columns: grid.columns,
      total: grid.total,
      page: grid.page,
      pageCount: grid.pageCount,
      first: grid.total ? (grid.page - 1) * BOARD_PAGE_SIZE + 1 : 0,
      rows: grid.rows.map(({ startsAt, endsAt, ...r }) => ({ ...r, period: formatPeriod(startsAt, endsAt) })),
    },
    needs: {
      total: open.total,
      places: open.places,
      items: open.needs.map((n) => ({
        stopId: n.stopId,
        title: n.title,
        period: formatPeriod(n.startsAt, n.endsAt),
        place: n.place,
        role: n.role,
        roleLabel: n.roleLabel,
        needed: n.needed,
        filled: n.filled,
        missing: n.missing,
        suggestions: n.suggestions,
        mine: mine.has(n.stopId),
        canSignUp: !planner && !mine.has(n.stopId) && qualifiedFor(user, parseRoleKey(n.role)!),
      })),
    },
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("assign"),
    stopId: z.string({ required_error: "Välj ett stopp." }).min(1),
    userId: z.string({ required_error: "Välj en person." }).min(1),
    role: z.string({ required_error: "Välj en roll." }).regex(/^[fg]:[A-Za-z0-9_]{1,40}$/, "Välj en roll."),
  }),
  z.object({ intent: z.literal("signup"), stopId: z.string({ required_error: "Välj ett stopp." }).min(1) }),
]);

/** The board's address with the same filters, and a one-off notice parameter. */
function backTo(request: Request, notice: [string, string]): string {
  const params = new URLSearchParams(new URL(request.url).search);
  params.delete("index");
  for (const p of NOTICE_PARAMS) params.delete(p);
  params.set(notice[0], notice[1]);
  return `/bemanning?${params}`;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const submission = parseWithZod(await request.formData(), { schema: actionSchema });
  if (submission.status !== "success") {
    const message = Object.values(submission.error ?? {}).flat()[0] ?? "Begäran kunde inte tolkas.";
    return data({ error: message }, { status: 400 });
  }
  const value = submission.value;
  try {
    if (value.intent === "assign") {
      const result = assignStaff(db, user, { stopId: value.stopId, userId: value.userId, role: value.role }, { origin: appOrigin(request) });
      return redirect(backTo(request, ["bokad", result.assignmentId]));
    }
    signUp(db, user, value.stopId);
    return redirect(backTo(request, ["anmald", value.stopId]));
  } catch (error) {
    if (error instanceof Conflict) return data({ error: error.message }, { status: domainStatus(error, "form") });
    throw toHttpResponse(error);
  }
}

export default function StaffingBoardPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submit = useSubmit();
  const formKey = useFormKey();
  const location = useLocation();
  const { grid, needs } = d;
  const last = grid ? Math.min(grid.first + grid.rows.length - 1, grid.total) : 0;
  const caption = grid
    ? grid.total
      ? `Bemanning per stopp${d.tour ? `, ${d.tour.name}` : ""}: stopp ${grid.first}–${last} av ${grid.total}`
      : "Inga stopp matchar urvalet"
    : "";
  return (
    <div className="container">
      <div className="page-head">
        <h1>Bemanning</h1>
        {d.planner && d.tour ? (
          <Link to={`/bemanning/timmar?turne=${d.tour.id}`} className="button button--secondary">
            Timmar per person
          </Link>
        ) : null}
      </div>
      <p className="lead">
        {d.planner
          ? "Vilka som är bokade på turnéns stopp, vad som saknas och vilka konflikter som finns. Boka lediga personer direkt från listan över ofyllda behov."
          : "Vilka som är bokade på turnéns stopp och vad som saknas. Anmäl dig till behov som passar din funktion eller svarsgrupp."}
      </p>
      {/* The result of Boka / Anmäl mig takes focus (issue 13, point 5d). */}
      {d.notice ? (
        <ResultMessage focusKey={location.key} className="notice board-notice">
          <p>{d.notice.text}</p>
          {d.notice.conflicts.length ? (
            <>
              <p>
                <strong>
                  <span aria-hidden="true">⚠ </span>Observera:
                </strong>
              </p>
              <ul>
                {d.notice.conflicts.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            </>
          ) : null}
          {d.notice.overStaffed.map((o) => (
            <p key={o}>{o}</p>
          ))}
        </ResultMessage>
      ) : null}
      {actionData?.error ? (
        <ResultMessage tone="alert" focusKey={actionData} className="form-error">
          <p>
            <span aria-hidden="true">⚠ </span>
            {actionData.error}
          </p>
        </ResultMessage>
      ) : null}

      <Form
        key={formKey}
        method="get"
        className="card board-filters"
        role="search"
        aria-label="Filtrera bemanningen"
        onChange={(e) => submit(e.currentTarget, { replace: true, preventScrollReset: true })}
      >
        <FilterSelect
          id="board-tour"
          name="turne"
          label="Turné"
          defaultValue={d.tour?.id}
          options={d.tours.map((t) => ({ value: t.id, label: t.name }))}
          note={d.errors.tour && d.tour ? `${d.errors.tour} Visar ${d.tour.name}.` : null}
        />
        <FilterSelect
          key={d.tour?.id}
          id="board-month"
          name="manad"
          label="Månad"
          defaultValue={d.selected.month}
          options={d.months}
          all={{ value: "", label: "Alla månader" }}
          error={d.errors.month}
        />
        <FilterSelect
          id="board-role"
          name="roll"
          label="Roll"
          defaultValue={d.selected.role}
          options={d.roles}
          all={{ value: "", label: "Alla roller" }}
          error={d.errors.role}
        />
        <div className="checkbox board-filters__check">
          <input id="board-unfilled" type="checkbox" name="ofyllda" value="1" defaultChecked={d.selected.unfilledOnly} />
          <label htmlFor="board-unfilled">Bara ofyllda</label>
        </div>
        <div className="board-filters__buttons">
          <button type="submit" className="button">
            Visa
          </button>
        </div>
      </Form>

      {!grid || !needs ? (
        <p>Det finns inga turnéer än.</p>
      ) : (
        <>
          <section aria-labelledby="board-heading">
            <h2 id="board-heading">Stopp och roller</h2>
            {grid.rows.length ? <BoardGrid columns={grid.columns} rows={grid.rows} caption={caption} /> : <p>{caption}.</p>}
            <Pager page={grid.page} pageCount={grid.pageCount} label="Sidor i bemanningstavlan" dropParams={NOTICE_PARAMS} />
          </section>

          <section aria-labelledby="needs-heading" className="board-needs-section">
            <h2 id="needs-heading">Ofyllda behov</h2>
            <p>
              {needs.total
                ? `Kommande stopp med lediga platser: ${needs.places} ${needs.places === 1 ? "plats" : "platser"} i ${needs.total} behov.${needs.items.length < needs.total ? ` De ${needs.items.length} närmaste visas; välj månad eller roll för att se andra.` : ""}`
                : "Alla kommande stopp i urvalet är fullt bemannade."}
            </p>
            {needs.items.length ? <BoardNeeds needs={needs.items} planner={d.planner} /> : null}
          </section>
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
