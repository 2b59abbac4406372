import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { stops, type StopStatus } from "#db/schema";
import { axeAtBothWidths, expectNoAxeViolations } from "../support/axe";
import { loginFresh } from "../support/users";
import { blockMapTiles } from "../support/e2e";
import { withE2eDb } from "../support/e2e-db";
import { createStop, createTour } from "../support/seed";

/**
 * Everyday work with stops (issue 13, point 6): "Föreslå stopp" opens a prefilled stop form and
 * writes nothing; a stop that has not begun cannot be marked held; the calendar opens on the
 * chosen tour's next stop and shows whole titles. Tours and stops are our own, written straight
 * into the e2e database (2037, or well in the past).
 */

const CLIENT = { "X-Forwarded-For": "198.51.100.136" };
test.use({ extraHTTPHeaders: CLIENT });

test.beforeEach(async ({ context }) => {
  // Axe at two widths for every state: slow on a busy machine.
  test.slow();
  await blockMapTiles(context);
});

const seedTour = (name: string, startsOn = "2037-01-01", endsOn = "2037-12-31"): string => withE2eDb((db) => createTour(db, { name, startsOn, endsOn }));

/** A stop 10:00–14:00 Stockholm time on `date` (UTC+1 or +2: the hours are only for the order). */
function seedStop(tourId: string, title: string, date: string, status: StopStatus = "planned"): string {
  const start = new Date(`${date}T09:00:00Z`).getTime();
  return withE2eDb((db) => createStop(db, { tourId, title, startsAt: new Date(start), endsAt: new Date(start + 4 * 3600_000), status }));
}

const stopsOf = (tourId: string) =>
  withE2eDb((db) =>
    db.select({ title: stops.title, kind: stops.kind, status: stops.status, org: stops.organizationId }).from(stops).where(eq(stops.tourId, tourId)).all(),
  );

const chosen = (page: Page, label: string | RegExp) => page.getByLabel(label).locator("option:checked");

