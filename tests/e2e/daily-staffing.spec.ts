import fs from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { stopAssignments, users, type AssignmentStatus, type StopStatus } from "#db/schema";
import { axeAtBothWidths } from "../support/axe";
import { loginFresh } from "../support/users";
import { blockMapTiles, loggedIn, login } from "../support/e2e";
import { withE2eDb } from "../support/e2e-db";
import { addAssignment, addNeed, createStop, createTour, userIdByEmail } from "../support/seed";
import { freshStaff } from "../support/staff";

/**
 * Everyday staffing (issue 13, point 5): signing up from Mitt schema, withdrawing with a
 * confirmation, cancelled stops kept apart, focus on the result of Boka / Anmäl mig / Avanmäl,
 * and over-staffing called over-staffing, not a clash. Every test makes its own staff member
 * (the disability advisor function, which no demo stop needs) and its own tour in 2036, written
 * straight into the e2e database: the setup is not what is tested.
 */

// A client of its own for the per-address login limit.
const CLIENT = { "X-Forwarded-For": "198.51.100.135" };
test.use({ extraHTTPHeaders: CLIENT });

test.beforeEach(async ({ context }) => {
  // Axe at two widths for every state: slow on a busy machine.
  test.slow();
  await blockMapTiles(context);
});

const DISABILITY = "rådgivare för personer med funktionsnedsättning";

/** A staff member with the disability advisor function; the demo password. */
const seedStaff = async (name: string): Promise<string> => (await freshStaff(name, { advisorFunctions: ["disability"] })).email;

const seedTour = (name: string): string => withE2eDb((db) => createTour(db, { name, startsOn: "2036-01-01", endsOn: "2036-12-31" }));

/** A stop on 12 March 2036 (a Wednesday), 10:00–14:00 Stockholm time, needing `need` disability advisors. */
function seedStop(tourId: string, title: string, options: { need?: number; status?: StopStatus; day?: number } = {}): string {
  const day = options.day ?? 12;
  return withE2eDb((db) => {
    const stopId = createStop(db, {
      tourId,
      title,
      venueName: "Bygdegården",
      lat: 56.0553,
      lng: 12.8562,
      startsAt: new Date(Date.UTC(2036, 2, day, 9, 0)),
      endsAt: new Date(Date.UTC(2036, 2, day, 13, 0)),
      status: options.status ?? "confirmed",
    });
    if (options.need) addNeed(db, { stopId, functionCode: "disability", count: options.need });
    return stopId;
  });
}

function seedBooking(stopId: string, email: string, status: AssignmentStatus = "confirmed") {
  withE2eDb((db) => addAssignment(db, { stopId, userId: userIdByEmail(db, email), functionCode: "disability", status }));
}

function bookingsOf(stopId: string) {
  return withE2eDb((db) =>
    db
      .select({ name: users.name, status: stopAssignments.status })
      .from(stopAssignments)
      .innerJoin(users, eq(users.id, stopAssignments.userId))
      .where(eq(stopAssignments.stopId, stopId))
      .orderBy(users.name)
      .all(),
  );
}

/** A page without JavaScript, logged in as `email`, in a context of its own. */
const noJsPage = (browser: Browser, baseURL: string | undefined, email: string, viewport?: { width: number; height: number }) =>
  loggedIn(browser, baseURL, email, { javaScriptEnabled: false, extraHTTPHeaders: CLIENT, viewport });

const card = (page: Page, region: string | RegExp, title: string) =>
  page
    .getByRole("region", { name: region })
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: title }) });

