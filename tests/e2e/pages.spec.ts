import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "../support/axe";
import { loginFresh } from "../support/users";
import { blockMapTiles, DEMO, login } from "../support/e2e";

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

test("the start page shows every area on the map and one page of them in a table that can be searched", async ({ page }) => {
  await loginFresh(page, "tour_leader");
  await page.goto("/");
  // The map fetches every area once it has loaded; the page itself carries one page of the table.
  const markers = page.locator(".leaflet-marker-icon");
  await expect(markers.first()).toBeVisible();
  expect(await markers.count()).toBeGreaterThanOrEqual(51);
  await expect(page.getByRole("status").filter({ hasText: /Kartan visar \d+ områden/ })).toBeVisible();
  // The municipality boundary is drawn even though no tiles load.
  await expect(page.locator("path.leaflet-interactive, .leaflet-overlay-pane path")).toHaveCount(1);
  // Found by its caption element, since the caption (its accessible name) is what the test reads.
  const table = page.locator("table:has(#areas-caption)");
  await expect(table).toHaveAccessibleName(/^Områden 1–25 av \d+$/);
  await expect(table.locator("tbody tr")).toHaveCount(25);
  await expectNoAxeViolations(page);

  // The next page, then a search that finds one area and one that finds none, all by plain GET forms and links.
  await page.getByRole("navigation", { name: "Fler områden" }).getByRole("link", { name: /Nästa/ }).click();
  await expect(table).toHaveAccessibleName(/^Områden 26–\d+ av \d+$/);
  await page.getByRole("searchbox", { name: "Sök område" }).fill("Rydebäck");
  await page.getByRole("button", { name: "Sök", exact: true }).click();
  await expect(table).toHaveAccessibleName("Områden 1–1 av 1 som matchar «Rydebäck»");
  await expect(table.getByRole("rowheader", { name: "Rydebäck", exact: true })).toBeVisible();
  await expect(page.getByRole("searchbox", { name: "Sök område" })).toHaveValue("Rydebäck");
  await page.getByRole("searchbox", { name: "Sök område" }).fill("Finnsinteby");
  await page.getByRole("button", { name: "Sök", exact: true }).click();
  await expect(table).toHaveAccessibleName("Inga områden matchar «Finnsinteby»");
  await page.getByRole("link", { name: "Visa alla områden" }).click();
  await expect(table).toHaveAccessibleName(/^Områden 1–25 av \d+$/);

  // A marker's popup names its area.
  await expect(markers.first()).toBeVisible();
  await markers
    .filter({ has: page.locator("xpath=self::*[@alt='Mörarp']") })
    .or(page.getByAltText("Mörarp"))
    .first()
    .click();
  await expect(page.locator(".leaflet-popup")).toContainText("Mörarp");
});

test("the overview map's points answer 304 when the browser already has them, and need a login", async ({ page, request }) => {
  await loginFresh(page, "staff");
  const first = await page.request.get("/omraden/karta.json");
  expect(first.status()).toBe(200);
  const body = (await first.json()) as { areas: { name: string; kindLabel: string }[] };
  expect(body.areas.find((a) => a.name === "Rydebäck")?.kindLabel).toBe("Tätort");
  const etag = first.headers()["etag"];
  expect(etag).toBeTruthy();
  expect((await page.request.get("/omraden/karta.json", { headers: { "If-None-Match": etag! } })).status()).toBe(304);
  const anonymous = await request.get("/omraden/karta.json", { maxRedirects: 0 });
  expect(anonymous.status()).not.toBe(200);
});

test.describe("on a 375 px phone", () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test("the start page fits the screen and stays accessible", async ({ page }) => {
    await login(page, DEMO.staff);
    await page.goto("/");
    await expect(page.locator(".leaflet-marker-icon").first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
  });

  test("the login page fits the screen", async ({ page }) => {
    await page.goto("/logga-in");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
  });
});

test("an unknown address gets a Swedish 404 page", async ({ page }) => {
  const response = await page.goto("/finns-inte-alls");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Sidan finns inte" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Till startsidan" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("the about page credits the data sources, without login", async ({ page }) => {
  await page.goto("/om-tjansten");
  await expect(page.getByRole("heading", { level: 1, name: "Om tjänsten" })).toBeVisible();
  const sources = page.getByRole("table", { name: "Källor och licenser" });
  await expect(sources).toContainText("sphrak/svenska-stader");
  await expect(sources).toContainText("marcusasplund/kommundata");
  await expect(sources).toContainText("CC BY-SA 4.0");
  await expect(sources).toContainText("OpenStreetMap");
  await expectNoAxeViolations(page);
});

test("the skip link moves focus to the main content", async ({ page }) => {
  await page.goto("/logga-in");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Hoppa till huvudinnehållet" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
});

test("GET /healthz reports the database", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ ok: true, db: "ok" });
});

test("security headers are set", async ({ request }) => {
  const response = await request.get("/logga-in");
  const h = response.headers();
  expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(h["content-security-policy"]).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
});

test("a page is sent whole, with its length, and still compressed for a browser that asks", async ({ page }) => {
  await login(page, DEMO.tourLeader);
  const plain = await page.request.get("/bemanning", { headers: { "Accept-Encoding": "identity" } });
  expect(plain.status()).toBe(200);
  const headers = plain.headers();
  expect(headers["transfer-encoding"]).toBeUndefined();
  expect(Number(headers["content-length"])).toBe((await plain.body()).byteLength);
  // The whole page: its data, which follows the markup, is there to the end.
  expect(await plain.text()).toContain("streamController.close()");
  const gzipped = await page.request.get("/bemanning", { headers: { "Accept-Encoding": "gzip" } });
  expect(gzipped.headers()["content-encoding"]).toBe("gzip");
  expect(await gzipped.text()).toContain("<h1>Bemanning</h1>");
});

test("the public folder's files are served with their caching, and other paths reach the app", async ({ request }) => {
  const robots = await request.get("/robots.txt");
  expect(robots.status()).toBe(200);
  expect(robots.headers()["content-type"]).toContain("text/plain");
  expect(robots.headers()["cache-control"]).toBe("public, max-age=3600");
  const icon = await request.get("/icons/icon-192.png");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toBe("image/png");
  for (const file of ["/sw.js", "/manifest.webmanifest"]) {
    const response = await request.get(file);
    expect(response.status(), file).toBe(200);
    expect(response.headers()["cache-control"], file).toBe("no-cache");
  }
  // A missing file under a public folder, and a page whose name looks like a file, get the app's Swedish 404.
  for (const missing of ["/icons/finns-inte.png", "/finns-inte.txt"]) {
    const response = await request.get(missing);
    expect(response.status(), missing).toBe(404);
    expect(await response.text(), missing).toContain("Sidan finns inte");
  }
});
