import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { auditLog, calendarFeedKeys } from "#db/schema";
import { closeDb } from "~/db.server";
import { createFeedKey, feedUrls, getActiveFeedKey, hashFeedKey, resolveFeedKey, revokeFeedKey } from "~/domain/calendar/feed-keys.server";
import { stopSchema } from "~/domain/stops/schemas";
import { createStop } from "~/domain/stops/stops.server";
import { tourSchema } from "~/domain/tours/schemas";
import { createTour } from "~/domain/tours/tours.server";
import { setUserActive, type Actor } from "~/domain/users/users.server";
import { loader as allFeedLoader } from "~/routes/flode.$key.alla[.]ics";
import { loader as myFeedLoader } from "~/routes/flode.$key.mitt-schema[.]ics";
import { loader as tourFeedLoader } from "~/routes/flode.$key.turne.$tourFile";
import { loader as publicFeedLoader } from "~/routes/har-finns-vi[.]ics";
import { seededTestDb, type TestDb } from "../support/db";
import { areaIdByName, makeUser } from "../support/fixtures";

let t: TestDb;
let admin: Actor;
let tourId: string;

const addUser = (name: string, email: string) => makeUser(t.db, "staff", { name, email }, admin);

beforeAll(async () => {
  t = await seededTestDb();
  // The routes read the app's one connection: point it at this file's database.
  process.env.DATABASE_PATH = t.file;
  admin = await makeUser(t.db, "admin", { name: "Anna Admin", email: "anna@rullarut.example" });
  tourId = createTour(t.db, admin, tourSchema.parse({ name: "KC rullar ut 2099", startsOn: "2099-01-01", endsOn: "2099-12-31" }));
  const areaId = areaIdByName(t.db, "Mörarp");
  createStop(
    t.db,
    admin,
    stopSchema.parse({
      tourId,
      title: "Framtida besök",
      kind: "village_visit",
      status: "proposed",
      areaId,
      startDate: "2099-05-14",
      startTime: "10:00",
      endTime: "12:00",
      internalNotes: "Intern anteckning: hemligt",
    }),
  );
});
afterAll(() => {
  closeDb();
  t.cleanup();
});

describe("feed keys", () => {
  it("are 256 random bits in base64url, and only their SHA-256 is stored", () => {
    const user = { id: admin.id };
    const { key } = createFeedKey(t.db, user);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key, "base64url")).toHaveLength(32);
    const rows = t.db.select().from(calendarFeedKeys).where(eq(calendarFeedKeys.userId, admin.id)).all();
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(rows.some((r) => r.keyHash === hashFeedKey(key))).toBe(true);
    // Nor does the audit log hold it.
    expect(JSON.stringify(t.db.select().from(auditLog).all())).not.toContain(key);
    expect(createFeedKey(t.db, user).key).not.toBe(key);
  });

  it("a user has at most one active key: a new one revokes the old", async () => {
    const user = await addUser("Bo Berg", "bo@rullarut.example");
    const first = createFeedKey(t.db, user).key;
    createFeedKey(t.db, user);
    createFeedKey(t.db, user);
    const active = t.db
      .select()
      .from(calendarFeedKeys)
      .where(and(eq(calendarFeedKeys.userId, user.id), isNull(calendarFeedKeys.revokedAt)))
      .all();
    expect(active).toHaveLength(1);
    expect(resolveFeedKey(t.db, first)).toBeNull();
    expect(getActiveFeedKey(t.db, user)?.id).toBe(active[0]!.id);
  });

  it("revoking sets revoked_at and leaves the user without an active key; a new key can be made", async () => {
    const user = await addUser("Cilla Carlsson", "cilla@rullarut.example");
    const { key } = createFeedKey(t.db, user);
    expect(revokeFeedKey(t.db, user)).toBe(true);
    expect(getActiveFeedKey(t.db, user)).toBeNull();
    const row = t.db
      .select()
      .from(calendarFeedKeys)
      .where(eq(calendarFeedKeys.keyHash, hashFeedKey(key)))
      .get()!;
    expect(row.revokedAt).toBeInstanceOf(Date);
    expect(revokeFeedKey(t.db, user)).toBe(false);
    const again = createFeedKey(t.db, user).key;
    expect(resolveFeedKey(t.db, again)?.id).toBe(user.id);
  });

  it("stop working when the user is deactivated", async () => {
    const user = await addUser("Dan Dahl", "dan@rullarut.example");
    const { key } = createFeedKey(t.db, user);
    expect(resolveFeedKey(t.db, key)?.id).toBe(user.id);
    setUserActive(t.db, admin, user.id, false);
    expect(resolveFeedKey(t.db, key)).toBeNull();
  });
});

