/**
 * Issue 16: the inbound e-mail webhook (POST /api/inkommande-epost) through the route itself,
 * with the raw message as a mail service posts it. The app's one connection reads this file's
 * database; the secret is set before the route reads the environment.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { calendarInvites } from "#db/schema";
import { closeDb } from "~/db.server";
import { staffInviteUid } from "~/domain/calendar/invites.server";
import { assignStaff } from "~/domain/staffing/staffing.server";
import { action, loader, MAX_INBOUND_BYTES } from "~/routes/api.inkommande-epost";
import { calendarReplyMail } from "../support/calendar-reply";
import { seededTestDb, type TestDb } from "../support/db";
import { demoLeader, makeStaff, makeStop, makeTour } from "../support/fixtures";

const SECRET = "inkommande-hemlighet-som-ar-lang-nog-123";
let t: TestDb;
let uid: string;
let attendee: string;

beforeAll(async () => {
  t = await seededTestDb({ demo: true });
  process.env.DATABASE_PATH = t.file;
  process.env.INBOUND_MAIL_SECRET = SECRET;
  const leader = demoLeader(t.db);
  const tourId = makeTour(t.db, leader, { startsOn: "2031-01-01", endsOn: "2031-12-31" });
  const staff = await makeStaff(t.db, { answerGroups: ["BSU"] });
  const stopId = makeStop(t.db, leader, { tourId, date: "2031-06-10", start: "18:00", end: "20:00", status: "confirmed" });
  assignStaff(t.db, leader, { stopId, userId: staff.id, role: "g:BSU" });
  uid = staffInviteUid(stopId, staff.id);
  attendee = (t.db.$client.prepare("select email from users where id = ?").get(staff.id) as { email: string }).email;
});
afterAll(() => {
  delete process.env.INBOUND_MAIL_SECRET;
  closeDb();
  t.cleanup();
});

function reply(partstat: string): string {
  return calendarReplyMail({ from: attendee, to: "kontaktcenter@kommunen.example", uid, sequence: 0, partstat, prodId: "-//Test//EN" });
}

function post(body: BodyInit, headers: Record<string, string> = {}) {
  const request = new Request("http://localhost/api/inkommande-epost", { method: "POST", body, headers: { "Content-Type": "message/rfc822", ...headers } });
  return action({ request, params: {}, context: { cspNonce: "", clientIp: "127.0.0.1" } });
}

const partstat = () => t.db.select({ p: calendarInvites.partstat }).from(calendarInvites).where(eq(calendarInvites.uid, uid)).get()!.p;

describe("POST /api/inkommande-epost", () => {
  it("refuses a missing or wrong secret with 401 and changes nothing", async () => {
    expect((await post(reply("ACCEPTED"))).status).toBe(401);
    expect((await post(reply("ACCEPTED"), { Authorization: "Bearer fel-hemlighet" })).status).toBe(401);
    expect((await post(reply("ACCEPTED"), { Authorization: `Bearer ${SECRET}x` })).status).toBe(401);
    expect(partstat()).toBeNull();
  });

  it("keeps a calendar answer sent with the secret", async () => {
    const res = await post(reply("TENTATIVE"), { Authorization: `Bearer ${SECRET}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ answers: 1, ignored: 0 });
    expect(partstat()).toBe("TENTATIVE");
  });

  it("acknowledges mail that is no calendar answer, and refuses an empty or oversized body", async () => {
    const plain = await post("From: a@example.se\r\nSubject: Hej\r\n\r\nBara text.\r\n", { Authorization: `Bearer ${SECRET}` });
    expect(plain.status).toBe(200);
    expect(await plain.json()).toEqual({ answers: 0, ignored: 0 });
    expect((await post("", { Authorization: `Bearer ${SECRET}` })).status).toBe(400);
    const big = new Uint8Array(MAX_INBOUND_BYTES + 1);
    expect((await post(big, { Authorization: `Bearer ${SECRET}` })).status).toBe(413);
    expect(partstat()).toBe("TENTATIVE");
  });

  it("answers GET with 405", async () => {
    expect((await loader()).status).toBe(405);
  });
});
