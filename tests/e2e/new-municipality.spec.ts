/**
 * Issue 14, acceptance: another municipality (Kristinehamn) from an empty install to its first
 * report, through the set-up and the app's own pages only (no seed, no SQL). The server of this
 * project starts with DEMO_MUNICIPALITY=kristinehamn: an empty database with one admin account.
 *
 * The admin picks the municipality (its boundary and tätorter load), names the contact center,
 * defines two answer groups and three advisor functions of its own, takes the template's
 * departments and topics, imports four associations from CSV, and finishes the set-up; every step
 * is checked with axe at 1280 and 375 px. Then a tour and a stop, an invitation, a new staff member
 * with one of Kristinehamn's advisor functions booked on the stop, a question logged in field mode,
 * and the report. Every page, e-mail, calendar file and export met on the way is searched for
 * "Helsingborg": none may name it.
 */
import fs from "node:fs";
import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { addDaysIso, todayInStockholm } from "../../app/utils/dates";
import { axeAtBothWidths, expectNoAxeViolations } from "../support/axe";
import { blockMapTiles, DEMO_PASSWORD, login } from "../support/e2e";

const ADMIN = "admin@rullarut.example";

/** Everything the municipality's users and residents were shown, to search for another municipality's name. */
const seen: { where: string; text: string }[] = [];

async function record(page: Page, where = page.url()) {
  seen.push({ where, text: await page.content() });
}

async function recordResponse(response: APIResponse, where: string) {
  expect(response.status(), where).toBe(200);
  seen.push({ where, text: await response.text() });
}

/** A set-up step: recorded, and checked with axe on a desktop and a phone. */
async function checkStep(page: Page) {
  await record(page);
  await axeAtBothWidths(page);
}

