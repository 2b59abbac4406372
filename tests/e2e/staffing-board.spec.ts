import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "../support/axe";
import { freshStaff } from "../support/staff";
import { freshUser, loginFresh } from "../support/users";
import { blockMapTiles, DEMO, login } from "../support/e2e";

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

/** A tour of its own in 2032 with one stop needing an energy advisor and an EU informant. */
async function tourWithStop(page: Page, suffix: string) {
  const name = `Bemanningsturné ${suffix}`;
  await page.goto("/turneer/ny");
  await page.getByLabel(/^Namn/).fill(name);
  await page.getByLabel(/^Startdatum/).fill("2032-01-01");
  await page.getByLabel(/^Slutdatum/).fill("2032-12-31");
  await page.getByRole("button", { name: "Skapa turnén" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const tourId = page.url().split("?")[0]!.split("/").at(-1)!;
  const title = `Energikväll ${suffix}`;
  await page.goto(`/stopp/ny?turne=${tourId}`);
  await page.getByLabel(/^Rubrik/).fill(title);
  await page.getByLabel(/^Status/).selectOption("planned");
  await page.getByLabel("Område").selectOption({ label: "Centrum" });
  await page.getByLabel(/^Datum/).fill("2032-03-10");
  await page.getByLabel(/^Starttid/).fill("17:00");
  await page.getByLabel(/^Sluttid/).fill("21:00");
  await page.getByRole("button", { name: "Spara stoppet" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const stopId = new URL(page.url()).pathname.split("/").at(-1)!;
  // The needs, through the stop's needs editor: one energy advisor and one EU informant.
  const roles = [
    "f_budget_debt",
    "f_consumer",
    "f_energy_climate",
    "f_eu_information",
    "f_volunteer_center",
    "f_senior",
    "f_disability",
    "g_BSU",
    "g_ASSF",
    "g_BBMT",
  ];
  const form = Object.fromEntries(roles.map((r) => [r, r === "f_energy_climate" || r === "f_eu_information" ? "1" : "0"]));
  const origin = new URL(page.url()).origin;
  const saved = await page.request.post(`/stopp/${stopId}/behov`, { form, headers: { Origin: origin }, maxRedirects: 0 });
  expect(saved.status()).toBe(302);
  return { tourId, name, title };
}

test("the tour leader filters the board, sees the gaps of a stop and books a suggested person", async ({ page }) => {
  test.setTimeout(90_000);
  // A tour leader of the test's own: creating a tour makes it the chosen one (ADR 023).
  await loginFresh(page, "tour_leader");
  const suffix = String(Date.now());
  // An energy advisor of the test's own whose name sorts first: the board suggests the three
  // with the fewest stops in the tour, by name, and other specs add energy advisors of their own.
  const person = `Aada Bemanning ${suffix}`;
  await freshStaff(person, { advisorFunctions: ["energy_climate"] });
  const { tourId, name, title } = await tourWithStop(page, suffix);

  await page.goto("/bemanning");
  await expect(page.getByRole("heading", { level: 1, name: "Bemanning" })).toBeVisible();
  await expectNoAxeViolations(page);
  // The filters submit themselves with JavaScript.
  await page.getByLabel("Turné", { exact: true }).selectOption({ label: name });
  await expect(page).toHaveURL(new RegExp(`turne=${tourId}`));
  await page.getByLabel("Månad").selectOption({ label: "mars 2032" });
  await expect(page).toHaveURL(/manad=2032-03/);
  await page.getByLabel("Bara ofyllda").check();
  await expect(page).toHaveURL(/ofyllda=1/);

  const board = page.getByRole("region", { name: /Bemanning per stopp/ });
  const row = board.getByRole("row", { name: new RegExp(title) });
  await expect(row).toBeVisible();
  const energy = row.getByRole("cell", { name: /energi- och klimatrådgivare: 0 av 1 bokade, saknas 1/ });
  await expect(energy).toBeVisible();
  await expect(energy).toContainText("saknas 1");
  await expect(row.getByRole("cell", { name: /EU-informatör: 0 av 1 bokade, saknas 1/ })).toBeVisible();
  await expectNoAxeViolations(page);

  const needs = page.getByRole("region", { name: "Ofyllda behov" });
  await expect(needs).toContainText("2 platser i 2 behov");
  const energyNeed = needs.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /saknas 1 energi- och klimatrådgivare/ }) });
  await energyNeed.getByRole("button", { name: `Boka ${person} som energi- och klimatrådgivare på ${title}` }).click();

  await expect(page.getByRole("status").filter({ hasText: `${person} är bokad` })).toContainText(
    `${person} är bokad som energi- och klimatrådgivare på ”${title}”.`,
  );
  await expect(page).toHaveURL(new RegExp(`turne=${tourId}.*manad=2032-03`));
  await expect(row.getByRole("cell", { name: /energi- och klimatrådgivare: 1 av 1 bokade/ })).toContainText(person);
  await expect(row.getByRole("cell", { name: /EU-informatör: 0 av 1 bokade, saknas 1/ })).toBeVisible();
  await expect(needs).toContainText("1 plats i 1 behov");
  await expectNoAxeViolations(page);

  // The calendar marks what is still missing, and the hours count the booking as planned.
  await page.goto(`/kalender?turne=${tourId}&manad=2032-03`);
  await expect(page.getByRole("table").getByText("saknar 1")).toBeVisible();
  await page.goto(`/bemanning/timmar?turne=${tourId}`);
  await expect(page.getByRole("row", { name: new RegExp(person) }).getByRole("cell")).toContainText(["Ordinarie", "1", "0 h", "4 h"]);
  await expectNoAxeViolations(page);
});

