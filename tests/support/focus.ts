import { expect, type Page } from "@playwright/test";

type Box = { x: number; y: number; width: number; height: number };

export type FocusStop = {
  /** "textarea#falt-1-question «Frågan»": tag, id and accessible-ish name, for the failure message. */
  element: string;
  box: Box;
  /** The sticky element's box at that moment, or null when it is not on screen. */
  sticky: Box | null;
  obscured: boolean;
};

function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * WCAG 2.2 SC 2.4.11 Focus Not Obscured, checked strictly: presses Tab through every element of
 * the page's tab order (once round, wherever the focus starts) and asserts that no focused
 * element's box overlaps the sticky element's box (a save bar, a sticky header). Elements inside
 * the sticky element are skipped: they cannot be hidden by it. Returns the focus stops visited, so
 * a test can also assert that the fields it cares about were among them.
 */
export async function expectFocusNotObscured(page: Page, stickySelector: string, options: { maxTabs?: number } = {}): Promise<FocusStop[]> {
  const maxTabs = options.maxTabs ?? 250;
  const marker = `data-focus-check-${Date.now().toString(36)}`;
  const stops: FocusStop[] = [];
  let outsidePage = 0;
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press("Tab");
    const seen = await page.evaluate(
      ({ selector, marker }) => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body || el === document.documentElement) return { kind: "none" as const };
        if (el.hasAttribute(marker)) return { kind: "again" as const };
        el.setAttribute(marker, "");
        const sticky = document.querySelector(selector);
        if (sticky?.contains(el)) return { kind: "sticky" as const };
        const rect = (e: Element): Box => {
          const r = e.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        };
        const label =
          el.getAttribute("aria-label") ??
          (el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent : null) ??
          el.closest("label")?.textContent ??
          el.textContent ??
          "";
        const stickyBox = sticky ? rect(sticky) : null;
        return {
          kind: "element" as const,
          element: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${"type" in el && el.type ? `[${String(el.type)}]` : ""} «${label.trim().replace(/\s+/g, " ").slice(0, 60)}»`,
          box: rect(el),
          sticky: stickyBox && stickyBox.width > 0 && stickyBox.height > 0 ? stickyBox : null,
        };
      },
      { selector: stickySelector, marker },
    );
    if (seen.kind === "again") break;
    if (seen.kind === "none") {
      // Tab leaves the page once (to the browser's own controls) before the order starts over.
      if (++outsidePage > 2) break;
      continue;
    }
    if (seen.kind === "sticky") continue;
    stops.push({ element: seen.element, box: seen.box, sticky: seen.sticky, obscured: seen.sticky ? intersects(seen.box, seen.sticky) : false });
  }
  await page.evaluate((marker) => {
    for (const el of document.querySelectorAll(`[${marker}]`)) el.removeAttribute(marker);
  }, marker);

  expect(stops.length, "Tab reached no focusable element outside the sticky element").toBeGreaterThan(0);
  const obscured = stops
    .filter((s) => s.obscured)
    .map(
      (s) =>
        `${s.element} at y=${Math.round(s.box.y)}–${Math.round(s.box.y + s.box.height)}, under ${stickySelector} at y=${Math.round(s.sticky!.y)}–${Math.round(s.sticky!.y + s.sticky!.height)}`,
    );
  expect(obscured, `focused elements hidden (partly or wholly) by ${stickySelector} at ${page.viewportSize()?.width}×${page.viewportSize()?.height}`).toEqual(
    [],
  );
  return stops;
}
