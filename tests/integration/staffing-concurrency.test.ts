/**
 * Acceptance (issue 5): "20 simultaneous sign-ups for 1 remaining place: exactly 1 succeeds, and
 * 19 get a clear 'full' message". Twenty processes, each with its own connection to the same
 * SQLite file, are held at a barrier and then all sign up at once. The worker (TypeScript with the
 * app's path aliases) is bundled once with esbuild, so twenty plain `node` processes start quickly.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stopAssignments } from "#db/schema";
import { assignStaff, setStopNeeds } from "~/domain/staffing/staffing.server";
import type { Actor } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";
import { bundleWorker } from "../support/bundle-worker";
import { actorByEmail, demoLeader, makeStaff, makeStop, makeTour } from "../support/fixtures";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WORKER_SOURCE = path.join(ROOT, "tests/support/sign-up-worker.ts");
// Inside node_modules, so the bundle's bare imports (better-sqlite3, drizzle-orm …) resolve.
const WORKER = path.join(ROOT, "node_modules/.cache/rullarut-tests/sign-up-worker.mjs");
const PARALLEL = 20;

type Outcome = { ok: true; assignmentId: string; role: string } | { ok: false; refused: boolean; reason?: string; message?: string; error?: string };

type Worker = { child: ChildProcessWithoutNullStreams; ready: Promise<void>; outcome: Promise<Outcome>; stderr: string[] };

function startWorker(args: string[]): Worker {
  const child = spawn(process.execPath, [WORKER, ...args], { cwd: ROOT, env: { ...process.env, NODE_ENV: "test" } });
  const stderr: string[] = [];
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  const lines = readline.createInterface({ input: child.stdout });
  let onReady!: () => void;
  let onOutcome!: (o: Outcome) => void;
  let onFail!: (e: Error) => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const outcome = new Promise<Outcome>((resolve, reject) => {
    onOutcome = resolve;
    onFail = reject;
  });
  lines.on("line", (line) => {
    if (line === "ready") onReady();
    else if (line.startsWith("{")) onOutcome(JSON.parse(line) as Outcome);
  });
  child.on("exit", (code) => {
    const error = new Error(`worker exited with ${code}: ${stderr.join("")}`);
    onFail(error);
    // A worker that dies before "ready" must not leave the barrier waiting.
    onReady();
  });
  return { child, ready, outcome, stderr };
}

describe("signing up for the last place", () => {
  let t: TestDb;
  let workers: Worker[] = [];

  beforeAll(async () => {
    await bundleWorker(WORKER_SOURCE, WORKER);
  });

  beforeEach(async () => {
    t = await seededTestDb({ demo: true });
  });
  afterEach(() => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill();
    workers = [];
    t.cleanup();
  });

  it("from 20 processes at once: exactly one gets it, nineteen are told it is full", { timeout: 90_000 }, async () => {
    expect(fs.existsSync(WORKER)).toBe(true);
    const leader = demoLeader(t.db);
    const tourId = makeTour(t.db, leader, { name: "Samtidighetstest 2030", startsOn: "2030-01-01", endsOn: "2030-12-31" });
    const stopId = makeStop(t.db, leader, { tourId, title: "Hx stadsfest", date: "2030-08-24", start: "10:00", end: "18:00" });
    // Three places for BSU, two already taken: one remains.
    setStopNeeds(t.db, leader, stopId, { "g:BSU": 3 });
    for (const email of ["ahmed.nilsson@rullarut.example", "oskar.persson@rullarut.example"]) {
      assignStaff(t.db, leader, { stopId, userId: actorByEmail(t.db, email).id, role: "g:BSU" });
    }
    const staff: Actor[] = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => makeStaff(t.db, { name: `Parallell ${i + 1}`, answerGroups: ["BSU"] })),
    );
    const now = new Date("2030-06-01T10:00:00Z").toISOString();

    workers = staff.map((s) => startWorker([t.file, stopId, s.id, now]));
    await Promise.all(workers.map((w) => w.ready));
    // The barrier: every process has its connection open; release them all together.
    for (const w of workers) w.child.stdin.write("go\n");
    const outcomes = await Promise.all(workers.map((w) => w.outcome));

    const winners = outcomes.filter((o) => o.ok);
    const refused = outcomes.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
    expect(refused.filter((o) => !o.refused)).toEqual([]); // no SQLITE_BUSY or other crash
    expect(winners).toHaveLength(1);
    expect(refused).toHaveLength(PARALLEL - 1);
    for (const o of refused) {
      expect(o.reason).toBe("full");
      expect(o.message).toBe("Stoppet är fullt: alla platser för din funktion eller svarsgrupp är redan tagna.");
    }

    const rows = t.db.select().from(stopAssignments).where(eq(stopAssignments.stopId, stopId)).all();
    expect(rows).toHaveLength(3);
    const newcomers = rows.filter((r) => staff.some((s) => s.id === r.userId));
    expect(newcomers).toHaveLength(1);
    expect(newcomers[0]).toMatchObject({ id: (winners[0] as { assignmentId: string }).assignmentId, groupCode: "BSU", status: "requested" });
  });
});
