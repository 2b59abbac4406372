import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "../support/axe";
import { blockMapTiles, DEMO, goViaMenu, login } from "../support/e2e";

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

test("the admin creates a user; bad input is answered in Swedish and kept", async ({ page }) => {
  await login(page, DEMO.admin);
  await page.goto("/");
  await goViaMenu(page, "Användare");
  await expect(page.getByRole("table", { name: /Alla användare/ })).toContainText("Sara Holm");
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Ny användare" }).click();
  await page.getByLabel("Namn").fill("Test Testsson");
  await page.getByLabel("E-postadress").fill("personal@rullarut.example");
  await page.getByLabel("Roll").selectOption("staff");
  await page.getByLabel("Lösenord").fill("kort");
  await page.getByRole("button", { name: "Skapa användare" }).click();
  await expect(page.getByText("Lösenordet måste ha minst 10 tecken")).toBeVisible();
  await expectNoAxeViolations(page);

  // The e-mail is taken: only the server knows, and says so next to the field.
  await page.getByLabel("Lösenord").fill("ett långt och bra lösenord");
  const responsePromise = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("button", { name: "Skapa användare" }).click();
  expect((await responsePromise).status()).toBe(400);
  await expect(page.getByText("Det finns redan en användare med den e-postadressen.")).toBeVisible();
  await expect(page.getByLabel("Namn")).toHaveValue("Test Testsson");

  const email = `test.${Date.now()}@rullarut.example`;
  await page.getByLabel("E-postadress").fill(email);
  await page.getByLabel("Lösenord").fill("ett långt och bra lösenord");
  await page.getByLabel("ÄSSF: Äldreomsorg, stöd och sociala frågor").check();
  await page.getByLabel("Seniorrådgivning").check();
  await page.getByRole("button", { name: "Skapa användare" }).click();
  await expect(page.getByRole("status")).toContainText("Användaren har skapats.");
  await expect(page.getByLabel("ÄSSF: Äldreomsorg, stöd och sociala frågor")).toBeChecked();
  await expectNoAxeViolations(page);
});

test("a deactivated user is logged out and cannot log in", async ({ page, browser, baseURL }) => {
  // Make a fresh user so other tests are not affected.
  await login(page, DEMO.admin);
  await page.goto("/admin/anvandare/ny");
  const email = `inaktiv.${Date.now()}@rullarut.example`;
  await page.getByLabel("Namn").fill("Inaktiv Person");
  await page.getByLabel("E-postadress").fill(email);
  await page.getByLabel("Roll").selectOption("staff");
  await page.getByLabel("Lösenord").fill("ett långt och bra lösenord");
  await page.getByRole("button", { name: "Skapa användare" }).click();
  await expect(page.getByRole("status")).toContainText("Användaren har skapats.");
  const userUrl = page.url().split("?")[0]!;

  const other = await browser.newContext({ baseURL });
  const otherPage = await other.newPage();
  await login(otherPage, email, "ett långt och bra lösenord");

  await page.goto(userUrl);
  await page.getByRole("button", { name: "Inaktivera" }).click();
  await expect(page.getByRole("status")).toContainText("inaktiverad");

  await otherPage.goto("/");
  await expect(otherPage).toHaveURL(/\/logga-in$/);
  await otherPage.getByLabel("E-postadress").fill(email);
  await otherPage.getByLabel("Lösenord").fill("ett långt och bra lösenord");
  await otherPage.getByRole("button", { name: "Logga in" }).click();
  await expect(otherPage.getByRole("alert")).toContainText("Fel e-postadress eller lösenord");
  await other.close();
});

test("the admin edits the municipality settings; a bad latitude is refused in Swedish", async ({ page }) => {
  await login(page, DEMO.admin);
  await page.goto("/");
  await goViaMenu(page, "Inställningar");
  await expect(page.getByLabel("Kommunens namn")).toHaveValue("Helsingborgs stad");
  await expectNoAxeViolations(page);
  await page.getByLabel(/^Latitud/).fill("40");
  await page.getByRole("button", { name: "Spara inställningar" }).click();
  await expect(page.getByText("Latitud måste vara mellan 55 och 69,1")).toBeVisible();
  await page.getByLabel(/^Latitud/).fill("56,0474178");
  // The retention period of residents' contact details: 0–365 days, the default 30 kept.
  const retention = page.getByLabel(/^Invånares kontaktuppgifter sparas/);
  await expect(retention).toHaveValue("30");
  await retention.fill("400");
  await page.getByRole("button", { name: "Spara inställningar" }).click();
  await expect(page.getByText("Ange antalet dagar som ett heltal mellan 0 och 365")).toBeVisible();
  await expect(retention).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel(/^Latitud/)).toHaveValue("56,0474178");
  await retention.fill("30");
  await page.getByRole("button", { name: "Spara inställningar" }).click();
  await expect(page.getByRole("status")).toContainText("Inställningarna har sparats.");
});

test("staff and tour leaders cannot reach the admin pages, also not by posting directly", async ({ page, baseURL }) => {
  await login(page, DEMO.staff);
  const view = await page.goto("/admin/anvandare");
  expect(view?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Ingen behörighet" })).toBeVisible();
  await expectNoAxeViolations(page);
  const post = await page.request.post("/admin/anvandare/ny", {
    form: { name: "Inkräktare", email: "x@rullarut.example", role: "admin", password: "ett långt lösenord" },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(post.status()).toBe(403);
});
