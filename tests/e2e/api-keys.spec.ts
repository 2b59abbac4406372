import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "../support/axe";
import { blockMapTiles, DEMO, login } from "../support/e2e";

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

test("the admin creates an API key, a dashboard reads the report with it, and after revoking it is refused", async ({ page, playwright, baseURL }) => {
  const name = `Instrumentpanel ${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  await login(page, DEMO.admin);
  await page.goto("/admin/installningar");
  await page.getByRole("link", { name: "API-nycklar för rapportens JSON-API" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API-nycklar" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Too short: answered next to the field.
  const create = page.getByRole("form", { name: "Skapa nyckel" });
  await create.getByLabel("Namn").fill("x");
  await create.getByRole("button", { name: "Skapa nyckel" }).click();
  await expect(create.getByText("Ange ett namn (minst 2 tecken).")).toBeVisible();

  await create.getByLabel("Namn").fill(name);
  await create.getByRole("button", { name: "Skapa nyckel" }).click();
  const keyField = page.getByLabel("API-nyckel", { exact: true });
  await expect(keyField).toBeVisible();
  const key = await keyField.inputValue();
  expect(key).toMatch(/^rua_/);
  const row = page.getByRole("table", { name: /API-nycklar/ }).getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("Aldrig");
  await expect(row).toContainText("Aktiv");
  await expectNoAxeViolations(page);

  // A client with no session at all: the key alone opens the API.
  const dashboard = await playwright.request.newContext({ baseURL });
  const ok = await dashboard.get("/api/rapport?ar=2017", { headers: { Authorization: `Bearer ${key}` } });
  expect(ok.status()).toBe(200);
  expect(ok.headers()["cache-control"]).toBe("private, no-store");
  const body = await ok.json();
  expect(body.period).toMatchObject({ kind: "year", startsOn: "2017-01-01", endsOn: "2017-12-31" });
  expect(typeof body.stops.held).toBe("number");
  expect(body.stops.held).toBeGreaterThan(0);
  expect(typeof body.questions.total).toBe("number");
  expect(typeof body.comparison.current.visitors).toBe("number");

  // Without a key, or with a bad period.
  const none = await dashboard.get("/api/rapport?ar=2017");
  expect(none.status()).toBe(401);
  expect((await none.json()).error.status).toBe(401);
  const bad = await dashboard.get("/api/rapport?ar=17", { headers: { Authorization: `Bearer ${key}` } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toContain("fyra siffror");

  // The admin's page shows that the key has been used.
  await page.reload();
  await expect(row).not.toContainText("Aldrig");
  await expect(page.getByLabel("API-nyckel", { exact: true })).toHaveCount(0);

  await row.getByRole("button", { name: `Återkalla ${name}` }).click();
  await expect(page.getByText("Nyckeln är återkallad och slutar fungera nu.")).toBeVisible();
  await expect(row).toContainText("Återkallad");
  await expectNoAxeViolations(page);

  const revoked = await dashboard.get("/api/rapport?ar=2017", { headers: { Authorization: `Bearer ${key}` } });
  expect(revoked.status()).toBe(401);
  expect((await revoked.json()).error.message).toContain("återkallad");
  // The admin's own session cookie doesn't rescue a bad key sent in the header.
  const withCookie = await page.request.get("/api/rapport?ar=2017", { headers: { Authorization: `Bearer ${key}` } });
  expect(withCookie.status()).toBe(401);
  // The planner's session alone does open it.
  const bySession = await page.request.get("/api/rapport?ar=2017");
  expect(bySession.status()).toBe(200);
  await dashboard.dispose();
});

test("the XLSX export downloads as an attachment for planners", async ({ page }) => {
  await login(page, DEMO.tourLeader);
  const response = await page.request.get("/rapport/export.xlsx?ar=2017");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("spreadsheetml");
  expect(response.headers()["content-disposition"]).toBe('attachment; filename="rapport-2017-01-01-2017-12-31.xlsx"');
  const bytes = await response.body();
  expect(bytes.subarray(0, 2).toString()).toBe("PK");
});

test("the API key page works at 375 px", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await login(page, DEMO.admin);
  await page.goto("/admin/api-nycklar");
  await expect(page.getByRole("heading", { level: 1, name: "API-nycklar" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the admin creates and revokes a key with plain forms", async ({ page }) => {
    const name = `Utan JS ${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
    await login(page, DEMO.admin);
    await page.goto("/admin/api-nycklar");
    const create = page.getByRole("form", { name: "Skapa nyckel" });
    await create.getByLabel("Namn").fill(name);
    await create.getByRole("button", { name: "Skapa nyckel" }).click();
    await expect(page.getByLabel("API-nyckel", { exact: true })).toHaveValue(/^rua_/);
    const row = page.getByRole("table", { name: /API-nycklar/ }).getByRole("row", { name: new RegExp(name) });
    await row.getByRole("button", { name: `Återkalla ${name}` }).click();
    await expect(page.getByText("Nyckeln är återkallad och slutar fungera nu.")).toBeVisible();
    await expect(row).toContainText("Återkallad");
  });
});
