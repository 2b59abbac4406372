import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "../support/axe";
import { loginFresh } from "../support/users";
import { blockMapTiles, createTourViaForm, DEMO, loggedIn } from "../support/e2e";

/**
 * Staffing on the stop page (issue 5): the tour leader sets needs in the needs editor and books
 * people; staff sign up, or read why they cannot. Every stop here is our own, in 2031, so no other
 * spec's data matter.
 */

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

const OSKAR = "oskar.persson@rullarut.example";

async function createStop(page: Page, tourId: string, s: { title: string; date: string; start: string; end: string }) {
  await page.goto(`/stopp/ny?turne=${tourId}`);
  await page.getByLabel(/^Rubrik/).fill(s.title);
  await page.getByLabel(/^Status/).selectOption("confirmed");
  await page.getByLabel(/^Datum/).fill(s.date);
  await page.getByLabel(/^Starttid/).fill(s.start);
  await page.getByLabel(/^Sluttid/).fill(s.end);
  await page.getByLabel("Område").selectOption({ label: "Mörarp" });
  await expect(page.getByText("Rådgivare på plats")).toHaveCount(0);
  await page.getByRole("button", { name: "Spara stoppet" }).click();
  await expect(page.getByRole("heading", { level: 1, name: s.title })).toBeVisible();
  return page.url().split("?")[0]!;
}

