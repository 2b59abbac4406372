import { kindNames } from "~/domain/kinds/names.server";
/**
 * The yearly report's figures (issue 7), for a tour, a year or any date range (see period.ts).
 * Every figure is a GROUP BY in SQLite over the period's rows, never a loop over rows in JS; the
 * JS below only names, adds up and sorts the groups (the questions are grouped once, by all their
 * dimensions together, and each question figure is summed from those groups). Cancelled stops count nowhere: not their
 * stops, visitors, areas, questions, cases, staff hours, nor invitations to a cancelled info evening.
 *
 * Scoping:
 * - stops: those running at some time in the period ([from, to)); a stop across the boundary (a
 *   New Year's Eve stop 22:00–02:00) counts, with all its visitors, in both periods;
 * - questions and their cases: logged (field_questions.logged_at, when the resident asked) in
 *   the period, on a stop that is not cancelled. logged_at rather than cases.created_at, because a
 *   question queued offline may reach the server days later, even in the next year;
 * - invitations: sent (not drafts), of a batch of a tour whose dates overlap the period or sent in
 *   the period; each organization counts once, by its best answer (yes, else no, else none);
 * - staff hours: as hoursByTour (every booking on a stop that is not cancelled; held stops as
 *   worked, the rest as planned; a stop over several days counts its daily opening hours), but
 *   over the period's stops instead of one tour's.
 *
 * The whole report is memoised with cachedUntilChange, so repeating it costs nothing until the
 * data change (the report page must stay fast at 200,000 questions). Its parts are kept apart too,
 * so that a question logged in the field (one a minute in the season) does not make the report
 * cold: the stop, invitation, area and staff figures until the tours, places or lists change, and
 * the question figures per calendar year until that year's counts change (questionSums, ADR 031).
 */
import { cachedUntilChange, readConsistently, versionTable, type Db } from "~/db.server";
import { categoryLabels } from "~/domain/cases/cases.server";
import { workingMinutes } from "~/domain/staffing/rules";
import { roleLabels } from "~/domain/staffing/staffing.server";
import { MAX_STOP_SPAN_MS } from "~/domain/stops/schemas";
import type { CaseStatus, StopKind, StopStatus } from "#db/enums";
import { previousPeriod, type ReportPeriod, type TourDates } from "./period";

export type Counted<K extends string | null = string> = { key: K; label: string; count: number };

export type Headline = {
  stopsHeld: number;
  visitors: number;
  areasReached: number;
  questions: number;
  answeredOnSpot: number;
  /** answeredOnSpot / questions, 0–1; null when there are no questions. */
  shareOnSpot: number | null;
};

export type ReportFigures = {
  period: ReportPeriod;
  stops: {
    held: number;
    /** Sum of actual_visitors of held stops. */
    visitors: number;
    /** Held stops with no visitor count recorded (they add 0 to visitors). */
    heldWithoutVisitorCount: number;
    /** `name`: what the municipality calls the kind (Admin → Listor). */
    heldByKind: { kind: StopKind; name: string; held: number; visitors: number }[];
    /** areaId null: held stops without an area. */
    heldByArea: { areaId: string | null; areaName: string | null; held: number; visitors: number }[];
    /** Stops in the period by status, cancelled included, so the reader sees what was left out. */
    byStatus: Record<StopStatus, number>;
  };
  invitations: {
    /** Organizations with at least one sent invitation. */
    invited: number;
    accepted: number;
    declined: number;
    /** Sent or opened, and never answered (also after the deadline or the link's expiry). */
    noAnswer: number;
    /** Only bounced or revoked invitations, no answer: invited, but in none of the three above. */
    other: number;
  };
  areas: {
    reached: number;
    /** Population of the reached areas that count for the share (not archived, population known). */
    reachedPopulation: number;
    /** Population of all areas that are not archived and have a population. */
    totalPopulation: number;
    /** reachedPopulation / totalPopulation; null when no population is known at all. */
    populationShare: number | null;
    /** Reached areas left out of the share: no population figure, or archived. */
    reachedWithoutPopulation: { areaId: string; areaName: string; archived: boolean }[];
    /** Areas in use (not archived) without a population figure, missing from totalPopulation. */
    activeAreasWithoutPopulation: number;
  };
  questions: {
    total: number;
    answeredOnSpot: number;
    shareOnSpot: number | null;
    /** By the case's category: "g:BSU", "f:consumer", "other". */
    byCategory: Counted[];
    /** A question with several topics counts once under each; questions without a topic are not listed. */
    byTopic: Counted[];
    /** key null: no area. */
    byArea: Counted<string | null>[];
    /** Cases with a department, by department. */
    byDepartment: Counted[];
    /**
     * Questions by topic and the area they concern, most first: the hot spots of the report's map.
     * A question counts once under each of its topics; questions without a topic or an area are not listed.
     */
    byTopicAndArea: { topic: string; topicLabel: string; areaId: string; areaName: string; count: number }[];
  };
  forwarded: {
    /** Cases with status forwarded or a department set. */
    total: number;
    byStatus: Record<CaseStatus, number>;
  };
  staffHours: {
    roles: { role: string; label: string; bookings: number; workedMinutes: number; plannedMinutes: number }[];
    totals: { bookings: number; workedMinutes: number; plannedMinutes: number };
  };
  comparison: {
    previous: ReportPeriod;
    current: Headline;
    before: Headline;
    /** current − before; shareOnSpot in fractions (0.05 = 5 percentage points), null when either share is null. */
    difference: { stopsHeld: number; visitors: number; areasReached: number; questions: number; shareOnSpot: number | null };
  };
};

