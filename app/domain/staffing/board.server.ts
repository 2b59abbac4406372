/**
 * The staffing board (/bemanning) and the calendar's staffing markers: for a filtered, paged set
 * of stops, how many are booked in each role, what is missing, which conflicts there are, and
 * who could fill the gaps. Everything is read with a handful of set-based queries over the
 * stops shown (never one query per stop), so the board stays fast with ten years of data.
 * Id lists travel as one JSON parameter (json_each), so each statement is prepared once.
 */
import type { Statement } from "better-sqlite3";
import type { StopStatus } from "#db/enums";
import { cachedUntilChange, type Db } from "~/db.server";
import { MAX_STOP_SPAN_MS } from "~/domain/stops/schemas";
import { addDaysIso, stockholmDate, stockholmToUtc } from "~/utils/dates";
import { conflictMessage, overStaffedMessage } from "./labels";
import { absenceCovers, bookingsClash, gapMinutes, overStaffing, roleKey, type OverStaffed, type RoleKey, type StaffConflict } from "./rules";
import { roleLabels, staffingSettings } from "./staffing.server";

export const BOARD_PAGE_SIZE = 25;
/** The "Ofyllda behov" list shows at most this many needs; filters narrow it. */
export const BOARD_NEEDS_CAP = 10;
export const SUGGESTIONS_PER_NEED = 3;

const statements = new WeakMap<object, Map<string, Statement>>();

/** A prepared statement, kept per connection and SQL text (the filter combinations are few). */
function prepare(db: Db, text: string): Statement {
  let map = statements.get(db.$client);
  if (!map) {
    map = new Map();
    statements.set(db.$client, map);
  }
  let statement = map.get(text);
  if (!statement) {
    statement = db.$client.prepare(text);
    map.set(text, statement);
  }
  return statement;
}

function rows<T>(db: Db, text: string, params: unknown[]): T[] {
  return prepare(db, text).all(...params) as T[];
}

export type BoardFilters = {
  tourId: string;
  /** "YYYY-MM": stops starting in that Stockholm month. */
  month: string | null;
  role: RoleKey | null;
  unfilledOnly: boolean;
};

/** The first instant of a Stockholm month and of the next one. */
export function monthSpan(month: string): { from: Date; to: Date } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  return { from: stockholmToUtc(`${month}-01`, "00:00"), to: stockholmToUtc(`${next}-01`, "00:00") };
}

function roleCondition(role: RoleKey, alias: string): { text: string; params: unknown[] } {
  return role.startsWith("f:") ? { text: `${alias}.function_code = ?`, params: [role.slice(2)] } : { text: `${alias}.group_code = ?`, params: [role.slice(2)] };
}

/** Booked in the need's role: the role is kept on the booking (ADR 015). */
const FILLED = `(select count(*) from stop_assignments a where a.stop_id = n.stop_id and a.function_code is n.function_code and a.group_code is n.group_code)`;

/** The WHERE clause for the filtered stops (alias s), with its parameters. */
function stopFilter(filters: BoardFilters): { text: string; params: unknown[] } {
  const parts = ["s.tour_id = ?", "s.status <> 'cancelled'"];
  const params: unknown[] = [filters.tourId];
  if (filters.month) {
    const { from, to } = monthSpan(filters.month);
    parts.push("s.starts_at >= ? and s.starts_at < ?");
    params.push(from.getTime(), to.getTime());
  }
  const role = filters.role ? roleCondition(filters.role, "n") : null;
  if (filters.unfilledOnly) {
    parts.push(`exists (select 1 from stop_needs n where n.stop_id = s.id${role ? ` and ${role.text}` : ""} and n.count > ${FILLED})`);
    if (role) params.push(...role.params);
  } else if (role) {
    parts.push(`exists (select 1 from stop_needs n where n.stop_id = s.id and ${role.text})`);
    params.push(...role.params);
  }
  return { text: parts.join(" and "), params };
}

type StopRow = { id: string; title: string; status: StopStatus; startsAt: number; endsAt: number; place: string | null };
type NeedRow = { stopId: string; functionCode: string | null; groupCode: string | null; count: number };
type AssignmentRow = {
  id: string;
  stopId: string;
  userId: string;
  name: string;
  functionCode: string | null;
  groupCode: string | null;
  status: "requested" | "confirmed";
};
type BookingRow = { userId: string; stopId: string; title: string; startsAt: number; endsAt: number };

