/**
 * Field mode (/falt, issue 6): questions logged offline on a tablet and a phone go into the
 * IndexedDB queue, survive a reload without network, and become exactly one case each when the
 * connection is back. Each test makes its own stop running now (in the demo's current tour), so the counts are exact.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { cases, fieldQuestions } from "#db/schema";
import { expectNoAxeViolations } from "../support/axe";
import { blockMapTiles, DEMO_PASSWORD, login } from "../support/e2e";
import { withE2eDb } from "../support/e2e-db";
import { goOffline, goOnline } from "../support/offline";
import { casesAt, seedStopNow } from "../support/field";

const ELIN = "elin.berg@rullarut.example";
const LINA = "lina.hakansson@rullarut.example";

/** Opens /falt, picks the stop and waits until the service worker controls the page and has kept it for offline use. */
async function openFieldMode(page: Page, title: string) {
  await page.goto("/falt");
  await expect(page.getByRole("heading", { level: 1, name: "Fältläge" })).toBeVisible();
  await page.getByRole("radio", { name: new RegExp(title) }).check();
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null);
  await expect(page.getByText("Sidan är sparad på enheten och öppnas även utan uppkoppling.")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Allt är skickat" })).toBeVisible();
}

async function logQuestion(page: Page, question: string, options: { answered?: boolean; button?: "Spara och ny" | "Spara" } = {}) {
  await page.getByLabel("Frågan", { exact: true }).fill(question);
  const category = page.getByRole("radio", { name: /^ÄSSF/ });
  if (!(await category.isChecked())) await category.check();
  await page.getByRole("checkbox", { name: "Trafik", exact: true }).check();
  if (options.answered ?? true) {
    await page.getByRole("radio", { name: "Ja", exact: true }).check();
  } else {
    await page.getByRole("radio", { name: "Nej", exact: true }).check();
    await page.getByLabel(/^Skicka vidare till/).selectOption({ index: 1 });
  }
  await page.getByRole("button", { name: options.button ?? "Spara och ny", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Frågan är sparad" })).toBeVisible();
  // The notice may still be the previous question's: wait for the form of the next round, or the
  // next question could be typed into this one just before it is replaced.
  await expect(page.getByLabel("Frågan", { exact: true })).toHaveValue("");
}

const DEVICES = [
  { name: "surfplatta", viewport: { width: 1024, height: 768 }, email: ELIN },
  { name: "mobil", viewport: { width: 375, height: 667 }, email: LINA },
] as const;

for (const device of DEVICES) {
  test.describe(`fältläge på ${device.name}`, () => {
    test.use({ viewport: device.viewport, hasTouch: true, isMobile: false });

    test.beforeEach(async ({ context }) => {
      await blockMapTiles(context);
    });

    test("three questions logged offline survive a reload without network and become exactly three cases", async ({ page, context }) => {
      // Many steps (login, three axe runs, a reload): more than the default 30 s on a busy machine.
      test.setTimeout(90_000);
      const title = `Fälttest offline ${device.name} ${Date.now()}`;
      const stopId = seedStopNow(device.email, title);
      await login(page, device.email);
      await openFieldMode(page, title);
      await expect(page.getByText("Skriv inte känsliga personuppgifter (t.ex. hälsa, personnummer)")).toBeVisible();
      await expectNoAxeViolations(page);

      // Instant check: a field says what is wrong once it is left, and again as it is typed in.
      const question = page.getByLabel("Frågan", { exact: true });
      await question.fill("Hj");
      await expect(page.getByText("Skriv frågan (minst 3 tecken)")).toBeHidden();
      await question.press("Tab");
      await expect(page.getByText("Skriv frågan (minst 3 tecken)")).toBeVisible();
      await expect(question).toHaveAttribute("aria-invalid", "true");
      await question.fill("");
      await expect(page.getByText(/Skriv frågan$/)).toBeVisible();
      // A field nobody has been in says nothing yet.
      await expect(page.getByText("Ange om frågan besvarades på plats")).toBeHidden();

      // Error state: an empty form says what is missing, next to the fields, and the cursor goes to the first.
      await page.getByRole("button", { name: "Spara", exact: true }).click();
      await expect(page.getByText(/Skriv frågan$/)).toBeVisible();
      await expect(page.getByText("Välj kategori")).toBeVisible();
      await expect(page.getByText("Ange om frågan besvarades på plats")).toBeVisible();
      await expect(question).toHaveAttribute("aria-invalid", "true");
      await expect(question).toBeFocused();
      await expectNoAxeViolations(page);

      await goOffline(context);
      await logQuestion(page, "När byggs gång- och cykelvägen till Ödåkra?");
      // "Spara och ny" keeps the stop and the category, clears the rest and puts the cursor in the question.
      await expect(page.getByRole("radio", { name: new RegExp(title) })).toBeChecked();
      await expect(page.getByRole("radio", { name: /^ÄSSF/ })).toBeChecked();
      await expect(page.getByLabel("Frågan", { exact: true })).toBeFocused();
      await expect(page.getByLabel("Frågan", { exact: true })).toHaveValue("");
      await logQuestion(page, "Kan man få hjälp med ansökan om färdtjänst?", { answered: false });
      await logQuestion(page, "Var kan ungdomar starta en fritidsgård?");
      await expect(page.getByRole("status").filter({ hasText: "3 frågor väntar på att skickas" })).toBeVisible();
      await expect(page.getByText(/3 frågor loggade här idag \(3 av dig\)\. 67 % besvarade på plats\./)).toBeVisible();
      expect(casesAt(stopId)).toHaveLength(0);
      await expectNoAxeViolations(page);

      // Logging out with questions in the queue asks first; saying no keeps the user logged in.
      page.once("dialog", (dialog) => {
        expect(dialog.message()).toContain("3 frågor från fältläget har inte skickats än");
        void dialog.dismiss();
      });
      // /falt has the compact header (issue 13): the logout button sits in its "Meny".
      await page.locator(".site-header summary", { hasText: "Meny" }).click();
      await page.getByRole("button", { name: "Logga ut" }).click();
      await expect(page.getByRole("button", { name: "Logga ut" })).toBeAttached();
      await expect(page).toHaveURL(/\/falt$/);

      // Still offline: the page opens from the service worker's cache, and the queue is still there.
      await page.reload();
      await expect(page.getByRole("heading", { level: 1, name: "Fältläge" })).toBeVisible();
      // Other tests may have made stops running now for the same person: pick ours again.
      await page.getByRole("radio", { name: new RegExp(title) }).check();
      await expect(page.getByRole("status").filter({ hasText: "3 frågor väntar på att skickas" })).toBeVisible();
      expect(casesAt(stopId)).toHaveLength(0);

      await goOnline(context);
      await expect(page.getByRole("status").filter({ hasText: "Allt är skickat" })).toBeVisible({ timeout: 30_000 });
      const cases = casesAt(stopId);
      expect(cases.map((c) => c.question).sort()).toEqual(
        ["Kan man få hjälp med ansökan om färdtjänst?", "När byggs gång- och cykelvägen till Ödåkra?", "Var kan ungdomar starta en fritidsgård?"].sort(),
      );
      expect(cases.map((c) => c.status).sort()).toEqual(["answered", "answered", "forwarded"]);
      expect(new Set(cases.map((c) => c.number)).size).toBe(3);
      // The day's figures now come from the server.
      await expect(page.getByText(/3 frågor loggade här idag \(3 av dig\)\. 67 % besvarade på plats\./)).toBeVisible();
    });
  });
}

test.describe("synkning", () => {
  test.use({ viewport: { width: 1024, height: 768 }, hasTouch: true });
  // A login, the service worker's first caching and a sync each: more than 30 s on a busy machine.
  test.describe.configure({ timeout: 90_000 });

  test("a sync whose first attempt gets a 500 keeps the item and delivers it later", async ({ page, context }) => {
    const title = `Fälttest 500 ${Date.now()}`;
    const stopId = seedStopNow(ELIN, title);
    await login(page, ELIN);
    await openFieldMode(page, title);
    let answered500 = 0;
    await context.route("**/falt/fragor", async (route) => {
      if (answered500 === 0) {
        answered500++;
        await route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ status: "error", message: "Tillfälligt fel" }) });
      } else {
        await route.continue();
      }
    });
    await logQuestion(page, "Varför är gatubelysningen trasig på Storgatan?", { button: "Spara" });
    await expect(page.getByRole("status").filter({ hasText: "1 fråga väntar på att skickas" })).toBeVisible();
    await expect(page.getByText("senaste försöket: Tillfälligt fel")).toBeAttached();
    expect(answered500).toBe(1);
    expect(casesAt(stopId)).toHaveLength(0);
    // The retry comes after a short backoff, without the user doing anything.
    await expect(page.getByRole("status").filter({ hasText: "Allt är skickat" })).toBeVisible({ timeout: 15_000 });
    expect(casesAt(stopId).map((c) => c.question)).toEqual(["Varför är gatubelysningen trasig på Storgatan?"]);
  });

  test("a question can concern a point on the map instead of the stop's area", async ({ page, context }) => {
    await blockMapTiles(context);
    const title = `Fälttest punkt ${Date.now()}`;
    const stopId = seedStopNow(ELIN, title);
    await login(page, ELIN);
    await openFieldMode(page, title);
    await page.getByText("Eller markera en punkt på kartan").click();
    // Typed here; a click on the map writes the same fields (tiles never load in the tests).
    await page.getByLabel("Latitud").fill("56,0712");
    await page.getByLabel("Longitud").fill("12,8021");
    await expect(page.locator(".position-field__map .leaflet-container")).toBeVisible();
    await expectNoAxeViolations(page);
    await logQuestion(page, "Kan det bli ett övergångsställe vid skolan?", { button: "Spara" });
    await expect(page.getByRole("status").filter({ hasText: "Allt är skickat" })).toBeVisible({ timeout: 15_000 });
    const row = withE2eDb((db) =>
      db
        .select({ lat: fieldQuestions.lat, lng: fieldQuestions.lng })
        .from(fieldQuestions)
        .innerJoin(cases, eq(cases.questionId, fieldQuestions.id))
        .where(eq(cases.stopId, stopId))
        .get(),
    );
    expect(row).toEqual({ lat: 56.0712, lng: 12.8021 });
  });

  test("a sync with an expired session keeps the item, asks for a login, and sends it afterwards", async ({ page, context }) => {
    const title = `Fälttest session ${Date.now()}`;
    const stopId = seedStopNow(ELIN, title);
    await login(page, ELIN);
    await openFieldMode(page, title);
    await context.clearCookies();
    await logQuestion(page, "Hur söker man bygglov för ett plank?", { button: "Spara" });
    await expect(page.getByRole("alert").filter({ hasText: "Du är utloggad – logga in igen, dina frågor ligger kvar." })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "1 fråga väntar på att skickas" })).toBeVisible();
    expect(casesAt(stopId)).toHaveLength(0);

    await page.getByRole("link", { name: "Logga in" }).click();
    await page.getByLabel("E-postadress").fill(ELIN);
    await page.getByLabel("Lösenord").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Logga in" }).click();
    await expect(page).toHaveURL(/\/falt$/);
    await expect(page.getByRole("status").filter({ hasText: "Allt är skickat" })).toBeVisible();
    expect(casesAt(stopId).map((c) => c.question)).toEqual(["Hur söker man bygglov för ett plank?"]);
  });

  test("the same question posted twice makes one case", async ({ page }) => {
    const title = `Fälttest dubblett ${Date.now()}`;
    const stopId = seedStopNow(ELIN, title);
    await login(page, ELIN);
    const item = {
      id: randomUUID(),
      loggedAt: new Date().toISOString(),
      stopId,
      question: "När töms återvinningsstationen?",
      category: "g:BBMT",
      topics: ["stadsmiljo"],
      answeredOnSpot: true,
      replyWanted: false,
    };
    const first = await page.request.post("/falt/fragor", { data: item });
    expect(first.status()).toBe(201);
    const created = (await first.json()) as { status: string; caseNumber: string };
    expect(created.status).toBe("created");
    const second = await page.request.post("/falt/fragor", { data: { ...item, question: "Samma id, annan text" } });
    expect(second.status()).toBe(200);
    expect(await second.json()).toMatchObject({ status: "duplicate", caseNumber: created.caseNumber });
    expect(casesAt(stopId)).toEqual([{ number: created.caseNumber, status: "answered", question: "När töms återvinningsstationen?" }]);
  });
});