test("the board works on a 375 px phone: the table scrolls in its own labelled region", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  // A tour leader of the test's own: creating a tour makes it the chosen one (ADR 023).
  await loginFresh(page, "tour_leader");
  await page.goto("/bemanning");
  const region = page.getByRole("region", { name: /Bemanning per stopp|Inga stopp/ });
  if (await region.count()) {
    await expect(region).toHaveAttribute("tabindex", "0");
    const overflow = await region.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(overflow).toBe(true);
    // The page itself does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  }
  await expectNoAxeViolations(page);
});

test("staff see the board without booking buttons, and not the hours", async ({ page }) => {
  await login(page, DEMO.staff);
  await page.goto("/bemanning");
  await expect(page.getByRole("heading", { level: 1, name: "Bemanning" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Boka/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Timmar per person" })).toHaveCount(0);
  await expectNoAxeViolations(page);
  const hours = await page.goto("/bemanning/timmar");
  expect(hours?.status()).toBe(403);
});

test("without JavaScript the filters and the booking still work", async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const setup = await browser.newContext({ baseURL });
  await blockMapTiles(setup);
  const setupPage = await setup.newPage();
  const leader = await freshUser("tour_leader");
  await login(setupPage, leader);
  const { tourId, title } = await tourWithStop(setupPage, `utan JS ${Date.now()}`);
  await setup.close();

  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  await blockMapTiles(context);
  const page = await context.newPage();
  await page.goto("/logga-in");
  await page.getByLabel("E-postadress").fill(leader);
  await page.getByLabel("Lösenord").fill("rullarut-demo");
  await page.getByRole("button", { name: "Logga in" }).click();
  await page.goto("/bemanning");
  await page.getByLabel("Turné", { exact: true }).selectOption(tourId);
  await page.getByLabel("Roll", { exact: true }).selectOption({ label: "EU-informatör" });
  await page.getByRole("button", { name: "Visa" }).click();
  await expect(page).toHaveURL(new RegExp(`turne=${tourId}.*roll=f%3Aeu_information`));
  await expect(page.getByRole("row", { name: new RegExp(title) })).toBeVisible();
  await page.getByRole("button", { name: `Boka Karin Dahl som EU-informatör på ${title}` }).click();
  await expect(page.locator(".board-notice")).toContainText(`Karin Dahl är bokad som EU-informatör på ”${title}”.`);
  await expect(page).toHaveURL(/roll=f%3Aeu_information/);
  await context.close();
});