const STOP_COLUMNS = `s.id as id, s.title as title, s.status as status, s.starts_at as startsAt, s.ends_at as endsAt,
  coalesce(s.venue_name, ar.name) as place`;

function needsOf(db: Db, stopIds: string[]): NeedRow[] {
  if (!stopIds.length) return [];
  return rows<NeedRow>(
    db,
    `select stop_id as stopId, function_code as functionCode, group_code as groupCode, count from stop_needs
     where stop_id in (select value from json_each(?))`,
    [JSON.stringify(stopIds)],
  );
}

function assignmentsOf(db: Db, stopIds: string[]): AssignmentRow[] {
  if (!stopIds.length) return [];
  return rows<AssignmentRow>(
    db,
    `select a.id as id, a.stop_id as stopId, a.user_id as userId, u.name as name, a.function_code as functionCode,
       a.group_code as groupCode, a.status as status
     from stop_assignments a join users u on u.id = a.user_id
     where a.stop_id in (select value from json_each(?)) order by u.name`,
    [JSON.stringify(stopIds)],
  );
}

/**
 * Bookings (not cancelled) near the given time windows, driven by the stops' start index:
 * each window is [start − buffer, end + buffer), widened below by the longest stop span.
 * With `userIds`, only those people's bookings. CROSS JOIN keeps the windows as the outer loop
 * (SQLite's planner would otherwise scan every stop).
 */
function bookingsAround(db: Db, spans: { startsAt: number; endsAt: number }[], bufferMinutes: number, userIds: string[] | null): BookingRow[] {
  if (!spans.length || (userIds && !userIds.length)) return [];
  const buffer = bufferMinutes * 60_000;
  // Windows closer than the longest stop span are merged: each window's index scan reaches back
  // that far anyway. The rows are a superset; callers test each booking with bookingsClash.
  const merged: [number, number][] = [];
  for (const s of [...spans].sort((a, b) => a.startsAt - b.startsAt)) {
    const last = merged.at(-1);
    if (last && s.startsAt - buffer - MAX_STOP_SPAN_MS <= last[1]) last[1] = Math.max(last[1], s.endsAt + buffer);
    else merged.push([s.startsAt - buffer, s.endsAt + buffer]);
  }
  const windows = JSON.stringify(merged);
  return rows<BookingRow>(
    db,
    `select distinct a.user_id as userId, s.id as stopId, s.title as title, s.starts_at as startsAt, s.ends_at as endsAt
     from json_each(?) w
     cross join stops s on s.starts_at < (w.value ->> 1) and s.starts_at > (w.value ->> 0) - ${MAX_STOP_SPAN_MS} and s.ends_at > (w.value ->> 0)
     cross join stop_assignments a on a.stop_id = s.id
     where s.status <> 'cancelled'${userIds ? " and a.user_id in (select value from json_each(?))" : ""}`,
    userIds ? [windows, JSON.stringify(userIds)] : [windows],
  );
}

type AbsenceRow = { userId: string; startsOn: string; endsOn: string };

function absencesAround(db: Db, spans: { startsAt: number; endsAt: number }[], userIds: string[] | null): AbsenceRow[] {
  if (!spans.length || (userIds && !userIds.length)) return [];
  const first = stockholmDate(Math.min(...spans.map((s) => s.startsAt)));
  const last = stockholmDate(Math.max(...spans.map((s) => s.endsAt)));
  return rows<AbsenceRow>(
    db,
    `select user_id as userId, starts_on as startsOn, ends_on as endsOn from staff_absences
     where starts_on <= ? and ends_on >= ?${userIds ? " and user_id in (select value from json_each(?))" : ""}`,
    userIds ? [last, first, JSON.stringify(userIds)] : [last, first],
  );
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const list = map.get(key(item));
    if (list) list.push(item);
    else map.set(key(item), [item]);
  }
  return map;
}

type StopTimes = { id: string; title: string; status: StopStatus; startsAt: number; endsAt: number };

