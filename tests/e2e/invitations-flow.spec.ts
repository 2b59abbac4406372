/**
 * Issue 13, point 4: the invitation form and the reply page, end to end. An info evening for a new
 * tour is created from the invitation form; the visit offer's times are labelled, tied to their
 * error and reflow at 320 px; the byalag's thank-you page says what happens now and its message
 * reaches the stop; the reply page follows the browser's language; the contact center is named in
 * correct Swedish ("Helsingborgs stads kontaktcenter") with numbers that agree.
 */
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "../support/axe";
import { loginFresh } from "../support/users";
import { blockMapTiles, isoInDays } from "../support/e2e";
import { invitationMail, replyLinkFromOutbox } from "../support/outbox";

// Its own client address, so these logins never meet another spec's per-address limits.
test.use({ extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.131" } });

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

const CONTACT_CENTER = "Helsingborgs stads kontaktcenter";

/** Screenshots at 375 px for a person to look at, only when SHOTS_DIR is set (never in CI). */
async function shot(page: Page, name: string) {
  if (!process.env.SHOTS_DIR) return;
  const size = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: path.join(process.env.SHOTS_DIR, `${name}-375.png`), fullPage: true });
  if (size) await page.setViewportSize(size);
}

/** The latest e-mail of a kind about a batch's invitation to one organization, read from the outbox. */
function outboxMessage(batchId: string, organizationName: string, kind: "invitation" | "confirmation") {
  const mail = invitationMail(batchId, { organizationName, kind });
  if (!mail) throw new Error(`no ${kind} e-mail found for ${organizationName}`);
  // The files the recipient sees: the attachments, and the meeting request's .ics (issue 16).
  const filenames = [...mail.attachments.map((a) => a.filename), ...(mail.method && mail.calendarFile ? [mail.calendarFile] : [])];
  return { text: mail.text, filenames, method: mail.method };
}

async function axeAtPhoneAndDesktop(page: Page) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 800 });
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await expectNoAxeViolations(page);
  if (size) await page.setViewportSize(size);
}

/** WCAG 1.4.10: at 320 CSS px nothing needs sideways scrolling and no field sticks out of the viewport. */
async function expectReflowAt320(page: Page) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  const outside = await page.evaluate(() =>
    [...document.querySelectorAll("main input:not([type=hidden]), main select, main textarea")]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => ({ name: (el as HTMLInputElement).name, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.left < 0 || box.right > 320)
      .map(({ name, box }) => `${name}: ${Math.round(box.left)}–${Math.round(box.right)}`),
  );
  expect(outside).toEqual([]);
  if (size) await page.setViewportSize(size);
}

/**
 * A tour that starts in two days, so that its evenings can be near: never today's tour (not even if
 * the run passes midnight), which would make it the season tour of every other spec's fresh user.
 */
