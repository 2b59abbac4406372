/**
 * Issue 13, acceptance: the whole loop in one spec, at desktop (1280×800), tablet (1024×768) and
 * phone (375×740) width, with axe (WCAG 2.2 AA) on every page and state it passes through:
 *
 *   new tour → visit offer → the byalag's yes on a phone (time + advisor) → the stop is confirmed →
 *   needs → booking → field mode offline (one question answered on the spot, one forwarded) →
 *   back online, "Skicka nu" → the cases in /arenden → the tour's report (50 % answered on the spot).
 *
 * Each viewport has its own tour leader, its own staff member and its own byalag, so the three run
 * side by side without meeting. The visit is today (field mode offers today's stops), and the
 * questions are logged now (the server refuses times far from its clock), so the tour covers today.
 * It starts a year back, before the demo's season tour, so it never becomes the "current tour" that
 * other specs' fresh users open by default; when the test is done it is archived.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { tours } from "#db/schema";
import { addDaysIso, todayInStockholm } from "../../app/utils/dates";
import { expectNoAxeViolations } from "../support/axe";
import { blockMapTiles, goViaMenu, login } from "../support/e2e";
import { withE2eDb } from "../support/e2e-db";
import { freshStaff } from "../support/staff";
import { loginFresh } from "../support/users";
import { replyLinkFromOutbox } from "../support/outbox";
import { goOffline, goOnline } from "../support/offline";
import { casesAt } from "../support/field";

// Its own client address, so these logins never meet another spec's per-address limits.
const CLIENT = { "X-Forwarded-For": "198.51.100.151" };
test.use({ extraHTTPHeaders: CLIENT });

function archiveTour(tourId: string) {
  withE2eDb((db) => db.update(tours).set({ archivedAt: new Date() }).where(eq(tours.id, tourId)).run());
}

/** "HH:MM" in Stockholm for an instant. */
const stockholmClock = (at: number) => new Date(at).toLocaleTimeString("sv-SE", { timeZone: "Europe/Stockholm", hour: "2-digit", minute: "2-digit" });

/**
 * Today's visit: from the whole hour two hours ago (not before midnight) to 23:59, so it runs now and
 * stays today's stop for as long as the test runs (field mode offers only today's stops).
 */
function todaysVisit(): { date: string; start: string; end: string } {
  const date = todayInStockholm();
  const twoHoursAgo = Date.now() - 2 * 3600_000;
  const start = todayInStockholm(new Date(twoHoursAgo)) === date ? `${stockholmClock(twoHoursAgo).slice(0, 2)}:00` : "00:00";
  return { date, start, end: "23:59" };
}

/** Opens the main menu's group that holds a link (and on a compact header the "Meny"), checks it with axe, and closes it again with Escape. */
async function axeWithMenuOpen(page: Page, groupLabel: string, axe: (page: Page, state?: string) => Promise<void>) {
  const nav = page.getByRole("navigation", { name: "Huvudmeny" });
  const compact = nav.locator("details.nav-compact > summary");
  if (await compact.isVisible()) await compact.click();
  const group = nav
    .locator("details.nav-group")
    .filter({ has: page.locator("> summary", { hasText: groupLabel }) })
    .first();
  await group.locator("> summary").click();
  await expect(group.getByRole("link").first()).toBeVisible();
  await axe(page, `main menu «${groupLabel}» open`);
  await page.keyboard.press("Escape");
  if (await compact.isVisible()) {
    await page.keyboard.press("Escape");
  }
}

async function newContext(browser: Browser, baseURL: string | undefined, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ baseURL, viewport, locale: "sv-SE", timezoneId: "Europe/Stockholm", extraHTTPHeaders: CLIENT });
  await blockMapTiles(context);
  return context;
}

const VIEWPORTS = [
  { name: "desktop", viewport: { width: 1280, height: 800 }, org: "Rydebäcks Byalag" },
  // Not "Byalaget i Laröd": daily-context.spec.ts looks for exactly one "Tackade ja" from Laröd on a fresh planner's start page.
  { name: "surfplatta", viewport: { width: 1024, height: 768 }, org: "Fleninge Hembygdsförening" },
  { name: "mobil", viewport: { width: 375, height: 740 }, org: "Ödåkra Byaförening" },
] as const;

