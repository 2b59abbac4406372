import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "../support/axe";
import { DEMO, login } from "../support/e2e";

/**
 * The admin's case-system page (/admin/arendesystem). Nothing here is saved: other specs log
 * questions, and a configured case system would change what happens to their cases. Delivery,
 * retries and sending older cases are covered against real HTTP servers in the integration tests.
 */
test("the admin reads the case-system page; an incomplete webhook is refused next to its field and nothing is saved", async ({ page }) => {
  await login(page, DEMO.admin);
  await page.goto("/admin/arendesystem");
  await expect(page.getByRole("heading", { level: 1, name: "Ärendesystem" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Just nu" })).toBeVisible();
  await expect(page.getByText("Ärendena går till")).toContainText("inget externt system");
  await expectNoAxeViolations(page);

  await page.getByLabel("Signerad webhook (JSON)").check();
  await page.getByLabel(/^Högsta antal försök/).fill("8");
  await page.getByRole("button", { name: "Spara", exact: true }).click();
  await expect(page.getByText("Ange webhookens adress")).toBeVisible();
  await expect(page.getByLabel(/^Adress$|^Adress \(/).last()).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Signerad webhook (JSON)")).toBeChecked();
  await expectNoAxeViolations(page);

  await page.goto("/admin/arendesystem");
  await expect(page.getByText("Ärendena går till")).toContainText("inget externt system");
  // Without a case system there is nothing to send older cases to.
  await expect(page.getByRole("heading", { name: "Ärenden som aldrig skickats" })).toHaveCount(0);
});

test("the e-mail adapter needs a valid inbox address: a bad one is refused next to its field, keeps what was typed, and nothing is saved", async ({ page }) => {
  await login(page, DEMO.admin);
  await page.goto("/admin/arendesystem");
  await page.getByLabel(/^E-post till ärendesystemets inkorg/).check();
  await page.getByRole("button", { name: "Spara", exact: true }).click();
  await expect(page.getByText("Ange inkorgens e-postadress")).toBeVisible();
  await page.getByLabel(/^Inkorgens adress/).fill("arenden(at)kommunen");
  await page.getByRole("button", { name: "Spara", exact: true }).click();
  await expect(page.getByText("Ange en e-postadress, t.ex. arenden@kommunen.se")).toBeVisible();
  await expect(page.getByLabel(/^Inkorgens adress/)).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel(/^Inkorgens adress/)).toHaveValue("arenden(at)kommunen");
  await expect(page.getByLabel(/^E-post till ärendesystemets inkorg/)).toBeChecked();
  await expectNoAxeViolations(page);
  await page.goto("/admin/arendesystem");
  await expect(page.getByText("Ärendena går till")).toContainText("inget externt system");
});

test("the case-system page fits a 375 px phone", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await login(page, DEMO.admin);
  await page.goto("/admin/arendesystem");
  await expect(page.getByRole("heading", { level: 1, name: "Ärendesystem" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(page);
});

test("tour leaders and staff may not open the case-system page", async ({ page }) => {
  await login(page, DEMO.tourLeader);
  expect((await page.request.get("/admin/arendesystem")).status()).toBe(403);
});