test("Mitt schema lists open places for the person's function; Anmäl mig signs up and focus lands on the result", async ({ page }) => {
  const stamp = Date.now();
  const email = await seedStaff(`Rut Rådgivare ${stamp}`);
  const tourId = seedTour(`Vardagsturné ${stamp}`);
  const title = `Ledig plats i Mörarp ${stamp}`;
  const stopId = seedStop(tourId, title, { need: 2 });
  // A stop that needs someone else's function is not offered.
  seedStop(tourId, `Inte för dig ${stamp}`, { day: 13 });

  await login(page, email);
  await page.goto("/mitt-schema");
  const open = card(page, "Lediga platser för dig", title);
  await expect(open).toContainText("ons 12 mars 2036 10:00–14:00");
  await expect(open).toContainText(DISABILITY);
  await expect(open).toContainText("2 lediga platser");
  await expect(page.getByRole("region", { name: "Lediga platser för dig" })).not.toContainText(`Inte för dig ${stamp}`);
  await axeAtBothWidths(page);

  await open.getByRole("button", { name: `Anmäl mig till ${title}` }).click();
  const result = page.getByRole("status").filter({ hasText: "Du är anmäld" });
  await expect(result).toContainText(`Du är anmäld som ${DISABILITY} till ”${title}”. Turnéledaren bekräftar anmälan.`);
  await expect(result).toBeFocused();
  // Through the staffing verb: a request the tour leader confirms, now under Kommande stopp.
  expect(bookingsOf(stopId)).toEqual([{ name: `Rut Rådgivare ${stamp}`, status: "requested" }]);
  await expect(card(page, /^Kommande stopp/, title)).toContainText("Anmäld, väntar på bekräftelse");
  await expect(card(page, "Lediga platser för dig", title)).toHaveCount(0);
  await axeAtBothWidths(page);

  // On a phone: nothing wider than the screen, and a screenshot to look at.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await expect(result).toBeFocused();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  fs.mkdirSync("shots", { recursive: true });
  await page.screenshot({ path: "shots/mitt-schema-375.png", fullPage: true });
});

test("without JavaScript, Anmäl mig on Mitt schema signs up and the result message has focus", async ({ browser, baseURL }) => {
  const stamp = Date.now();
  const email = await seedStaff(`Sam Utan Skript ${stamp}`);
  const title = `Anmälan utan skript ${stamp}`;
  const stopId = seedStop(seedTour(`Skriptlös turné ${stamp}`), title, { need: 1 });
  const { context, page } = await noJsPage(browser, baseURL, email);
  await page.goto("/mitt-schema");
  await card(page, "Lediga platser för dig", title)
    .getByRole("button", { name: `Anmäl mig till ${title}` })
    .click();
  const result = page.getByRole("status").filter({ hasText: "Du är anmäld" });
  await expect(result).toContainText(`”${title}”`);
  await expect(result).toBeFocused();
  expect(bookingsOf(stopId)).toHaveLength(1);
  await context.close();
});

test("Avanmäl mig asks first: Nej keeps the booking, Ja withdraws and focus lands on the result", async ({ page }) => {
  const stamp = Date.now();
  const email = await seedStaff(`Vera Vankelmod ${stamp}`);
  const title = `Avanmälan med fråga ${stamp}`;
  const stopId = seedStop(seedTour(`Ångerturné ${stamp}`), title, { need: 1 });
  seedBooking(stopId, email);
  await login(page, email);
  await page.goto("/mitt-schema");
  const booked = card(page, /^Kommande stopp/, title);

  await booked.getByRole("button", { name: `Avanmäl mig från ${title}` }).click();
  const question = page.getByRole("group", { name: `Vill du avanmäla dig från ”${title}”?` });
  await expect(question).toBeFocused();
  expect(bookingsOf(stopId)).toHaveLength(1);
  await axeAtBothWidths(page);

  await question.getByRole("link", { name: "Nej, behåll passet" }).click();
  await expect(question).toHaveCount(0);
  await expect(booked.getByRole("button", { name: `Avanmäl mig från ${title}` })).toBeFocused();
  expect(bookingsOf(stopId)).toHaveLength(1);

  await booked.getByRole("button", { name: `Avanmäl mig från ${title}` }).click();
  await question.getByRole("button", { name: "Ja, avanmäl mig" }).click();
  const result = page.getByRole("status").filter({ hasText: "Du är avanmäld" });
  await expect(result).toContainText(`Du är avanmäld från ”${title}”. Turnéledaren har fått ett meddelande.`);
  await expect(result).toBeFocused();
  expect(bookingsOf(stopId)).toEqual([]);
  await axeAtBothWidths(page);
});

