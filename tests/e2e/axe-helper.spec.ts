/**
 * The axe check every page test relies on must be able to fail: it finds violations in a page that
 * has them, sees a change made to the same document after its first check (axe is put into each
 * document once), and starts afresh after a navigation.
 */
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "../support/axe";

const BROKEN = `<!doctype html><html lang="sv"><head><title>Trasig</title></head><body><main>
  <h1>Trasig sida</h1>
  <p style="color:#bbb;background:#fff">Svag text</p>
  <input type="text" id="namn">
</main></body></html>`;

test("the axe check finds violations, sees later changes to the document, and works after a navigation", async ({ page }) => {
  await page.setContent(BROKEN);
  const first = await expectNoAxeViolations(page).then(
    () => "",
    (error: Error) => error.message,
  );
  expect(first).toContain("color-contrast");
  expect(first).toContain("label");

  // The same document, mended: the second check reuses the axe already in the page.
  await page.evaluate(() => {
    document.querySelector("p")!.setAttribute("style", "color:#222;background:#fff");
    document.querySelector("input")!.setAttribute("aria-label", "Namn");
  });
  await expectNoAxeViolations(page);

  // A new document has no axe until the check puts it there again.
  await page.setContent(BROKEN);
  await expect(expectNoAxeViolations(page)).rejects.toThrow(/color-contrast/);
});
