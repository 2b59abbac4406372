import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "../support/axe";
import { loginFresh } from "../support/users";
import { blockMapTiles, DEMO, login } from "../support/e2e";

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

test("the start page shows every area on the map and in the table", async ({ page }) => {
  await loginFresh(page, "tour_leader");
  await page.goto("/");
  const markers = page.locator(".leaflet-marker-icon");
  await expect(markers.first()).toBeVisible();
  expect(await markers.count()).toBeGreaterThanOrEqual(51);
  // The municipality boundary is drawn even though no tiles load.
  await expect(page.locator("path.leaflet-interactive, .leaflet-overlay-pane path")).toHaveCount(1);
  const rows = page.getByRole("table", { name: /Områden/ }).locator("tbody tr");
  await expect(rows).toHaveCount(51);
  await expect(page.getByRole("rowheader", { name: "Rydebäck", exact: true })).toBeVisible();
  await markers.filter({ has: page.locator("xpath=self::*[@alt='Mörarp']") }).or(page.getByAltText("Mörarp")).first().click();
  await expect(page.locator(".leaflet-popup")).toContainText("Mörarp");
  await expectNoAxeViolations(page);
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
