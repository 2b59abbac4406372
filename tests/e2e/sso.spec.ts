/**
 * Single sign-on (issue 17, ADR 036), in a real browser against a real OpenID Connect provider
 * (oidc-provider, its own process; tests/support/oidc-provider.ts). This server has password login
 * off. The provider's development login page takes any login: "sara" is sara@kommun.example,
 * "tove+kc-turne" is in the group kc-turne, which the server maps to the tour leader's role.
 */
import { expect, test, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { users } from "#db/schema";
import { expectNoAxeViolations } from "../support/axe";
import { blockMapTiles, DEMO, DEMO_PASSWORD } from "../support/e2e";
import { withE2eDb } from "../support/e2e-db";

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

/** Through our login page's button and the provider's login form, back to Rullar ut. */
async function signOn(page: Page, login: string) {
  await page.goto("/logga-in");
  await page.getByRole("link", { name: "Logga in med kommunens konto" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("vad-som-helst");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await expect(page.getByRole("navigation", { name: "Huvudmeny" })).toBeVisible();
}

const userIdsOf = (email: string) =>
  withE2eDb((db) => db.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, email)).all(), "sso.sqlite");

test("with password login off the login page offers only the municipality's sign-on, and a posted password is refused", async ({ page, baseURL }) => {
  await page.goto("/logga-in");
  await expect(page.getByRole("heading", { level: 1, name: "Logga in" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Logga in med kommunens konto" })).toBeVisible();
  await expect(page.getByLabel("Lösenord")).toHaveCount(0);
  await expect(page.getByLabel("E-postadress")).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 375, height: 740 });
  await expectNoAxeViolations(page);

  // A demo account's right password, posted straight to the action, is not even checked.
  const response = await page.request.post("/logga-in", {
    form: { email: DEMO.admin, password: DEMO_PASSWORD, redirectTo: "" },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  expect(response.headers()["set-cookie"] ?? "").not.toContain("rullarut_session=");
  await page.goto("/");
  await expect(page).toHaveURL(/\/logga-in/);
});

test("a staff member signs in through the provider and lands on the start page; a second sign-on is the same user", async ({ page }, testInfo) => {
  await signOn(page, "sara");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "Översikt" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("sso-start-page.png") });
  const first = userIdsOf("sara@kommun.example");
  expect(first).toEqual([{ id: expect.any(String), role: "staff" }]);

  // Logout ends our session and the provider's (it asks to confirm), then comes back to our login page.
  await page.getByRole("button", { name: "Logga ut" }).click();
  await page.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect(page).toHaveURL(/\/logga-in\?utloggad=1$/);
  await expect(page.getByRole("status")).toHaveText("Du är utloggad.");
  await page.goto("/mitt-schema");
  await expect(page).toHaveURL(/\/logga-in\?redirectTo=%2Fmitt-schema/);

  // The provider's session is gone too: its login form is asked for again.
  await signOn(page, "sara");
  expect(userIdsOf("sara@kommun.example")).toEqual(first);
});

test("a group from the provider gives the tour leader's role, and the page the user asked for is kept", async ({ page }) => {
  await page.goto("/kalender");
  await expect(page).toHaveURL(/\/logga-in\?redirectTo=%2Fkalender/);
  await page.getByRole("link", { name: "Logga in med kommunens konto" }).click();
  await page.locator('input[name="login"]').fill("tove+kc-turne");
  await page.locator('input[name="password"]').fill("vad-som-helst");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await expect(page).toHaveURL(/\/kalender$/);
  expect(userIdsOf("tove@kommun.example")).toEqual([{ id: expect.any(String), role: "tour_leader" }]);
});

test("an answer that does not come from a sign-on this server started gets a Swedish message, not an error page", async ({ page }) => {
  const response = await page.goto("/logga-in/sso/klar?code=abc&state=okand");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/logga-in\?sso=expired$/);
  await expect(page.getByRole("alert")).toHaveText("Inloggningen tog för lång tid eller har redan använts. Försök igen.");
  await expectNoAxeViolations(page);
});
