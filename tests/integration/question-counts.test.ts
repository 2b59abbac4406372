/**
 * Issue 15: the report's question counts (question_counts, question_topic_counts) are kept by
 * triggers in the same transaction as each write. After a long random mix of writes (new questions
 * through the field verb, some at the daylight-saving changes and at midnight; case status,
 * category and department changes; question edits; deleted cases and questions; cancelled and
 * restored stops), they must equal a recount made here in JavaScript, with the Swedish day from
 * date-fns' time zone code rather than the triggers' SQL.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "~/db.server";
import { changeCaseStatus } from "~/domain/cases/cases.server";
import { recordFieldQuestion } from "~/domain/field/questions.server";
import { fieldQuestionSchema } from "~/domain/field/schemas";
import { yearlyReport, type ReportFigures } from "~/domain/report/report.server";
import { rangePeriod, tourPeriod, yearPeriod } from "~/domain/report/period";
import { setStopStatus } from "~/domain/stops/stops.server";
import { stockholmDate } from "~/utils/dates";
import { seededTestDb, type TestDb } from "../support/db";
import { demoLeader, makeStop, makeTour } from "../support/fixtures";
import type { Actor } from "~/domain/users/users.server";
import { stockholmDaySql } from "#db/schema";

let t: TestDb;
let db: Db;
let leader: Actor;

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type Key = string;
function recount(): { counts: Map<Key, [number, number]>; topics: Map<Key, number> } {
  const rows = db.$client
    .prepare(
      `select q.stop_id as stopId, q.logged_at as loggedAt, q.area_id as areaId, q.answered_on_spot as onSpot, q.topics as topics,
         c.category as category, c.department_code as department, c.status as status
       from field_questions q join cases c on c.question_id = q.id`,
    )
    .all() as {
    stopId: string;
    loggedAt: number;
    areaId: string | null;
    onSpot: number;
    topics: string;
    category: string;
    department: string | null;
    status: string;
  }[];
  const counts = new Map<Key, [number, number]>();
  const topics = new Map<Key, number>();
  for (const r of rows) {
    const day = stockholmDate(r.loggedAt);
    const key = [r.stopId, day, r.category, r.department ?? "", r.status, r.areaId ?? ""].join("|");
    const c = counts.get(key) ?? [0, 0];
    counts.set(key, [c[0] + 1, c[1] + r.onSpot]);
    for (const topic of JSON.parse(r.topics) as string[]) {
      const tk = [r.stopId, day, topic, r.areaId ?? ""].join("|");
      topics.set(tk, (topics.get(tk) ?? 0) + 1);
    }
  }
  return { counts, topics };
}

function kept(): { counts: Map<Key, [number, number]>; topics: Map<Key, number> } {
  const counts = new Map(
    (
      db.$client.prepare("select * from question_counts").all() as {
        stop_id: string;
        day: string;
        category: string;
        department_code: string;
        status: string;
        area_id: string;
        questions: number;
        answered_on_spot: number;
      }[]
    ).map((r) => [[r.stop_id, r.day, r.category, r.department_code, r.status, r.area_id].join("|"), [r.questions, r.answered_on_spot] as [number, number]]),
  );
  const topics = new Map(
    (
      db.$client.prepare("select * from question_topic_counts").all() as { stop_id: string; day: string; topic: string; area_id: string; questions: number }[]
    ).map((r) => [[r.stop_id, r.day, r.topic, r.area_id].join("|"), r.questions]),
  );
  return { counts, topics };
}

const sorted = <V>(m: Map<string, V>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

beforeAll(async () => {
  t = await seededTestDb({ demo: true });
  db = t.db;
  leader = demoLeader(db);
});

afterAll(() => t?.cleanup());

describe("the report's question counts", () => {
  it("the SQL Swedish day equals date-fns' for instants around every daylight-saving change and midnight from 2016 to 2040", () => {
    const instants: number[] = [];
    for (let year = 2016; year <= 2040; year++) {
      for (const month of [2, 9]) {
        // The last Sunday of March and of October, and the hours around 01:00 UTC on it.
        const last = new Date(Date.UTC(year, month + 1, 0));
        last.setUTCDate(last.getUTCDate() - last.getUTCDay());
        for (let minutes = -26 * 60; minutes <= 26 * 60; minutes += 30)
          instants.push(last.getTime() + 3600_000 + minutes * 60_000 - 1, last.getTime() + 3600_000 + minutes * 60_000);
      }
      instants.push(
        Date.UTC(year, 11, 31, 22, 59, 59, 999),
        Date.UTC(year, 11, 31, 23, 0, 0, 0),
        Date.UTC(year, 6, 1, 21, 59, 59, 999),
        Date.UTC(year, 6, 1, 22),
      );
    }
    const day = db.$client.prepare(`select ${stockholmDaySql("@at")} as day`).pluck();
    const wrong = instants
      .filter((at) => day.get({ at }) !== stockholmDate(at))
      .map((at) => `${new Date(at).toISOString()}: ${day.get({ at })} ≠ ${stockholmDate(at)}`);
    expect(instants.length).toBeGreaterThan(5000);
    expect(wrong).toEqual([]);
  });

  it("equal a recount after 400 random writes, cancellations, tour moves and deletions, and the report reads them, also through the figures it keeps per year", () => {
    const next = random(15);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const tourId = makeTour(db, leader, { name: "Räknetest", startsOn: "2025-01-01", endsOn: "2026-12-31" });
    const otherTourId = makeTour(db, leader, { name: "Räknetest, andra turnén", startsOn: "2025-01-01", endsOn: "2025-12-31" });
    const periods = () => [
      rangePeriod("2024-01-01", "2026-12-31"),
      rangePeriod("2025-03-30", "2026-06-30"),
      yearPeriod(2025),
      tourPeriod({ id: tourId, name: "Räknetest", startsOn: "2025-01-01", endsOn: "2026-12-31" }),
      tourPeriod({ id: otherTourId, name: "Räknetest, andra turnén", startsOn: "2025-01-01", endsOn: "2025-12-31" }),
    ];
    // Stops across both daylight-saving changes of 2025 and New Year's Eve.
    const stopIds = [
      makeStop(db, leader, { tourId, title: "Vårnatt", date: "2025-03-29", start: "20:00", end: "23:59", endDate: "2025-03-30", status: "planned" }),
      makeStop(db, leader, { tourId, title: "Höstnatt", date: "2025-10-25", start: "20:00", end: "23:59", endDate: "2025-10-26", status: "planned" }),
      makeStop(db, leader, { tourId, title: "Nyårsafton", date: "2025-12-31", start: "20:00", end: "23:59", endDate: "2026-01-01", status: "planned" }),
      makeStop(db, leader, { tourId, title: "Vanlig dag", date: "2025-06-12", start: "10:00", end: "14:00", status: "planned" }),
    ];
    const instants = [
      Date.UTC(2025, 2, 30, 0, 59, 59),
      Date.UTC(2025, 2, 30, 1, 0, 0),
      Date.UTC(2025, 2, 29, 22, 59, 59),
      Date.UTC(2025, 2, 29, 23, 0, 0),
      Date.UTC(2025, 9, 25, 21, 59, 59),
      Date.UTC(2025, 9, 25, 22, 0, 0),
      Date.UTC(2025, 9, 26, 0, 59, 59),
      Date.UTC(2025, 9, 26, 1, 0, 0),
      Date.UTC(2025, 11, 31, 22, 59, 59),
      Date.UTC(2025, 11, 31, 23, 0, 0),
      Date.UTC(2025, 5, 12, 9, 30),
    ];
    const categories = ["g:BSU", "g:ÄSSF", "g:BBMT", "f:consumer", "f:budget", "other"];
    const topics = ["trafik", "bygglov", "skola", "avfall", "kollektivtrafik"];
    const areaIds = (db.$client.prepare("select id from areas limit 6").pluck().all() as string[]).concat([null as unknown as string]);
    const caseIds = () => db.$client.prepare("select id from cases order by id").pluck().all() as string[];
    const questionIds = () => db.$client.prepare("select id from field_questions order by id").pluck().all() as string[];
    const knownDepartments: (string | null)[] = [null, ...(db.$client.prepare("select code from departments limit 4").pluck().all() as string[])];
    expect(knownDepartments.length).toBeGreaterThan(2);

    for (let step = 0; step < 400; step++) {
      const roll = next();
      if (roll < 0.4) {
        const at = pick(instants);
        const onSpot = next() < 0.7;
        const input = fieldQuestionSchema.parse({
          id: randomUUID(),
          stopId: pick(stopIds),
          loggedAt: new Date(at).toISOString(),
          question: "En fråga",
          category: pick(
            categories.filter(
              (c) =>
                c === "other" ||
                db.$client.prepare("select 1 from answer_groups where 'g:' || code = ? union select 1 from advisor_functions where 'f:' || code = ?").get(c, c),
            ),
          ),
          topics: [...new Set([pick(topics), pick(topics)])].slice(0, Math.floor(next() * 3)),
          answeredOnSpot: onSpot,
          // A question that is not answered on the spot goes to a department.
          departmentCode: onSpot ? undefined : (pick(knownDepartments.filter(Boolean)) ?? undefined),
          areaId: pick(areaIds) ?? undefined,
        });
        try {
          recordFieldQuestion(db, leader, input, new Date(at + 60_000));
        } catch {
          // A cancelled stop takes no questions: that is a refused write, which changes nothing.
        }
      } else if (roll < 0.55) {
        const id = pick(caseIds());
        const current = db.$client.prepare("select status from cases where id = ?").pluck().get(id);
        changeCaseStatus(db, leader, id, pick((["new", "answered", "forwarded", "closed"] as const).filter((s) => s !== current)));
      } else if (roll < 0.65) {
        db.$client.prepare("update cases set category = ?, department_code = ? where id = ?").run(pick(categories), pick(knownDepartments), pick(caseIds()));
      } else if (roll < 0.77) {
        const id = pick(questionIds());
        const change = pick(["area", "spot", "topics", "time", "stop"]);
        if (change === "area") db.$client.prepare("update field_questions set area_id = ? where id = ?").run(pick(areaIds), id);
        if (change === "spot") db.$client.prepare("update field_questions set answered_on_spot = 1 - answered_on_spot where id = ?").run(id);
        if (change === "topics") db.$client.prepare("update field_questions set topics = ? where id = ?").run(JSON.stringify([pick(topics)]), id);
        if (change === "time") db.$client.prepare("update field_questions set logged_at = ? where id = ?").run(pick(instants), id);
        if (change === "stop") db.$client.prepare("update field_questions set stop_id = ? where id = ?").run(pick(stopIds), id);
      } else if (roll < 0.84) {
        db.$client.prepare("delete from cases where id = ?").run(pick(caseIds()));
      } else if (roll < 0.9) {
        // The case goes with its question (on delete cascade).
        const orphanFree = questionIds();
        db.$client.prepare("delete from field_questions where id = ?").run(pick(orphanFree));
      } else if (roll < 0.96) {
        const id = pick(stopIds);
        const status = db.$client.prepare("select status from stops where id = ?").pluck().get(id);
        setStopStatus(db, leader, id, status === "cancelled" ? "planned" : "cancelled");
      } else {
        // A stop moves to the other tour and back: the tour's report follows it.
        const id = pick(stopIds);
        const current = db.$client.prepare("select tour_id from stops where id = ?").pluck().get(id);
        db.$client.prepare("update stops set tour_id = ? where id = ?").run(current === tourId ? otherTourId : tourId, id);
      }
      // The report keeps each whole year's question figures until that year's counts change
      // (report_year_versions): read through those kept figures, it must equal a report made
      // afresh by another connection, which has nothing kept.
      if (step % 25 === 24) {
        const fresh = openDatabase(t.file, { migrate: false });
        try {
          for (const period of periods()) {
            const questionFigures = (r: ReportFigures) => ({ questions: r.questions, forwarded: r.forwarded, comparison: r.comparison });
            expect(questionFigures(yearlyReport(db, period)), `${period.label}, step ${step}`).toEqual(questionFigures(yearlyReport(fresh, period)));
          }
        } finally {
          fresh.$client.close();
        }
      }
    }

    const expected = recount();
    const actual = kept();
    expect(expected.counts.size).toBeGreaterThan(50);
    expect(sorted(actual.counts)).toEqual(sorted(expected.counts));
    expect(sorted(actual.topics)).toEqual(sorted(expected.topics));

    // The report reads the kept counts: its totals for 2025 equal a direct count of the same questions.
    const direct = db.$client
      .prepare(
        `select count(*) as total, coalesce(sum(q.answered_on_spot), 0) as onSpot
         from field_questions q join cases c on c.question_id = q.id join stops s on s.id = q.stop_id
         where q.logged_at >= ? and q.logged_at < ? and s.status <> 'cancelled'`,
      )
      .get(Date.UTC(2024, 11, 31, 23), Date.UTC(2025, 11, 31, 23)) as { total: number; onSpot: number };
    const report = yearlyReport(db, yearPeriod(2025));
    expect(report.questions.total).toBe(direct.total);
    expect(report.questions.answeredOnSpot).toBe(direct.onSpot);
  });
});
