import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "../support/axe";
import { freshUser } from "../support/users";
import { blockMapTiles, login } from "../support/e2e";

/**
 * The case list and the case page (issue 6). Cases are seeded through POST /falt/fragor as a
 * staff member, on a stop of our own in 2034; each test searches for a word of its own, so no
 * other spec's cases matter.
 */

const KARIN = "karin.dahl@rullarut.example";
const NILS = "nils.wikstrom@rullarut.example";

async function loggedIn(browser: Browser, baseURL: string | undefined, email: string, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ baseURL, viewport });
  await blockMapTiles(context);
  const page = await context.newPage();
  await login(page, email);
  return { context, page };
}

async function createStop(page: Page, name: string): Promise<string> {
  await page.goto("/turneer/ny");
  await page.getByLabel(/^Namn/).fill(name);
  await page.getByLabel(/^Startdatum/).fill("2034-01-01");
  await page.getByLabel(/^Slutdatum/).fill("2034-12-31");
  await page.getByRole("button", { name: "Skapa turnén" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const tourId = page.url().split("?")[0]!.split("/").at(-1)!;
  await page.goto(`/stopp/ny?turne=${tourId}`);
  await page.getByLabel(/^Rubrik/).fill(`${name} stopp`);
  await page.getByLabel(/^Status/).selectOption("confirmed");
  await page.getByLabel(/^Datum/).fill("2034-05-20");
  await page.getByLabel(/^Starttid/).fill("10:00");
  await page.getByLabel(/^Sluttid/).fill("14:00");
  await page.getByLabel("Område").selectOption({ label: "Mörarp" });
  await page.getByRole("button", { name: "Spara stoppet" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${name} stopp` })).toBeVisible();
  return page.url().split("?")[0]!.split("/").at(-1)!;
}

/** Three questions logged by Karin through the sync API: two answered on the spot, one forwarded. */
async function seedCases(page: Page, stopId: string, word: string) {
  const questions = [
    { question: `Var kan man hyra lokal för ${word} i byn?`, answeredOnSpot: true, answer: "Hos föreningen.", category: "f:eu_information" },
    { question: `Gatlyktan vid skolan är trasig, ${word}`, answeredOnSpot: false, departmentCode: "stadsbyggnad", category: "other", topics: ["stadsmiljo"] },
    { question: `Hur söker man stöd till ${word}gården?`, answeredOnSpot: true, category: "g:BSU" },
  ];
  const numbers: string[] = [];
  for (const q of questions) {
    const response = await page.request.post("/falt/fragor", {
      // Logged just now: a question's time must lie near the server's clock (issue 12).
      data: { id: randomUUID(), stopId, loggedAt: new Date().toISOString(), topics: [], ...q },
    });
    expect(response.status()).toBe(201);
    numbers.push(((await response.json()) as { caseNumber: string }).caseNumber);
  }
  return numbers;
}

test("the tour leader filters the case list, opens a case, adds a note and changes the status", async ({ browser, baseURL }) => {
  // A long flow with four axe checks: about 30 s on a loaded two-core CI machine.
  test.slow();
  const word = `zebra${Date.now().toString(36)}`;
  const leader = await loggedIn(browser, baseURL, await freshUser("tour_leader"));
  const karin = await loggedIn(browser, baseURL, KARIN);
  const stopId = await createStop(leader.page, `Ärendeturné ${word}`);
  const numbers = await seedCases(karin.page, stopId, word);
  const page = leader.page;

  await page.goto("/arenden");
  await expect(page.getByRole("heading", { level: 1, name: "Ärenden" })).toBeVisible();
  await page.getByLabel("Sök i fråga och svar").fill(word);
  await page.getByRole("button", { name: "Visa" }).click();
  const table = page.getByRole("table", { name: /Ärenden/ });
  await expect(table.getByRole("row")).toHaveCount(4);
  await expect(page.getByRole("status").filter({ hasText: "ärenden" })).toHaveText("3 ärenden");
  await expectNoAxeViolations(page);

  await page.getByLabel("Status").selectOption({ label: "Vidarebefordrad" });
  await page.getByRole("button", { name: "Visa" }).click();
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(page).toHaveURL(/status=forwarded/);
  const row = table.getByRole("row", { name: new RegExp(numbers[1]!) });
  await expect(row).toContainText("Gatlyktan vid skolan");
  await expect(row).toContainText("Vidarebefordrad");

  await row.getByRole("link", { name: numbers[1]! }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Ärende ${numbers[1]}` })).toBeVisible();
  await expect(page.getByText(`Gatlyktan vid skolan är trasig, ${word}`)).toBeVisible();
  await expect(page.getByText("Stadsbyggnadsförvaltningen")).toBeVisible();
  await expect(page.getByRole("link", { name: `Ärendeturné ${word} stopp` })).toBeVisible();
  await expectNoAxeViolations(page);

  // A note is required: the form says so in Swedish and keeps the page.
  await page.getByRole("button", { name: "Spara anteckning" }).click();
  await expect(page.getByText("Skriv en anteckning")).toBeVisible();
  await page.getByLabel("Anteckning", { exact: true }).fill("Ringde stadsbyggnad, de åtgärdar lyktan.");
  await page.getByRole("button", { name: "Spara anteckning" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Anteckningen är sparad." })).toBeVisible();

  await page.getByLabel("Ny status").selectOption({ label: "Avslutad" });
  await page.getByLabel("Kommentar (valfri)").fill("Klart.");
  await page.getByRole("button", { name: "Ändra status" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Statusen är ändrad." })).toBeVisible();

  const history = page.getByRole("region", { name: "Historik" }).getByRole("listitem");
  await expect(history).toHaveCount(3);
  await expect(history.nth(0)).toContainText("Ärendet skapades med status ”Vidarebefordrad”");
  await expect(history.nth(0)).toContainText("Karin Dahl");
  await expect(history.nth(1)).toContainText("Ringde stadsbyggnad, de åtgärdar lyktan.");
  await expect(history.nth(2)).toContainText("Status ändrad från ”Vidarebefordrad” till ”Avslutad”");
  await expect(page.locator(".page-head .case-status")).toHaveText("Avslutad");
  await expectNoAxeViolations(page);

  await leader.context.close();
  await karin.context.close();
});

test("staff see only the cases they logged", async ({ browser, baseURL }) => {
  const word = `okapi${Date.now().toString(36)}`;
  const leader = await loggedIn(browser, baseURL, await freshUser("tour_leader"));
  const karin = await loggedIn(browser, baseURL, KARIN, { width: 375, height: 740 });
  const stopId = await createStop(leader.page, `Egen turné ${word}`);
  const numbers = await seedCases(karin.page, stopId, word);
  await leader.context.close();

  await karin.page.goto(`/arenden?q=${word}`);
  const table = karin.page.getByRole("table", { name: /Ärenden/ });
  await expect(table.getByRole("row")).toHaveCount(4);
  await expectNoAxeViolations(karin.page);
  await table.getByRole("link", { name: numbers[0]! }).click();
  await expect(karin.page.getByRole("heading", { level: 1, name: `Ärende ${numbers[0]}` })).toBeVisible();

  const nils = await loggedIn(browser, baseURL, NILS);
  await nils.page.goto(`/arenden?q=${word}`);
  await expect(nils.page.getByRole("heading", { level: 1, name: "Ärenden" })).toBeVisible();
  await expect(nils.page.getByRole("table", { name: /Ärenden/ })).toHaveCount(0);
  await expect(nils.page.getByText("Inga ärenden matchar filtren.")).toBeVisible();
  const caseUrl = new URL(karin.page.url()).pathname;
  const response = await nils.page.goto(caseUrl);
  expect(response?.status()).toBe(404);

  await karin.context.close();
  await nils.context.close();
});