/** Clashes (double bookings, absences) and over-staffing of a set of stops, in four queries in all. */
function staffingOf(db: Db, stopList: StopTimes[], bufferMinutes: number) {
  const live = stopList.filter((s) => s.status !== "cancelled");
  const ids = live.map((s) => s.id);
  const needs = needsOf(db, ids);
  const assignments = assignmentsOf(db, ids);
  const needsByStop = groupBy(needs, (n) => n.stopId);
  const assignmentsByStop = groupBy(assignments, (a) => a.stopId);
  const booked = live.filter((s) => assignmentsByStop.has(s.id));
  const people = [...new Set(assignments.map((a) => a.userId))];
  const bookings = groupBy(bookingsAround(db, booked, bufferMinutes, people), (b) => b.userId);
  const absences = groupBy(absencesAround(db, booked, people), (a) => a.userId);
  const conflicts = new Map<string, StaffConflict[]>();
  const overStaffed = new Map<string, OverStaffed[]>();
  for (const stop of live) {
    const mine = assignmentsByStop.get(stop.id) ?? [];
    const list: StaffConflict[] = [];
    for (const a of mine) {
      for (const b of bookings.get(a.userId) ?? []) {
        if (b.stopId !== stop.id && bookingsClash(b, stop, bufferMinutes)) {
          list.push({ kind: "double_booking", userId: a.userId, stopId: stop.id, otherStopId: b.stopId, otherTitle: b.title, gapMinutes: gapMinutes(b, stop) });
        }
      }
      for (const abs of absences.get(a.userId) ?? []) {
        if (absenceCovers(abs, stop)) list.push({ kind: "absence", userId: a.userId, stopId: stop.id, startsOn: abs.startsOn, endsOn: abs.endsOn });
      }
    }
    if (list.length) conflicts.set(stop.id, list);
    const over = overStaffing(stop.id, needsByStop.get(stop.id) ?? [], mine);
    if (over.length) overStaffed.set(stop.id, over);
  }
  return { needsByStop, assignmentsByStop, conflicts, overStaffed, names: new Map(assignments.map((a) => [a.userId, a.name])) };
}

function missingOf(needs: NeedRow[], assignments: AssignmentRow[]): number {
  let missing = 0;
  for (const n of needs) {
    const key = roleKey(n);
    const filled = assignments.filter((a) => roleKey(a) === key).length;
    missing += Math.max(0, n.count - filled);
  }
  return missing;
}

/** Role labels, a whole-table read kept until the data change. */
export function cachedRoleLabels(db: Db): Map<RoleKey, string> {
  return cachedUntilChange(db, "staffing.roleLabels", () => roleLabels(db));
}

/** One role of one stop; the role is its column's (BoardGrid.columns). */
export type BoardCell = {
  readonly needed: number;
  readonly filled: number;
  readonly people: readonly { name: string; requested: boolean }[];
};

/**
 * The cell of a role a stop neither needs nor has anyone booked for: most cells of a big tour's
 * board. One shared object, so the page's data carries it once, not once per cell.
 */
const NOT_NEEDED: BoardCell = Object.freeze({ needed: 0, filled: 0, people: Object.freeze([]) });

export type BoardRow = {
  id: string;
  title: string;
  status: StopStatus;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  cells: BoardCell[];
  missing: number;
  /** Clashes only; over-staffing shows in its role's cell. */
  conflicts: string[];
};

export type BoardGrid = {
  columns: { role: RoleKey; label: string }[];
  rows: BoardRow[];
  total: number;
  page: number;
  pageCount: number;
};