test.describe("när kontrollen inte kan laddas", () => {
  // Playwright's routes do not see what a service worker answers: this page view has none.
  test.use({ viewport: { width: 1024, height: 768 }, serviceWorkers: "block" });

  test("a save goes to the server, which checks it and shows the errors next to the fields", async ({ page }) => {
    // The check's chunk (the schema) is loaded after hydration; a new deploy can remove the old one.
    await page.route(/\/assets\/question-check-[^/]+\.js$/, (route) => route.abort());
    const title = `Fälttest utan kontroll ${Date.now()}`;
    seedStopNow(ELIN, title);
    await login(page, ELIN);
    await page.goto("/falt");
    await page.getByRole("radio", { name: new RegExp(title) }).check();
    await page.getByLabel("Frågan", { exact: true }).fill("Hj");
    const answer = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/falt.data");
    await page.getByRole("button", { name: "Spara", exact: true }).click();
    expect((await answer).status()).toBe(400);
    await expect(page.getByText("Skriv frågan (minst 3 tecken)")).toBeVisible();
    await expect(page.getByLabel("Frågan", { exact: true })).toHaveValue("Hj");
    await expect(page.getByLabel("Frågan", { exact: true })).toBeFocused();
    await expectNoAxeViolations(page);
  });
});

test.describe("utan JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 375, height: 667 } });

  test("the form posts to the server, shows errors next to the fields and saves a case", async ({ page }) => {
    const title = `Fälttest utan JS ${Date.now()}`;
    const stopId = seedStopNow(LINA, title);
    await page.goto("/logga-in");
    await page.getByLabel("E-postadress").fill(LINA);
    await page.getByLabel("Lösenord").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Logga in" }).click();
    await page.goto("/falt");
    await page.getByRole("radio", { name: new RegExp(title) }).check();
    await page.getByLabel("Frågan", { exact: true }).fill("Hj");
    await page.getByRole("button", { name: "Spara", exact: true }).click();
    await expect(page.getByText("Skriv frågan (minst 3 tecken)")).toBeVisible();
    await expect(page.getByLabel("Frågan", { exact: true })).toHaveValue("Hj");

    await page.getByLabel("Frågan", { exact: true }).fill("Hur anmäler man en trasig lekplats?");
    await page.getByRole("radio", { name: "Övrigt" }).check();
    await page.getByRole("radio", { name: "Nej", exact: true }).check();
    await page.getByLabel(/^Skicka vidare till/).selectOption({ index: 1 });
    await page.getByRole("button", { name: "Spara och ny", exact: true }).click();
    await expect(page.getByText(/Frågan är sparad som ärende KC-\d{4}-\d{6}\./)).toBeVisible();
    const cases = casesAt(stopId);
    expect(cases).toHaveLength(1);
    await expect(page.getByText(`Frågan är sparad som ärende ${cases[0]!.number}.`)).toBeVisible();
    await expect(page.getByRole("radio", { name: "Övrigt" })).toBeChecked();
    await expect(page.getByRole("radio", { name: new RegExp(title) })).toBeChecked();
  });
});