async function createTourStartingSoon(page: Page, name: string): Promise<string> {
  await page.goto("/turneer/ny");
  await page.getByLabel(/^Namn/).fill(name);
  await page.getByLabel("Fokus").fill("Byalag långt från centralorten.");
  await page.getByLabel(/^Startdatum/).fill(isoInDays(2));
  await page.getByLabel(/^Slutdatum/).fill(isoInDays(360));
  await page.getByRole("button", { name: "Skapa turnén" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return page.url().split("?")[0]!.split("/").at(-1)!;
}

/** Only the one organization: the default "all byalag, byaföreningar and hembygdsföreningar" unticked. */
async function inviteOnly(page: Page, organizationName: string) {
  const kinds = page.getByRole("group", { name: "Bjud in alla av typen" });
  for (const box of await kinds.getByRole("checkbox").all()) await box.uncheck();
  const details = page.locator("details", { hasText: "Eller välj enskilda organisationer" });
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("summary").click();
  await page.getByLabel(new RegExp(`^${organizationName}`)).check();
}

async function previewAndSendToOne(page: Page, options: { axe?: boolean } = {}) {
  await page.getByRole("button", { name: "Förhandsgranska" }).click();
  await expect(page.getByRole("heading", { name: "Förhandsgranskning" })).toBeVisible();
  if (options.axe) await axeAtPhoneAndDesktop(page);
  // One organization, one address: singular forms.
  await expect(page.locator(".invitation-preview")).toContainText(/\b1 organisation, 1 e-postadress\b/);
  await page.getByRole("button", { name: "Skicka till 1 organisation", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(/Inbjudan skickades till 1 organisation\./);
  if (options.axe) await axeAtPhoneAndDesktop(page);
  return page.url().split("?")[0]!.split("/").at(-1)!;
}

/** A visit offer with three dates to one organization; returns the batch id. */
async function sendVisitOffer(page: Page, organizationName: string, firstDay: number) {
  await page.goto("/inbjudningar/ny?typ=visit_offer");
  // By name: the labels are what another test checks.
  for (const i of [0, 1, 2]) await page.locator(`input[name="times[${i}].date"]`).fill(isoInDays(firstDay + 7 * i));
  await page.locator('input[name="times[1].start"]').fill("18:30");
  await page.locator('input[name="times[1].end"]').fill("20:30");
  await inviteOnly(page, organizationName);
  return previewAndSendToOne(page);
}

async function contactPage(browser: Browser, options: { locale?: string; javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({
    viewport: { width: 375, height: 800 },
    locale: options.locale ?? "sv-SE",
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  await blockMapTiles(context);
  return { context, page: await context.newPage() };
}

test("a planner creates the info evening of a new tour from the invitation form, and the byalag's message reaches it", async ({ page, browser }) => {
  test.setTimeout(300_000);
  // The admin plans too; the tour leader's remembered tour is left to the other specs.
  await loginFresh(page, "admin");
  const tourName = `KC rullar ut ${Date.now()}`;
  const tourId = await createTourStartingSoon(page, tourName);

  await page.goto(`/inbjudningar?turne=${tourId}`);
  await axeAtPhoneAndDesktop(page);
  await expectReflowAt320(page);
  await page.getByRole("link", { name: "Ny inbjudan" }).click();
  await expect(page).toHaveURL(new RegExp(`turne=${tourId}`));
  const form = page.locator(".invitation-form");
  // Only this tour's evenings are offered: it has none, so no evening of another tour.
  await expect(form).not.toContainText("Informationskväll för byalagen,");
  const evening = page.getByRole("group", { name: "Ny informationskväll" });
  await expect(evening).toBeVisible();
  // The place is KC's own office (from the settings); the area is optional there.
  await expect(evening.getByLabel(/^Lokal/)).toHaveValue(/kontaktcenter/i);
  await expect(evening.getByLabel(/^Adress/)).toHaveValue(/Stortorget 17/);
  for (const label of [/^Rubrik/, /^Datum/, /^Starttid/, /^Sluttid/, /^Lokal/]) {
    const input = evening.getByLabel(label);
    await expect(input, String(label)).toHaveAttribute("required", "");
    await expect(evening.locator(`label[for="${await input.getAttribute("id")}"]`), String(label)).toContainText("(obligatoriskt)");
  }
  await expect(evening.getByLabel(/^Område/)).not.toHaveAttribute("required");
  await shot(page, "inbjudan-ny-informationskvall");
  await axeAtPhoneAndDesktop(page);
  await expectReflowAt320(page);

  // The tabs keep the tour.
  await expect(page.getByRole("link", { name: "Erbjud besök med föreslagna tider" })).toHaveAttribute("href", new RegExp(`turne=${tourId}`));
  await expect(page.locator(".breadcrumb a")).toHaveAttribute("href", new RegExp(`turne=${tourId}`));

  // Bad input: Swedish messages next to the fields, what was typed is kept.
  await evening.getByLabel(/^Datum/).fill("30/2");
  await evening.getByLabel(/^Starttid/).fill("19:00");
  await evening.getByLabel(/^Sluttid/).fill("18:00");
  await inviteOnly(page, "Allerum-Hjälmshults Byaförening");
  await page.getByRole("button", { name: "Förhandsgranska" }).click();
  await expect(evening.getByText("Ange datum som ÅÅÅÅ-MM-DD")).toBeVisible();
  await expect(evening.getByLabel(/^Datum/)).toHaveAttribute("aria-invalid", "true");
  await expect(evening.getByLabel(/^Datum/)).toHaveValue("30/2");
  await expect(evening.getByLabel(/^Sluttid/)).toHaveValue("18:00");
  await shot(page, "inbjudan-ny-informationskvall-fel");
  await axeAtPhoneAndDesktop(page);
  // With a real date, the end before the start is the next thing to fix.
  const date = isoInDays(45);
  await evening.getByLabel(/^Datum/).fill(date);
  await page.getByRole("button", { name: "Förhandsgranska" }).click();
  await expect(evening.getByText("Sluttiden måste vara efter starttiden")).toBeVisible();
  await expect(evening.getByLabel(/^Sluttid/)).toHaveAttribute("aria-invalid", "true");
  await evening.getByLabel(/^Sluttid/).fill("20:30");
  const eveningTitle = `Informationskväll ${Date.now()}`;
  await evening.getByLabel(/^Rubrik/).fill(eveningTitle);
  await page.getByLabel("Sista svarsdag", { exact: false }).fill(isoInDays(30));
  const batchId = await previewAndSendToOne(page, { axe: true });
  await expect(page.getByText(eveningTitle)).toBeVisible();
  await expect(page.locator(".breadcrumb a")).toHaveAttribute("href", new RegExp(`turne=${tourId}`));
  const invitation = outboxMessage(batchId, "Allerum-Hjälmshults Byaförening", "invitation");
  expect(invitation.text).toContain("19:00–20:30");
  expect(invitation.text).toContain("Stortorget 17");
  expect(invitation.text).toContain(CONTACT_CENTER);
  expect(invitation.text).not.toContain("Helsingborg kontaktcenter");

  // The new evening is the tour's, and now offered to the tour's next invitation.
  await page.goto(`/inbjudningar/ny?turne=${tourId}`);
  await expect(page.getByRole("radio", { name: new RegExp(eveningTitle) })).toBeVisible();

  // The byalag says yes with a message; it lands in the evening's internal notes, and the
  // confirmation's calendar file is called what it is.
  const { context, page: reply } = await contactPage(browser);
  await reply.goto(replyLinkFromOutbox(batchId, "Allerum-Hjälmshults Byaförening"));
  await expect(reply.locator(".reply-kicker")).toHaveText(`${CONTACT_CENTER} bjuder in`);
  await reply.getByLabel("Ja, vi kommer / vi vill ha besök").check();
  await reply.getByLabel("Meddelande till kontaktcenter").fill("Vi kommer fyra personer, en med rullstol.");
  await reply.getByLabel("Ert namn").fill("Kerstin Bengtsson");
  await reply.getByRole("button", { name: "Skicka svaret" }).click();
  await expect(reply.getByRole("status")).toContainText("Ert svar är sparat");
  await expect(reply.getByRole("main")).toContainText("19:00–20:30");
  await expect(reply.getByRole("main")).toContainText(/bekräftelse med en kalenderfil/);
  await axeAtPhoneAndDesktop(reply);
  await context.close();
  const confirmation = outboxMessage(batchId, "Allerum-Hjälmshults Byaförening", "confirmation");
  expect(confirmation.filenames).toEqual(["informationskvall.ics"]);
  expect(confirmation.method).toBe("REQUEST");
  expect(confirmation.text).toContain(CONTACT_CENTER);

  await page.goto(`/turneer/${tourId}`);
  await page.getByRole("link", { name: eveningTitle }).click();
  await expect(page.locator("dd", { hasText: "en med rullstol" })).toContainText("Vi kommer fyra personer, en med rullstol.");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test.setTimeout(120_000);

  test("the new info evening's errors come back from the server next to the fields, with what was typed", async ({ page }) => {
    await loginFresh(page, "admin");
    const tourId = await createTourStartingSoon(page, `KC rullar ut utan JS ${Date.now()}`);
    await page.goto(`/inbjudningar/ny?turne=${tourId}`);
    const evening = page.getByRole("group", { name: "Ny informationskväll" });
    await evening.getByLabel(/^Datum/).fill("i morgon");
    await evening.getByLabel(/^Starttid/).fill("18");
    await page.getByRole("button", { name: "Förhandsgranska" }).click();
    await expect(evening.getByText("Ange datum som ÅÅÅÅ-MM-DD")).toBeVisible();
    await expect(evening.getByText(/Ange starttid som TT:MM/)).toBeVisible();
    await expect(evening.getByLabel(/^Datum/)).toHaveValue("i morgon");
    await expect(evening.getByLabel(/^Starttid/)).toHaveValue("18");
    await expect(evening.getByLabel(/^Datum/)).toHaveAttribute("aria-invalid", "true");
    // (axe cannot run in a page without JavaScript; the same markup is checked in the test above.)
  });

  test("the visit offer's missing time is tied to the first time field after the server's answer", async ({ page }) => {
    await loginFresh(page, "tour_leader");
    await page.goto("/inbjudningar/ny?typ=visit_offer");
    await previewWithoutTimes(page);
  });
});

async function describedText(page: Page, ids: string | null): Promise<string> {
  return page.evaluate(
    (list) =>
      (list ?? "")
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? "")
        .join(" "),
    ids,
  );
}

/** Previews a visit offer to Rydebäcks Byalag with no time: the error is on, and described by, the first time field; returns it. */
async function previewWithoutTimes(page: Page) {
  await page.getByLabel(/^Rydebäcks Byalag/).check();
  await page.getByRole("button", { name: "Förhandsgranska" }).click();
  await expect(page.getByText("Föreslå minst en tid")).toBeVisible();
  const first = page.getByLabel("Tid 1, datum");
  await expect(first).toHaveAttribute("aria-invalid", "true");
  expect(await describedText(page, await first.getAttribute("aria-describedby"))).toContain("Föreslå minst en tid");
  return first;
}

test("the visit offer's times have unique labels, the missing time is tied to the first field and focused, and the form reflows at 320 px", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await loginFresh(page, "tour_leader");
  await page.goto("/inbjudningar/ny?typ=visit_offer");
  for (let i = 1; i <= 5; i++) {
    // "Tid 1, datum", "Tid 1, Start", "Tid 1, Slut": the row shows "Start" and "Slut", the name says which time.
    for (const part of ["datum", "start", "slut"]) await expect(page.getByLabel(`Tid ${i}, ${part}`)).toHaveCount(1);
  }
  await expect(page.getByLabel("Start", { exact: true })).toHaveCount(0);
  await expect(page.getByLabel("Slut", { exact: true })).toHaveCount(0);
  await shot(page, "inbjudan-ny-besok");
  await axeAtPhoneAndDesktop(page);

  const first = await previewWithoutTimes(page);
  await expect(first).toBeFocused();
  await shot(page, "inbjudan-ny-besok-fel");
  await axeAtPhoneAndDesktop(page);

  // WCAG 1.4.10: nothing is cut off or needs sideways scrolling at 320 CSS px, errors shown or not.
  await expectReflowAt320(page);
  await page.setViewportSize({ width: 320, height: 800 });
  await page.reload();
  await expect(page.getByLabel("Tid 5, slut")).toBeVisible();
  await expectReflowAt320(page);
  await expectNoAxeViolations(page);
});

test("the byalag's thank-you page says what happens now, and their message reaches the stop's notes", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const org = "Ödåkra Byaförening";
  await loginFresh(page, "tour_leader");
  const batchId = await sendVisitOffer(page, org, 90);
  const boardUrl = page.url().split("?")[0]!;

  const { context, page: reply } = await contactPage(browser);
  await reply.goto(replyLinkFromOutbox(batchId, org));
  await expect(reply.locator(".reply-kicker")).toHaveText(`${CONTACT_CENTER} bjuder in`);
  await expect(reply.getByRole("region", { name: "Så hanterar vi era uppgifter" })).toContainText(CONTACT_CENTER);
  await expect(reply.getByRole("main")).not.toContainText("Helsingborg kontaktcenter");
  const times = reply.getByRole("group", { name: "Vilken tid passar?" }).getByRole("radio");
  const labels = await Promise.all([0, 1, 2].map(async (i) => reply.locator(`label[for="${await times.nth(i).getAttribute("id")}"]`).innerText()));
  await reply.getByLabel("Ja, vi kommer / vi vill ha besök").check();
  await times.nth(1).check();
  await reply.getByLabel("Meddelande till kontaktcenter").fill("Vi har ramp vid entrén");
  await reply.getByLabel("Ert namn").fill("Göran Mattsson");
  await reply.getByRole("button", { name: "Skicka svaret" }).click();

  await expect(reply.getByRole("status")).toContainText("Ert svar är sparat");
  const main = reply.getByRole("main");
  await expect(main).toContainText(labels[1]!);
  await expect(main).not.toContainText(labels[0]!);
  await expect(main).not.toContainText(labels[2]!);
  await expect(reply.getByRole("group", { name: "Vilken tid passar?" })).toHaveCount(0);
  await expect(main).toContainText(/bekräftelse med en kalenderfil/);
  await expect(main).toContainText(/e-post/);
  await expect(reply.getByRole("link", { name: "Ändra ert svar" })).toBeVisible();
  await shot(reply, "svar-tack-sv");
  await axeAtPhoneAndDesktop(reply);
  await context.close();

  const confirmation = outboxMessage(batchId, org, "confirmation");
  expect(confirmation.filenames).toEqual(["besok.ics"]);
  expect(confirmation.text).toContain(CONTACT_CENTER);

  await page.goto(boardUrl);
  await page.getByRole("link", { name: "Visa stoppet" }).click();
  await expect(page.locator("dd", { hasText: "ramp" })).toContainText("Vi har ramp vid entrén");
});

test("the reply page follows the browser's language, and the language switch works without JavaScript", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const org = "Föreningen Ramlösabor";
  await loginFresh(page, "tour_leader");
  const batchId = await sendVisitOffer(page, org, 120);
  const link = replyLinkFromOutbox(batchId, org);

  // A browser whose first language is English gets the English page, html and all.
  const en = await contactPage(browser, { locale: "en-GB" });
  await en.page.goto(link);
  await expect(en.page.locator("html")).toHaveAttribute("lang", "en");
  await expect(en.page).toHaveTitle("Reply to the invitation – Rullar ut");
  await expect(en.page.locator(".skip-link")).toHaveText("Skip to main content");
  await expect(en.page.locator(".site-footer")).toContainText("contact centre");
  await expect(en.page.getByRole("button", { name: "Send the reply" })).toBeVisible();
  await expect(en.page.locator(".reply-kicker")).toHaveText("The contact centre of Helsingborgs stad invites");
  await expect(en.page.getByRole("link", { name: "På svenska" })).toHaveAttribute("href", "/svar?lang=sv");
  await shot(en.page, "svar-en");
  await axeAtPhoneAndDesktop(en.page);
  await en.page.getByRole("link", { name: "På svenska" }).click();
  await expect(en.page.locator("html")).toHaveAttribute("lang", "sv");
  await expect(en.page).toHaveTitle("Svara på inbjudan – Rullar ut");
  await expect(en.page.locator(".skip-link")).toHaveText("Hoppa till huvudinnehållet");
  await expect(en.page.getByRole("button", { name: "Skicka svaret" })).toBeVisible();
  await en.context.close();

  // Swedish first: Swedish, with a plain link to English that needs no JavaScript.
  const sv = await contactPage(browser, { locale: "sv-SE", javaScriptEnabled: false });
  await sv.page.goto(link);
  await expect(sv.page.locator("html")).toHaveAttribute("lang", "sv");
  await expect(sv.page.getByRole("link", { name: "In English" })).toHaveAttribute("href", "/svar?lang=en");
  await sv.page.getByRole("link", { name: "In English" }).click();
  await expect(sv.page.locator("html")).toHaveAttribute("lang", "en");
  await expect(sv.page.locator(".skip-link")).toHaveText("Skip to main content");
  // Answering in English without JavaScript: the thank-you page stays English.
  await sv.page.getByLabel("No, thank you").check();
  await sv.page.getByRole("button", { name: "Send the reply" }).click();
  await expect(sv.page.getByRole("status")).toContainText("Your reply has been saved");
  await expect(sv.page.locator("html")).toHaveAttribute("lang", "en");
  await expect(sv.page).toHaveTitle(/^Reply to the invitation/);
  await expect(sv.page.getByRole("main")).toContainText("You have declined");
  await sv.context.close();

  // The same pages with JavaScript, checked with axe (it needs JavaScript to run).
  const svJs = await contactPage(browser, { locale: "sv-SE" });
  await svJs.page.goto(link);
  await expect(svJs.page.locator("html")).toHaveAttribute("lang", "sv");
  await expect(svJs.page.getByRole("link", { name: "In English" })).toBeVisible();
  await shot(svJs.page, "svar-sv");
  await axeAtPhoneAndDesktop(svJs.page);
  await svJs.page.goto("/svar?sparat=1&lang=en");
  await expect(svJs.page.getByRole("status")).toContainText("Your reply has been saved");
  await expect(svJs.page.locator("html")).toHaveAttribute("lang", "en");
  await shot(svJs.page, "svar-tack-en");
  await axeAtPhoneAndDesktop(svJs.page);
  await svJs.context.close();

  // A Danish browser that also reads Swedish second still gets English (the first language decides).
  const da = await contactPage(browser, { locale: "da-DK" });
  const refused = await da.page.goto("/svar/" + "x".repeat(43));
  expect(refused!.status()).toBe(404);
  await expect(da.page.locator("html")).toHaveAttribute("lang", "en");
  await expect(da.page.getByRole("heading", { level: 1 })).toHaveText("The link does not work");
  await axeAtPhoneAndDesktop(da.page);
  await da.context.close();
});