/** One page of the board: stops in time order, a column per role any filtered stop needs. */
export function boardGrid(db: Db, filters: BoardFilters, page: number): BoardGrid {
  const where = stopFilter(filters);
  // The count and the columns depend only on the filters: kept until the data change.
  const meta = cachedUntilChange(db, `staffing.board:${JSON.stringify(filters)}`, () => ({
    total: (prepare(db, `select count(*) as n from stops s where ${where.text}`).get(...where.params) as { n: number }).n,
    needed: rows<{ functionCode: string | null; groupCode: string | null }>(
      db,
      `select distinct n.function_code as functionCode, n.group_code as groupCode
       from stops s join stop_needs n on n.stop_id = s.id where ${where.text}`,
      where.params,
    ).map((r) => roleKey(r)),
  }));
  const total = meta.total;
  const pageCount = Math.max(1, Math.ceil(total / BOARD_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const labels = cachedRoleLabels(db);
  const stopRows = rows<StopRow>(
    db,
    `select ${STOP_COLUMNS} from stops s left join areas ar on ar.id = s.area_id where ${where.text}
     order by s.starts_at, s.id limit ? offset ?`,
    [...where.params, BOARD_PAGE_SIZE, (current - 1) * BOARD_PAGE_SIZE],
  );
  let roles: RoleKey[];
  if (filters.role) roles = [filters.role];
  else {
    const needed = new Set(meta.needed);
    roles = [...labels.keys()].filter((k) => needed.has(k));
  }
  const { travelBufferMinutes } = staffingSettings(db);
  const staffing = staffingOf(db, stopRows, travelBufferMinutes);
  const out: BoardRow[] = stopRows.map((s) => {
    const needs = staffing.needsByStop.get(s.id) ?? [];
    const assignments = staffing.assignmentsByStop.get(s.id) ?? [];
    return {
      id: s.id,
      title: s.title,
      status: s.status,
      startsAt: new Date(s.startsAt),
      endsAt: new Date(s.endsAt),
      place: s.place,
      cells: roles.map((role) => {
        const mine = assignments.filter((a) => roleKey(a) === role);
        const needed = needs.find((n) => roleKey(n) === role)?.count ?? 0;
        if (!needed && !mine.length) return NOT_NEEDED;
        return {
          needed,
          filled: mine.length,
          people: mine.map((a) => ({ name: a.name, requested: a.status === "requested" })),
        };
      }),
      missing: missingOf(needs, assignments),
      conflicts: (staffing.conflicts.get(s.id) ?? []).map((c) => conflictMessage(c, staffing.names)),
    };
  });
  return { columns: roles.map((role) => ({ role, label: labels.get(role) ?? role })), rows: out, total, page: current, pageCount };
}

export type Suggestion = { userId: string; name: string; hourly: boolean; stopsInTour: number };

export type UnfilledNeed = {
  stopId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  role: RoleKey;
  roleLabel: string;
  needed: number;
  filled: number;
  missing: number;
  suggestions: Suggestion[];
};

type QualifiedPerson = { id: string; name: string; hourly: boolean };

/** Active staff per role (a whole-table read, kept until the data change). */
function qualifiedByRole(db: Db): Map<RoleKey, QualifiedPerson[]> {
  return cachedUntilChange(db, "staffing.qualifiedByRole", () => {
    const list = rows<{ id: string; name: string; hourly: number; role: RoleKey }>(
      db,
      `select u.id as id, u.name as name, u.hourly as hourly, 'f:' || f.function_code as role
         from users u join user_advisor_functions f on f.user_id = u.id where u.active = 1
       union all
       select u.id, u.name, u.hourly, 'g:' || g.group_code
         from users u join user_answer_groups g on g.user_id = u.id where u.active = 1`,
      [],
    );
    const map = new Map<RoleKey, QualifiedPerson[]>();
    for (const r of list) {
      const people = map.get(r.role) ?? [];
      people.push({ id: r.id, name: r.name, hourly: Boolean(r.hourly) });
      map.set(r.role, people);
    }
    return map;
  });
}

/** How many (not cancelled) stops of the tour each person is booked on. */
export function stopsPerPerson(db: Db, tourId: string): Map<string, number> {
  return new Map(
    rows<{ userId: string; n: number }>(
      db,
      `select a.user_id as userId, count(*) as n from stops s join stop_assignments a on a.stop_id = s.id
       where s.tour_id = ? and s.status <> 'cancelled' group by a.user_id`,
      [tourId],
    ).map((r) => [r.userId, r.n]),
  );
}

const collator = new Intl.Collator("sv");

/**
 * For each shown unfilled need: up to three active people who are qualified, not on the stop,
 * not absent and free at that time (with the travel buffer), fewest stops in the tour first.
 */
function suggestFor(db: Db, tourId: string, needs: Omit<UnfilledNeed, "suggestions">[], bufferMinutes: number): Suggestion[][] {
  if (!needs.length) return [];
  const qualified = qualifiedByRole(db);
  const spans = needs.map((n) => ({ startsAt: n.startsAt.getTime(), endsAt: n.endsAt.getTime() }));
  const bookings = groupBy(bookingsAround(db, spans, bufferMinutes, null), (b) => b.userId);
  const absences = groupBy(absencesAround(db, spans, null), (a) => a.userId);
  const counts = stopsPerPerson(db, tourId);
  return needs.map((need) => {
    const stop = { startsAt: need.startsAt, endsAt: need.endsAt };
    return (qualified.get(need.role) ?? [])
      .filter(
        (p) =>
          !(bookings.get(p.id) ?? []).some((b) => b.stopId === need.stopId || bookingsClash(b, stop, bufferMinutes)) &&
          !(absences.get(p.id) ?? []).some((a) => absenceCovers(a, stop)),
      )
      .map((p) => ({ userId: p.id, name: p.name, hourly: p.hourly, stopsInTour: counts.get(p.id) ?? 0 }))
      .sort((a, b) => a.stopsInTour - b.stopsInTour || collator.compare(a.name, b.name))
      .slice(0, SUGGESTIONS_PER_NEED);
  });
}

/**
 * The open places of stops still to come (proposed, planned or confirmed, not started) under the
 * board's filters, in time order: the first BOARD_NEEDS_CAP, and how many there are in all.
 * Suggestions only when asked (the tour leader), and only for the needs shown.
 */
export function unfilledNeeds(
  db: Db,
  filters: BoardFilters,
  options: { now?: Date; suggestions?: boolean; limit?: number } = {},
): { needs: UnfilledNeed[]; total: number; places: number } {
  const now = options.now ?? new Date();
  const where = stopFilter(filters);
  const role = filters.role ? roleCondition(filters.role, "n") : null;
  const inner = `select ${STOP_COLUMNS}, n.function_code as functionCode, n.group_code as groupCode, n.count as needed, ${FILLED} as filled
    from stops s join stop_needs n on n.stop_id = s.id left join areas ar on ar.id = s.area_id
    where ${where.text} and s.status in ('proposed', 'planned', 'confirmed') and s.starts_at > ?${role ? ` and ${role.text}` : ""}`;
  const params = [...where.params, now.getTime(), ...(role?.params ?? [])];
  const summary = prepare(db, `select count(*) as total, coalesce(sum(needed - filled), 0) as places from (${inner}) where filled < needed`).get(...params) as {
    total: number;
    places: number;
  };
  const labels = cachedRoleLabels(db);
  const list = rows<StopRow & { functionCode: string | null; groupCode: string | null; needed: number; filled: number }>(
    db,
    `select * from (${inner}) where filled < needed order by startsAt, id, groupCode is null, groupCode, functionCode limit ?`,
    [...params, options.limit ?? BOARD_NEEDS_CAP],
  );
  const needs = list.map((r) => {
    const key = roleKey(r);
    return {
      stopId: r.id,
      title: r.title,
      startsAt: new Date(r.startsAt),
      endsAt: new Date(r.endsAt),
      place: r.place,
      role: key,
      roleLabel: labels.get(key) ?? key,
      needed: r.needed,
      filled: r.filled,
      missing: r.needed - r.filled,
    };
  });
  const suggestions = options.suggestions ? suggestFor(db, filters.tourId, needs, staffingSettings(db).travelBufferMinutes) : [];
  return { needs: needs.map((n, i) => ({ ...n, suggestions: suggestions[i] ?? [] })), total: summary.total, places: summary.places };
}

export type TourChoice = { id: string; name: string; startsOn: string; endsOn: string };

/** Tours for the board's select, newest first (a whole-table read, kept until the data change). */
export function boardTours(db: Db): TourChoice[] {
  return cachedUntilChange(db, "staffing.boardTours", () =>
    rows<TourChoice>(db, `select id, name, starts_on as startsOn, ends_on as endsOn from tours where archived_at is null order by starts_on desc, name`, []),
  );
}

/** The months a tour spans, "YYYY-MM", at most 36. */
export function tourMonths(tour: Pick<TourChoice, "startsOn" | "endsOn">): string[] {
  const out: string[] = [];
  let month = tour.startsOn.slice(0, 7);
  const last = tour.endsOn.slice(0, 7);
  while (month <= last && out.length < 36) {
    out.push(month);
    month = addDaysIso(`${month}-28`, 7).slice(0, 7);
  }
  return out;
}

export type StaffingMarker = { missing: number; conflicts: number; overStaffed: boolean };

/** For the calendar: each stop's open places, number of clashes and whether it is over-staffed (stops with none of these are left out). */
export function staffingMarkers(
  db: Db,
  stopList: { id: string; title: string; status: StopStatus; startsAt: Date; endsAt: Date }[],
): Map<string, StaffingMarker> {
  const times = stopList.map((s) => ({ id: s.id, title: s.title, status: s.status, startsAt: s.startsAt.getTime(), endsAt: s.endsAt.getTime() }));
  const staffing = staffingOf(db, times, staffingSettings(db).travelBufferMinutes);
  const out = new Map<string, StaffingMarker>();
  for (const s of times) {
    if (s.status === "cancelled") continue;
    const missing = s.status === "held" ? 0 : missingOf(staffing.needsByStop.get(s.id) ?? [], staffing.assignmentsByStop.get(s.id) ?? []);
    const conflicts = staffing.conflicts.get(s.id)?.length ?? 0;
    const overStaffed = staffing.overStaffed.has(s.id);
    if (missing || conflicts || overStaffed) out.set(s.id, { missing, conflicts, overStaffed });
  }
  return out;
}

/** The notice after a booking from the board: who, where, in which role, the clashes it made and whether the role is now over-staffed. */
export function bookingNotice(db: Db, assignmentId: string): { name: string; title: string; role: string; conflicts: string[]; overStaffed: string[] } | null {
  const row = prepare(
    db,
    `select a.stop_id as stopId, a.user_id as userId, u.name as name, s.title as title, s.status as status, s.starts_at as startsAt,
       s.ends_at as endsAt, a.function_code as functionCode, a.group_code as groupCode
     from stop_assignments a join users u on u.id = a.user_id join stops s on s.id = a.stop_id where a.id = ?`,
  ).get(assignmentId) as
    | {
        stopId: string;
        userId: string;
        name: string;
        title: string;
        status: StopStatus;
        startsAt: number;
        endsAt: number;
        functionCode: string | null;
        groupCode: string | null;
      }
    | undefined;
  if (!row) return null;
  const labels = cachedRoleLabels(db);
  const staffing = staffingOf(
    db,
    [{ id: row.stopId, title: row.title, status: row.status, startsAt: row.startsAt, endsAt: row.endsAt }],
    staffingSettings(db).travelBufferMinutes,
  );
  const role = roleKey(row);
  const conflicts = (staffing.conflicts.get(row.stopId) ?? []).filter((c) => c.userId === row.userId);
  const overStaffed = (staffing.overStaffed.get(row.stopId) ?? []).filter((o) => o.role === role);
  return {
    name: row.name,
    title: row.title,
    role: labels.get(role) ?? role,
    conflicts: conflicts.map((c) => conflictMessage(c, staffing.names)),
    overStaffed: overStaffed.map((o) => overStaffedMessage(o, labels)),
  };
}

/** The stops among `stopIds` that a person is booked on. */
export function bookedStopIds(db: Db, userId: string, stopIds: string[]): Set<string> {
  if (!stopIds.length) return new Set();
  return new Set(
    rows<{ stopId: string }>(db, `select stop_id as stopId from stop_assignments where user_id = ? and stop_id in (select value from json_each(?))`, [
      userId,
      JSON.stringify(stopIds),
    ]).map((r) => r.stopId),
  );
}

/** The notice after a staff member signed up from the board. */
export function signUpNotice(db: Db, userId: string, stopId: string): { title: string; role: string } | null {
  const row = prepare(
    db,
    `select s.title as title, a.function_code as functionCode, a.group_code as groupCode
     from stop_assignments a join stops s on s.id = a.stop_id where a.stop_id = ? and a.user_id = ?`,
  ).get(stopId, userId) as { title: string; functionCode: string | null; groupCode: string | null } | undefined;
  if (!row) return null;
  const role = roleKey(row);
  return { title: row.title, role: cachedRoleLabels(db).get(role) ?? role };
}

export type BoardQuery = {
  filters: BoardFilters | null;
  tour: TourChoice | null;
  tours: TourChoice[];
  months: string[];
  errors: { tour?: string; month?: string; role?: string };
};

/**
 * Reads the board's GET form. Bad values are reported next to their field and replaced by the
 * default, never a 400: the tour defaults to the current one (else the latest).
 */
export function readBoardQuery(db: Db, params: URLSearchParams, currentTourId: string | null): BoardQuery {
  const tours = boardTours(db);
  const errors: BoardQuery["errors"] = {};
  const tourParam = params.get("turne");
  let tour = tourParam ? (tours.find((t) => t.id === tourParam) ?? null) : null;
  if (tourParam && !tour) errors.tour = "Turnén finns inte.";
  tour ??= tours.find((t) => t.id === currentTourId) ?? tours[0] ?? null;
  const months = tour ? tourMonths(tour) : [];
  const monthParam = params.get("manad");
  let month: string | null = null;
  if (monthParam) {
    if (months.includes(monthParam)) month = monthParam;
    else errors.month = "Turnén har ingen sådan månad. Alla månader visas.";
  }
  const roleParam = params.get("roll");
  let role: RoleKey | null = null;
  if (roleParam) {
    if (cachedRoleLabels(db).has(roleParam as RoleKey)) role = roleParam as RoleKey;
    else errors.role = "Okänd roll. Alla roller visas.";
  }
  return {
    filters: tour ? { tourId: tour.id, month, role, unfilledOnly: params.get("ofyllda") === "1" } : null,
    tour,
    tours,
    months,
    errors,
  };
}
