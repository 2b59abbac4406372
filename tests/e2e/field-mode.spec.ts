/**
 * Field mode (/falt), issue 13 point 3: the form returns to its defaults after "Spara och ny",
 * the sticky save bar never hides the focused field (WCAG 2.2 SC 2.4.11), the page always says
 * whether it is online and what waits to be sent (with "Skicka nu"), and the stop chooser offers
 * only stops that are happening, with dates in the app's one format. Each test makes its own stops.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { formatIsoDate, todayInStockholm } from "../../app/utils/dates";
import { expectNoAxeViolations } from "../support/axe";
import { blockMapTiles, DEMO_PASSWORD } from "../support/e2e";
import { expectFocusNotObscured } from "../support/focus";
import { casesAt, seedStopNow } from "../support/field";

const ELIN = "elin.berg@rullarut.example";
const LINA = "lina.hakansson@rullarut.example";

// Its own client address, so these logins do not count against other specs' per-address login limit.
test.use({ extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.133" } });

/**
 * Logs in and waits until the login page is left. (Not the shared helper's "Logga ut is visible":
 * on a phone, and on /falt with its compact header, the logout button sits in a closed menu.)
 */
async function login(page: Page, email: string) {
  await page.goto("/logga-in");
  await page.getByLabel("E-postadress").fill(email);
  await page.getByLabel("Lösenord").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Logga in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/logga-in"));
}

const department = (page: Page) => page.getByLabel(/^Skicka vidare till/);
const area = (page: Page) => page.getByLabel("Området frågan gäller");
/** What a sighted user sees in a closed select: the selected option's text, or "" when none is selected (a blank box). */
const shownOption = (select: Locator) => select.evaluate((s: HTMLSelectElement) => (s.selectedIndex < 0 ? "" : s.options[s.selectedIndex]!.text));

/** Fills a question that is forwarded to a department and concerns another area than the stop's. */
async function fillForwardedQuestion(page: Page, question: string) {
  await page.getByLabel("Frågan", { exact: true }).fill(question);
  await page.getByRole("radio", { name: "Övrigt" }).check();
  await page.getByRole("radio", { name: "Nej", exact: true }).check();
  await department(page).selectOption({ index: 1 });
  await area(page).selectOption({ index: 1 });
  expect(await shownOption(department(page))).not.toBe("Ingen förvaltning");
  expect(await shownOption(area(page))).not.toMatch(/^Stoppets område/);
}

async function expectSelectsAtDefaults(page: Page) {
  await expect(department(page)).toHaveValue("");
  await expect(area(page)).toHaveValue("");
  expect(await shownOption(department(page))).toBe("Ingen förvaltning");
  expect(await shownOption(area(page))).toMatch(/^Stoppets område( \(Mörarp\))?$/);
}

async function openFieldMode(page: Page, title: string) {
  await page.goto("/falt");
  await expect(page.getByRole("heading", { level: 1, name: "Fältläge" })).toBeVisible();
  await page.getByRole("radio", { name: new RegExp(title) }).check();
}

const shotsDir = process.env.FIELD_SHOTS_DIR;

