import { expect, test } from "@playwright/test";
import { areas, cases, fieldQuestions, questionTopics } from "#db/schema";
import { randomId } from "#db/id";
import { blockMapTiles, DEMO, login } from "../support/e2e";
import { withE2eDb } from "../support/e2e-db";
import { createStop, createTour } from "../support/seed";

/**
 * Issue 12, point 6: names reach map tooltips as text, never as HTML. Before, an area or topic
 * named like the string below rendered as an <img> in the report map's tooltip (only the CSP kept
 * its handler from running).
 */
const XSS = "<img src=x onerror=window.__xss=1>";
const YEAR = 2011; // a year no other spec reports on

/**
 * A held stop in YEAR in an area, and a question about a topic, both named XSS. The area is
 * archived and the topic inactive, so the other specs' pages (area lists, field form) never see
 * them; the report still maps an archived area its period reached.
 */
function seed(): void {
  withE2eDb((db) =>
    db.transaction((tx) => {
      const now = new Date();
      const questionId = randomId();
      const topic = `xss-${questionId}`;
      const startsAt = Date.UTC(YEAR, 4, 14, 8);
      const areaId = tx
        .insert(areas)
        .values({ name: `${XSS} område`, kind: "other", lat: 56.08, lng: 12.75, archivedAt: now })
        .returning({ id: areas.id })
        .get().id;
      tx.insert(questionTopics).values({ code: topic, name: XSS, sortOrder: 999, active: false }).run();
      const tourId = createTour(tx, { name: `E2E ${YEAR}`, startsOn: `${YEAR}-01-01`, endsOn: `${YEAR}-12-31`, archivedAt: now });
      const stopId = createStop(tx, {
        tourId,
        title: `${XSS} stopp`,
        areaId,
        lat: 56.08,
        lng: 12.75,
        startsAt: new Date(startsAt),
        endsAt: new Date(startsAt + 2 * 3600_000),
        status: "held",
      });
      tx.insert(fieldQuestions)
        .values({ id: questionId, stopId, loggedAt: new Date(startsAt + 600_000), question: "Testfråga", topics: [topic], answeredOnSpot: true, areaId })
        .run();
      tx.insert(cases)
        .values({ number: `KC-${YEAR}-900001`, year: YEAR, seq: 900001, questionId, status: "answered", tourId, stopId, category: "other" })
        .run();
    }),
  );
}

test("the report map shows area and topic names in its tooltips as text, never as HTML", async ({ page, context }) => {
  await blockMapTiles(context);
  seed();
  await login(page, DEMO.tourLeader);
  await page.goto(`/rapport?typ=ar&ar=${YEAR}`);
  const map = page.getByRole("region", { name: "Karta över områden som nåtts och frågor per område" });
  await map.scrollIntoViewIfNeeded();
  await expect(map.getByRole("status")).toContainText("Kartan visar 1 områden som nåtts");

  // The area's dot: the only one reached in the year.
  const reached = map.locator('path.leaflet-interactive[fill="#1a6b3c"]');
  await expect(reached).toHaveCount(1);
  await reached.hover();
  const areaTooltip = page.locator(".leaflet-tooltip-pane .leaflet-tooltip", { hasText: "genomförda stopp" });
  await expect(areaTooltip).toHaveText(`${XSS} område: 1 genomförda stopp`);
  expect(await areaTooltip.textContent()).toContain("<img");
  await expect(page.locator(".leaflet-tooltip-pane img")).toHaveCount(0);

  // The topic's hot spot, named in its tooltip after the area.
  await map.getByLabel("Frågor om").selectOption({ label: `${XSS} (1)` });
  await map.getByLabel("Visa områdena").uncheck();
  const spot = map.locator('path.leaflet-interactive[fill="#d9730d"]');
  await expect(spot).toHaveCount(1);
  await spot.hover();
  const topicTooltip = page.locator(".leaflet-tooltip-pane .leaflet-tooltip", { hasText: "frågor om" });
  await expect(topicTooltip).toHaveText(`${XSS} område: 1 frågor om ${XSS}`);

  // Literal text, and no element made from it anywhere on the page.
  expect(await topicTooltip.textContent()).toContain("<img");
  await expect(page.locator(".leaflet-tooltip-pane img")).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});
