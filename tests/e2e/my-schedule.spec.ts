import { expect, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { outboxMessages } from "#db/schema";
import { expectNoAxeViolations } from "../support/axe";
import { blockMapTiles, goViaMenu, login } from "../support/e2e";
import { withE2eDb } from "../support/e2e-db";
import { addAssignment, createStop, createTour, userIdByEmail } from "../support/seed";

/**
 * Mitt schema (issue 5): a staff member sees the stops they are booked on, reports an absence and
 * subscribes to their own calendar feed. Karin Dahl (EU-information) and Eva Sjöberg (senior
 * advisor) are staff no other spec writes with. Each test books them on a stop of its own in 2033,
 * written straight into the e2e database: the booking is the setup, not what is tested here.
 */

const KARIN = "karin.dahl@rullarut.example";
const EVA = "eva.sjoberg@rullarut.example";

/** A new tour with one confirmed stop on 10 May 2033, 10:00–14:00 Stockholm time, and the person booked on it. */
function seedBooking(email: string, functionCode: string, title: string) {
  return withE2eDb((db) => {
    const userId = userIdByEmail(db, email);
    return db.transaction((tx) => {
      const tourId = createTour(tx, { name: `${title} (turné)`, startsOn: "2033-01-01", endsOn: "2033-12-31" });
      const stopId = createStop(tx, {
        tourId,
        title,
        venueName: "Mörarps bygdegård",
        venueAddress: "Storgatan 1, Mörarp",
        lat: 56.0553,
        lng: 12.8562,
        startsAt: new Date(Date.UTC(2033, 4, 10, 8, 0)),
        endsAt: new Date(Date.UTC(2033, 4, 10, 12, 0)),
        status: "confirmed",
      });
      addAssignment(tx, { stopId, userId, functionCode, status: "confirmed" });
      return { tourId, stopId };
    });
  });
}

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

test("a staff member sees an upcoming booked stop with time, place, role and map links, on a desktop and a phone", async ({ page }) => {
  const title = `Mitt schema-besök ${Date.now()}`;
  const { tourId, stopId } = seedBooking(KARIN, "eu_information", title);
  await login(page, KARIN);
  await page.goto("/");
  await goViaMenu(page, "Mitt schema");
  await expect(page.getByRole("heading", { level: 1, name: "Mitt schema" })).toBeVisible();

  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: title }) });
  await expect(card).toContainText("tis 10 maj 2033 10:00–14:00");
  await expect(card).toContainText("Mörarps bygdegård, Storgatan 1, Mörarp");
  await expect(card).toContainText("EU-informatör");
  await expect(card).toContainText("Bekräftad");
  await expect(card.getByRole("link", { name: title, exact: true })).toHaveAttribute("href", `/stopp/${stopId}`);
  await expect(card.getByRole("link", { name: /^Visa på kartan/ })).toHaveAttribute("href", `/karta?turne=${tourId}&stopp=${stopId}`);
  await expect(card.getByRole("link", { name: /^Öppna i kartapp/ })).toHaveAttribute(
    "href",
    "https://www.openstreetmap.org/?mlat=56.05530&mlon=12.85620#map=15/56.05530/12.85620",
  );
  await expect(page.getByRole("link", { name: "Kalenderflöde" }).last()).toHaveAttribute("href", "/kalenderflode");
  await expectNoAxeViolations(page);

  await page.setViewportSize({ width: 375, height: 740 });
  await page.reload();
  await expect(card).toContainText("EU-informatör");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(page);

  // The map link opens the tour map focused on the stop.
  await card.getByRole("link", { name: /^Visa på kartan/ }).click();
  await expect(page).toHaveURL(new RegExp(`/karta\\?turne=${tourId}&stopp=${stopId}`));
});