test("Föreslå stopp opens the stop form prefilled, and nothing is written until it is saved", async ({ page }) => {
  const stamp = Date.now();
  const tourName = `Förslagsturné ${stamp}`;
  const tourId = seedTour(tourName);
  test.setTimeout(180_000);
  await loginFresh(page, "tour_leader");
  await page.goto(`/prioriteringar?turne=${tourId}`);
  await expect(page.getByRole("link", { name: /^Föreslå stopp i / }).first()).toHaveAttribute("href", /^\/stopp\/ny\?/);
  await axeAtBothWidths(page);
  // Every area, to reach Rydebäck (a byalag's village) wherever it ranks.
  await page.goto(`/prioriteringar?turne=${tourId}&antal=1000`);
  const propose = page.getByRole("link", { name: "Föreslå stopp i Rydebäck" });
  await expect(propose).toHaveAttribute("href", /^\/stopp\/ny\?/);
  await propose.click();

  await expect(page.getByRole("heading", { level: 1, name: "Nytt stopp" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Inget är sparat än");
  await expect(chosen(page, /^Turné/)).toHaveText(tourName);
  await expect(chosen(page, "Område")).toHaveText("Rydebäck");
  await expect(chosen(page, "Organisation")).toHaveText("Rydebäcks Byalag (Rydebäck)");
  await expect(chosen(page, /^Typ av stopp/)).toHaveText("Byalagsbesök");
  await expect(chosen(page, /^Status/)).toHaveText("Förslag");
  await expect(page.getByLabel(/^Rubrik/)).toHaveValue("Besök i Rydebäck");
  await expect(page.getByLabel(/^Datum/)).toHaveValue("");
  expect(stopsOf(tourId)).toEqual([]);
  await axeAtBothWidths(page);

  // The tour leader picks the date; only saving creates the stop.
  await page.getByLabel(/^Datum/).fill("2037-05-16");
  await page.getByRole("button", { name: "Spara stoppet" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Besök i Rydebäck" })).toBeVisible();
  await expect(page.locator(".facts")).toContainText("lör 16 maj 2037 10:00–14:00");
  expect(stopsOf(tourId)).toEqual([{ title: "Besök i Rydebäck", kind: "village_visit", status: "proposed", org: expect.any(String) }]);
});

test("without JavaScript, Föreslå stopp is an ordinary link to the prefilled form", async ({ browser, baseURL }) => {
  const tourId = seedTour(`Skriptlöst förslag ${Date.now()}`);
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, extraHTTPHeaders: CLIENT });
  const page = await context.newPage();
  await loginFresh(page, "tour_leader");
  await page.goto(`/prioriteringar?turne=${tourId}&antal=1000`);
  await page.getByRole("link", { name: "Föreslå stopp i Rydebäck" }).click();
  await expect(page.getByLabel(/^Rubrik/)).toHaveValue("Besök i Rydebäck");
  await expect(chosen(page, "Område")).toHaveText("Rydebäck");
  expect(stopsOf(tourId)).toEqual([]);
  await context.close();
});

test("a stop that has not begun is not offered as held, and a direct post is refused; a past stop can be marked", async ({ page, baseURL }) => {
  const stamp = Date.now();
  const tourId = seedTour(`Genomförtturné ${stamp}`, "2025-01-01", "2037-12-31");
  const future = seedStop(tourId, `Kommer sen ${stamp}`, "2037-05-16");
  const past = seedStop(tourId, `Redan varit ${stamp}`, "2025-11-15");
  await loginFresh(page, "tour_leader");

  await page.goto(`/stopp/${future}`);
  await expect(page.getByRole("heading", { level: 2, name: "Åtgärder" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Markera som genomfört" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Markera som genomfört" })).toHaveCount(0);
  await expect(page.getByText("kan markeras som genomfört när det har börjat")).toBeVisible();
  await axeAtBothWidths(page);

  const refused = await page.request.post(`/stopp/${future}?index`, {
    form: { intent: "held", actualVisitors: "5" },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(400);
  // The same post from the page itself (a form built by hand): the refusal is shown, in Swedish.
  await page.evaluate(() => {
    const form = Object.assign(document.createElement("form"), { method: "post", action: `${location.pathname}?index` });
    for (const [name, value] of [
      ["intent", "held"],
      ["actualVisitors", "5"],
    ]) {
      form.append(Object.assign(document.createElement("input"), { type: "hidden", name, value }));
    }
    document.body.append(form);
    form.submit();
  });
  await expect(page.getByRole("alert").filter({ hasText: "inte har börjat" })).toHaveText("Ett stopp som inte har börjat kan inte markeras som genomfört.");
  expect(withE2eDb((db) => db.select({ status: stops.status }).from(stops).where(eq(stops.id, future)).get())).toEqual({ status: "planned" });

  await page.goto(`/stopp/${past}`);
  await page.getByLabel(/^Antal besökare/).fill("12");
  await page.getByLabel("Kort sammanfattning").fill("Frågor om trafiken genom byn.");
  await page.getByRole("button", { name: "Markera som genomfört" }).click();
  await expect(page.locator(".page-head")).toContainText("Genomförd");
  await expect(page.locator(".facts")).toContainText("12");
  await expect(page.getByRole("region", { name: "Historik" })).toContainText("Markerade stoppet som genomfört");
  await axeAtBothWidths(page);
});

test("the calendar opens on the chosen tour's next stop, else its first stop, else the current month", async ({ page }) => {
  const stamp = Date.now();
  const upcoming = seedTour(`Kalender med kommande ${stamp}`, "2020-01-01", "2037-12-31");
  seedStop(upcoming, `Längesen ${stamp}`, "2020-03-14");
  seedStop(upcoming, `Inställt först ${stamp}`, "2037-08-15", "cancelled");
  seedStop(upcoming, `Nästa ${stamp}`, "2037-09-12");
  seedStop(upcoming, `Sedan ${stamp}`, "2037-10-01");
  const allPast = seedTour(`Kalender med bara gamla ${stamp}`, "2020-01-01", "2020-12-31");
  seedStop(allPast, `Gammal vår ${stamp}`, "2020-04-04");
  seedStop(allPast, `Gammal vinter ${stamp}`, "2020-02-08");
  const empty = seedTour(`Kalender utan stopp ${stamp}`, "2037-01-01", "2037-12-31");
  const month = page.locator(".calendar-month");

  await loginFresh(page, "tour_leader");
  await page.goto(`/kalender?turne=${upcoming}`);
  await expect(month).toHaveText("september 2037");
  await expect(page.getByRole("link", { name: new RegExp(`Nästa ${stamp}`) })).toBeVisible();
  await axeAtBothWidths(page);

  await page.goto(`/kalender?turne=${allPast}`);
  await expect(month).toHaveText("februari 2020");

  await page.goto(`/kalender?turne=${empty}`);
  const now = new Intl.DateTimeFormat("sv-SE", { month: "long", year: "numeric", timeZone: "Europe/Stockholm" }).format(new Date());
  await expect(month).toHaveText(now);

  // A month in the address is kept.
  await page.goto(`/kalender?turne=${upcoming}&manad=2037-10`);
  await expect(month).toHaveText("oktober 2037");
});

test("the calendar shows whole titles and the app's date format, on a desktop and on a 375 px phone", async ({ page }) => {
  const stamp = Date.now();
  const tourId = seedTour(`Långa rubriker ${stamp}`);
  const title = `Informationskväll för alla byalag och hembygdsföreningar i norra Helsingborg ${stamp}`;
  seedStop(tourId, title, "2037-03-10");
  await loginFresh(page, "tour_leader");

  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/kalender?turne=${tourId}`);
    const link = page.getByRole("table").getByRole("link", { name: new RegExp(title) });
    await expect(link).toBeVisible();
    // Nothing of the title is cut off: neither the link nor its day cell hides any of it.
    const clipped = await link.evaluate((el) => {
      const cell = el.closest("td")!;
      return {
        ellipsis: getComputedStyle(el).textOverflow === "ellipsis" && getComputedStyle(el).whiteSpace === "nowrap",
        wide: el.scrollWidth > el.clientWidth + 1,
        tall: cell.scrollHeight > cell.clientHeight + 1,
      };
    });
    expect(clipped).toEqual({ ellipsis: false, wide: false, tall: false });
    await expect(page.getByRole("link", { name: "Nytt stopp tis 10 mars 2037" })).toBeAttached();
    await expectNoAxeViolations(page); // at this width
    if (width === 375) {
      fs.mkdirSync("shots", { recursive: true });
      await page.screenshot({ path: "shots/kalender-375.png", fullPage: true });
    }
  }

  await page.getByRole("link", { name: "Lista", exact: true }).click();
  await expect(page.getByRole("heading", { level: 3, name: /tis 10 mars 2037/ })).toBeVisible();
  await axeAtBothWidths(page);
});
