/**
 * Leaflet in Swedish (issue 13, point 8): its popups' close button says "Close popup" to screen
 * readers. Imported for its effect by every module that makes a map, so no English is left.
 * Browser only (Leaflet needs `window`).
 */
import L from "leaflet";

type PopupInternals = { _closeButton?: HTMLElement; _initLayout: () => void };

const proto = L.Popup.prototype as unknown as PopupInternals & { __rullarutSv?: boolean };
if (!proto.__rullarutSv) {
  const initLayout = proto._initLayout;
  proto._initLayout = function (this: PopupInternals) {
    initLayout.call(this);
    const close = this._closeButton;
    if (close) {
      close.setAttribute("aria-label", "Stäng");
      close.setAttribute("title", "Stäng");
    }
  };
  proto.__rullarutSv = true;
}