test("a staff member reports an absence: a wrong date range is answered next to the field, then the saved absence warns about the booking", async ({
  page,
  browser,
  baseURL,
}) => {
  const title = `Frånvarokrock ${Date.now()}`;
  seedBooking(EVA, "senior", title);
  await login(page, EVA);
  await page.goto("/mitt-schema");
  await page.getByRole("link", { name: "Anmäl eller ta bort frånvaro" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Min frånvaro" })).toBeVisible();
  await expect(page.getByText("Skriv inte varför")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel(/^Typ/).selectOption({ label: "Semester" });
  await page.getByLabel(/^Första dagen/).fill("2033-05-09");
  await page.getByLabel(/^Sista dagen/).fill("2033-05-08");
  await page.getByLabel("Anteckning").fill("Förmiddag");
  await page.getByRole("button", { name: "Spara frånvaron" }).click();
  await expect(page.getByText("Sista dagen kan inte vara före första dagen")).toBeVisible();
  await expect(page.getByLabel(/^Sista dagen/)).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel(/^Första dagen/)).toHaveValue("2033-05-09");
  await expect(page.getByLabel(/^Sista dagen/)).toHaveValue("2033-05-08");
  await expect(page.getByLabel("Anteckning")).toHaveValue("Förmiddag");
  await expectNoAxeViolations(page);

  // Without JavaScript the server answers the same, keeping what was typed.
  const noJs = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await login(plain, EVA);
  await plain.goto("/mitt-schema/franvaro");
  await plain.getByLabel(/^Typ/).selectOption({ label: "Ledighet" });
  await plain.getByLabel(/^Första dagen/).fill("2033-05-12");
  await plain.getByLabel(/^Sista dagen/).fill("2033-05-11");
  await plain.getByRole("button", { name: "Spara frånvaron" }).click();
  await expect(plain.getByText("Sista dagen kan inte vara före första dagen")).toBeVisible();
  await expect(plain.getByLabel(/^Första dagen/)).toHaveValue("2033-05-12");
  await expect(plain.getByLabel(/^Sista dagen/)).toHaveValue("2033-05-11");
  await noJs.close();

  // Corrected: saved, with a warning that names the booked stop. The booking stays.
  await page.getByLabel(/^Sista dagen/).fill("2033-05-11");
  await page.getByRole("button", { name: "Spara frånvaron" }).click();
  const status = page.getByRole("status").filter({ hasText: "är sparad" });
  await expect(status).toContainText("Frånvaron mån 9 maj 2033 – ons 11 maj 2033 är sparad");
  await expect(status.getByRole("link", { name: title })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Semester: mån 9 maj 2033 – ons 11 maj 2033" })).toContainText("krockar med en bokning");
  await expectNoAxeViolations(page);

  // Mitt schema shows the conflict on the stop.
  await page.goto("/mitt-schema");
  await expect(page.getByRole("region", { name: /krock/ })).toContainText(title);

  // Removed again.
  await page.goto("/mitt-schema/franvaro");
  await page.getByRole("button", { name: "Ta bort frånvaron mån 9 maj 2033 – ons 11 maj 2033" }).click();
  await expect(page.getByRole("status")).toContainText("Frånvaron är borttagen.");
  await expect(page.getByText("Semester: mån 9 maj 2033 – ons 11 maj 2033")).toHaveCount(0);
});

test("the personal feed: a new key gives a Mitt schema address with the booked stop; revoking it makes it 404", async ({ page }) => {
  const title = `Flödesbesök ${Date.now()}`;
  seedBooking(KARIN, "eu_information", title);
  await login(page, KARIN);
  await page.goto("/kalenderflode");
  const create = page.getByRole("button", { name: /^Skapa (ny )?adress$/ });
  await create.click();
  const mine = page.getByLabel("Mitt schema", { exact: true });
  await expect(mine).toHaveValue(/\/flode\/[A-Za-z0-9_-]{43}\/mitt-schema\.ics$/);
  // The personal address comes first.
  await expect(page.locator(".feed-url input").first()).toHaveId("flode-mitt-schema");
  await expectNoAxeViolations(page);
  const url = await mine.inputValue();

  const feed = await page.request.get(url);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  const body = await feed.text();
  expect(body).toContain(`SUMMARY:${title}`);
  expect(body).toContain("EU-informatör");

  await page.getByRole("button", { name: "Återkalla adressen" }).click();
  await expect(page.getByRole("status").first()).toContainText("Adressen är återkallad");
  const after = await page.request.get(url);
  expect(after.status()).toBe(404);
});

test("the admin sees the hourly flag and keeps a staff member's absences on the user page", async ({ page }) => {
  await login(page, "admin@rullarut.example");
  await page.goto("/admin/anvandare");
  await expect(page.getByRole("row", { name: /Mikael Åkesson/ })).toContainText("Timanställd");
  await page.getByRole("link", { name: "Mikael Åkesson" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mikael Åkesson" })).toBeVisible();
  await expect(page.getByLabel("Timanställd")).toBeChecked();

  await page.getByLabel(/^Typ/).selectOption({ label: "Annan frånvaro" });
  await page.getByLabel(/^Första dagen/).fill("2033-08-01");
  await page.getByLabel(/^Sista dagen/).fill("2033-08-02");
  await page.getByRole("button", { name: "Spara frånvaron" }).click();
  await expect(page.getByRole("status")).toContainText("Frånvaron mån 1 augusti 2033 – tis 2 augusti 2033 är sparad.");
  await expect(page.getByText("Annan frånvaro: mån 1 augusti 2033 – tis 2 augusti 2033")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Ta bort frånvaron mån 1 augusti 2033 – tis 2 augusti 2033" }).click();
  await expect(page.getByRole("status")).toContainText("Frånvaron är borttagen.");
});

test("a staff member withdraws from a booking on Mitt schema, and the tour leaders are told by e-mail", async ({ page }) => {
  const title = `Avanmälan ${Date.now()}`;
  seedBooking(KARIN, "eu_information", title);
  await login(page, KARIN);
  await page.goto("/mitt-schema");
  await expect(page.getByText(/Du kan avanmäla dig fram till \d+ timmar före start/)).toBeVisible();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: title }) });
  const button = card.getByRole("button", { name: `Avanmäl mig från ${title}` });
  await expect(button).toBeVisible();
  await expectNoAxeViolations(page);

  // Asked first (issue 13): only "Ja, avanmäl mig" withdraws.
  await button.click();
  await card
    .getByRole("group", { name: `Vill du avanmäla dig från ”${title}”?` })
    .getByRole("button", { name: "Ja, avanmäl mig" })
    .click();
  await expect(page.getByRole("status")).toContainText(`Du är avanmäld från ”${title}”. Turnéledaren har fått ett meddelande.`);
  await expect(page.getByRole("heading", { name: title })).toHaveCount(0);
  await expectNoAxeViolations(page);

  const mail = withE2eDb((db) =>
    db
      .select({ toAddress: outboxMessages.toAddress, textBody: outboxMessages.textBody })
      .from(outboxMessages)
      .where(eq(outboxMessages.subject, `Avanmälan: ${title}`))
      .all(),
  );
  expect(mail.map((m) => m.toAddress)).toContain("turne@rullarut.example");
  expect(mail[0]!.textBody).toContain("har avanmält sig som EU-informatör");
});
