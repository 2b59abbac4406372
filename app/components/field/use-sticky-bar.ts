import { useCallback, useEffect, useRef } from "react";

/**
 * Keeps the focused field clear of the sticky save bar (WCAG 2.2 SC 2.4.11, issue 13). The page's
 * scroll-padding-bottom (app.css) does most of it; this keeps --field-actions-height equal to the
 * bar's real height (text zoom can make it taller), and scrolls a focused field that still ends
 * under the bar fully into view: for a textarea the browser only brings the caret line into view.
 */
export function useStickyBar() {
  const barRef = useRef<HTMLElement | null>(null);
  const observer = useRef<ResizeObserver | null>(null);
  useEffect(() => {
    // Only focus moved by the keyboard: a tap on a field partly behind the bar must not scroll the
    // page between the finger going down and coming up (the tap would land on something else).
    let byPointer = false;
    const onPointerDown = () => {
      byPointer = true;
    };
    const onKeyDown = () => {
      byPointer = false;
    };
    const onFocusIn = (event: FocusEvent) => {
      const bar = barRef.current;
      const target = event.target;
      if (byPointer || !bar || !(target instanceof HTMLElement) || bar.contains(target)) return;
      // Only what comes before the bar can be under it.
      if (!(target.compareDocumentPosition(bar) & Node.DOCUMENT_POSITION_FOLLOWING)) return;
      if (target.getBoundingClientRect().bottom > bar.getBoundingClientRect().top) target.scrollIntoView({ block: "nearest" });
    };
    document.addEventListener("pointerdown", onPointerDown, true);
    document.addEventListener("keydown", onKeyDown, true);
    document.addEventListener("focusin", onFocusIn);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown, true);
      document.removeEventListener("keydown", onKeyDown, true);
      document.removeEventListener("focusin", onFocusIn);
      observer.current?.disconnect();
      document.documentElement.style.removeProperty("--field-actions-height");
    };
  }, []);
  // A callback ref: the bar is inside the form, which is remounted after every save.
  return useCallback((bar: HTMLElement | null) => {
    barRef.current = bar;
    observer.current?.disconnect();
    if (!bar || typeof ResizeObserver === "undefined") return;
    observer.current = new ResizeObserver(() => document.documentElement.style.setProperty("--field-actions-height", `${bar.offsetHeight}px`));
    observer.current.observe(bar);
  }, []);
}
