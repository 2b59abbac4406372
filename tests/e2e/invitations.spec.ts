import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "../support/axe";
import { loginFresh } from "../support/users";
import { blockMapTiles, DEMO, goViaMenu, login, isoInDays } from "../support/e2e";
import { replyLinkFromOutbox } from "../support/outbox";

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

async function preview(page: Page) {
  await page.getByRole("button", { name: "Förhandsgranska" }).click();
  await expect(page.getByRole("heading", { name: "Förhandsgranskning" })).toBeVisible();
  await expectNoAxeViolations(page);
}

test("a tour leader invites the byalag, offers a visit, and sees the contact's yes become a confirmed stop", async ({ page, browser }) => {
  // A long flow over two browser contexts and several pages, each checked with axe.
  test.setTimeout(90_000);
  // A tour leader of the test's own: the pages open on the season's tour, whatever other tests chose.
  await loginFresh(page, "tour_leader");
  await page.goto("/");
  await goViaMenu(page, "Inbjudningar");
  await expect(page.getByRole("heading", { level: 1, name: "Inbjudningar" })).toBeVisible();
  await expectNoAxeViolations(page);

  // 1. All byalag to the info evening.
  await page.getByRole("link", { name: "Ny inbjudan" }).click();
  await expectNoAxeViolations(page);
  const kinds = page.getByRole("group", { name: "Bjud in alla av typen" });
  await kinds.getByLabel("Byaförening").uncheck();
  await kinds.getByLabel("Hembygdsförening").uncheck();
  await expect(kinds.getByLabel("Byalag")).toBeChecked();
  await preview(page);
  await expect(page.locator(".invitation-preview__body")).toContainText("/svar/(personlig länk)");
  await page.getByRole("button", { name: /^Skicka till \d+ organisationer/ }).click();
  await expect(page.getByRole("status")).toContainText("Inbjudan skickades till");
  await expect(page.locator(".invitation-state").first()).toBeVisible();
  await expectNoAxeViolations(page);

  // 2. A visit offer to Rydebäcks Byalag with three dates.
  await page.goto("/inbjudningar/ny?typ=visit_offer");
  const dates = [isoInDays(40), isoInDays(47), isoInDays(54)];
  for (const [i, date] of dates.entries()) {
    await page.getByLabel(`Tid ${i + 1}, datum`).fill(date);
  }
  await page.locator('input[name="times[1].start"]').fill("18:30");
  await page.locator('input[name="times[1].end"]').fill("20:30");
  await page.getByLabel(/^Rydebäcks Byalag/).check();
  await preview(page);
  await page.getByRole("button", { name: "Skicka till 1 organisation" }).click();
  await expect(page.getByRole("cell", { name: "skickad", exact: true })).toBeVisible();
  const boardUrl = page.url().split("?")[0]!;
  const batchId = boardUrl.split("/").at(-1)!;
  await page.setViewportSize({ width: 1280, height: 900 });

  // 3. The contact, in a browser without login, opens the link.
  const link = replyLinkFromOutbox(batchId, "Rydebäcks Byalag");
  const contact = await browser.newContext({ viewport: { width: 375, height: 800 } });
  await blockMapTiles(contact);
  const reply = await contact.newPage();
  const response = await reply.goto(link);
  expect(new URL(reply.url()).pathname).toBe("/svar");
  expect(reply.url()).not.toContain(link.split("/svar/")[1]);
  // helmet sends the site-wide policy too; browsers apply the last policy given, which is ours.
  const lastPolicy = (r: { headers(): Record<string, string> }) =>
    r
      .headers()
      ["referrer-policy"]!.split(/[\n,]/)
      .map((p) => p.trim())
      .at(-1);
  expect(lastPolicy((await response!.request().redirectedFrom()!.response())!)).toBe("no-referrer");
  expect(lastPolicy(response!)).toBe("no-referrer");
  await expect(reply.locator('meta[name="referrer"]')).toHaveAttribute("content", "no-referrer");
  expect(response!.headers()["cache-control"]).toContain("no-store");
  await expect(reply.getByRole("heading", { level: 1 })).toContainText("Rydebäcks Byalag");
  await expectNoAxeViolations(reply);

  // Submitting without an answer gives Swedish errors next to the fields.
  await reply.getByRole("button", { name: "Skicka svaret" }).click();
  await expect(reply.getByText("Välj ja eller nej")).toBeVisible();

  await reply.getByLabel("Ja, vi kommer / vi vill ha besök").check();
  await reply.getByRole("group", { name: "Vilken tid passar?" }).getByRole("radio").nth(1).check();
  await reply.getByLabel("Konsumentrådgivning").check();
  await reply.getByLabel("Energi- och klimatrådgivning").check();
  await reply.getByLabel("Hur många tror ni kommer?").fill("15");
  await reply.getByLabel("Ert namn").fill("Britt Larsson");
  await reply.getByLabel("Telefonnummer").fill("070-174 06 05");
  await reply.getByRole("button", { name: "Skicka svaret" }).click();
  await expect(reply.getByRole("status")).toContainText("Ert svar är sparat");
  await expectNoAxeViolations(reply);

  // English toggle.
  await reply.getByRole("link", { name: "In English" }).click();
  await expect(reply.getByRole("button", { name: "Send the reply" })).toBeVisible();
  await expectNoAxeViolations(reply);
  await contact.close();

  // 4. The tour leader sees the yes and the confirmed stop at the chosen time.
  await page.goto(boardUrl);
  await expect(page.getByRole("cell", { name: "tackat ja", exact: true })).toBeVisible();
  await expect(page.getByText("Konsumentrådgivning, Energi- och klimatrådgivning")).toBeVisible();
  await expect(page.getByText("Deltagare: 15")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 375, height: 800 });
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("link", { name: "Visa stoppet" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Rydebäcks Byalag");
  await expect(page.getByText("Bekräftad").first()).toBeVisible();
  await expect(page.getByText(/18:30/).first()).toBeVisible();
});

test("a contact moves an accepted visit with booked staff through the reply link, and the booked staff's notices are in the outbox", async ({
  page,
  browser,
}) => {
  // Issue 12, point 15: the byalag's change goes through the stops verbs like a tour leader's.
  test.setTimeout(120_000);
  const org = "Byalaget i Laröd";
  const title = `Byabesök hos ${org}`;
  // A tour leader of the test's own: the pages open on the season's tour, whatever other tests chose.
  await loginFresh(page, "tour_leader");
  await page.goto("/inbjudningar/ny?typ=visit_offer");
  await page.getByLabel("Tid 1, datum").fill(isoInDays(75));
  await page.getByLabel("Tid 2, datum").fill(isoInDays(82));
  await page.getByLabel(new RegExp(`^${org}`)).check();
  await preview(page);
  await page.getByRole("button", { name: "Skicka till 1 organisation" }).click();
  await expect(page.getByRole("cell", { name: "skickad", exact: true })).toBeVisible();
  const boardUrl = page.url().split("?")[0]!;
  const link = replyLinkFromOutbox(boardUrl.split("/").at(-1)!, org);

  // The contact says yes to the first time and wants energy advice.
  const contact = await browser.newContext({ viewport: { width: 375, height: 800 } });
  await blockMapTiles(contact);
  const reply = await contact.newPage();
  await reply.goto(link);
  await reply.getByLabel("Ja, vi kommer / vi vill ha besök").check();
  const times = reply.getByRole("group", { name: "Vilken tid passar?" }).getByRole("radio");
  await times.nth(0).check();
  await reply.getByLabel("Energi- och klimatrådgivning").check();
  await reply.getByLabel("Ert namn").fill("Anna Fransson");
  await reply.getByRole("button", { name: "Skicka svaret" }).click();
  await expect(reply.getByRole("status")).toContainText("Ert svar är sparat");

  // The tour leader books two staff on the new stop.
  await page.goto(boardUrl);
  await page.getByRole("link", { name: "Visa stoppet" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
  const stopUrl = page.url().split("?")[0]!;
  for (const [role, person] of [
    ["f:energy_climate", "Lars Öberg"],
    ["g:BSU", "Ahmed Nilsson"],
  ] as const) {
    await page.getByLabel(/^Roll/).selectOption(role);
    await page.getByLabel(/^Person/).selectOption({ label: person });
    await page.getByRole("button", { name: "Boka", exact: true }).click();
    await expect(page.getByRole("status")).toContainText("Personen är bokad");
    await expect(page.locator(".staffing-stop__people")).toContainText(person);
  }

  // The contact moves the visit to the second time through the same link.
  await reply.goto(link);
  await expect(times.nth(0)).toBeChecked();
  await times.nth(1).check();
  await reply.getByRole("button", { name: "Skicka svaret" }).click();
  await expect(reply.getByRole("status")).toContainText("Ert svar är sparat");
  await contact.close();

  // The stop's history says who moved it.
  await page.goto(stopUrl);
  const history = page.getByRole("region", { name: "Historik" });
  await expect(history).toContainText("byalaget, via svar på inbjudan");
  await expectNoAxeViolations(page);

  // The admin finds one notice for each booked person in the outbox.
  const admin = await browser.newContext();
  await blockMapTiles(admin);
  const adminPage = await admin.newPage();
  await login(adminPage, DEMO.admin);
  await adminPage.goto("/admin/utkorg");
  const notices = adminPage.getByRole("row").filter({ hasText: `Ändrad tid eller plats: ${title}` });
  await expect(notices).toHaveCount(2);
  await expect(notices.filter({ hasText: "lars.oberg@rullarut.example" })).toHaveCount(1);
  await expect(notices.filter({ hasText: "ahmed.nilsson@rullarut.example" })).toHaveCount(1);
  await expectNoAxeViolations(adminPage);
  await notices.filter({ hasText: "ahmed.nilsson@rullarut.example" }).getByRole("link").first().click();
  await expect(adminPage.getByText("Stoppet du är bokad på har ändrats (tid).")).toBeVisible();
  await expectNoAxeViolations(adminPage);
  await admin.close();
});

test.describe("reply link rate limit", () => {
  test.use({ extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.77" } });

  test("bad tokens all get the same 404 page, and the 31st guess within a minute gets 429", async ({ page }) => {
    const guess = (i: number) => `/svar/${String(i).padStart(43, "x")}`;
    const first = await page.goto(guess(0));
    expect(first!.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Länken fungerar inte");
    await expectNoAxeViolations(page);
    const malformed = await page.request.get("/svar/kort", { maxRedirects: 0 });
    expect(malformed.status()).toBe(404);
    expect(await malformed.text()).toContain("Länken fungerar inte");
    for (let i = 2; i < 30; i++) {
      const r = await page.request.get(guess(i), { maxRedirects: 0 });
      expect(r.status(), `guess ${i}`).toBe(404);
    }
    const limited = await page.request.get(guess(31), { maxRedirects: 0 });
    expect(limited.status()).toBe(429);
    expect(await limited.text()).toContain("För många försök");
  });

  test("the reply page without a link's cookie is the same 404 page", async ({ page }) => {
    const r = await page.goto("/svar");
    expect(r!.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Länken fungerar inte");
  });
});
