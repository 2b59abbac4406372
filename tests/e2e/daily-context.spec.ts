/**
 * Issue 13, points 1, 2 and 7: the app remembers the tour you work on, the tour leader hears of a
 * byalag's answer on the start page and by e-mail, and the menu is grouped, works by keyboard,
 * fits a phone and moves focus to the new page's heading.
 */
import { expect, test, type Page } from "@playwright/test";
import { and, eq, like } from "drizzle-orm";
import { outboxMessages } from "#db/schema";
import { expectNoAxeViolations } from "../support/axe";
import { blockMapTiles, createTourViaForm, goViaMenu } from "../support/e2e";
import { withE2eDb } from "../support/e2e-db";
import { replyLinkFromOutbox } from "../support/outbox";
import { loginFresh } from "../support/users";

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

const selectedTour = (page: Page, selector: string) => page.locator(`${selector} option:checked`);

test("point 1: a tour just created stays chosen on every planning page, shown in the header, until another is chosen", async ({ page }) => {
  test.setTimeout(180_000);
  await loginFresh(page, "tour_leader");
  const name = `Vald turné ${Date.now()}`;
  const tourId = await createTourViaForm(page, name);
  const header = page.getByRole("banner");
  await expect(header.getByText("Turné:")).toBeVisible();
  await expect(header.getByRole("link", { name })).toHaveAttribute("href", `/turneer/${tourId}`);
  await expectNoAxeViolations(page);

  // Through the menu, not by URL: every page opens on the new tour.
  await goViaMenu(page, "Inbjudningar");
  await expect(page.getByRole("heading", { level: 1, name: "Inbjudningar" })).toBeVisible();
  await expect(selectedTour(page, "#turne")).toHaveText(name);
  await page.getByRole("link", { name: "Ny inbjudan" }).click();
  await expect(selectedTour(page, "#invitation-tour")).toHaveText(name);
  await page.goto("/inbjudningar/ny?typ=visit_offer");
  await expect(selectedTour(page, "#invitation-tour")).toHaveText(name);
  await goViaMenu(page, "Bemanning");
  await expect(selectedTour(page, "#board-tour")).toHaveText(name);
  await goViaMenu(page, "Kalender");
  await expect(selectedTour(page, "#cal-turne")).toHaveText(name);
  await goViaMenu(page, "Var ska vi åka?");
  await expect(selectedTour(page, "#priorities-tour")).toHaveText(name);
  await page.goto("/bemanning/timmar");
  await expect(selectedTour(page, "#hours-tour")).toHaveText(name);
  await page.goto("/rapport");
  await expect(selectedTour(page, "#report-turne")).toHaveText(name);
  await expect(header.getByRole("link", { name })).toBeVisible();

  // Choosing another tour in a page's own select makes that the chosen one everywhere.
  await page.goto("/kalender");
  const option = page.locator("#cal-turne option").filter({ hasNotText: name }).filter({ hasNotText: "Alla turnéer" }).first();
  const other = (await option.textContent())!;
  await page.goto(`/kalender?turne=${await option.getAttribute("value")}`);
  await expect(header.getByRole("link", { name: other })).toBeVisible();
  await page.goto("/inbjudningar");
  await expect(selectedTour(page, "#turne")).toHaveText(other);
});