test.describe("Spara och ny", () => {
  test.use({ viewport: { width: 1024, height: 768 }, hasTouch: true });
  test.beforeEach(async ({ context }) => blockMapTiles(context));

  test("with JavaScript (through the offline queue) the forwarding and area selects return to their defaults", async ({ page }) => {
    const title = `Fältläge standard JS ${Date.now()}`;
    const stopId = seedStopNow(ELIN, title);
    await login(page, ELIN);
    await openFieldMode(page, title);
    await fillForwardedQuestion(page, "Vem ansvarar för snöröjningen på Byvägen?");
    await page.getByRole("button", { name: "Spara och ny", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Frågan är sparad" })).toBeVisible();
    await expect(page.getByLabel("Frågan", { exact: true })).toBeFocused();
    await expectSelectsAtDefaults(page);
    // The question itself went where it should, with the department and area chosen.
    await expect.poll(() => casesAt(stopId).map((c) => c.question)).toEqual(["Vem ansvarar för snöröjningen på Byvägen?"]);
  });

  test.describe("utan JavaScript", () => {
    test.use({ javaScriptEnabled: false, viewport: { width: 375, height: 667 } });

    test("after the ?sparad= redirect the selects show their defaults", async ({ page }) => {
      const title = `Fältläge standard utan JS ${Date.now()}`;
      const stopId = seedStopNow(LINA, title);
      await login(page, LINA);
      await openFieldMode(page, title);
      await fillForwardedQuestion(page, "Hur ansöker man om parkeringstillstånd?");
      await page.getByRole("button", { name: "Spara och ny", exact: true }).click();
      await expect(page).toHaveURL(/\/falt\?sparad=/);
      await expect(page.getByText(/Frågan är sparad som ärende KC-\d{4}-\d{6}\./)).toBeVisible();
      expect(casesAt(stopId)).toHaveLength(1);
      await expectSelectsAtDefaults(page);
      await expect(page.getByRole("radio", { name: "Övrigt" })).toBeChecked();
    });
  });
});

const VIEWPORTS = [
  { name: "1024", viewport: { width: 1024, height: 768 }, email: ELIN },
  { name: "375", viewport: { width: 375, height: 667 }, email: LINA },
] as const;

for (const device of VIEWPORTS) {
  test.describe(`${device.name} px bred`, () => {
    test.use({ viewport: device.viewport, hasTouch: true });
    test.beforeEach(async ({ context }) => blockMapTiles(context));

    test("the sticky save bar never hides the focused element (WCAG 2.2 SC 2.4.11)", async ({ page }) => {
      // About 60 Tab presses, each followed by a look at the page: slow on a busy machine.
      test.setTimeout(120_000);
      const title = `Fältläge fokus ${device.name} ${Date.now()}`;
      seedStopNow(device.email, title);
      await login(page, device.email);
      await openFieldMode(page, title);
      if (shotsDir) {
        // For a person to look at (FIELD_SHOTS_DIR=shots): the page as it opens.
        await expect(page.locator(".field-mode__sync [role=status]")).toContainText("Allt är skickat");
        fs.mkdirSync(shotsDir, { recursive: true });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: path.join(shotsDir, `field-${device.name}.png`) });
      }
      // Every field of the form: the contact fields appear when the resident wants a reply.
      await page.getByRole("checkbox", { name: "Vill invånaren ha svar?" }).check();
      await expect(page.getByLabel("E-post")).toBeVisible();
      const stops = await expectFocusNotObscured(page, ".field-mode__actions");
      const visited = stops.map((s) => s.element).join("\n");
      for (const field of [
        "Frågan",
        "Svaret som gavs",
        "Skicka vidare till",
        "Området frågan gäller",
        "Eller markera en punkt",
        "Vill invånaren ha svar?",
        "Namn",
        "Telefon",
        "E-post",
      ]) {
        expect(visited, `Tab should reach «${field}»`).toContain(field);
      }
      await expectNoAxeViolations(page);
    });

    test("the page says when it is offline, queues while offline, and «Skicka nu» sends the queue", async ({ page, context }) => {
      // Several axe runs and network changes: more than the default on a busy machine.
      test.setTimeout(90_000);
      const title = `Fältläge uppkoppling ${device.name} ${Date.now()}`;
      const stopId = seedStopNow(device.email, title);
      await login(page, device.email);
      await openFieldMode(page, title);
      const status = page.locator(".field-mode__sync [role=status]");
      await expect(status).toContainText("Uppkopplad");
      await expect(status).toContainText("Allt är skickat");
      await expect(page.getByRole("button", { name: "Skicka nu" })).toBeVisible();

      // Offline, before anything is saved: the page says so at once.
      await context.setOffline(true);
      await expect(status).toContainText("Ingen uppkoppling");
      await expect(status).not.toContainText("Uppkopplad");
      await expectNoAxeViolations(page);

      await page.getByLabel("Frågan", { exact: true }).fill("När öppnar biblioteket i Mörarp igen?");
      await page.getByRole("radio", { name: "Övrigt" }).check();
      await page.getByRole("radio", { name: "Ja", exact: true }).check();
      await page.getByRole("button", { name: "Spara", exact: true }).click();
      await expect(page.getByRole("status").filter({ hasText: "Frågan är sparad" })).toBeVisible();
      await expect(status).toContainText("1 fråga väntar");
      await expect(status).toContainText("Ingen uppkoppling");
      expect(casesAt(stopId)).toHaveLength(0);
      await expectNoAxeViolations(page);
      if (shotsDir) {
        fs.mkdirSync(shotsDir, { recursive: true });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: path.join(shotsDir, `field-offline-${device.name}.png`) });
      }

      // Back on the network, but the server cannot be reached (a captive portal, a dead access
      // point): the page learns it from the failed send and keeps the question.
      await context.route("**/falt/fragor", (route) => route.abort("connectionrefused"));
      await context.setOffline(false);
      await expect(status).toContainText("Ingen kontakt med servern", { timeout: 20_000 });
      await expect(status).toContainText("1 fråga väntar");
      expect(casesAt(stopId)).toHaveLength(0);

      // The server is there again: "Skicka nu" sends at once, without waiting for the next retry.
      await context.unroute("**/falt/fragor");
      const sent = page.waitForResponse((r) => r.url().endsWith("/falt/fragor") && r.request().method() === "POST");
      await page.getByRole("button", { name: "Skicka nu" }).click();
      expect((await sent).status()).toBe(201);
      await expect(status).toContainText("Allt är skickat");
      await expect(status).toContainText(/Senast skickat \d{2}:\d{2}/);
      await expect(status).toContainText("Uppkopplad");
      expect(casesAt(stopId).map((c) => c.question)).toEqual(["När öppnar biblioteket i Mörarp igen?"]);
      await expectNoAxeViolations(page);
    });
  });
}

test.describe("stoppväljaren", () => {
  test.use({ viewport: { width: 375, height: 667 }, hasTouch: true });

  test("offers only stops that are happening, and says which day it is in the app's date format", async ({ page, context }) => {
    await blockMapTiles(context);
    const stamp = Date.now();
    seedStopNow(LINA, `Fältläge bekräftat ${stamp}`);
    seedStopNow(LINA, `Fältläge förslag ${stamp}`, { status: "proposed" });
    seedStopNow(LINA, `Fältläge inställt ${stamp}`, { status: "cancelled" });
    await login(page, LINA);
    await page.goto("/falt");
    const stops = page.getByRole("group", { name: "Stopp" });
    await expect(stops.getByRole("radio", { name: new RegExp(`Fältläge bekräftat ${stamp}`) })).toBeVisible();
    await expect(stops.getByRole("radio", { name: new RegExp(`Fältläge förslag ${stamp}`) })).toHaveCount(0);
    await expect(stops.getByRole("radio", { name: new RegExp(`Fältläge inställt ${stamp}`) })).toHaveCount(0);
    // "Idag, tors 11 mars 2027": the date in words, never 2027-03-11.
    await expect(stops.getByText(`Idag, ${formatIsoDate(todayInStockholm())}`)).toBeVisible();
    await expect(stops).not.toContainText(/\d{4}-\d{2}-\d{2}/);
  });
});