for (const device of VIEWPORTS) {
  test.describe(`hela slingan, ${device.name} (${device.viewport.width}×${device.viewport.height})`, () => {
    test.use({ viewport: device.viewport });

    test("new tour → invite → phone reply → confirmed stop → needs → booking → offline field questions → cases → report", async ({
      page,
      context,
      browser,
      baseURL,
    }) => {
      // Four browser contexts, a service worker, an offline round and some 40 axe runs on a busy two-core machine.
      test.setTimeout(600_000);
      await blockMapTiles(context);
      const stamp = `${device.name}-${Date.now().toString(36)}`;
      const word = `slinga${Date.now().toString(36)}${device.viewport.width}`;
      const visit = todaysVisit();
      const tourName = `Hela slingan ${stamp}`;
      const staffName = `Fältpersonal ${stamp}`;
      let tourId: string | undefined;
      // Every page and state is checked with axe as the loop goes; what axe finds is collected and
      // asserted at the end, so one run shows every violation along the loop, not only the first.
      const findings: string[] = [];
      let checks = 0;
      const axe = async (p: Page, state = "") => {
        checks++;
        try {
          await expectNoAxeViolations(p);
        } catch (error) {
          // The received lines of axe's summary: "rule (impact): help" and the elements it names.
          const message = String((error as Error).message).replace(/\u001b\[[0-9;]*m/g, "");
          const received = message.split("\n").filter((l) => /^\s*\+ /.test(l) && !/^\s*\+ (Received|Array \[|\])/.test(l));
          findings.push(`#${checks} ${new URL(p.url()).pathname}${state ? ` (${state})` : ""}: ${received.map((l) => l.replace(/^\s*\+\s*/, "")).join(" ")}`);
        }
      };

      try {
        // 1. A fresh tour leader logs in and creates the tour (first with an error).
        await page.goto("/logga-in");
        await axe(page);
        await loginFresh(page, "tour_leader", `Turnéledare ${device.name}`);
        await page.goto("/");
        await axe(page);
        await axeWithMenuOpen(page, "Planera", axe);

        await goViaMenu(page, "Turnéer");
        await expect(page.getByRole("heading", { level: 1, name: "Turnéer" })).toBeVisible();
        await axe(page);
        await page.goto("/turneer/ny");
        await axe(page);
        await page.getByRole("button", { name: "Skapa turnén" }).click();
        await expect(page.getByText("Ange turnéns namn")).toBeVisible();
        await axe(page);
        await page.getByLabel(/^Namn/).fill(tourName);
        await page.getByLabel("Fokus").fill("Byalag långt från centralorten.");
        // From a year back: a tour that starts before the demo data's season tour never becomes the
        // season tour that other specs' fresh users open on, even while this one runs.
        await page.getByLabel(/^Startdatum/).fill(addDaysIso(visit.date, -365));
        await page.getByLabel(/^Slutdatum/).fill(addDaysIso(visit.date, 6));
        await page.getByRole("button", { name: "Skapa turnén" }).click();
        await expect(page.getByRole("heading", { level: 1, name: tourName })).toBeVisible();
        await expect(page.getByRole("status").filter({ hasText: "Turnén har skapats." })).toBeVisible();
        tourId = page.url().split("?")[0]!.split("/").at(-1)!;
        await axe(page);

        // 2. A visit offer to one byalag: today's time and one more; first without a time (an error).
        await page.goto(`/inbjudningar/ny?typ=visit_offer&turne=${tourId}`);
        await expect(page.getByLabel("Tid 1, datum")).toBeVisible();
        await axe(page);
        const kinds = page.getByRole("group", { name: "Bjud in alla av typen" });
        for (const box of await kinds.getByRole("checkbox").all()) await box.uncheck();
        const single = page.locator("details", { hasText: "Eller välj enskilda organisationer" });
        if (!(await single.evaluate((d) => (d as HTMLDetailsElement).open))) await single.locator("summary").click();
        await page.getByLabel(new RegExp(`^${device.org}`)).check();
        await page.getByRole("button", { name: "Förhandsgranska" }).click();
        await expect(page.getByText("Föreslå minst en tid")).toBeVisible();
        await axe(page);
        await page.getByLabel("Tid 1, datum").fill(visit.date);
        await page.getByLabel("Tid 1, start").fill(visit.start);
        await page.getByLabel("Tid 1, slut").fill(visit.end);
        await page.getByLabel("Tid 2, datum").fill(addDaysIso(visit.date, 3));
        await page.getByRole("button", { name: "Förhandsgranska" }).click();
        await expect(page.getByRole("heading", { name: "Förhandsgranskning" })).toBeVisible();
        await expect(page.locator(".invitation-preview")).toContainText(/\b1 organisation, 1 e-postadress\b/);
        await axe(page);
        await page.getByRole("button", { name: "Skicka till 1 organisation", exact: true }).click();
        await expect(page.getByRole("status").filter({ hasText: "Inbjudan skickades till 1 organisation." })).toBeVisible();
        await expect(page.getByRole("cell", { name: "skickad", exact: true })).toBeVisible();
        const boardUrl = page.url().split("?")[0]!;
        const batchId = boardUrl.split("/").at(-1)!;
        await axe(page);

        // 3. The byalag's contact answers yes on a phone: today's time, and energy advice on site.
        const contact = await newContext(browser, baseURL, { width: 375, height: 740 });
        const reply = await contact.newPage();
        await reply.goto(replyLinkFromOutbox(batchId, device.org));
        await expect(reply.getByRole("heading", { level: 1 })).toContainText(device.org);
        await axe(reply);
        await reply.getByLabel("Ja, vi kommer / vi vill ha besök").check();
        await reply.getByRole("button", { name: "Skicka svaret" }).click();
        await expect(reply.getByText("Välj en av tiderna")).toBeVisible();
        await expect(reply.getByText("Skriv ert namn")).toBeVisible();
        await axe(reply);
        const times = reply.getByRole("group", { name: "Vilken tid passar?" }).getByRole("radio");
        // The two times offered, and "Föreslå en annan tid".
        await expect(times).toHaveCount(3);
        await expect(times.last()).toHaveAccessibleName("Föreslå en annan tid");
        // Today's time is the first one offered, and the one with today's hours.
        await expect(times.first()).toHaveAccessibleName(new RegExp(`${visit.start}`));
        await times.first().check();
        await reply.getByLabel("Energi- och klimatrådgivning").check();
        await reply.getByLabel("Hur många tror ni kommer?").fill("12");
        await reply.getByLabel("Ert namn").fill("Britt Larsson");
        await reply.getByLabel("Telefonnummer").fill("070-174 06 05");
        await reply.getByRole("button", { name: "Skicka svaret" }).click();
        await expect(reply.getByRole("status").filter({ hasText: "Ert svar är sparat" })).toBeVisible();
        await axe(reply);
        await contact.close();

        // 4. The tour leader sees the yes, and the stop confirmed at the chosen time.
        await page.goto(boardUrl);
        await expect(page.getByRole("cell", { name: "tackat ja", exact: true })).toBeVisible();
        await expect(page.getByText("Energi- och klimatrådgivning").first()).toBeVisible();
        await axe(page);
        await page.getByRole("link", { name: "Visa stoppet" }).click();
        await expect(page.getByRole("heading", { level: 1 })).toContainText(device.org);
        const stopUrl = page.url().split("?")[0]!;
        const stopId = stopUrl.split("/").at(-1)!;
        await expect(page.getByText("Bekräftad").first()).toBeVisible();
        await expect(page.getByRole("main")).toContainText(`${visit.start}–${visit.end}`);
        await axe(page);

        // 5. Needs: the byalag's wish is there; the tour leader adds a municipal guide (first a bad count).
        await page.getByRole("link", { name: /Ange behov av personal|Ändra behoven/ }).click();
        await expect(page.getByRole("heading", { level: 1, name: "Behov av personal" })).toBeVisible();
        await expect(page.getByLabel("Energi- och klimatrådgivare", { exact: true })).toHaveValue("1");
        await axe(page);
        await page.getByLabel("Kommunvägledare BBMT").fill("två");
        await page.getByRole("button", { name: "Spara behoven" }).click();
        await expect(page.getByText("Ange ett heltal mellan 0 och 20")).toBeVisible();
        await expect(page.getByLabel("Kommunvägledare BBMT")).toHaveAttribute("aria-invalid", "true");
        await axe(page);
        await page.getByLabel("Kommunvägledare BBMT").fill("1");
        await page.getByRole("button", { name: "Spara behoven" }).click();
        await expect(page.getByRole("status").filter({ hasText: "Behoven har sparats." })).toBeVisible();
        await expect(page.getByText("0 av 2 platser bokade, saknas 2.")).toBeVisible();
        await axe(page);

        // 6. Booking: a staff member of the test's own, with energy advice.
        const staff = await freshStaff(staffName, { advisorFunctions: ["energy_climate"] });
        await page.reload();
        await page.getByLabel(/^Roll/).selectOption("f:energy_climate");
        await page.getByLabel(/^Person/).selectOption({ label: staffName });
        await page.getByRole("button", { name: "Boka", exact: true }).click();
        await expect(page.getByRole("status").filter({ hasText: "Personen är bokad" })).toBeVisible();
        await expect(page.locator(".staffing-stop__people")).toContainText(staffName);
        await expect(page.getByText("1 av 2 platser bokade, saknas 1.")).toBeVisible();
        await axe(page);

        // 7. The staff member logs in at the same width and opens field mode for the stop.
        const staffContext = await newContext(browser, baseURL, device.viewport);
        const field = await staffContext.newPage();
        await login(field, staff.email);
        await field.goto("/");
        await axe(field);
        await goViaMenu(field, "Fältläge");
        await expect(field.getByRole("heading", { level: 1, name: "Fältläge" })).toBeVisible();
        // Our stop by its id: other stops today may share the title.
        const stopRadio = field.getByRole("group", { name: "Stopp" }).locator(`input[type=radio][value="${stopId}"]`);
        await expect(stopRadio).toHaveAccessibleName(new RegExp(device.org));
        await stopRadio.check();
        await expect(stopRadio).toBeChecked();
        await field.waitForFunction(() => navigator.serviceWorker?.controller !== null);
        await expect(field.getByText("Sidan är sparad på enheten och öppnas även utan uppkoppling.")).toBeVisible();
        const sync = field.locator(".field-mode__sync [role=status]");
        await expect(sync).toContainText("Uppkopplad");
        await expect(sync).toContainText("Allt är skickat");
        await expect(field.getByText("Inga frågor loggade här idag än.")).toBeVisible();
        await axe(field);

        // An empty save says what is missing.
        await field.getByRole("button", { name: "Spara", exact: true }).click();
        await expect(field.getByText(/Skriv frågan$/)).toBeVisible();
        await axe(field);

        // 8. Offline: two questions, one answered on the spot, one forwarded to a department.
        await goOffline(staffContext);
        await expect(sync).toContainText("Ingen uppkoppling");
        await axe(field);
        const answered = `Finns det bidrag till solceller på byagården? ${word}`;
        const forwarded = `Gatlyktan vid busshållplatsen är trasig, ${word}`;
        await field.getByLabel("Frågan", { exact: true }).fill(answered);
        await field.getByRole("radio", { name: "Energi- och klimatrådgivning" }).check();
        await field.getByRole("checkbox", { name: "Privatekonomi", exact: true }).check();
        await field.getByRole("radio", { name: "Ja", exact: true }).check();
        await field.getByLabel(/^Svaret som gavs/).fill("Ja, via energi- och klimatrådgivningen.");
        await field.getByRole("button", { name: "Spara och ny", exact: true }).click();
        await expect(field.getByRole("status").filter({ hasText: "Frågan är sparad" })).toBeVisible();
        await expect(field.getByLabel("Frågan", { exact: true })).toHaveValue("");
        await expect(sync).toContainText("1 fråga väntar");
        await axe(field);

        await field.getByLabel("Frågan", { exact: true }).fill(forwarded);
        await field.getByRole("radio", { name: "Övrigt" }).check();
        await field.getByRole("checkbox", { name: "Stadsmiljö", exact: true }).check();
        await field.getByRole("radio", { name: "Nej", exact: true }).check();
        await field.getByLabel(/^Skicka vidare till/).selectOption({ label: "Stadsbyggnadsförvaltningen" });
        await field.getByRole("button", { name: "Spara", exact: true }).click();
        await expect(sync).toContainText("2 frågor väntar");
        await expect(sync).toContainText("Ingen uppkoppling");
        await expect(field.getByText(/2 frågor loggade här idag \(2 av dig\)\. 50 % besvarade på plats\./)).toBeVisible();
        expect(casesAt(stopId)).toHaveLength(0);
        await axe(field);

        // 9. Online again: "Skicka nu" sends the queue.
        await goOnline(staffContext);
        await field.getByRole("button", { name: "Skicka nu" }).click();
        await expect(sync).toContainText("Allt är skickat", { timeout: 30_000 });
        await expect(sync).toContainText("Uppkopplad");
        await expect(sync).toContainText(/Senast skickat \d{2}:\d{2}/);
        const cases = casesAt(stopId);
        expect(cases.map((c) => [c.question, c.status])).toEqual([
          [answered, "answered"],
          [forwarded, "forwarded"],
        ]);
        await expect(field.getByText(/2 frågor loggade här idag \(2 av dig\)\. 50 % besvarade på plats\./)).toBeVisible();
        await axe(field);
        await staffContext.close();

        // 10. The tour leader finds the two cases in /arenden.
        await goViaMenu(page, "Ärenden");
        await expect(page.getByRole("heading", { level: 1, name: "Ärenden" })).toBeVisible();
        await axe(page);
        await page.getByLabel("Sök i fråga och svar").fill(word);
        await page.getByRole("button", { name: "Visa" }).click();
        const table = page.getByRole("table", { name: /Ärenden/ });
        await expect(table.getByRole("row")).toHaveCount(3);
        await expect(page.getByRole("status").filter({ hasText: "ärenden" })).toHaveText("2 ärenden");
        const forwardedRow = table.getByRole("row", { name: new RegExp(cases[1]!.number) });
        await expect(forwardedRow).toContainText("Vidarebefordrad");
        await expect(table.getByRole("row", { name: new RegExp(cases[0]!.number) })).toContainText("Besvarad");
        await axe(page);
        await forwardedRow.getByRole("link", { name: cases[1]!.number }).click();
        await expect(page.getByRole("heading", { level: 1, name: `Ärende ${cases[1]!.number}` })).toBeVisible();
        await expect(page.getByText("Stadsbyggnadsförvaltningen")).toBeVisible();
        await expect(page.getByText(staffName).first()).toBeVisible();
        await axe(page);

        // 11. The tour's report: the questions, and the share answered on the spot.
        await axeWithMenuOpen(page, "Följa upp", axe);
        await goViaMenu(page, "Rapport");
        await expect(page.getByRole("heading", { level: 1, name: /^Rapport/ })).toBeVisible();
        await axe(page);
        await page.getByLabel("En turné").check();
        await page.getByLabel("Turné", { exact: true }).selectOption({ label: tourName });
        await page.getByRole("button", { name: "Visa rapporten" }).click();
        await expect(page.getByRole("heading", { level: 1, name: `Rapport: ${tourName}` })).toBeVisible();
        const figures = page.getByRole("region", { name: "Turnén i siffror" });
        const questionsFigure = figures.locator(".report-figure").filter({ has: page.getByText("Frågor från invånare", { exact: true }) });
        const onSpotFigure = figures.locator(".report-figure").filter({ has: page.getByText("Besvarade på plats", { exact: true }) });
        // The tour's own questions only (another spec's questions logged today, on another tour's
        // stops, are not this tour's): two, one answered on the spot.
        await expect(questionsFigure.locator(".report-figure__value")).toHaveText("2");
        await expect(onSpotFigure.locator(".report-figure__value")).toHaveText(/^50\s*%$/);
        await expect(onSpotFigure.locator(".report-figure__note")).toContainText(/^1 av 2 frågor/);
        await expect(page.getByRole("table", { name: /Frågor per förvaltning/ }).getByRole("row", { name: /^Stadsbyggnadsförvaltningen/ })).toBeVisible();
        await axe(page);
        expect(checks, "axe ran on every page and state of the loop").toBeGreaterThanOrEqual(30);
        expect(findings, `axe (WCAG 2.2 AA) found violations along the loop at ${device.viewport.width}×${device.viewport.height}`).toEqual([]);
      } finally {
        if (tourId) archiveTour(tourId);
      }
    });
  });
}
