import { expect, test, type Page } from "@playwright/test";
import ICAL from "ical.js";
import { expectNoAxeViolations } from "../support/axe";
import { blockMapTiles, login } from "../support/e2e";

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

/** The list of upcoming stops on /har-finns-vi. */
const stopList = (page: Page) => page.getByRole("region", { name: /Kommande besök/ }).getByRole("listitem");

// DEPENDS ON DEMO DATA: db/seed/demo-tours.ts seeds confirmed stops in the weeks after "now".
// If this fails with zero stops, check that the demo data still has upcoming confirmed stops.
test("the public schedule lists confirmed upcoming stops without login, and no internal notes", async ({ page }) => {
  const response = await page.goto("/har-finns-vi");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["cache-control"]).toBe("public, max-age=60");
  await expect(page.getByRole("heading", { level: 1, name: "Här finns vi" })).toBeVisible();
  await expect(page.getByText(/Kontaktcentret kommer till dig/)).toBeVisible();
  // No navigation for anonymous visitors.
  await expect(page.getByRole("navigation", { name: "Huvudmeny" })).toHaveCount(0);

  const items = stopList(page);
  await expect(items.first()).toBeVisible();
  const count = await items.count();
  expect(count).toBeGreaterThanOrEqual(1);
  await expect(items.first().getByRole("heading", { level: 3 })).toBeVisible();
  await expect(items.first().locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);

  const text = await page.locator("body").innerText();
  expect(text).not.toContain("Intern anteckning");

  // The map shows the same stops (stops at one point share a marker).
  const markers = page.locator(".leaflet-marker-icon");
  await expect(markers.first()).toBeVisible();
  expect(await markers.count()).toBeLessThanOrEqual(count);
  // Other specs' stops may sit on top of this one, so a pointer click at its centre could land on
  // another marker: the click goes to the marker itself.
  await markers.first().dispatchEvent("click");
  await expect(page.locator(".leaflet-popup")).toContainText("Läs mer i listan");

  await expectNoAxeViolations(page);
});

test("the public schedule works as plain HTML without JavaScript", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/har-finns-vi");
  await expect(page.getByRole("heading", { level: 1, name: "Här finns vi" })).toBeVisible();
  // Without JavaScript the map is a box that points to the list.
  await expect(page.getByText("Alla besök finns i listan nedan")).toBeVisible();
  await expect(page.getByRole("link", { name: "Ladda ned besöken som kalenderfil" })).toHaveAttribute("href", "/har-finns-vi.ics");
  // The list comes a page at a time; a page number past the end shows the last page, not an error.
  const heading = page.getByRole("heading", { level: 2, name: /^Kommande besök \(\d+\)/ });
  await expect(heading).toBeVisible();
  const firstPage = await page.locator(".schedule-item h3").allTextContents();
  expect(firstPage.length).toBeGreaterThan(0);
  expect(firstPage.length).toBeLessThanOrEqual(20);
  const response = await page.goto("/har-finns-vi?sida=999");
  expect(response?.status()).toBe(200);
  await expect(heading).toBeVisible();
  expect((await page.locator(".schedule-item h3").count()) > 0).toBe(true);
  await context.close();
});

test.describe("on a 375 px phone", () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test("the public schedule fits the screen and stays accessible", async ({ page }) => {
    await page.goto("/har-finns-vi");
    await expect(page.getByRole("heading", { level: 1, name: "Här finns vi" })).toBeVisible();
    await expect(page.locator(".leaflet-container, .map--placeholder").first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
  });
});