describe("feedUrls", () => {
  it("lists the personal schedule first, then all stops and one per tour", () => {
    const urls = feedUrls("https://kc.example", "k", [{ id: "t1", name: "Turné" }]);
    expect(Object.keys(urls)[0]).toBe("mine");
    expect(urls.mine).toBe("https://kc.example/flode/k/mitt-schema.ics");
    expect(urls.all).toBe("https://kc.example/flode/k/alla.ics");
    expect(urls.tours).toEqual([{ id: "t1", name: "Turné", url: "https://kc.example/flode/k/turne/t1.ics" }]);
  });
});

describe("the feed routes", () => {
  const args = (path: string, params: Record<string, string>) => ({
    request: new Request(`http://rullarut.test${path}`),
    params,
    context: { cspNonce: "", clientIp: "127.0.0.1" },
  });

  it("serve text/calendar that ical.js reads, with links on the request's origin", async () => {
    const user = await addUser("Eva Ek", "eva@rullarut.example");
    const { key } = createFeedKey(t.db, user);
    const response = await allFeedLoader(args(`/flode/${key}/alla.ics`, { key }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const events = new ICAL.Component(ICAL.parse(await response.text())).getAllSubcomponents("vevent").map((c) => new ICAL.Event(c));
    const event = events.find((e) => e.summary === "[Förslag] Framtida besök")!;
    expect(event.component.getFirstPropertyValue("url")).toMatch(/^http:\/\/rullarut\.test\/stopp\//);

    const tour = await tourFeedLoader(args(`/flode/${key}/turne/${tourId}.ics`, { key, tourFile: `${tourId}.ics` }));
    expect(tour.status).toBe(200);
    expect(await tour.text()).toContain("Framtida besök");
  });

  it("answer unknown, revoked and malformed keys, unknown tours and deactivated users with the same 404", async () => {
    const user = await addUser("Filip Fors", "filip@rullarut.example");
    const { key: revoked } = createFeedKey(t.db, user);
    revokeFeedKey(t.db, user);
    const deactivatedUser = await addUser("Greta Gran", "greta@rullarut.example");
    const { key: ofDeactivated } = createFeedKey(t.db, deactivatedUser);
    setUserActive(t.db, admin, deactivatedUser.id, false);
    const live = await addUser("Hugo Holm", "hugo@rullarut.example");
    const { key: valid } = createFeedKey(t.db, live);

    const responses = await Promise.all([
      allFeedLoader(args("/flode/x/alla.ics", { key: "A".repeat(43) })),
      allFeedLoader(args("/flode/x/alla.ics", { key: revoked })),
      allFeedLoader(args("/flode/x/alla.ics", { key: ofDeactivated })),
      allFeedLoader(args("/flode/x/alla.ics", { key: "kort" })),
      myFeedLoader(args("/flode/x/mitt-schema.ics", { key: revoked })),
      myFeedLoader(args("/flode/x/mitt-schema.ics", { key: ofDeactivated })),
      myFeedLoader(args("/flode/x/mitt-schema.ics", { key: "B".repeat(43) })),
      tourFeedLoader(args("/flode/x/turne/x.ics", { key: revoked, tourFile: `${tourId}.ics` })),
      tourFeedLoader(args("/flode/x/turne/x.ics", { key: valid, tourFile: "finns-inte.ics" })),
      tourFeedLoader(args("/flode/x/turne/x", { key: valid, tourFile: tourId })),
    ]);
    const bodies = await Promise.all(responses.map((r) => r.text()));
    for (const r of responses) {
      expect(r.status).toBe(404);
      expect(r.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    }
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toBe("Kalenderflödet finns inte.");
  });

  it("the public feed needs no key, is cacheable and has no internal notes", async () => {
    const response = await publicFeedLoader(args("/har-finns-vi.ics", {}));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=300");
    const text = await response.text();
    expect(text).toContain("X-WR-CALNAME:KC rullar ut – här finns vi");
    expect(text).not.toContain("hemligt");
    // The one stop is only proposed: not public.
    expect(text).not.toContain("Framtida besök");
  });
});