type Params = { from: number; to: number; earliestStart: number; startsOn: string; endsOn: string; tourId: string | null };

function params(period: ReportPeriod): Params {
  return {
    from: period.from.getTime(),
    to: period.to.getTime(),
    // No stop spans more than MAX_STOP_SPAN_MS: this bound lets the starts_at index skip older stops.
    earliestStart: period.from.getTime() - MAX_STOP_SPAN_MS,
    startsOn: period.startsOn,
    endsOn: period.endsOn,
    // A tour's report counts that tour's stops only, not another tour's stops on the same days.
    tourId: period.tourId ?? null,
  };
}

/** The tour's stops when the report is a tour's, else every stop. */
const OF_THE_TOUR = `(@tourId is null or s.tour_id = @tourId)`;

/** Stops running in the period (any status). */
const STOPS_IN_PERIOD = `s.starts_at < @to and s.starts_at > @earliestStart and s.ends_at > @from and ${OF_THE_TOUR}`;
const HELD_STOPS = `${STOPS_IN_PERIOD} and s.status = 'held'`;

/**
 * The period's questions with their cases, on stops that are not cancelled: from the counts the
 * triggers keep per stop and Swedish day (question_counts, question_topic_counts; migration 0012),
 * so a cold ten-year report sums some 60,000 groups instead of joining 200,000 questions. The
 * period is whole Swedish days, and a question counts on the day it was asked (logged_at), not
 * when it reached the server.
 */
const QUESTION_COUNTS_FROM = (table: "question_counts" | "question_topic_counts") => `
  from ${table} g
  join stops s on s.id = g.stop_id
  where g.day >= @startsOn and g.day <= @endsOn and s.status <> 'cancelled' and ${OF_THE_TOUR}`;

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const collator = new Intl.Collator("sv");

function all<T>(db: Db, sql: string, p: Params): T[] {
  return db.$client.prepare(sql).all(p) as T[];
}
function one<T>(db: Db, sql: string, p: Params): T {
  return db.$client.prepare(sql).get(p) as T;
}

type StopHeadline = { held: number; visitors: number; areas: number };

/** Held stops, their visitors and the areas they reached. */
function stopHeadline(db: Db, p: Params): StopHeadline {
  return one<StopHeadline>(
    db,
    `select count(*) as held, coalesce(sum(s.actual_visitors), 0) as visitors, count(distinct s.area_id) as areas
     from stops s where ${HELD_STOPS}`,
    p,
  );
}

function headline(stops: StopHeadline, questions: QuestionSums): Headline {
  return {
    stopsHeld: stops.held,
    visitors: stops.visitors,
    areasReached: stops.areas,
    questions: questions.total,
    answeredOnSpot: questions.onSpot,
    shareOnSpot: share(questions.onSpot, questions.total),
  };
}

