import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "../support/axe";
import { loginFresh } from "../support/users";
import { blockMapTiles, DEMO, login } from "../support/e2e";

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

test("the tour leader reads the 2017 report with figures, charts and tables, also at 375 px and in print", async ({ page }) => {
  test.setTimeout(90_000);
  const hydrationErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /hydrat|#418|#423|#425/i.test(m.text())) hydrationErrors.push(m.text());
  });
  await loginFresh(page, "tour_leader");
  await page.goto("/rapport");
  await expect(page.getByRole("heading", { level: 1, name: /^Rapport/ })).toBeVisible();

  // Choose the demo 2017 tour in the GET form.
  await page.getByLabel("En turné").check();
  await page.getByLabel("Turné", { exact: true }).selectOption({ label: "KC rullar ut 2017" });
  await page.getByRole("button", { name: "Visa rapporten" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Rapport: KC rullar ut 2017" })).toBeVisible();
  await expect(page).toHaveURL(/typ=turne/);

  // Headline figures, with the KKiK context. A tour's figures are not called the year's (issue 13).
  await expect(page.getByRole("region", { name: "Året i siffror" })).toHaveCount(0);
  const figures = page.getByRole("region", { name: "Turnén i siffror" });
  for (const name of ["Genomförda stopp", "Besökare", "Områden som nåtts", "Frågor från invånare", "Besvarade på plats"]) {
    await expect(figures.getByText(name, { exact: true })).toBeVisible();
  }
  await expect(figures).toContainText("mäts mot 90 % i SKR:s undersökning Kommunens kvalitet i korthet (KKiK)");
  await expect(figures).not.toContainText("SKL");
  await expect(figures).toContainText(/jämfört med/);
  const held = Number((await figures.locator(".report-figure").first().locator(".report-figure__value").innerText()).replace(/\s/g, ""));
  expect(held).toBeGreaterThan(0);

  // Charts: server-rendered SVG inside role=img with a summary.
  const chart = page.getByRole("img", { name: /Stapeldiagram: Genomförda stopp per typ/ });
  await expect(chart).toBeVisible();
  await expect(chart.locator("svg .recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByRole("img", { name: /Stapeldiagram: Frågor per svarsgrupp/ })).toBeVisible();

  // Tables with captions and row headers.
  for (const caption of [
    "Genomförda stopp per typ",
    "Genomförda stopp per område",
    "Inbjudna byalag och föreningar efter svar",
    "Frågor per ämne",
    "Frågor per förvaltning",
    "Personaltimmar per funktion",
  ]) {
    await expect(page.getByRole("table", { name: new RegExp(caption) })).toBeVisible();
  }
  const byKind = page.getByRole("table", { name: /Genomförda stopp per typ/ });
  await expect(byKind.getByRole("rowheader").first()).toBeVisible();

  // The map: one green dot per area reached (as in the headline), and question hot spots by topic.
  // Drawn as SVG over the boundary; the tiles are blocked, so nothing here depends on them.
  const reachedFigure = figures.locator(".report-figure").nth(2).locator(".report-figure__value");
  const reached = Number((await reachedFigure.innerText()).replace(/\s/g, ""));
  const map = page.getByRole("region", { name: "Karta över områden som nåtts och frågor per område" });
  await expect(map.locator(".leaflet-container")).toBeVisible();
  await expect(map.getByRole("status")).toContainText(`Kartan visar ${reached} områden som nåtts`);
  await expect(map.locator('path.leaflet-interactive[fill="#1a6b3c"]')).toHaveCount(reached);
  const spots = map.locator('path.leaflet-interactive[fill="#d9730d"]');
  const allSpots = await spots.count();
  expect(allSpots).toBeGreaterThan(0);
  const trafficRow = page.getByRole("table", { name: /Frågor per ämne,/ }).getByRole("row", { name: /^Trafik/ });
  await expect(trafficRow).toBeVisible();
  await map.getByLabel("Frågor om").selectOption({ label: `Trafik (${(await trafficRow.getByRole("cell").innerText()).trim()})` });
  const trafficSpots = await spots.count();
  expect(trafficSpots).toBeGreaterThan(0);
  expect(trafficSpots).toBeLessThanOrEqual(allSpots);
  await expect(map.getByRole("status")).toContainText(`frågor om trafik från ${trafficSpots} områden`);
  // Without the area dots on top, a hot spot's tooltip names its area and count.
  await map.getByLabel("Visa områdena").uncheck();
  await expect(map.locator('path.leaflet-interactive[fill="#1a6b3c"]')).toHaveCount(0);
  await spots.last().hover(); // the last drawn is on top
  await expect(page.locator(".leaflet-tooltip")).toContainText(/: \d+ frågor om trafik/);
  await map.getByLabel("Visa områdena").check();
  await expectNoAxeViolations(page);
  await expect(page.getByRole("button", { name: "Skriv ut" })).toBeVisible();
  // The server-rendered charts hydrate without a mismatch.
  expect(hydrationErrors).toEqual([]);

  // Print view: a screenshot to look at (no nav, no form).
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Visa rapporten" })).toBeHidden();
  await page.screenshot({ path: "/tmp/report-print.png", fullPage: true });
  await page.emulateMedia({ media: "screen" });

  // 375 px: no horizontal scrolling of the page, and still accessible.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await expect(chart).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(page);
});

test("an invalid year gets a Swedish message next to the field", async ({ page }) => {
  await loginFresh(page, "tour_leader");
  await page.goto("/rapport?typ=ar&ar=17");
  await expect(page.getByText("Skriv året med fyra siffror")).toBeVisible();
  await expect(page.getByLabel("År", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("År", { exact: true }).fill("2017");
  await page.getByRole("button", { name: "Visa rapporten" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Rapport: År 2017" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("the CSV download starts with a BOM and holds the report's tables", async ({ page }) => {
  await loginFresh(page, "tour_leader");
  await page.goto("/rapport?typ=ar&ar=2017");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Ladda ner som CSV" }).click()]);
  expect(download.suggestedFilename()).toBe("rullar-ut-rapport-2017.csv");
  const response = await page.request.get("/rapport/export.csv?typ=ar&ar=2017");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const body = await response.body();
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = body.toString("utf8");
  expect(text).toContain("Genomförda stopp per typ, År 2017");
  expect(text).toContain("Frågor per ämne, År 2017");
  expect(text).toContain("Genomförda stopp;");
});

test("without JavaScript the form works and the charts are server-rendered SVG", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  await blockMapTiles(context);
  const page = await context.newPage();
  await loginFresh(page, "tour_leader");
  await page.goto("/rapport");
  await page.getByLabel("Ett kalenderår").check();
  await page.getByLabel("År", { exact: true }).fill("2017");
  await page.getByRole("button", { name: "Visa rapporten" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Rapport: År 2017" })).toBeVisible();
  await expect(
    page
      .getByRole("img", { name: /Stapeldiagram: Frågor per ämne/ })
      .locator("svg .recharts-bar-rectangle")
      .first(),
  ).toBeVisible();
  await expect(page.getByText("Skriv ut rapporten med webbläsarens utskrift")).toBeVisible();
  await context.close();
});

test("staff may not read the report", async ({ page }) => {
  await login(page, DEMO.staff);
  expect((await page.request.get("/rapport")).status()).toBe(403);
  expect((await page.request.get("/rapport/export.csv")).status()).toBe(403);
  expect((await page.request.get("/rapport/karta")).status()).toBe(403);
});
