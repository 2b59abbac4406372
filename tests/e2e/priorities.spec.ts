import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "../support/axe";
import { loginFresh } from "../support/users";
import { blockMapTiles, DEMO, goViaMenu, login, menuLink } from "../support/e2e";

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

const table = (page: Page) => page.getByRole("table", { name: /Områden i prioritetsordning/ });
const areaOrder = (page: Page) => table(page).locator("tbody th[scope=row]").allInnerTexts();

test("the tour leader weighs the parts, sees the ranking change and proposes a stop", async ({ page }) => {
  await loginFresh(page, "tour_leader");
  await page.goto("/");
  await goViaMenu(page, "Var ska vi åka?");
  await expect(page.getByRole("heading", { level: 1, name: "Var ska vi åka?" })).toBeVisible();
  await expect(table(page).locator("tbody tr")).toHaveCount(25);
  await expect(page.getByRole("status")).toContainText("de 25 högst rankade av");
  // With the default weights an area far out that was never visited is on top, and the row says why.
  const first = table(page).locator("tbody tr").first();
  await expect(first).toContainText("Aldrig besökt (+4,0)");
  await expect(first).toContainText("km från kontaktcentret");
  await expectNoAxeViolations(page);

  // Only population counts: the central town (109 869 residents) goes to the top, instantly.
  const before = await areaOrder(page);
  for (const label of ["Tid sedan senaste besöket", "Avstånd från kontaktcentret", "Valda taggar"]) {
    await page.getByLabel(label).fill("0");
  }
  await expect(page).toHaveURL(/taggvikt=0/);
  await expect(table(page).locator("tbody tr").first().locator("th")).toHaveText("Helsingborg");
  expect(await areaOrder(page)).not.toEqual(before);
  await expect(page).toHaveURL(/besok=0/);
  await expect(page.getByLabel("Tid sedan senaste besöket")).toHaveValue("0");
  // The update does not take the field from under the user's fingers.
  await expect(page.getByLabel("Valda taggar")).toBeFocused();

  // A bad value is answered next to its field, and the ranking uses the default for it.
  await page.getByLabel("Folkmängd").fill("11");
  await expect(page.getByText("Ange ett heltal från 0 till 10. Standardvärdet används.")).toBeVisible();
  await expect(page.getByLabel("Folkmängd")).toHaveAttribute("aria-invalid", "true");
  await expect(table(page).locator("tbody tr").first().locator("th")).toHaveText("Helsingborg");
  await expectNoAxeViolations(page);
  await page.getByLabel("Folkmängd").fill("2");
  await expect(page.getByText("Ange ett heltal från 0 till 10")).toHaveCount(0);

  // Proposing a stop opens the stop form filled in for the area; nothing is saved yet (issue 13).
  const target = (await areaOrder(page))[1]!;
  await page.getByRole("link", { name: `Föreslå stopp i ${target}` }).click();
  await expect(page).toHaveURL(/\/stopp\/ny\?.*forslag=1/);
  await expect(page.getByLabel(/^Rubrik/)).toHaveValue(`Besök i ${target}`);
});

test("changing the tour ticks that tour's target tags; unticking a tag takes it out of the reasons", async ({ page }) => {
  await loginFresh(page, "tour_leader");
  await page.goto("/prioriteringar");
  const far = page.getByRole("checkbox", { name: "långt från centralorten" });
  const socio = page.getByRole("checkbox", { name: "socioekonomiskt fokus" });
  await page.getByLabel("Turné").focus();
  await page.getByLabel("Turné").selectOption({ label: "KC rullar ut 2016" });
  await expect(table(page)).toHaveAccessibleName(/KC rullar ut 2016/);
  await expect(socio).toBeChecked();
  await expect(far).not.toBeChecked();
  await expect(page.getByLabel("Turné")).toBeFocused();

  await socio.uncheck();
  await expect(page).toHaveURL(/taggturne=/);
  await expect(page).not.toHaveURL(/tagg=/);
  await expect(table(page).locator("tbody td").filter({ hasText: "tagg" })).toHaveCount(0);
  await expect(socio).not.toBeChecked();
  // The URL is the state: opening it again gives the same form.
  await page.reload();
  await expect(socio).not.toBeChecked();
  await expect(page.getByLabel("Turné").locator("option:checked")).toHaveText("KC rullar ut 2016");
  await expect(table(page)).toHaveAccessibleName(/KC rullar ut 2016/);
});

test("the page works without JavaScript: the form is an ordinary GET form with a shareable URL", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  await blockMapTiles(context);
  const page = await context.newPage();
  await loginFresh(page, "tour_leader");
  await page.goto("/prioriteringar?besok=0&avstand=0&folkmangd=abc&taggvikt=0");
  await expect(page.getByText("Ange ett heltal från 0 till 10. Standardvärdet används.")).toBeVisible();
  // Population is the only part left (at its default): the central town is on top.
  await expect(table(page).locator("tbody tr").first().locator("th")).toHaveText("Helsingborg");
  await page.getByLabel("Folkmängd").fill("0");
  await page.getByLabel("Avstånd från kontaktcentret").fill("5");
  await page.getByRole("button", { name: "Visa rangordning" }).click();
  await expect(page).toHaveURL(/avstand=5/);
  await expect(table(page).locator("tbody tr").first().locator("th")).toHaveText("Utvälinge");

  // "Föreslå stopp" is an ordinary link to the stop form, filled in for the area.
  await page.getByRole("link", { name: "Föreslå stopp i Utvälinge" }).click();
  await expect(page).toHaveURL(/\/stopp\/ny\?.*forslag=1/);
  await expect(page.getByLabel(/^Rubrik/)).toHaveValue("Besök i Utvälinge");
  await context.close();
});

test("the proposal link carries the tour and the area to the stop form", async ({ page }) => {
  await loginFresh(page, "tour_leader");
  await page.goto("/prioriteringar");
  const href = (await table(page)
    .locator("tbody tr")
    .first()
    .getByRole("link", { name: /Föreslå stopp/ })
    .getAttribute("href"))!;
  const url = new URL(href, "http://x");
  expect(url.pathname).toBe("/stopp/ny");
  expect(url.searchParams.get("turne")).toBeTruthy();
  expect(url.searchParams.get("omrade")).toBeTruthy();
  expect(url.searchParams.get("forslag")).toBe("1");
});

test.describe("on a 375 px phone", () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test("the priorities page fits the screen and stays accessible", async ({ page }) => {
    await loginFresh(page, "tour_leader");
    await page.goto("/prioriteringar");
    await expect(table(page).locator("tbody tr").first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
  });
});

test("staff get 403 on the page and on the proposed stop form; a posted proposal is refused", async ({ page, baseURL }) => {
  await login(page, DEMO.staff);
  await page.goto("/");
  await expect(menuLink(page, "/prioriteringar")).toHaveCount(0);
  const view = await page.goto("/prioriteringar");
  expect(view?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Ingen behörighet" })).toBeVisible();
  await expectNoAxeViolations(page);
  // The proposal is a link now: there is nothing to post, and the stop form is for planners only.
  const post = await page.request.post("/prioriteringar", {
    form: { intent: "propose", areaId: "x", tourId: "y" },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(post.status()).toBe(405);
  expect((await page.goto("/stopp/ny?forslag=1&omrade=x&turne=y"))?.status()).toBe(403);
});