function stopFigures(db: Db, p: Params, head: StopHeadline): ReportFigures["stops"] {
  const names = kindNames(db).stop;
  const heldByKind = all<{ kind: StopKind; held: number; visitors: number }>(
    db,
    `select s.kind as kind, count(*) as held, coalesce(sum(s.actual_visitors), 0) as visitors
     from stops s where ${HELD_STOPS} group by s.kind order by held desc, kind`,
    p,
  ).map((k) => ({ ...k, name: names[k.kind] ?? k.kind }));
  const heldByArea = all<{ areaId: string | null; areaName: string | null; held: number; visitors: number }>(
    db,
    `select s.area_id as areaId, a.name as areaName, count(*) as held, coalesce(sum(s.actual_visitors), 0) as visitors
     from stops s left join areas a on a.id = s.area_id
     where ${HELD_STOPS} group by s.area_id order by held desc, a.name`,
    p,
  );
  const statusRows = all<{ status: StopStatus; n: number }>(
    db,
    `select s.status as status, count(*) as n from stops s where ${STOPS_IN_PERIOD} group by s.status`,
    p,
  );
  const byStatus: Record<StopStatus, number> = { proposed: 0, planned: 0, confirmed: 0, held: 0, cancelled: 0 };
  for (const r of statusRows) byStatus[r.status] = r.n;
  const noCount = one<{ n: number }>(db, `select count(*) as n from stops s where ${HELD_STOPS} and s.actual_visitors is null`, p);
  return { held: head.held, visitors: head.visitors, heldWithoutVisitorCount: noCount.n, heldByKind, heldByArea, byStatus };
}

function invitationFigures(db: Db, p: Params): ReportFigures["invitations"] {
  // One row per organization with its best answer, then counted: an organization invited both to
  // an info evening and to a visit counts once.
  return one<ReportFigures["invitations"]>(
    db,
    `with per_org as (
       select i.organization_id,
         max(i.status = 'accepted' or coalesce(r.answer = 'yes', 0)) as yes,
         max(i.status = 'declined' or coalesce(r.answer = 'no', 0)) as no,
         max(i.status in ('sent', 'opened') and r.id is null) as open
       from invitations i
       join invitation_batches b on b.id = i.batch_id
       join tours t on t.id = b.tour_id
       left join stops bs on bs.id = b.stop_id
       left join invitation_replies r on r.invitation_id = i.id
       where i.sent_at is not null
         and (bs.id is null or bs.status <> 'cancelled')
         and (@tourId is null or b.tour_id = @tourId)
         and ((t.starts_on <= @endsOn and t.ends_on >= @startsOn) or (i.sent_at >= @from and i.sent_at < @to))
       group by i.organization_id
     )
     select count(*) as invited,
       coalesce(sum(yes), 0) as accepted,
       coalesce(sum(not yes and no), 0) as declined,
       coalesce(sum(not yes and not no and open), 0) as noAnswer,
       coalesce(sum(not yes and not no and not open), 0) as other
     from per_org`,
    p,
  );
}

function areaFigures(db: Db, p: Params): ReportFigures["areas"] {
  const reached = `select distinct s.area_id as id from stops s where ${HELD_STOPS} and s.area_id is not null`;
  const row = one<{ reached: number; reachedPopulation: number; totalPopulation: number; activeWithout: number }>(
    db,
    `with reached as (${reached})
     select (select count(*) from reached) as reached,
       (select coalesce(sum(a.population), 0) from areas a join reached r on r.id = a.id
         where a.archived_at is null and a.population is not null) as reachedPopulation,
       (select coalesce(sum(population), 0) from areas where archived_at is null and population is not null) as totalPopulation,
       (select count(*) from areas where archived_at is null and population is null) as activeWithout`,
    p,
  );
  const without = all<{ areaId: string; areaName: string; archived: number }>(
    db,
    `with reached as (${reached})
     select a.id as areaId, a.name as areaName, a.archived_at is not null as archived
     from areas a join reached r on r.id = a.id
     where a.population is null or a.archived_at is not null
     order by a.name`,
    p,
  );
  return {
    reached: row.reached,
    reachedPopulation: row.reachedPopulation,
    totalPopulation: row.totalPopulation,
    populationShare: share(row.reachedPopulation, row.totalPopulation),
    reachedWithoutPopulation: without.map((w) => ({ areaId: w.areaId, areaName: w.areaName, archived: Boolean(w.archived) })),
    activeAreasWithoutPopulation: row.activeWithout,
  };
}