test("Kristinehamn: from an empty install, through the set-up, to its first tour, field question and report", async ({
  page,
  context,
  browser,
  baseURL,
}, testInfo) => {
  // Six set-up steps with axe at two widths, then a tour, an invitation, a booking, field mode and the report.
  test.setTimeout(300_000);
  await blockMapTiles(context);

  // 1. The empty install sends everyone to the set-up; the admin logs in and lands on its first step.
  await page.goto("/");
  await expect(page).toHaveURL(/\/logga-in\?redirectTo=%2Finstallera/);
  await page.getByLabel("E-postadress").fill(ADMIN);
  await page.getByLabel("Lösenord").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Logga in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Vilken kommun?" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Uppsättningens steg" }).getByRole("link", { name: /Kommun$/ })).toHaveAttribute("aria-current", "step");
  await checkStep(page);

  // Search by name and by code; choose Kristinehamn: the boundary and its tätorter are on the map and in the table.
  await page.getByLabel("Kommunens namn eller kommunkod").fill("1781");
  await page.getByRole("button", { name: "Sök" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "Kristinehamn" })).toContainText("Värmlands län");
  await page.getByLabel("Kommunens namn eller kommunkod").fill("kristine");
  await page.getByRole("button", { name: "Sök" }).click();
  await page.getByRole("button", { name: "Välj Kristinehamn" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Kristinehamn är vald" })).toBeVisible();
  const places = page.getByRole("table", { name: /Orter och områden/ });
  for (const place of ["Kristinehamn", "Bäckhammar", "Ölme"]) await expect(places.getByRole("row", { name: new RegExp(place) })).toBeVisible();
  const map = page.getByRole("region", { name: /Karta över Kristinehamn/ });
  await expect(map.locator(".leaflet-overlay-pane path")).toHaveCount(1);
  await expect(map.locator(".leaflet-marker-icon")).toHaveCount(3);
  await checkStep(page);

  // A boundary file in the wrong coordinate system is refused next to the field.
  const badBoundary = testInfo.outputPath("sweref.geojson");
  fs.writeFileSync(
    badBoundary,
    JSON.stringify({
      type: "Polygon",
      coordinates: [
        [
          [440000, 6570000],
          [450000, 6570000],
          [450000, 6580000],
          [440000, 6570000],
        ],
      ],
    }),
  );
  await page.getByLabel("GeoJSON-fil med kommungränsen").setInputFiles(badBoundary);
  await page.getByRole("button", { name: "Ladda upp gränsen" }).click();
  await expect(page.getByText(/Koordinaterna är inte i WGS84/)).toBeVisible();
  await expect(page.getByLabel("GeoJSON-fil med kommungränsen")).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page);

  // 2. The contact center: an address is required.
  await page.getByRole("link", { name: "Nästa steg: Kontaktcenter" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Kontaktcentret" })).toBeVisible();
  await expect(page.getByLabel(/^Kommunens namn/)).toHaveValue("Kristinehamns kommun");
  await page.getByRole("button", { name: "Spara kontaktcentret" }).click();
  await expect(page.getByText("Ange kontaktcentrets adress")).toBeVisible();
  await checkStep(page);
  await page.getByLabel(/^Kontaktcentrets namn/).fill("Kristinehamns kommuns kontaktcenter");
  await page.getByLabel(/^Kontaktcentrets besöksadress/).fill("Kungsgatan 30, 681 84 Kristinehamn");
  await page.getByRole("button", { name: "Spara kontaktcentret" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Kontaktcentret är sparat." })).toBeVisible();

  // 3. Two answer groups and three advisor functions of Kristinehamn's own (a function needs its advisors' title).
  await page.getByRole("link", { name: /^Nästa steg: Svarsgrupper/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Svarsgrupper och rådgivning" })).toBeVisible();
  await checkStep(page);
  for (const [name, detail] of [
    ["Vård och stöd", "Äldreomsorg, funktionsstöd och försörjningsstöd"],
    ["Bygga och bo", "Bygglov, miljö och gator"],
  ] as const) {
    const form = page.getByRole("form", { name: "Lägg till svarsgrupp" });
    await form.getByLabel(/^Namn/).fill(name);
    await form.getByLabel("Vad gruppen svarar på").fill(detail);
    await form.getByRole("button", { name: "Lägg till svarsgrupp" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Svarsgruppen ${name} har lagts till.` })).toBeVisible();
  }
  const functionForm = () => page.getByRole("form", { name: "Lägg till rådgivarfunktion" });
  await functionForm().getByLabel(/^Namn/).fill("Energirådgivning");
  await functionForm().getByRole("button", { name: "Lägg till rådgivarfunktion" }).click();
  await expect(functionForm().getByText(/^⚠ Ange vad rådgivaren kallas/)).toBeVisible();
  await expect(functionForm().getByLabel(/^Namn/)).toHaveValue("Energirådgivning");
  for (const [name, title] of [
    ["Energirådgivning", "energirådgivare"],
    ["Konsumentvägledning", "konsumentvägledare"],
    ["Skuldrådgivning", "skuldrådgivare"],
  ] as const) {
    await functionForm().getByLabel(/^Namn/).fill(name);
    await functionForm()
      .getByLabel(/^Vad rådgivaren kallas/)
      .fill(title);
    await functionForm().getByRole("button", { name: "Lägg till rådgivarfunktion" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Rådgivarfunktionen ${name} har lagts till.` })).toBeVisible();
  }
  await expect(page.getByRole("table", { name: /^Svarsgrupper/ })).toHaveAccessibleName("Svarsgrupper (2 aktiva av 2)");
  await expect(page.getByRole("table", { name: /^Rådgivarfunktioner/ })).toHaveAccessibleName("Rådgivarfunktioner (3 aktiva av 3)");
  await checkStep(page);

  // 4. Departments and topics from the template.
  await page.getByRole("link", { name: /^Nästa steg: Förvaltningar/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Förvaltningar och ämnen" })).toBeVisible();
  await page.getByRole("button", { name: "Lägg till mallens poster" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Mallen är inläst: 13 poster har lagts till." })).toBeVisible();
  await expect(page.getByRole("table", { name: /^Förvaltningar/ })).toContainText("Samhällsbyggnadsförvaltningen");
  await checkStep(page);

  // 5. Four associations from CSV; the template can be downloaded; a bad file imports nothing.
  await page.getByRole("link", { name: /^Nästa steg: Föreningar/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Föreningar" })).toBeVisible();
  await checkStep(page);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Ladda ner en mall (CSV)" }).click();
  const template = fs.readFileSync(await (await download).path(), "utf8");
  expect(template.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe("namn;typ;ort;webbplats;kontaktperson;roll;e-post;telefon");
  seen.push({ where: "mallen för föreningar", text: template });

  const badCsv = testInfo.outputPath("fel.csv");
  fs.writeFileSync(badCsv, "namn;typ;ort\nStorfors byalag;Byalag;Storfors\n");
  await page.getByLabel(/^CSV-fil/).setInputFiles(badCsv);
  await page.getByRole("button", { name: "Läs in föreningarna" }).click();
  await expect(page.getByRole("alert")).toContainText("Filen importerades inte, och inget har ändrats.");
  await expect(page.getByRole("alert")).toContainText("Rad 2: ingen ort heter ”Storfors”");
  await expectNoAxeViolations(page);

  const csv = testInfo.outputPath("foreningar.csv");
  fs.writeFileSync(
    csv,
    [
      "namn;typ;ort;kontaktperson;roll;e-post",
      "Ölme bygdeförening;Förening;Ölme;Karin Exempel;Ordförande;olme@bygd.example",
      "Bäckhammars byalag;Byalag;Bäckhammar;Per Exempel;Sekreterare;info@backhammar.example",
      "Kristinehamns hembygdsförening;Hembygdsförening;Kristinehamn;Eva Exempel;Kontaktperson;hembygd@kristinehamn.example",
      "Nässundets byalag;Byalag;Kristinehamn;Ola Exempel;Ordförande;nassundet@byalag.example",
    ].join("\n"),
  );
  await page.getByLabel(/^CSV-fil/).setInputFiles(csv);
  await page.getByRole("button", { name: "Läs in föreningarna" }).click();
  await expect(page.getByRole("status").filter({ hasText: "4 föreningar har lagts till." })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Föreningar nu (4)" })).toBeVisible();
  await checkStep(page);

  // 6. Done: the overview, then the app opens on the start page with Kristinehamn's map.
  await page.getByRole("link", { name: "Nästa steg: Klart" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Nästan klart" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Rådgivarfunktioner/ })).toContainText("3");
  await expect(page.getByRole("row", { name: /Föreningar/ })).toContainText("4");
  await checkStep(page);
  await page.getByRole("button", { name: "Slutför och öppna Rullar ut" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Översikt" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Uppsättningen är klar." })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Områden i Kristinehamns kommun" })).toBeVisible();
  await record(page);
  await expectNoAxeViolations(page);

  // 7. A staff member with one of Kristinehamn's advisor functions.
  const stamp = Date.now().toString(36);
  const staffEmail = `energi-${stamp}@kristinehamn.example`;
  await page.goto("/admin/anvandare/ny");
  await page.getByLabel(/^Namn/).fill("Stina Energi");
  await page.getByLabel(/^E-postadress/).fill(staffEmail);
  await page.getByLabel(/^Roll/).selectOption({ label: "Personal" });
  await page.getByLabel(/^Lösenord/).fill("kristinehamn-energi-1");
  await expect(page.getByRole("group", { name: "Svarsgrupper (kommunvägledare)" })).toContainText("Vård och stöd");
  await page.getByRole("group", { name: "Rådgivarfunktioner" }).getByLabel("Energirådgivning").check();
  await page.getByRole("button", { name: "Skapa användare" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Stina Energi" })).toBeVisible();
  await record(page);

  // 8. A tour and today's stop in Kristinehamn (field mode offers today's stops).
  const today = todayInStockholm();
  await page.goto("/turneer/ny");
  await page.getByLabel(/^Namn/).fill("Kristinehamn rullar ut");
  await page.getByLabel(/^Startdatum/).fill(addDaysIso(today, -1));
  await page.getByLabel(/^Slutdatum/).fill(addDaysIso(today, 60));
  await page.getByRole("button", { name: "Skapa turnén" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Kristinehamn rullar ut" })).toBeVisible();
  const tourId = page.url().split("?")[0]!.split("/").at(-1)!;
  await record(page);
  await expectNoAxeViolations(page);

  await page.goto(`/stopp/ny?turne=${tourId}`);
  await page.getByLabel(/^Rubrik/).fill("Energikväll i Kristinehamn");
  await page.getByLabel(/^Status/).selectOption("confirmed");
  await page.getByLabel("Område").selectOption({ label: "Kristinehamn" });
  await page.getByLabel(/^Datum/).fill(today);
  await page.getByLabel(/^Starttid/).fill("00:00");
  await page.getByLabel(/^Sluttid/).fill("23:59");
  await page.getByRole("button", { name: "Spara stoppet" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Energikväll i Kristinehamn" })).toBeVisible();
  const stopUrl = page.url().split("?")[0]!;
  await record(page);

  // Its needs: one energy advisor, a role Kristinehamn defined in the set-up; then the booking.
  await page.getByRole("link", { name: /Ange behov av personal|Ändra behoven/ }).click();
  await expect(page.getByLabel("Energirådgivare", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Kommunvägledare Bygga och bo", { exact: true })).toBeVisible();
  await page.getByLabel("Energirådgivare", { exact: true }).fill("1");
  await page.getByRole("button", { name: "Spara behoven" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Behoven har sparats." })).toBeVisible();
  await page.getByLabel(/^Roll/).selectOption("f:energiradgivning");
  await page.getByLabel(/^Person/).selectOption({ label: "Stina Energi" });
  await page.getByRole("button", { name: "Boka", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Personen är bokad" })).toBeVisible();
  await expect(page.locator(".staffing-stop__people")).toContainText("Stina Energi");
  await record(page);
  await expectNoAxeViolations(page);

  // 9. A visit offer to one of the imported byalag: the e-mail is in the outbox.
  await page.goto(`/inbjudningar/ny?typ=visit_offer&turne=${tourId}`);
  const kinds = page.getByRole("group", { name: "Bjud in alla av typen" });
  for (const box of await kinds.getByRole("checkbox").all()) await box.uncheck();
  const single = page.locator("details", { hasText: "Eller välj enskilda organisationer" });
  if (!(await single.evaluate((d) => (d as HTMLDetailsElement).open))) await single.locator("summary").click();
  await page.getByLabel(/^Bäckhammars byalag/).check();
  await page.getByLabel("Tid 1, datum").fill(addDaysIso(today, 20));
  await page.getByLabel("Tid 1, start").fill("18:00");
  await page.getByLabel("Tid 1, slut").fill("20:00");
  await page.getByRole("button", { name: "Förhandsgranska" }).click();
  await expect(page.getByRole("heading", { name: "Förhandsgranskning" })).toBeVisible();
  await record(page);
  await page.getByRole("button", { name: "Skicka till 1 organisation", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Inbjudan skickades till 1 organisation." })).toBeVisible();
  await record(page);

  // 10. The staff member logs the first question in field mode, answered on the spot.
  const staffContext = await browser.newContext({ baseURL, locale: "sv-SE", timezoneId: "Europe/Stockholm" });
  await blockMapTiles(staffContext);
  const field = await staffContext.newPage();
  await login(field, staffEmail, "kristinehamn-energi-1");
  await field.goto("/falt");
  await expect(field.getByRole("heading", { level: 1, name: "Fältläge" })).toBeVisible();
  await field
    .getByRole("group", { name: "Stopp" })
    .getByRole("radio", { name: /Energikväll i Kristinehamn/ })
    .check();
  await field.getByLabel("Frågan", { exact: true }).fill("Finns det stöd för att byta till bergvärme?");
  await field.getByRole("radio", { name: "Energirådgivning" }).check();
  await field.getByRole("radio", { name: "Ja", exact: true }).check();
  await field.getByLabel(/^Svaret som gavs/).fill("Ja, energirådgivaren visade hur man söker.");
  await field.getByRole("button", { name: "Spara", exact: true }).click();
  await expect(field.locator(".field-mode__sync [role=status]")).toContainText("Allt är skickat", { timeout: 30_000 });
  await expect(field.getByText(/1 fråga loggad här idag \(1 av dig\)\. 100 % besvarade på plats\./)).toBeVisible();
  await record(field);
  await expectNoAxeViolations(field);
  await field.goto("/mitt-schema");
  await expect(field.getByText("Energikväll i Kristinehamn").first()).toBeVisible();
  await record(field);
  await staffContext.close();

  // 11. The tour's report: the question, answered on the spot.
  await page.goto(`/rapport?typ=turne&turne=${tourId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Rapport: Kristinehamn rullar ut" })).toBeVisible();
  const figures = page.getByRole("region", { name: "Turnén i siffror" });
  await expect(figures.locator(".report-figure").filter({ has: page.getByText("Frågor från invånare", { exact: true }) })).toContainText("1");
  await expect(figures.locator(".report-figure").filter({ has: page.getByText("Besvarade på plats", { exact: true }) })).toContainText("100 %");
  await record(page);
  await expectNoAxeViolations(page);

  // 12. What else leaves the install: the outbox's e-mails, the calendar file, the exports.
  await page.goto("/admin/utkorg");
  await record(page);
  const messages = await page
    .locator('a[href^="/admin/utkorg/"]')
    .evaluateAll((links) => [...new Set(links.map((a) => (a as HTMLAnchorElement).getAttribute("href")!))]);
  expect(messages.length).toBeGreaterThanOrEqual(2);
  for (const href of messages) await recordResponse(await page.request.get(href), `e-post ${href}`);
  await recordResponse(await page.request.get("/har-finns-vi.ics"), "kalenderfilen /har-finns-vi.ics");
  await recordResponse(await page.request.get("/omraden/export.csv"), "områdesexporten (CSV)");
  await recordResponse(await page.request.get("/omraden/export.geojson"), "områdesexporten (GeoJSON)");
  await recordResponse(await page.request.get(`/rapport/export.csv?typ=turne&turne=${tourId}`), "rapportexporten (CSV)");
  await page.goto(stopUrl);
  await record(page);
  await page.goto("/om-tjansten");
  await record(page);

  const named = seen.filter((s) => /helsingborg/i.test(s.text)).map((s) => s.where);
  expect(named, "pages, e-mails, calendar files and exports that name Helsingborg").toEqual([]);
  expect(seen.length).toBeGreaterThan(20);
});