/** Sets needs through the needs editor, from the stop page. Labels are the advisor titles and answer groups. */
async function setNeeds(page: Page, stopUrl: string, counts: Record<string, string>) {
  await page.goto(stopUrl);
  await page.getByRole("link", { name: /Ange behov av personal|Ändra behoven/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Behov av personal" })).toBeVisible();
  for (const [label, n] of Object.entries(counts)) await page.getByLabel(label, { exact: true }).fill(n);
  await page.getByRole("button", { name: "Spara behoven" }).click();
  await expect(page.getByRole("status")).toContainText("Behoven har sparats.");
}

function needRow(page: Page, role: string) {
  return page.getByRole("table", { name: "Behov och bokade per roll" }).getByRole("row", { name: new RegExp(`^${role}`) });
}

test("the tour leader sets needs in the needs editor, and staff sign up on a phone", async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const stamp = Date.now();
  await loginFresh(page, "tour_leader");
  const tourId = await createTourViaForm(page, `Bemanningsturné 2031 ${stamp}`);
  const title = `Bemanningsbesök i Mörarp ${stamp}`;
  const stopUrl = await createStop(page, tourId, { title, date: "2031-05-14", start: "10:00", end: "14:00" });
  await expect(page.getByRole("region", { name: "Bemanning" })).toContainText("Inga behov av personal är angivna");
  await expectNoAxeViolations(page);

  // The needs editor: a bad count is answered next to its field, and what was typed stays.
  await page.getByRole("link", { name: "Ange behov av personal" }).click();
  await expect(page.getByRole("group", { name: "Rådgivare" }).getByLabel("Konsumentrådgivare", { exact: true })).toBeVisible();
  await expect(page.getByRole("group", { name: "Kommunvägledare per svarsgrupp" }).getByLabel("Kommunvägledare BBMT")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Konsumentrådgivare", { exact: true }).fill("1");
  await page.getByLabel("Budget- och skuldrådgivare", { exact: true }).fill("1");
  await page.getByLabel("Kommunvägledare BBMT").fill("två");
  await page.getByRole("button", { name: "Spara behoven" }).click();
  await expect(page.getByText("Ange ett heltal mellan 0 och 20")).toBeVisible();
  await expect(page.getByLabel("Kommunvägledare BBMT")).toHaveValue("två");
  await expect(page.getByLabel("Kommunvägledare BBMT")).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page);
  await page.getByLabel("Kommunvägledare BBMT").fill("2");
  await page.getByRole("button", { name: "Spara behoven" }).click();

  // The stop page shows the needs: 1 konsumentrådgivare, 1 budget- och skuldrådgivare, 2 kommunvägledare BBMT.
  await expect(page.getByRole("status")).toContainText("Behoven har sparats.");
  // Cells: behov, bokade, saknas.
  await expect(needRow(page, "Budget- och skuldrådgivare").getByRole("cell")).toHaveText(["1", "0 av 1", "1"]);
  await expect(needRow(page, "Konsumentrådgivare").getByRole("cell")).toHaveText(["1", "0 av 1", "1"]);
  await expect(needRow(page, "Kommunvägledare BBMT").getByRole("cell")).toHaveText(["2", "0 av 2", "2"]);
  await expect(page.getByRole("table", { name: "Behov och bokade per roll" }).getByRole("row")).toHaveCount(4);
  await expect(page.getByText("0 av 4 platser bokade, saknas 4.")).toBeVisible();
  await expectNoAxeViolations(page);

  // The editor keeps the saved counts.
  await page.getByRole("link", { name: "Ändra behoven" }).click();
  await expect(page.getByLabel("Kommunvägledare BBMT")).toHaveValue("2");
  await expect(page.getByLabel("Kommunvägledare BSU")).toHaveValue("0");

  // Sara Holm (BBMT + konsumentrådgivare) signs up on a phone.
  const sara = await loggedIn(browser, baseURL, DEMO.staff, { viewport: { width: 375, height: 667 } });
  await sara.page.goto(stopUrl);
  const mine = sara.page.locator(".staffing-stop__mine");
  await expect(mine).toContainText(/Du kan anmäla dig som (konsumentrådgivare|kommunvägledare BBMT)/);
  await expect(sara.page.getByRole("link", { name: /Ändra behoven/ })).toHaveCount(0);
  await expect(sara.page.getByRole("heading", { name: "Boka personal" })).toHaveCount(0);
  await expectNoAxeViolations(sara.page);
  await sara.page.getByRole("button", { name: "Anmäl mig" }).click();
  await expect(sara.page.getByRole("status")).toContainText("Du är anmäld.");
  await expect(mine).toContainText("Du är bokad som");
  await expect(mine).toContainText("Anmäld, väntar på bekräftelse");
  await expect(sara.page.locator(".staffing-stop__people")).toContainText("Sara Holm");
  await expect(sara.page.getByRole("button", { name: "Avanmäl mig" })).toBeVisible();
  await expect(sara.page.getByText("1 av 4 platser bokade, saknas 3.")).toBeVisible();
  // Nothing is wider than the phone.
  const overflow = await sara.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(sara.page);

  // Staff may neither edit needs nor book others, not even by posting directly.
  const stopPath = new URL(stopUrl).pathname;
  expect((await sara.page.goto(`${stopPath}/behov`))?.status()).toBe(403);
  const needsPost = await sara.page.request.post(`${stopPath}/behov`, { form: { g_BBMT: "9" }, headers: { Origin: baseURL! }, maxRedirects: 0 });
  expect(needsPost.status()).toBe(403);
  const assignPost = await sara.page.request.post(`${stopPath}?index`, {
    form: { intent: "assign", choice: "x|g:BBMT" },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(assignPost.status()).toBe(403);

  // The tour leader sees her sign-up and confirms it.
  await page.goto(stopUrl);
  await page.getByRole("button", { name: "Bekräfta Sara Holm" }).click();
  await expect(page.getByRole("status")).toContainText("Anmälan är bekräftad.");
  await expect(page.locator(".staffing-stop__people")).toContainText("Bekräftad");
  await expectNoAxeViolations(page);

  await sara.page.goto(stopUrl);
  await expect(mine).toContainText("Status: Bekräftad");
  await sara.context.close();
});

test("a staff member booked on an overlapping stop reads why they cannot sign up; the tour leader can still book them", async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  await loginFresh(page, "tour_leader");
  const tourId = await createTourViaForm(page, `Krockturné 2031 ${stamp}`);
  const first = `Byalagsbesök med krock ${stamp}`;
  const other = `Mässa samma dag ${stamp}`;
  const firstUrl = await createStop(page, tourId, { title: first, date: "2031-06-10", start: "10:00", end: "14:00" });
  const otherUrl = await createStop(page, tourId, { title: other, date: "2031-06-10", start: "12:00", end: "16:00" });
  await setNeeds(page, firstUrl, { "Kommunvägledare BSU": "1", "Kommunvägledare BBMT": "1" });
  await setNeeds(page, otherUrl, { "Kommunvägledare BBMT": "1" });

  // Without JavaScript, the tour leader books Oskar Persson on the other stop with one select of person and role.
  const noJs = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const leaderNoJs = await noJs.newPage();
  await loginFresh(leaderNoJs, "tour_leader");
  await leaderNoJs.goto(otherUrl);
  await leaderNoJs.getByLabel(/^Person och roll/).selectOption({ label: "Oskar Persson – kommunvägledare BBMT" });
  await leaderNoJs.getByRole("button", { name: "Boka", exact: true }).click();
  await expect(leaderNoJs.getByRole("status")).toContainText("Personen är bokad");
  await expect(leaderNoJs.locator(".staffing-stop__people")).toContainText("Oskar Persson");
  await expect(leaderNoJs.locator(".staffing-stop__people")).toContainText("Bekräftad");

  // The needs editor also answers without JavaScript, next to the field, keeping what was typed.
  await leaderNoJs.goto(`${new URL(otherUrl).pathname}/behov`);
  await leaderNoJs.getByLabel("Kommunvägledare BSU").fill("25");
  await leaderNoJs.getByRole("button", { name: "Spara behoven" }).click();
  await expect(leaderNoJs.getByText("Högst 20")).toBeVisible();
  await expect(leaderNoJs.getByLabel("Kommunvägledare BSU")).toHaveValue("25");
  await expect(leaderNoJs.getByLabel("Kommunvägledare BBMT")).toHaveValue("1");
  await noJs.close();

  // Oskar (BSU + BBMT) opens the first stop: he may not sign up, and reads why, naming the other stop.
  const oskar = await loggedIn(browser, baseURL, OSKAR, { viewport: { width: 375, height: 667 } });
  await oskar.page.goto(firstUrl);
  const refusal = oskar.page.locator(".staffing-stop__refusal");
  await expect(refusal).toContainText("Du kan inte anmäla dig.");
  await expect(refusal).toContainText(`Du är redan bokad på ”${other}”`);
  await expect(refusal).toContainText("som krockar med det här stoppet");
  await expect(oskar.page.getByRole("button", { name: "Anmäl mig" })).toHaveCount(0);
  await expectNoAxeViolations(oskar.page);
  await refusal.getByRole("link", { name: `Visa ”${other}”` }).click();
  await expect(oskar.page.getByRole("heading", { level: 1, name: other })).toBeVisible();
  await expect(oskar.page.locator(".staffing-stop__mine")).toContainText("Du är bokad som kommunvägledare BBMT");

  // The tour leader is never blocked: booking Oskar on the first stop too goes through, and the conflict shows.
  await page.goto(firstUrl);
  await page.getByLabel(/^Roll/).selectOption("g:BSU");
  await page.getByLabel(/^Person/).selectOption({ label: "Oskar Persson" });
  await page.getByRole("button", { name: "Boka", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Obs: bokningen krockar");
  const conflicts = page.locator(".staffing-stop__conflicts");
  await expect(conflicts).toContainText(`Oskar Persson är dubbelbokad: även på ”${other}” samtidigt.`);
  await expect(needRow(page, "Kommunvägledare BSU").getByRole("cell")).toHaveText(["1", "1 av 1", /^0.*fullt$/]);
  await expectNoAxeViolations(page);

  // … and taking him off again clears it.
  await page.getByRole("button", { name: "Ta bort Oskar Persson" }).click();
  await expect(page.getByRole("status")).toContainText("Personen är borttagen");
  await expect(conflicts).toHaveCount(0);
  await oskar.context.close();
});
