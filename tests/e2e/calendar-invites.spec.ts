import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { and, eq, isNotNull } from "drizzle-orm";
import { outboxMessages } from "#db/schema";
import { axeAtBothWidths } from "../support/axe";
import { blockMapTiles, DEMO, login } from "../support/e2e";
import { withE2eDb } from "../support/e2e-db";
import { createStop, createTour } from "../support/seed";
import { calendarReplyMail } from "../support/calendar-reply";
import { freshStaff } from "../support/staff";

/**
 * Issue 16: the tour leader books two people on a stop and moves it; each of them gets an update
 * of the meeting request they got when booked (same UID, SEQUENCE 1), and the admin's outbox
 * lists the two. The tour and stop are our own, written straight into the e2e database (2038).
 */

const CLIENT = { "X-Forwarded-For": "198.51.100.141" };
test.use({ extraHTTPHeaders: CLIENT });

test.beforeEach(async ({ context }) => {
  test.slow();
  await blockMapTiles(context);
});

function calendarMails(stopId: string) {
  return withE2eDb((db) =>
    db
      .select({ to: outboxMessages.toAddress, subject: outboxMessages.subject, method: outboxMessages.calendarMethod, content: outboxMessages.calendarContent })
      .from(outboxMessages)
      .where(and(eq(outboxMessages.relatedType, "stop"), eq(outboxMessages.relatedId, stopId), isNotNull(outboxMessages.calendarMethod)))
      .orderBy(outboxMessages.createdAt)
      .all()
      // A meeting request always has its iCalendar text; "" where one had none fails every check below.
      .map(({ content, ...mail }) => ({ ...mail, content: content ?? "" })),
  );
}

test("the tour leader moves a stop with two booked staff: the outbox holds an update of each one's meeting request", async ({ page }) => {
  const stamp = randomBytes(3).toString("hex");
  const title = `Kalenderbesök ${stamp}`;
  const a = { name: `Alva Kalender ${stamp}`, ...(await freshStaff(`Alva Kalender ${stamp}`, { answerGroups: ["BSU"] })) };
  const b = { name: `Bo Kalender ${stamp}`, ...(await freshStaff(`Bo Kalender ${stamp}`, { answerGroups: ["BSU"] })) };
  // 12 May 2038, 10:00–14:00 Stockholm time (UTC+2).
  const start = Date.parse("2038-05-12T08:00:00Z");
  const stopId = withE2eDb((db) =>
    db.transaction((tx) => {
      const tourId = createTour(tx, { name: `Kalenderturné ${stamp}`, startsOn: "2038-01-01", endsOn: "2038-12-31" });
      return createStop(tx, { tourId, title, startsAt: new Date(start), endsAt: new Date(start + 4 * 3600_000), status: "confirmed" });
    }),
  );

  await login(page, DEMO.tourLeader);
  await page.goto(`/stopp/${stopId}`);
  for (const person of [a, b]) {
    await page.getByLabel(/^Roll/).selectOption("g:BSU");
    await page.getByLabel(/^Person/).selectOption({ label: person.name });
    await page.getByRole("button", { name: "Boka", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Personen är bokad" })).toBeVisible();
    await expect(page.locator(".staffing-stop__person").filter({ hasText: person.name })).toBeVisible();
  }
  const booked = calendarMails(stopId);
  expect(booked.map((m) => m.to).sort()).toEqual([a.email, b.email].sort());
  expect(booked.every((m) => m.method === "REQUEST" && m.content.includes("SEQUENCE:0"))).toBe(true);

  await page.goto(`/stopp/${stopId}/andra`);
  await page.getByLabel(/^Starttid/).fill("11:00");
  await page.getByLabel(/^Sluttid/).fill("15:00");
  await page.getByRole("button", { name: "Spara ändringar" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

  const updates = calendarMails(stopId).filter((m) => m.content.includes("SEQUENCE:1"));
  expect(updates.map((m) => m.to).sort()).toEqual([a.email, b.email].sort());
  for (const m of updates) {
    expect(m.method).toBe("REQUEST");
    expect(m.subject).toBe(`Ändrad tid eller plats: ${title}`);
    expect(m.content).toContain("DTSTART;TZID=Europe/Stockholm:20380512T110000");
    // The update has the UID of the request that person got when booked.
    const uid = /UID:(\S+)/.exec(m.content)![1];
    expect(booked.find((x) => x.to === m.to)!.content).toContain(`UID:${uid}`);
  }

  // Alva accepts in her calendar: the answer reaches the app through the inbound e-mail webhook,
  // as the mail service posts it, and shows on the stop.
  const alvaUid = /UID:(\S+)/.exec(updates.find((m) => m.to === a.email)!.content)![1];
  const answer = calendarReplyMail({
    from: a.email,
    to: "kontaktcenter@rullarut.example",
    subject: `Accepterat: ${title}`,
    uid: alvaUid!,
    sequence: 1,
    partstat: "ACCEPTED",
  });
  const webhook = await page.request.post("/api/inkommande-epost", {
    headers: { "Content-Type": "message/rfc822", Authorization: `Bearer ${process.env.E2E_INBOUND_MAIL_SECRET}` },
    data: answer,
  });
  expect(webhook.status()).toBe(200);
  expect(await webhook.json()).toEqual({ answers: 1, ignored: 0 });
  const wrongKey = await page.request.post("/api/inkommande-epost", {
    headers: { "Content-Type": "message/rfc822", Authorization: "Bearer fel" },
    data: answer,
  });
  expect(wrongKey.status()).toBe(401);
  // Malformed messages with the right key: acknowledged or refused, never a 5xx, and nothing kept.
  const broken = [
    Buffer.from([0, 255, 1, 254, 13, 10, 13, 10, 7]),
    "Content-Type: multipart/mixed\r\n\r\n--x\r\nContent-Type: text/calendar; method=REPLY\r\n\r\nBEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:\r\n",
    answer.replace("BEGIN:VCALENDAR", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT"),
    answer.replace(`UID:${alvaUid}`, `UID:${"x".repeat(100_000)}`),
  ];
  for (const data of broken) {
    const res = await page.request.post("/api/inkommande-epost", {
      headers: { "Content-Type": "message/rfc822", Authorization: `Bearer ${process.env.E2E_INBOUND_MAIL_SECRET}` },
      data,
    });
    expect(res.status()).toBeLessThan(500);
    expect(res.status() === 200 ? (await res.json()).answers : 0).toBe(0);
  }
  await page.goto(`/stopp/${stopId}`);
  const bookedPerson = (name: string) => page.locator(".staffing-stop__person").filter({ hasText: name });
  await expect(bookedPerson(a.name)).toContainText("Tackat ja i kalendern");
  await expect(bookedPerson(b.name)).not.toContainText("i kalendern");
  await axeAtBothWidths(page);

  // The admin sees the two updates in the outbox.
  await login(page, DEMO.admin);
  await page.goto("/admin/utkorg");
  await expect(page.getByRole("link", { name: `Ändrad tid eller plats: ${title}` })).toHaveCount(2);
  await axeAtBothWidths(page);
});