test("without JavaScript, withdrawing asks first and the result message has focus", async ({ browser, baseURL }) => {
  const stamp = Date.now();
  const email = await seedStaff(`Nils Nej ${stamp}`);
  const title = `Avanmälan utan skript ${stamp}`;
  const stopId = seedStop(seedTour(`Skriptlös ånger ${stamp}`), title, { need: 1 });
  seedBooking(stopId, email);
  const { context, page } = await noJsPage(browser, baseURL, email, { width: 375, height: 800 });
  await page.goto("/mitt-schema");
  await card(page, /^Kommande stopp/, title)
    .getByRole("button", { name: `Avanmäl mig från ${title}` })
    .click();
  const question = page.getByRole("group", { name: `Vill du avanmäla dig från ”${title}”?` });
  await expect(question).toBeFocused();
  fs.mkdirSync("shots", { recursive: true });
  await page.screenshot({ path: "shots/mitt-schema-avanmal-375.png" });
  expect(bookingsOf(stopId)).toHaveLength(1);
  await question.getByRole("button", { name: "Ja, avanmäl mig" }).click();
  const result = page.getByRole("status").filter({ hasText: "Du är avanmäld" });
  await expect(result).toBeFocused();
  expect(bookingsOf(stopId)).toEqual([]);
  await context.close();
});

test("a cancelled stop is shown apart as cancelled, not among the booked upcoming stops", async ({ page }) => {
  const stamp = Date.now();
  const email = await seedStaff(`Ingrid Inställd ${stamp}`);
  const tourId = seedTour(`Inställd turné ${stamp}`);
  const live = `Blir av ${stamp}`;
  const cancelled = `Inställt besök ${stamp}`;
  seedBooking(seedStop(tourId, live, { need: 1 }), email);
  seedBooking(seedStop(tourId, cancelled, { need: 1, status: "cancelled", day: 20 }), email);
  await login(page, email);
  await page.goto("/mitt-schema");

  await expect(page.getByRole("heading", { level: 2, name: "Kommande stopp (1)" })).toBeVisible();
  await expect(card(page, /^Kommande stopp/, live)).toBeVisible();
  await expect(card(page, /^Kommande stopp/, cancelled)).toHaveCount(0);
  const apart = card(page, "1 inställt stopp", cancelled);
  await expect(apart).toContainText("Inställt");
  await expect(apart.getByRole("button", { name: /Avanmäl/ })).toHaveCount(0);
  await axeAtBothWidths(page);
});

test("on Bemanning, focus lands on the result of Boka and of Anmäl mig, with and without JavaScript", async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const stamp = Date.now();
  const staffName = `Bo Bokbar ${stamp}`;
  const email = await seedStaff(staffName);
  const tourId = seedTour(`Fokusturné ${stamp}`);
  const forLeader = `Boka med fokus ${stamp}`;
  const forStaff = `Anmäl med fokus ${stamp}`;
  seedStop(tourId, forLeader, { need: 1, day: 10 });
  seedStop(tourId, forStaff, { need: 1, day: 17 });

  // The tour leader books the suggested person.
  await loginFresh(page, "tour_leader");
  await page.goto(`/bemanning?turne=${tourId}`);
  await page.getByRole("button", { name: `Boka ${staffName} som ${DISABILITY} på ${forLeader}` }).click();
  const booked = page.getByRole("status").filter({ hasText: `${staffName} är bokad` });
  await expect(booked).toBeVisible();
  await expect(booked).toBeFocused();
  await axeAtBothWidths(page);

  // The staff member signs up for the other stop, without JavaScript.
  const { context, page: plain } = await noJsPage(browser, baseURL, email);
  await plain.goto(`/bemanning?turne=${tourId}`);
  await plain.getByRole("button", { name: `Anmäl mig till ${forStaff}` }).click();
  const signedUp = plain.getByRole("status").filter({ hasText: "Du är anmäld" });
  await expect(signedUp).toContainText(`”${forStaff}”`);
  await expect(signedUp).toBeFocused();
  await context.close();
});