/** Orders like SQLite's default (BINARY) collation, so the groups read as before in every export. */
const binary = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);

/** The question figures of some days, by code (names are put on them last). */
type QuestionSums = {
  total: number;
  onSpot: number;
  byCategory: Map<string, number>;
  /** null: no area. */
  byArea: Map<string | null, number>;
  byDepartment: Map<string, number>;
  forwarded: Record<CaseStatus, number>;
  forwardedTotal: number;
  byTopic: Map<string, number>;
  /** By topic and area ("topic\u0000areaId"); questions without an area are not in here. */
  byTopicAndArea: Map<string, number>;
};

const emptySums = (): QuestionSums => ({
  total: 0,
  onSpot: 0,
  byCategory: new Map(),
  byArea: new Map(),
  byDepartment: new Map(),
  forwarded: { new: 0, answered: 0, forwarded: 0, closed: 0 },
  forwardedTotal: 0,
  byTopic: new Map(),
  byTopicAndArea: new Map(),
});

function add<K>(map: Map<K, number>, key: K, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

function addSums(into: QuestionSums, from: QuestionSums): QuestionSums {
  into.total += from.total;
  into.onSpot += from.onSpot;
  for (const [k, n] of from.byCategory) add(into.byCategory, k, n);
  for (const [k, n] of from.byArea) add(into.byArea, k, n);
  for (const [k, n] of from.byDepartment) add(into.byDepartment, k, n);
  for (const status of Object.keys(into.forwarded) as CaseStatus[]) into.forwarded[status] += from.forwarded[status];
  into.forwardedTotal += from.forwardedTotal;
  for (const [k, n] of from.byTopic) add(into.byTopic, k, n);
  for (const [k, n] of from.byTopicAndArea) add(into.byTopicAndArea, k, n);
  return into;
}

/**
 * The questions of the days in `p`, in two GROUP BYs over the kept counts: by (category,
 * department, case status, area) and by (topic, area), summed up by each figure's key.
 */
function sumQuestions(db: Db, p: Params): QuestionSums {
  const sums = emptySums();
  const cube = db.$client
    .prepare(
      `select g.category, nullif(g.department_code, ''), g.status, nullif(g.area_id, ''), sum(g.answered_on_spot), sum(g.questions)
       ${QUESTION_COUNTS_FROM("question_counts")}
       group by g.category, g.department_code, g.status, g.area_id`,
    )
    .raw()
    .all(p) as [string, string | null, CaseStatus, string | null, number, number][];
  for (const [category, department, status, areaId, onSpot, n] of cube) {
    sums.total += n;
    sums.onSpot += onSpot;
    add(sums.byCategory, category, n);
    add(sums.byArea, areaId, n);
    if (department !== null) add(sums.byDepartment, department, n);
    if (status === "forwarded" || department !== null) {
      sums.forwarded[status] += n;
      sums.forwardedTotal += n;
    }
  }
  const topics = db.$client
    .prepare(`select g.topic, nullif(g.area_id, ''), sum(g.questions) ${QUESTION_COUNTS_FROM("question_topic_counts")} group by g.topic, g.area_id`)
    .raw()
    .all(p) as [string, string | null, number][];
  for (const [topic, areaId, n] of topics) {
    add(sums.byTopic, topic, n);
    if (areaId !== null) add(sums.byTopicAndArea, `${topic}\u0000${areaId}`, n);
  }
  return sums;
}

/**
 * The period's question figures. Each whole calendar year in the period is summed once and kept
 * until that year's counts change (a question logged, edited or removed that year, or a stop with
 * questions that year cancelled, restored or moved to another tour): a question logged today
 * leaves the figures of earlier years as they are, so a ten-year report after it sums one year
 * afresh instead of ten (issue 15). The days before the first and after the last whole year are
 * summed every time.
 */
function questionSums(db: Db, p: Params): QuestionSums {
  const total = emptySums();
  let from = p.startsOn;
  while (from <= p.endsOn) {
    const year = from.slice(0, 4);
    const yearEnd = `${year}-12-31`;
    const until = yearEnd < p.endsOn ? yearEnd : p.endsOn;
    const piece = { ...p, startsOn: from, endsOn: until };
    const wholeYear = from === `${year}-01-01` && until === yearEnd;
    addSums(
      total,
      wholeYear
        ? cachedUntilChange(db, `report-questions:${year}:${p.tourId ?? ""}`, () => sumQuestions(db, piece), {
            // No group of tables: the year's own version (report_year_versions) is what ends it.
            reads: [],
            alsoUntil: versionTable(db, "report_year_versions").get(year) ?? 0,
          })
        : sumQuestions(db, piece),
    );
    from = `${Number(year) + 1}-01-01`;
  }
  return total;
}

function questionFigures(db: Db, sums: QuestionSums, head: Headline): ReportFigures["questions"] {
  const categories = categoryLabels(db);
  const names = (sql: string) => new Map(db.$client.prepare(sql).raw().all() as [string, string][]);
  const areaNames = names("select id, name from areas");
  const departmentNames = names("select code, name from departments");
  const topicNames = names("select code, name from question_topics");
  const byCount =
    <T extends { count: number }>(tie: (a: T, b: T) => number) =>
    (a: T, b: T) =>
      b.count - a.count || tie(a, b);

  const byCategory = [...sums.byCategory].map(([key, count]) => ({ key, label: categories[key] ?? key, count })).sort(byCount((a, b) => binary(a.key, b.key)));
  const byArea = [...sums.byArea]
    .map(([key, count]) => ({ key, name: key === null ? null : (areaNames.get(key) ?? key), count }))
    .sort(byCount((a, b) => binary(a.name, b.name)))
    .map(({ key, name, count }) => ({ key, label: name ?? "Utan område", count }));
  const byDepartment = [...sums.byDepartment]
    .map(([key, count]) => ({ key, label: departmentNames.get(key) ?? key, count }))
    .sort(byCount((a, b) => binary(a.label, b.label)));
  const byTopic = [...sums.byTopic]
    .map(([key, count]) => ({ key, label: topicNames.get(key) ?? key, count }))
    .sort(byCount((a, b) => binary(a.label, b.label)));
  const byTopicAndArea = [...sums.byTopicAndArea]
    .map(([key, count]) => {
      const [topic, areaId] = key.split("\u0000") as [string, string];
      return { topic, topicLabel: topicNames.get(topic) ?? topic, areaId, areaName: areaNames.get(areaId), count };
    })
    .filter((t): t is typeof t & { areaName: string } => t.areaName !== undefined)
    .sort(byCount((a, b) => binary(a.topicLabel, b.topicLabel) || binary(a.areaName, b.areaName)));
  return {
    total: head.questions,
    answeredOnSpot: head.answeredOnSpot,
    shareOnSpot: head.shareOnSpot,
    byCategory,
    byTopic,
    byArea,
    byDepartment,
    byTopicAndArea,
  };
}

function staffHourFigures(db: Db, p: Params): ReportFigures["staffHours"] {
  const labels = roleLabels(db);
  const order = [...labels.keys()] as string[];
  // Bookings per role and stop; each stop's working time (its daily opening hours when it runs over
  // several days, workingMinutes) is Swedish-time arithmetic, done once per stop in JS.
  const perStop = all<{ role: string; stopId: string; held: number; startsAt: number; endsAt: number; bookings: number }>(
    db,
    `select case when a.function_code is not null then 'f:' || a.function_code else 'g:' || a.group_code end as role,
       s.id as stopId, s.status = 'held' as held, s.starts_at as startsAt, s.ends_at as endsAt, count(*) as bookings
     from stops s join stop_assignments a on a.stop_id = s.id
     where ${STOPS_IN_PERIOD} and s.status <> 'cancelled'
     group by role, s.id`,
    p,
  );
  const byRole = new Map<string, { role: string; bookings: number; workedMinutes: number; plannedMinutes: number }>();
  // A stop's working time once, however many roles are booked on it.
  const stopMinutes = new Map<string, number>();
  for (const r of perStop) {
    let perBooking = stopMinutes.get(r.stopId);
    if (perBooking === undefined) stopMinutes.set(r.stopId, (perBooking = workingMinutes(r.startsAt, r.endsAt)));
    const minutes = perBooking * r.bookings;
    const t = byRole.get(r.role) ?? { role: r.role, bookings: 0, workedMinutes: 0, plannedMinutes: 0 };
    t.bookings += r.bookings;
    if (r.held) t.workedMinutes += minutes;
    else t.plannedMinutes += minutes;
    byRole.set(r.role, t);
  }
  const rows = [...byRole.values()];
  const roles = rows
    .map((r) => ({ ...r, label: labels.get(r.role as never) ?? r.role }))
    .sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role) || collator.compare(a.label, b.label));
  const totals = roles.reduce(
    (t, r) => ({ bookings: t.bookings + r.bookings, workedMinutes: t.workedMinutes + r.workedMinutes, plannedMinutes: t.plannedMinutes + r.plannedMinutes }),
    { bookings: 0, workedMinutes: 0, plannedMinutes: 0 },
  );
  return { roles, totals };
}

