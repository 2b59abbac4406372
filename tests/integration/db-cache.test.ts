import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { cachedUntilChange, databaseVersion, openDatabase, readConsistently } from "~/db.server";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
afterEach(() => t.cleanup());

describe("cachedUntilChange", () => {
  it("reuses a read until this connection writes", () => {
    t = createTestDb();
    let computed = 0;
    const read = () => cachedUntilChange(t.db, "n", () => ++computed);
    expect(read()).toBe(1);
    expect(read()).toBe(1);
    t.db.$client.prepare("insert into answer_groups (code, name, description, sort_order) values ('X', 'X', 'x', 9)").run();
    expect(read()).toBe(2);
    expect(read()).toBe(2);
  });

  it("notices a commit from another connection (another server process or a script)", () => {
    t = createTestDb();
    let computed = 0;
    const read = () => cachedUntilChange(t.db, "n", () => ++computed);
    const before = databaseVersion(t.db);
    expect(read()).toBe(1);
    const other = new Database(t.file);
    other.prepare("insert into answer_groups (code, name, description, sort_order) values ('Y', 'Y', 'y', 9)").run();
    other.close();
    expect(databaseVersion(t.db)).not.toBe(before);
    expect(read()).toBe(2);
  });

  it("with alsoUntil, also reads afresh when that value changes (e.g. the minute turns)", () => {
    t = createTestDb();
    let computed = 0;
    const read = (minute: number) => cachedUntilChange(t.db, "n", () => ++computed, { alsoUntil: minute });
    expect(read(1)).toBe(1);
    expect(read(1)).toBe(1);
    expect(read(2)).toBe(2);
    expect(read(2)).toBe(2);
  });

  it("shares an async read while it runs, and forgets one that failed so the next request reads again", async () => {
    t = createTestDb();
    let started = 0;
    let fail = true;
    const read = () =>
      cachedUntilChange(t.db, "async", async () => {
        started++;
        await new Promise((r) => setTimeout(r, 5));
        if (fail) throw new Error("the database went away");
        return started;
      });
    const [a, b] = [read(), read()];
    expect(a).toBe(b);
    await expect(a).rejects.toThrow("went away");
    expect(started).toBe(1);
    fail = false;
    expect(await read()).toBe(2);
    expect(await read()).toBe(2);
    expect(started).toBe(2);
  });

  it("keeps at most 500 keys, then starts afresh", () => {
    t = createTestDb();
    let computed = 0;
    for (let i = 0; i < 500; i++) cachedUntilChange(t.db, `k${i}`, () => ++computed);
    expect(cachedUntilChange(t.db, "k0", () => ++computed)).toBe(1);
    cachedUntilChange(t.db, "k500", () => ++computed);
    expect(cachedUntilChange(t.db, "k0", () => ++computed)).toBe(502);
  });
});

describe("readConsistently", () => {
  it("gives several reads one snapshot while another connection commits, and the next read sees the commit", () => {
    t = createTestDb();
    const other = openDatabase(t.file, { migrate: false });
    const count = () => (t.db.$client.prepare("select count(*) as n from departments").get() as { n: number }).n;
    const before = count();
    const [first, second] = readConsistently(t.db, () => {
      const a = count();
      other.$client.prepare("insert into departments (code, name, sort_order) values ('x', 'Ny förvaltning', 99)").run();
      return [a, count()];
    });
    other.$client.close();
    expect([first, second]).toEqual([before, before]);
    expect(count()).toBe(before + 1);
  });
});
