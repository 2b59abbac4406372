import { expect, test, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "rullarut-demo";
export const DEMO = {
  admin: "admin@rullarut.example",
  tourLeader: "turne@rullarut.example",
  staff: "personal@rullarut.example",
} as const;

/**
 * The date `days` from today, as YYYY-MM-DD, in Stockholm: the app's day. A UTC date is a day
 * ahead between midnight in Stockholm and midnight UTC, which once made a tour meant to start
 * tomorrow start today and become everyone's season tour.
 */
export function isoInDays(days: number): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" }).format(new Date(Date.now() + days * 86_400_000));
}

/** Map tiles cannot load here (no internet), and tests must never depend on them. */
export async function blockMapTiles(context: BrowserContext) {
  await context.route(/tile\.openstreetmap\.org|\{z\}/, (route) => route.abort());
}

/**
 * Logs the page's browser context in, as the login form does but without rendering it: a POST to
 * /logga-in whose session cookie the context keeps. The page stays where it is (usually blank), so
 * the test's next goto is its first page load. The login form itself is tested in auth.spec.ts
 * (loginViaForm).
 */
export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  const origin = new URL(page.url().startsWith("http") ? page.url() : (test.info().project.use.baseURL ?? "")).origin;
  const response = await page.request.post("/logga-in", {
    form: { email, password, redirectTo: "" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  if (response.status() !== 302) throw new Error(`login as ${email} failed: ${response.status()} ${(await response.text()).slice(0, 200)}`);
}

/**
 * A browser context of the test's own (map tiles blocked, a 1280×900 desktop unless `options` give
 * a viewport) with a page logged in as `email`: a second person beside the test's own page, a phone,
 * or a browser without JavaScript. Close the context when done.
 */
export async function loggedIn(
  browser: Browser,
  baseURL: string | undefined,
  email: string,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, ...options, viewport: options.viewport ?? { width: 1280, height: 900 } });
  await blockMapTiles(context);
  const page = await context.newPage();
  await login(page, email);
  return { context, page };
}

/** Logs in through the login form, as a person does; the page ends on the start page. */
export async function loginViaForm(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/logga-in");
  await page.getByLabel("E-postadress").fill(email);
  await page.getByLabel("Lösenord").fill(password);
  await page.getByRole("button", { name: "Logga in" }).click();
  // Logged in: the main menu is there (on a phone "Logga ut" sits in its Konto group).
  await expect(page.getByRole("navigation", { name: "Huvudmeny" })).toBeVisible();
}

/**
 * Follows a link of the main menu, opening the group (and on a compact header the menu) that holds
 * it, as a person would: the groups are closed disclosures.
 */
export async function goViaMenu(page: Page, linkName: string) {
  const nav = page.getByRole("navigation", { name: "Huvudmeny" });
  const exact = new RegExp(`^${linkName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  const holders = nav.locator("details").filter({ has: page.locator("a", { hasText: exact }) });
  for (let i = 0; i < (await holders.count()); i++) {
    const details = holders.nth(i);
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("> summary").click();
  }
  await nav.getByRole("link", { name: linkName, exact: true }).click();
}

/** The main menu's link to a path, open or not (for checking who is offered what). */
export function menuLink(page: Page, href: string) {
  return page.getByRole("navigation", { name: "Huvudmeny" }).locator(`a[href="${href}"]`);
}

/** A new tour for 2031 through the form, as a tour leader; returns its id. (seed.ts's createTour writes one straight into a database.) */
export async function createTourViaForm(page: Page, name: string): Promise<string> {
  await page.goto("/turneer/ny");
  await page.getByLabel(/^Namn/).fill(name);
  await page.getByLabel(/^Startdatum/).fill("2031-01-01");
  await page.getByLabel(/^Slutdatum/).fill("2031-12-31");
  await page.getByRole("button", { name: "Skapa turnén" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return page.url().split("?")[0]!.split("/").at(-1)!;
}