function tourDates(db: Db): TourDates[] {
  return db.$client.prepare("select id, name, starts_on as startsOn, ends_on as endsOn from tours where archived_at is null").all() as TourDates[];
}

/** What the report reads: stops, bookings and invitations, areas, questions and cases, and the lists' names. */
export const REPORT_READS = ["tours", "places", "questions", "lists"] as const;

/**
 * The report for a period, compared with `previous` (by default previousPeriod: the year before,
 * the previous tour, or the range just before). Memoised until the database changes.
 */
export function yearlyReport(db: Db, period: ReportPeriod, options: { previous?: ReportPeriod } = {}): ReportFigures {
  const previous = options.previous ?? previousPeriod(period, period.kind === "tour" ? tourDates(db) : []);
  const key = `report:${JSON.stringify([period.kind, period.startsOn, period.endsOn, period.label, period.tourId ?? null, previous.kind, previous.startsOn, previous.endsOn, previous.label])}`;
  return cachedUntilChange(db, key, () => computeReport(db, period, previous, key), { reads: REPORT_READS });
}

/** What the report reads besides the questions: a question logged leaves these figures as they are. */
const PLACES_AND_TOURS = ["tours", "places", "lists"] as const;

function computeReport(db: Db, period: ReportPeriod, previous: ReportPeriod, key: string): ReportFigures {
  const p = params(period);
  const before = params(previous);
  // The figures of stops, invitations, areas and staff are kept until the tours, places or lists
  // change; the question figures are kept per year (questionSums). Each part is read in one read
  // transaction, so its figures agree with each other even while others write.
  const other = cachedUntilChange(
    db,
    `${key}:other`,
    () =>
      readConsistently(db, () => {
        const current = stopHeadline(db, p);
        return {
          current,
          earlier: stopHeadline(db, before),
          stops: stopFigures(db, p, current),
          invitations: invitationFigures(db, p),
          areas: areaFigures(db, p),
          staffHours: staffHourFigures(db, p),
        };
      }),
    { reads: PLACES_AND_TOURS },
  );
  const { sums, earlierSums } = readConsistently(db, () => ({ sums: questionSums(db, p), earlierSums: questionSums(db, before) }));
  const current = headline(other.current, sums);
  const earlier = headline(other.earlier, earlierSums);
  return {
    period,
    stops: other.stops,
    invitations: other.invitations,
    areas: other.areas,
    questions: questionFigures(db, sums, current),
    forwarded: { total: sums.forwardedTotal, byStatus: { ...sums.forwarded } },
    staffHours: other.staffHours,
    comparison: {
      previous,
      current,
      before: earlier,
      difference: {
        stopsHeld: current.stopsHeld - earlier.stopsHeld,
        visitors: current.visitors - earlier.visitors,
        areasReached: current.areasReached - earlier.areasReached,
        questions: current.questions - earlier.questions,
        shareOnSpot: current.shareOnSpot === null || earlier.shareOnSpot === null ? null : current.shareOnSpot - earlier.shareOnSpot,
      },
    },
  };
}
