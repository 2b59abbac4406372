import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "../support/axe";
import { blockMapTiles, DEMO, goViaMenu, login } from "../support/e2e";

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

/** The e2e database is shared by every spec, so these tests add no areas (the start page counts them). */

async function openArea(page: Page, name: string) {
  await page.goto(`/omraden?q=${encodeURIComponent(name)}`);
  await page
    .getByRole("table", { name: /Områden/ })
    .getByRole("link", { name, exact: true })
    .click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("the tour leader finds Rydebäck, tags it, moves it on the map and sees it in the history", async ({ page }) => {
  await login(page, DEMO.tourLeader);
  await page.goto("/");
  await goViaMenu(page, "Områden");
  await expect(page.getByRole("heading", { level: 1, name: "Områden" })).toBeVisible();
  await expect(page.getByRole("table", { name: /Områden 1–50 av 51/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Nytt område" })).toBeVisible();
  await expectNoAxeViolations(page);

  const search = page.getByRole("search", { name: "Sök bland områdena" });
  await search.getByLabel("Sök på namn eller tagg").fill("RYDEBÄCK");
  await search.getByRole("button", { name: "Sök" }).click();
  await expect(page).toHaveURL(/q=RYDEB%C3%84CK/);
  const table = page.getByRole("table", { name: /Områden 1–1 av 1/ });
  await expect(table).toBeVisible();
  await table.getByRole("link", { name: "Rydebäck", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Rydebäck" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Organisationer i området" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Rydebäcks Byalag" })).toBeVisible();

  const map = page.locator(".position-field .leaflet-container");
  await expect(map.locator(".leaflet-marker-icon")).toBeVisible();
  await expectNoAxeViolations(page);

  const tags = page.getByLabel("Taggar");
  const before = await tags.inputValue();
  await tags.fill(before ? `${before}, kustnära` : "kustnära");

  // Tiles are blocked; a click on the map container still sets the point, away from the marker.
  const lat = page.getByLabel(/^Latitud/);
  const lng = page.getByLabel(/^Longitud/);
  const latBefore = await lat.inputValue();
  const box = (await map.boundingBox())!;
  await map.click({ position: { x: box.width / 2 + 90, y: box.height / 2 + 70 } });
  await expect(lat).not.toHaveValue(latBefore);
  const latAfter = await lat.inputValue();
  const lngAfter = await lng.inputValue();
  expect(latAfter).toMatch(/^55,9\d+$/);
  expect(Number(latAfter.replace(",", "."))).toBeLessThan(Number(latBefore.replace(",", ".")));

  await page.getByRole("button", { name: "Spara ändringar" }).click();
  await expect(page.getByRole("status")).toContainText("Ändringarna har sparats.");
  await expect(page.getByLabel(/^Latitud/)).toHaveValue(latAfter);
  const history = page.getByRole("list", { name: "Historik" });
  const latest = history.getByRole("listitem").first();
  await expect(latest).toContainText("Området ändrades");
  await expect(latest).toContainText("av Johan Ekberg");
  await expect(latest).toContainText(/Taggar: .*kustnära/);
  await expect(latest).toContainText(`→ ${latAfter}° N, ${lngAfter}° Ö`);
  await expectNoAxeViolations(page);
});

test("an organization gets a contact; a bad phone number is answered next to the field", async ({ page }) => {
  await login(page, DEMO.tourLeader);
  await page.goto("/organisationer");
  await expectNoAxeViolations(page);
  await page.getByLabel("Sök på namn eller område").fill("mörarp");
  await page.getByRole("button", { name: "Sök" }).click();
  await page.getByRole("link", { name: "Södra Luggude Hembygdsförening" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Södra Luggude Hembygdsförening" })).toBeVisible();
  await expectNoAxeViolations(page);

  const add = page.getByRole("form", { name: "Lägg till kontaktperson" });
  const name = `Kim Kontakt ${Date.now()}`;
  await add.getByLabel(/^Namn/).fill(name);
  await add.getByLabel("Roll").fill("Sekreterare");
  await add.getByLabel("Telefon").fill("12");
  await add.getByRole("button", { name: "Lägg till" }).click();
  await expect(add.getByText("Ange ett telefonnummer, t.ex. 070-123 45 67")).toBeVisible();
  await expect(add.getByLabel(/^Namn/)).toHaveValue(name);
  await expectNoAxeViolations(page);

  await add.getByLabel("Telefon").fill("070-174 06 99");
  await add.getByLabel("E-post").fill("kim@hembygd.example");
  await add.getByRole("button", { name: "Lägg till" }).click();
  await expect(page.getByRole("status")).toContainText("Kontaktpersonen har lagts till.");
  const saved = page.getByRole("form", { name: new RegExp(`Kontaktperson \\d+: ${name}`) });
  await expect(saved.getByLabel("E-post")).toHaveValue("kim@hembygd.example");
  await expect(page.getByRole("list", { name: "Historik" }).getByRole("listitem").first()).toContainText("En kontaktperson lades till");
  // The history names the fields, never the person's details.
  await expect(page.getByRole("list", { name: "Historik" })).not.toContainText("kim@hembygd.example");

  await saved.getByRole("button", { name: `Ta bort ${name}` }).click();
  await expect(page.getByRole("status")).toContainText("Kontaktpersonen har tagits bort.");
  await expect(page.getByRole("form", { name: new RegExp(name) })).toHaveCount(0);
});

test("a CSV import with a bad row names the row and imports nothing", async ({ page }) => {
  await login(page, DEMO.tourLeader);
  await page.goto("/omraden");
  await page.getByRole("link", { name: "Importera" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Importera områden" })).toBeVisible();
  await expectNoAxeViolations(page);

  const unique = `Importby ${Date.now()}`;
  const csv = ["name,kind,lat,lng,population", `${unique},smaort,56.1,12.7,120`, `${unique} 2,smaort,40,12.7,80`].join("\r\n");
  await page.getByLabel(/^Fil/).setInputFiles({ name: "omraden.csv", mimeType: "text/csv", buffer: Buffer.from(`\uFEFF${csv}`) });
  const response = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("button", { name: "Importera" }).click();
  expect((await response).status()).toBe(400);
  const alert = page.getByRole("alert").filter({ hasText: "Filen importerades inte" });
  await expect(alert).toContainText("Rad 3, lat: måste vara ett tal mellan 55 och 69,1");
  await expectNoAxeViolations(page);

  await page.goto(`/omraden?q=${encodeURIComponent(unique)}`);
  await expect(page.getByRole("table", { name: "Inga områden matchar sökningen" })).toBeVisible();

  // A file over 2 MB is refused in Swedish: in the browser before it is sent, and by the server.
  const big = { name: "stor.csv", mimeType: "text/csv", buffer: Buffer.alloc(2 * 1024 * 1024 + 10, "a") };
  await page.goto("/omraden/importera");
  await page.getByLabel(/^Fil/).setInputFiles(big);
  await page.getByRole("button", { name: "Importera" }).click();
  await expect(page.getByText("Filen är för stor. Den får vara högst 2 MB.")).toBeVisible();
  const posted = await page.request.post("/omraden/importera", {
    multipart: { mode: "upsert", file: big },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(posted.status()).toBe(400);
  expect(await posted.text()).toContain("Filen är för stor. Den får vara högst 2 MB.");
});

test("staff see an area read-only, and a direct post is refused with 403", async ({ page, baseURL }) => {
  await login(page, DEMO.staff);
  await page.goto("/omraden");
  await expect(page.getByRole("link", { name: "Nytt område" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Importera" })).toHaveCount(0);
  await openArea(page, "Mörarp");
  await expect(page.getByRole("button", { name: "Spara ändringar" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Arkivera" })).toHaveCount(0);
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expect(page.locator("dl")).toContainText("Tätort");
  await expectNoAxeViolations(page);

  const areaUrl = new URL(page.url()).pathname;
  const post = (url: string, form: Record<string, string>) => page.request.post(url, { form, headers: { Origin: baseURL! }, maxRedirects: 0 });
  expect((await post(areaUrl, { intent: "save", name: "Inkräktarby", kind: "tatort", lat: "56", lng: "12,8" })).status()).toBe(403);
  expect((await post(areaUrl, { intent: "archive" })).status()).toBe(403);
  expect((await post("/omraden/ny", { name: "Inkräktarby", kind: "tatort", lat: "56", lng: "12,8" })).status()).toBe(403);
  expect((await post("/omraden/importera", { mode: "upsert" })).status()).toBe(403);
  expect((await page.request.get("/omraden/export.csv")).status()).toBe(403);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Mörarp" })).toBeVisible();
  await expect(page.locator("dl")).not.toContainText("Inkräktarby");

  const view = await page.goto("/omraden/ny");
  expect(view?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Ingen behörighet" })).toBeVisible();
});

test("an unknown area or organization is a Swedish 404 page", async ({ page }) => {
  await login(page, DEMO.staff);
  const area = await page.goto("/omraden/finns-inte");
  expect(area?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Sidan finns inte" })).toBeVisible();
  await expectNoAxeViolations(page);
  const organization = await page.goto("/organisationer/finns-inte");
  expect(organization?.status()).toBe(404);
});

test("the tour leader exports the areas as CSV and GeoJSON", async ({ page }) => {
  await login(page, DEMO.tourLeader);
  const csv = await page.request.get("/omraden/export.csv");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = (await csv.body()).toString("utf8");
  expect(text.startsWith("\uFEFFname,kind,lat,lng,population,population_year,tags,notes,stat_code\r\n")).toBe(true);
  expect(text).toContain("Mörarp,tatort,");
  const geojson = await page.request.get("/omraden/export.geojson");
  expect(geojson.headers()["content-type"]).toContain("application/geo+json");
  const doc = (await geojson.json()) as { type: string; features: { properties: { name: string } }[] };
  expect(doc.type).toBe("FeatureCollection");
  expect(doc.features.some((f) => f.properties.name === "Mörarp")).toBe(true);
});

test("the new area and new organization forms validate in Swedish as you go and are accessible", async ({ page }) => {
  await login(page, DEMO.tourLeader);
  await page.goto("/omraden/ny");
  await expect(page.locator(".position-field .leaflet-container")).toBeVisible();
  await expect(page.locator(".position-field .leaflet-marker-icon")).toHaveCount(0);
  await page.getByRole("button", { name: "Skapa området" }).click();
  await expect(page.getByText("Ange områdets namn")).toBeVisible();
  await expect(page.getByText("Ange latitud")).toBeVisible();
  // A click on the map fills in both fields and places the marker.
  await page.locator(".position-field .leaflet-container").click({ position: { x: 200, y: 150 } });
  await expect(page.getByLabel(/^Latitud/)).toHaveValue(/^5\d,\d+$/);
  await expect(page.getByLabel(/^Longitud/)).toHaveValue(/^1\d,\d+$/);
  const marker = page.locator(".position-field .leaflet-marker-icon");
  await expect(marker).toBeVisible();
  await expect(page.getByText("Ange latitud")).toHaveCount(0);
  // Dragging the marker moves the point: down on the map is south.
  const latClicked = Number((await page.getByLabel(/^Latitud/).inputValue()).replace(",", "."));
  const at = (await marker.boundingBox())!;
  await page.mouse.move(at.x + at.width / 2, at.y + at.height - 4);
  await page.mouse.down();
  await page.mouse.move(at.x + at.width / 2 + 10, at.y + at.height + 30, { steps: 8 });
  await page.mouse.move(at.x + at.width / 2 + 20, at.y + at.height + 60, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => Number((await page.getByLabel(/^Latitud/).inputValue()).replace(",", "."))).toBeLessThan(latClicked);
  await expectNoAxeViolations(page);

  await page.goto("/organisationer/ny");
  await page.getByLabel(/^Webbplats/).fill("javascript:alert(1)");
  await page.getByLabel(/^Webbplats/).blur();
  await expect(page.getByText("Ange en webbadress som börjar med http:// eller https://")).toBeVisible();
  await page.getByRole("button", { name: "Skapa organisationen" }).click();
  await expect(page.locator(".field-error", { hasText: "Välj område" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the new area form answers bad input in Swedish with 400 and keeps what was typed", async ({ page }) => {
    await login(page, DEMO.tourLeader);
    await page.goto("/omraden/ny");
    await expect(page.getByText("Kartan laddas")).toBeVisible();
    await page.getByLabel(/^Namn/).fill("Påhittad by");
    await page.getByLabel(/^Typ/).selectOption("smaort");
    await page.getByLabel(/^Latitud/).fill("40,5");
    await page.getByLabel(/^Longitud/).fill("12,7");
    const response = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Skapa området" }).click();
    expect((await response).status()).toBe(400);
    await expect(page.getByText("Latitud måste vara mellan 55 och 69,1")).toBeVisible();
    await expect(page.getByLabel(/^Namn/)).toHaveValue("Påhittad by");
    await expect(page.getByLabel(/^Longitud/)).toHaveValue("12,7");
    await expect(page.getByLabel(/^Latitud/)).toHaveAttribute("aria-invalid", "true");
    // (axe needs JavaScript in the page; the same form is checked with it below.)
  });
});

test.describe("on a 375 px phone", () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  for (const path of ["/omraden", "area", "/organisationer", "/omraden/importera"]) {
    test(`${path === "area" ? "the area page" : path} fits the screen and stays accessible`, async ({ page }) => {
      await login(page, DEMO.tourLeader);
      if (path === "area") {
        await openArea(page, "Mörarp");
        await expect(page.locator(".position-field .leaflet-marker-icon")).toBeVisible();
      } else {
        await page.goto(path);
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await expectNoAxeViolations(page);
    });
  }
});
