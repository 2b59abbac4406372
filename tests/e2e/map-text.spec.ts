import { randomBytes } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { blockMapTiles, DEMO, login } from "../support/e2e";

/**
 * Issue 12, point 6: names reach map tooltips as text, never as HTML. Before, an area or topic
 * named like the string below rendered as an <img> in the report map's tooltip (only the CSP kept
 * its handler from running).
 */
const XSS = "<img src=x onerror=window.__xss=1>";
const YEAR = 2011; // a year no other spec reports on
const id = () => randomBytes(16).toString("base64url");
const dbFile = () => path.join(process.env.E2E_DATA_DIR!, "e2e.sqlite");

/**
 * A held stop in YEAR in an area, and a question about a topic, both named XSS. The area is
 * archived and the topic inactive, so the other specs' pages (area lists, field form) never see
 * them; the report still maps an archived area its period reached.
 */
function seed(): void {
  const db = new Database(dbFile());
  try {
    db.pragma("busy_timeout = 5000");
    db.transaction(() => {
      const now = Date.now();
      const areaId = id();
      const tourId = id();
      const stopId = id();
      const questionId = id();
      const startsAt = Date.UTC(YEAR, 4, 14, 8);
      db.prepare("insert into areas (id, name, kind, lat, lng, archived_at) values (?, ?, 'other', 56.08, 12.75, ?)").run(areaId, `${XSS} område`, now);
      db.prepare("insert into question_topics (code, name, sort_order, active) values (?, ?, 999, 0)").run(`xss-${questionId}`, XSS);
      db.prepare("insert into tours (id, name, starts_on, ends_on, archived_at) values (?, ?, ?, ?, ?)").run(tourId, `E2E ${YEAR}`, `${YEAR}-01-01`, `${YEAR}-12-31`, now);
      db.prepare(
        `insert into stops (id, tour_id, title, kind, area_id, lat, lng, starts_at, ends_at, status)
         values (?, ?, ?, 'village_visit', ?, 56.08, 12.75, ?, ?, 'held')`,
      ).run(stopId, tourId, `${XSS} stopp`, areaId, startsAt, startsAt + 2 * 3600_000);
      db.prepare(
        `insert into field_questions (id, stop_id, logged_at, question, topics, answered_on_spot, area_id)
         values (?, ?, ?, 'Testfråga', ?, 1, ?)`,
      ).run(questionId, stopId, startsAt + 600_000, JSON.stringify([`xss-${questionId}`]), areaId);
      db.prepare(
        `insert into cases (id, number, year, seq, question_id, status, tour_id, stop_id, category)
         values (?, ?, ?, 900001, ?, 'answered', ?, ?, 'other')`,
      ).run(id(), `KC-${YEAR}-900001`, YEAR, questionId, tourId, stopId);
    })();
  } finally {
    db.close();
  }
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