test("/har-finns-vi.ics is a calendar feed that ical.js reads, with the page's stops and no internal notes", async ({ page, request }) => {
  const response = await request.get("/har-finns-vi.ics");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  const body = await response.text();
  expect(body).not.toContain("Intern anteckning");

  const calendar = new ICAL.Component(ICAL.parse(body));
  expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("KC rullar ut – här finns vi");
  expect(calendar.getFirstSubcomponent("vtimezone")?.getFirstPropertyValue("tzid")).toBe("Europe/Stockholm");
  const events = calendar.getAllSubcomponents("vevent").map((c) => new ICAL.Event(c));
  for (const event of events) {
    expect(event.uid).toMatch(/^[A-Za-z0-9_-]+@rullarut$/);
    expect(event.startDate.zone?.tzid).toBe("Europe/Stockholm");
    expect(String(event.component.getFirstPropertyValue("url"))).toMatch(/\/har-finns-vi\?stopp=[A-Za-z0-9_-]+#stopp-/);
  }

  // The same stops as the page's list, page after page. (DEPENDS ON DEMO DATA for a non-trivial comparison.)
  await page.goto("/har-finns-vi");
  const ids: string[] = [];
  for (;;) {
    ids.push(...(await stopList(page).evaluateAll((items) => items.map((li) => li.id.replace(/^stopp-/, "")))));
    const next = page.getByRole("navigation", { name: "Fler kommande besök" }).getByRole("link", { name: /Nästa/ });
    if (!(await next.count())) break;
    // Followed as a plain page load, so each page's list is read whole, not during a client-side change.
    await page.goto((await next.getAttribute("href"))!);
  }
  expect(events.map((e) => e.uid.replace(/@rullarut$/, "")).sort()).toEqual(ids.sort());
  // Each entry's link opens the page that lists its stop, also the last one.
  const last = events.map((e) => String(e.component.getFirstPropertyValue("url"))).at(-1)!;
  await page.goto(last.replace(/^https?:\/\/[^/]+/, ""));
  await expect(page.locator(`#${last.split("#")[1]}`)).toBeVisible();
});

test("a staff member makes a calendar feed address, uses it, and revokes it", async ({ page, context, request }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  // A demo user no other test uses for feeds, so parallel runs do not revoke each other's keys.
  await login(page, "elin.berg@rullarut.example");
  await page.goto("/kalenderflode");
  await expect(page.getByRole("heading", { level: 1, name: "Kalenderflöde" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Start from a clean state: an earlier run may have left a key.
  const revokeFirst = page.getByRole("button", { name: "Återkalla adressen" });
  if (await revokeFirst.isVisible()) await revokeFirst.click();

  await page.getByRole("button", { name: /Skapa (ny )?adress/ }).click();
  await expect(page.getByRole("heading", { name: "Din nya adress" })).toBeVisible();
  const field = page.getByRole("textbox", { name: "Alla stopp" });
  const url = await field.inputValue();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/flode\/[A-Za-z0-9_-]{43}\/alla\.ics$/);
  await page.getByRole("button", { name: "Kopiera adressen: Alla stopp" }).click();
  await expect(page.getByText("Kopierat: Alla stopp.")).toBeVisible();
  await expectNoAxeViolations(page);

  // The calendar app fetches without any cookie.
  const feed = await request.get(url);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
  expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("KC rullar ut – alla stopp (intern)");

  // Shown once: after a reload the address is gone from the page.
  await page.goto("/kalenderflode");
  await expect(page.getByRole("heading", { name: "Du har en aktiv adress" })).toBeVisible();
  expect(await page.content()).not.toContain(url);

  await page.getByRole("button", { name: "Återkalla adressen" }).click();
  await expect(page.getByText("Adressen är återkallad")).toBeVisible();
  const after = await request.get(url);
  expect(after.status()).toBe(404);
  expect(await after.text()).toBe("Kalenderflödet finns inte.");
  await expectNoAxeViolations(page);
});

test("an unknown feed key gets 404", async ({ request }) => {
  const response = await request.get(`/flode/${"A".repeat(43)}/alla.ics`);
  expect(response.status()).toBe(404);
  expect(await response.text()).toBe("Kalenderflödet finns inte.");
});

test("/kalenderflode needs a login", async ({ page }) => {
  await page.goto("/kalenderflode");
  await expect(page).toHaveURL(/\/logga-in\?redirectTo=%2Fkalenderflode/);
});
