import type L from "leaflet";

/**
 * Content for Leaflet tooltips and popups, built as DOM nodes from text (CONVENTIONS 16, issue 12).
 * Leaflet puts a string it is given into innerHTML, so an area or topic named
 * `<img src=x onerror=…>` would become an element; a text node never does. Every map's tooltips
 * and imperative popups go through here (react-leaflet's <Popup> children are React text already).
 */

type Child = string | Node | null | undefined | false;

/** An element whose string children become text nodes. */
export function textElement<K extends keyof HTMLElementTagNameMap>(tag: K, className: string | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** A link inside a popup; `onFollow`, when given, handles the click instead of a page load. */
export function textLink(href: string, text: string, onFollow?: (href: string) => void): HTMLAnchorElement {
  const a = textElement("a", null, text);
  a.href = href;
  if (onFollow) {
    a.addEventListener("click", (event) => {
      event.preventDefault();
      onFollow(href);
    });
  }
  return a;
}

/** Binds a tooltip that shows `text` as text. The element is made each time the tooltip opens. */
export function bindTextTooltip(layer: L.Layer, text: string, options?: L.TooltipOptions): L.Layer {
  return layer.bindTooltip(() => textElement("span", null, text), options);
}

/**
 * Binds a popup whose content `build` makes from text and elements (textElement, textLink), fresh
 * each time it opens, so listeners on its links are never added twice.
 */
export function bindTextPopup(layer: L.Layer, build: () => HTMLElement, options?: L.PopupOptions): L.Layer {
  return layer.bindPopup(() => build(), options);
}