test("on the stop page, Anmäl mig and Avanmäl mig (after a question) put focus on the result, with and without JavaScript", async ({
  page,
  browser,
  baseURL,
}) => {
  const stamp = Date.now();
  const email = await seedStaff(`Stina Stopp ${stamp}`);
  const title = `Stoppsida med fokus ${stamp}`;
  const stopId = seedStop(seedTour(`Stoppturné ${stamp}`), title, { need: 1 });
  await login(page, email);
  await page.goto(`/stopp/${stopId}`);
  await page.getByRole("button", { name: "Anmäl mig", exact: true }).click();
  const signedUp = page.getByRole("status").filter({ hasText: "Du är anmäld" });
  await expect(signedUp).toBeFocused();
  await axeAtBothWidths(page);

  await page.getByRole("button", { name: "Avanmäl mig", exact: true }).click();
  const question = page.getByRole("group", { name: "Vill du avanmäla dig från stoppet?" });
  await expect(question).toBeFocused();
  expect(bookingsOf(stopId)).toHaveLength(1);
  await question.getByRole("button", { name: "Ja, avanmäl mig" }).click();
  const withdrawn = page.getByRole("status").filter({ hasText: "Du är avanmäld" });
  await expect(withdrawn).toBeFocused();
  expect(bookingsOf(stopId)).toEqual([]);
  await axeAtBothWidths(page);

  // Without JavaScript: the same, the browser's autofocus taking the person to the result.
  const { context, page: plain } = await noJsPage(browser, baseURL, email);
  await plain.goto(`/stopp/${stopId}`);
  await plain.getByRole("button", { name: "Anmäl mig", exact: true }).click();
  await expect(plain.getByRole("status").filter({ hasText: "Du är anmäld" })).toBeFocused();
  await plain.getByRole("button", { name: "Avanmäl mig", exact: true }).click();
  const asked = plain.getByRole("group", { name: "Vill du avanmäla dig från stoppet?" });
  await expect(asked).toBeFocused();
  await asked.getByRole("link", { name: "Nej, behåll passet" }).click();
  await expect(plain.getByRole("button", { name: "Avanmäl mig", exact: true })).toBeFocused();
  expect(bookingsOf(stopId)).toHaveLength(1);
  await context.close();
});

test("more staff than needed is called over-staffed, not a conflict or a clash", async ({ page }) => {
  const stamp = Date.now();
  const first = await seedStaff(`Första ${stamp}`);
  const second = await seedStaff(`Andra ${stamp}`);
  const thirdName = `Tredje ${stamp}`;
  await seedStaff(thirdName);
  const tourId = seedTour(`Överbemannad turné ${stamp}`);
  const title = `För många på plats ${stamp}`;
  const stopId = seedStop(tourId, title, { need: 1 });
  seedBooking(stopId, first);
  seedBooking(stopId, second);

  await loginFresh(page, "tour_leader");
  await page.goto(`/bemanning?turne=${tourId}`);
  const row = page.getByRole("region", { name: /Bemanning per stopp/ }).getByRole("row", { name: new RegExp(title) });
  await expect(row.getByRole("cell", { name: new RegExp(`${DISABILITY}: 2 av 1 bokade`) })).toContainText("överbemannat");
  // A screen reader reads "Inga konflikter"; the eye sees the dash the stylesheet draws (.dash-cell).
  const conflicts = row.getByRole("cell").last();
  await expect(conflicts).toHaveAccessibleName("Inga konflikter");
  await expect(conflicts).toHaveText("Inga konflikter");
  expect(await conflicts.evaluate((cell) => getComputedStyle(cell, "::before").content)).toMatch(/^"–"/);
  expect(await conflicts.evaluate((cell) => getComputedStyle(cell).fontSize)).toBe("0px");
  await axeAtBothWidths(page);

  await page.goto(`/kalender?turne=${tourId}&manad=2036-03`);
  const marker = page.locator(".calendar-staffing").first();
  await expect(marker).toContainText("överbemannat");
  await expect(marker).not.toContainText(/konflikt|krock/i);

  // Booking one more on the stop page: the notice says over-staffed, not a clash.
  await page.goto(`/stopp/${stopId}`);
  await page.getByLabel(/^Roll/).selectOption("f:disability");
  await page.getByLabel(/^Person/).selectOption({ label: thirdName });
  await page.getByRole("button", { name: "Boka", exact: true }).click();
  const notice = page.getByRole("status").filter({ hasText: "Personen är bokad" });
  await expect(notice).toContainText("överbemannat");
  await expect(notice).not.toContainText(/krock/i);
  await expect(notice).toBeFocused();
  await axeAtBothWidths(page);
});
