import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "../support/axe";
import { blockMapTiles, DEMO, DEMO_PASSWORD, login, loginViaForm, menuLink } from "../support/e2e";

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

test("the login page is Swedish and accessible", async ({ page }) => {
  const response = await page.goto("/logga-in");
  expect(response?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "sv");
  await expect(page.getByRole("heading", { level: 1, name: "Logga in" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("anyone not logged in is sent to the login page and back after login", async ({ page }) => {
  await page.goto("/admin/anvandare");
  await expect(page).toHaveURL(/\/logga-in\?redirectTo=%2Fadmin%2Fanvandare/);
  await page.getByLabel("E-postadress").fill(DEMO.admin);
  await page.getByLabel("Lösenord").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Logga in" }).click();
  await expect(page).toHaveURL(/\/admin\/anvandare$/);
  await expect(page.getByRole("heading", { level: 1, name: "Användare" })).toBeVisible();
});

for (const [role, email, seesAdmin] of [
  ["admin", DEMO.admin, true],
  ["tour leader", DEMO.tourLeader, false],
  ["staff", DEMO.staff, false],
] as const) {
  test(`the ${role} logs in and lands on the areas page`, async ({ page }) => {
    await loginViaForm(page, email);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { level: 1, name: "Översikt" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: /Områden i Helsingborgs stad/ })).toBeVisible();
    await expect(menuLink(page, "/admin/anvandare")).toHaveCount(seesAdmin ? 1 : 0);
    await expectNoAxeViolations(page);
  });
}

test("a wrong password gets a Swedish error next to the form and keeps the e-mail", async ({ page }) => {
  await page.goto("/logga-in");
  await page.getByLabel("E-postadress").fill(DEMO.staff);
  await page.getByLabel("Lösenord").fill("fel-losenord-123");
  const responsePromise = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("button", { name: "Logga in" }).click();
  expect((await responsePromise).status()).toBe(401);
  await expect(page.getByRole("alert")).toContainText("Fel e-postadress eller lösenord");
  await expect(page.getByLabel("E-postadress")).toHaveValue(DEMO.staff);
  await expectNoAxeViolations(page);
});

test("an empty login form gets Swedish messages at each field", async ({ page }) => {
  await page.goto("/logga-in");
  await page.getByRole("button", { name: "Logga in" }).click();
  await expect(page.getByText("Ange en e-postadress")).toBeVisible();
  await expect(page.getByLabel("E-postadress")).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("login works as a plain HTML form, and bad input is answered by the server", async ({ page }) => {
    await page.goto("/logga-in");
    await page.getByLabel("E-postadress").fill("inte-en-adress");
    await page.getByRole("button", { name: "Logga in" }).click();
    await expect(page.getByText("Ange en giltig e-postadress")).toBeVisible();
    await expect(page.getByLabel("E-postadress")).toHaveValue("inte-en-adress");
    await page.getByLabel("E-postadress").fill(DEMO.tourLeader);
    await page.getByLabel("Lösenord").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Logga in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Översikt" })).toBeVisible();
  });
});

test("the session cookie is HttpOnly, SameSite=Lax and Path=/", async ({ request, baseURL }) => {
  const response = await request.post("/logga-in", {
    form: { email: DEMO.staff, password: DEMO_PASSWORD },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  const setCookie = response.headers()["set-cookie"] ?? "";
  expect(setCookie).toMatch(/^rullarut_session=/);
  expect(setCookie).toContain("HttpOnly");
  expect(setCookie).toContain("SameSite=Lax");
  expect(setCookie).toContain("Path=/");
  // The e2e server runs on http, so no Secure flag and no __Host- prefix here (see sessions.test.ts for https).
  expect(setCookie).not.toContain("Secure");
});

test("a POST from another site is refused with 403", async ({ request }) => {
  const response = await request.post("/logga-in", {
    form: { email: DEMO.staff, password: DEMO_PASSWORD },
    headers: { Origin: "http://evil.example" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  expect(response.headers()["set-cookie"]).toBeUndefined();
});

test.describe("rate limit", () => {
  // Looks like another client behind the proxy, so other tests' logins are not limited.
  test.use({ extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.23" } });

  test("the 11th failed login within a minute gets 429 with a Swedish message", async ({ page, baseURL }) => {
    const email = "finns-inte@rullarut.example";
    for (let i = 1; i <= 10; i++) {
      const r = await page.request.post("/logga-in", {
        form: { email, password: `fel-losenord-${i}` },
        headers: { Origin: baseURL! },
        maxRedirects: 0,
      });
      expect(r.status(), `attempt ${i}`).toBe(401);
    }
    const eleventh = await page.request.post("/logga-in", {
      form: { email, password: "fel-losenord-11" },
      headers: { Origin: baseURL! },
      maxRedirects: 0,
    });
    expect(eleventh.status()).toBe(429);

    // In the browser too, also for a real account from the same address.
    await page.goto("/logga-in");
    await page.getByLabel("E-postadress").fill(DEMO.staff);
    await page.getByLabel("Lösenord").fill(DEMO_PASSWORD);
    const responsePromise = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Logga in" }).click();
    expect((await responsePromise).status()).toBe(429);
    await expect(page.getByRole("alert")).toContainText("För många misslyckade inloggningsförsök");
    await expectNoAxeViolations(page);
  });
});

test("after logout the old session cookie is refused", async ({ page, browser, baseURL }) => {
  await login(page, DEMO.staff);
  await page.goto("/");
  const oldCookies = await page.context().cookies();
  expect(oldCookies.some((c) => c.name === "rullarut_session")).toBe(true);
  await page.getByRole("button", { name: "Logga ut" }).click();
  await expect(page).toHaveURL(/\/logga-in$/);

  const replay = await browser.newContext({ baseURL });
  await replay.addCookies(oldCookies);
  const replayPage = await replay.newPage();
  await replayPage.goto("/");
  await expect(replayPage).toHaveURL(/\/logga-in$/);
  await replay.close();
});

test("pages behind login are not cached", async ({ page }) => {
  await login(page, DEMO.staff);
  const response = await page.goto("/");
  expect(response?.headers()["cache-control"]).toBe("no-store");
});