test("point 2: a byalag's yes reaches the tour leader at once, on the start page and by e-mail; the digest is a choice", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const email = await loginFresh(page, "tour_leader", "Nora Nyhet");
  const name = `Nyhetsturné ${Date.now()}`;
  const tourId = await createTourViaForm(page, name);

  // A visit offer to one byalag, with one time.
  const date = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await page.goto(`/inbjudningar/ny?typ=visit_offer&turne=${tourId}`);
  await page.getByLabel("Tid 1, datum").fill(date);
  await page.getByLabel(/^Byalaget i Laröd/).check();
  await page.getByRole("button", { name: "Förhandsgranska" }).click();
  await page.getByRole("button", { name: "Skicka till 1 organisation" }).click();
  await expect(page.getByRole("cell", { name: "skickad", exact: true })).toBeVisible();
  const batchId = page.url().split("?")[0]!.split("/").at(-1)!;

  const link = replyLinkFromOutbox(batchId);

  // The contact says yes on a phone.
  const contact = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const reply = await contact.newPage();
  await reply.goto(link);
  await reply.getByLabel("Ja, vi kommer / vi vill ha besök").check();
  await reply.getByRole("group", { name: "Vilken tid passar?" }).getByRole("radio").first().check();
  await reply.getByLabel("Ert namn").fill("Per Persson");
  await reply.getByRole("button", { name: "Skicka svaret" }).click();
  await expect(reply.getByRole("status").first()).toBeVisible();
  await contact.close();

  // One click: the start page.
  await page.goto("/");
  const news = page.getByRole("region", { name: "Nytt sedan sist" });
  await expect(news).toBeVisible();
  const item = news.getByRole("listitem").filter({ hasText: "Tackade ja" }).filter({ hasText: "Byalaget i Laröd" });
  await expect(item).toContainText(name);
  await expect(item).not.toContainText("Per Persson");
  await expectNoAxeViolations(page);
  await item.getByRole("link", { name: /^Öppna/ }).click();
  await expect(page).toHaveURL(new RegExp(`/inbjudningar/${batchId}$`));

  // And an e-mail, at once.
  // Notices go to every planner, other tests' fresh ones too: count this batch's only.
  const sent = withE2eDb((db) =>
    db
      .select({ subject: outboxMessages.subject, text: outboxMessages.textBody })
      .from(outboxMessages)
      .where(and(eq(outboxMessages.kind, "planner-notice"), eq(outboxMessages.toAddress, email), like(outboxMessages.textBody, `%/inbjudningar/${batchId}%`)))
      .all(),
  );
  expect(sent).toHaveLength(1);
  expect(sent[0]!.subject).toMatch(/^Tackade ja: Byalaget i Laröd tackade ja till besök/);
  expect(sent[0]!.text).toContain(`/inbjudningar/${batchId}`);

  // The planner turns to a daily digest, then marks everything read.
  await page.goto("/");
  await news.getByText("E-post om nyheter: direkt").click();
  await news.getByLabel("En sammanfattning per dag (kl. 07)").check();
  await news.getByRole("button", { name: "Spara e-postval" }).click();
  await expect(news.getByText("Sparat.")).toBeVisible();
  await page.reload();
  await expect(news.getByText("E-post om nyheter: en gång per dag")).toBeVisible();
  await news.getByText("E-post om nyheter: en gång per dag").click();
  await expect(news.getByLabel("En sammanfattning per dag (kl. 07)")).toBeChecked();
  await news.getByRole("button", { name: "Markera som läst" }).click();
  await expect(news.getByText("Allt är markerat som läst.")).toBeVisible();
  await expect(news.getByRole("listitem").filter({ hasText: "Tackade ja" })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("point 7: the menu is four groups that open by keyboard, fit a phone and 400 % zoom, and a new page's heading gets focus", async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 375, height: 740 });
  await loginFresh(page, "admin");
  await page.goto("/");
  const header = page.getByRole("banner");
  const nav = page.getByRole("navigation", { name: "Huvudmeny" });
  const groups = nav.locator("summary");
  await expect(groups).toHaveText(["Planera", "Genomföra", "Följa upp", "Admin", "Konto"]);
  // The first screen is for the page: the header takes well under a third of it.
  const box = (await header.boundingBox())!;
  expect(box.height).toBeLessThan(240);
  // No link of a closed group is visible or reachable by Tab.
  await expect(nav.getByRole("link", { name: "Bemanning" })).toBeHidden();
  await expectNoAxeViolations(page);

  // Keyboard: Tab to "Genomföra", Enter opens it, Escape closes it and leaves focus on it.
  await page.locator("summary", { hasText: "Genomföra" }).focus();
  await page.keyboard.press("Enter");
  await expect(nav.getByRole("link", { name: "Bemanning" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.keyboard.press("Escape");
  await expect(nav.getByRole("link", { name: "Bemanning" })).toBeHidden();
  await expect(page.locator("summary", { hasText: "Genomföra" })).toBeFocused();

  // Opening a group and following a link: the menu closes and focus is on the new page's h1.
  await page.keyboard.press("Enter");
  await nav.getByRole("link", { name: "Bemanning" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Bemanning" })).toBeFocused();
  await expect(nav.getByRole("link", { name: "Bemanning" })).toBeHidden();

  // 400 % zoom of a 1280 px window is 320 CSS px: nothing is cut off sideways.
  await page.setViewportSize({ width: 320, height: 256 });
  await page.goto("/");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.locator("summary", { hasText: "Planera" }).click();
  for (const link of await nav.getByRole("link").all()) {
    const b = (await link.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width).toBeLessThanOrEqual(320);
  }
});

test("point 3: field mode has a compact header on a phone, with the whole menu one tap away", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 667 });
  await loginFresh(page, "staff");
  await page.goto("/falt");
  const header = page.getByRole("banner");
  expect((await header.boundingBox())!.height).toBeLessThanOrEqual(64);
  await page.locator("summary", { hasText: "Meny" }).click();
  await expect(page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("button", { name: "Logga ut" })).toBeVisible();
  await page.locator("summary", { hasText: "Genomföra" }).click();
  await expect(page.getByRole("link", { name: "Mitt schema" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("point 8: no English left on the map, SKR and KKiK explained, the figures named for what they cover, one date format", async ({ page }) => {
  test.setTimeout(90_000);
  await loginFresh(page, "tour_leader");
  await page.goto("/karta");
  // A stop's marker may lie on top of the area's, so the click goes straight to the area marker.
  await page.locator('.area-marker[title="Rydebäck"]').click({ force: true });
  const close = page.locator(".leaflet-popup-close-button");
  await expect(close).toHaveAttribute("aria-label", "Stäng");
  await expect(page.locator('[aria-label="Close popup"]')).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.goto("/rapport?typ=ar&ar=2017");
  await expect(page.getByRole("region", { name: "Året i siffror" })).toContainText("mäts mot 90 % i SKR:s undersökning Kommunens kvalitet i korthet (KKiK)");
  await expect(page.getByRole("main")).not.toContainText("SKL");
  // The period in the one date format.
  await expect(page.getByRole("main")).toContainText("sön 1 januari 2017 – sön 31 december 2017");
  await page.goto("/rapport?typ=intervall&fran=2017-03-01&till=2017-05-31");
  await expect(page.getByRole("region", { name: "Perioden i siffror" })).toBeVisible();
});
