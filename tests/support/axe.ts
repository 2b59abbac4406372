import fs from "node:fs";
import { createRequire } from "node:module";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** axe-core's browser bundle, read once per test worker. */
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: 2.1 AA is what Swedish law requires of public-sector services; 2.2 AA is the level we hold ourselves to. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export async function expectNoAxeViolations(page: Page, options: { exclude?: string[] } = {}) {
  // Check the page as a person meets it: loaded and hydrated (html[data-hydrated], set by the root
  // layout), with its lazily loaded maps in place, not half-way through a render. Without
  // JavaScript (Remix's inline script never ran) the page is as it will stay once loaded.
  await page.waitForLoadState("load");
  const scripted = await page.evaluate(() => "__remixContext" in window).catch(() => false);
  if (scripted) {
    await page
      .waitForFunction(() => document.documentElement.hasAttribute("data-hydrated") && !document.querySelector(".map--placeholder"), null, {
        timeout: 5_000,
      })
      .catch(() => undefined);
  }
  // Nor half-way through a transition: Leaflet fades its popups and markers in, and axe measured
  // a link's contrast against a half-transparent background (a flaky color-contrast failure on
  // /har-finns-vi). Finite animations are awaited, for at most two seconds; endless ones are not.
  await page
    .evaluate(() =>
      Promise.race([
        Promise.all(
          document
            .getAnimations()
            .filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity))
            .map((a) => a.finished.catch(() => undefined)),
        ),
        new Promise((resolve) => setTimeout(resolve, 2_000)),
      ]),
    )
    .catch(() => undefined);
  // axe goes into each document once: AxeBuilder evaluates its 550 kB source twice per check, which
  // costs more than the checks themselves on a busy machine. So it gets a no-op as its source and
  // finds the axe put there by the first check of this document (a navigation gives a new one).
  if (!(await page.evaluate(() => typeof (window as { axe?: { run?: unknown } }).axe?.run === "function"))) {
    await page.evaluate(AXE_SOURCE);
  }
  // Legacy mode runs axe.run() in the page itself: the pages have no cross-origin frames, and the
  // default (finishRun in a blank page of its own) costs a page per check. Only violations are
  // wanted, so axe does not describe every passing node.
  // (options() replaces what withTags() set, so it comes first.)
  let builder = new AxeBuilder({ page, axeSource: ";" })
    .options({ resultTypes: ["violations"] })
    .withTags(WCAG_TAGS)
    .setLegacyMode(true);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
  expect(summary, `axe found WCAG violations on ${page.url()}`).toEqual([]);
}

/** No axe violations in the state the page is in, on a desktop and on a 375 px phone; the viewport is put back. */
export async function axeAtBothWidths(page: Page) {
  const size = page.viewportSize();
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoAxeViolations(page);
  }
  if (size) await page.setViewportSize(size);
}
