import { expect, test } from "@playwright/test";
import { outboxMessages, type OutboxStatus } from "#db/schema";
import { expectNoAxeViolations } from "../support/axe";
import { blockMapTiles, DEMO, goViaMenu, login, menuLink } from "../support/e2e";
import { withE2eDb } from "../support/e2e-db";

test.beforeEach(async ({ context }) => {
  await blockMapTiles(context);
});

/**
 * Puts a message in the e2e server's outbox, as enqueueEmail would (the server runs without
 * SMTP_URL, so it stays there). Written straight to the server's SQLite file: WAL lets the
 * test and the server share it.
 */
function putInOutbox(message: { subject: string; text: string; status?: OutboxStatus; lastError?: string }): string {
  const ics = Buffer.from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n").toString("base64");
  return withE2eDb(
    (db) =>
      db
        .insert(outboxMessages)
        .values({
          kind: "invitation",
          toAddress: "kontakt@forening.example",
          subject: message.subject,
          textBody: message.text,
          attachments: [{ filename: "besok.ics", contentType: "text/calendar", content: ics }],
          status: message.status ?? "pending",
          attempts: message.status === "failed" ? 8 : 0,
          nextAttemptAt: new Date(),
          lastError: message.lastError ?? null,
        })
        .returning({ id: outboxMessages.id })
        .get().id,
  );
}

test("the admin reads a queued message in Utkorg, sees its reply link and downloads its attachment", async ({ page }) => {
  const subject = `Inbjudan e2e ${Date.now()}`;
  const id = putInOutbox({ subject, text: "Hej!\n\nSvara här: http://127.0.0.1:9/svar/e2e-token.\n\nHälsningar" });

  await login(page, DEMO.admin);
  await page.goto("/");
  await goViaMenu(page, "Utkorg");
  await expect(page.getByRole("heading", { level: 1, name: "Utkorg" })).toBeVisible();
  await expect(page.getByText("Ingen e-postserver är inställd (SMTP_URL): meddelanden stannar här och kan öppnas nedan.")).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: subject });
  await expect(row).toContainText("väntar");
  await expect(row).toContainText("kontakt@forening.example");
  await expectNoAxeViolations(page);

  await page.getByLabel("Status").selectOption("pending");
  await page.getByRole("button", { name: "Visa" }).click();
  await expect(page).toHaveURL(/status=pending/);
  await expect(page.getByRole("row").filter({ hasText: subject })).toBeVisible();

  await row.getByRole("link", { name: subject }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/utkorg/${id}$`));
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  // The reply link is a real link, without the sentence's full stop.
  await expect(page.getByRole("link", { name: "http://127.0.0.1:9/svar/e2e-token" })).toHaveAttribute("href", "http://127.0.0.1:9/svar/e2e-token");
  await expect(page.getByRole("button", { name: "Försök igen" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "besok.ics" }).click();
  expect((await download).suggestedFilename()).toBe("besok.ics");
  const response = await page.request.get(`/admin/utkorg/${id}/bilaga/0`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/calendar");
  expect(response.headers()["content-disposition"]).toContain("attachment");
  expect(await response.text()).toContain("BEGIN:VCALENDAR");
  expect((await page.request.get(`/admin/utkorg/${id}/bilaga/7`)).status()).toBe(404);
  expect((await page.request.get(`/admin/utkorg/finns-inte`)).status()).toBe(404);
});

test("the admin sends a failed message again", async ({ page }) => {
  const subject = `Misslyckad e2e ${Date.now()}`;
  const id = putInOutbox({ subject, text: "Hej", status: "failed", lastError: "ECONNREFUSED connect ECONNREFUSED" });
  await login(page, DEMO.admin);
  await page.goto(`/admin/utkorg/${id}`);
  await expect(page.getByText("misslyckades", { exact: true })).toBeVisible();
  await expect(page.getByText("ECONNREFUSED connect ECONNREFUSED")).toBeVisible();
  await page.getByRole("button", { name: "Försök igen" }).click();
  await expect(page.getByRole("status")).toContainText("Meddelandet ligger i kö och skickas igen.");
  await expect(page.getByText("väntar", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Försök igen" })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("Utkorg works on a 375 px wide screen", async ({ page }) => {
  putInOutbox({ subject: `Smal skärm ${Date.now()}`, text: "Hej https://example.invalid/svar/x" });
  await page.setViewportSize({ width: 375, height: 800 });
  await login(page, DEMO.admin);
  await page.goto("/admin/utkorg");
  await expect(page.getByRole("heading", { level: 1, name: "Utkorg" })).toBeVisible();
  await expectNoAxeViolations(page);
  // The page itself does not scroll sideways; the table scrolls in its own region.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("staff and tour leaders cannot open Utkorg, a message or an attachment", async ({ page }) => {
  const id = putInOutbox({ subject: `Hemlig ${Date.now()}`, text: "Hej" });
  for (const who of [DEMO.staff, DEMO.tourLeader]) {
    await page.context().clearCookies();
    await login(page, who);
    await page.goto("/");
    await expect(menuLink(page, "/admin/utkorg")).toHaveCount(0);
    expect((await page.goto("/admin/utkorg"))?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "Ingen behörighet" })).toBeVisible();
    expect((await page.request.get(`/admin/utkorg/${id}`)).status()).toBe(403);
    expect((await page.request.get(`/admin/utkorg/${id}/bilaga/0`)).status()).toBe(403);
  }
  await expectNoAxeViolations(page);
});
