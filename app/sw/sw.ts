/// <reference lib="webworker" />
/**
 * The service worker of the field page (issue 6, ADR 016). Built by scripts/build-sw.mjs after the
 * client build into <build>/client/sw.js, with the list of that build's files injected.
 * - Precaches the app shell: the client build's JS and CSS (hashed names), icons, manifest.
 * - /falt navigations: network first, the last good copy as the offline fallback.
 * Other routes are left to the network: only the field page must work offline.
 */
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, precacheAndRoute } from "workbox-precaching";
import { registerRoute } from "workbox-routing";
import { NetworkFirst } from "workbox-strategies";

declare const self: ServiceWorkerGlobalScope;
declare const __PRECACHE_MANIFEST__: { url: string; revision: string | null }[];

export const FIELD_PAGE = "/falt";
const PAGE_CACHE = "rullarut-falt-sida";

self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(__PRECACHE_MANIFEST__);

const matchOptions = { ignoreVary: true };

registerRoute(
  ({ request, url }) => request.mode === "navigate" && url.origin === self.location.origin && url.pathname === FIELD_PAGE,
  new NetworkFirst({
    cacheName: PAGE_CACHE,
    networkTimeoutSeconds: 6,
    matchOptions,
    plugins: [
      {
        // Keep only the real page, never a redirect to the login page or an error page.
        cacheWillUpdate: async ({ response }) => (response.ok && !response.redirected ? response : null),
        // One copy of the page, whatever its query string.
        cacheKeyWillBeUsed: async () => FIELD_PAGE,
      },
    ],
  }),
);

/** The first visit was rendered before this worker existed: fetch the page once more and keep it. */
async function cacheFieldPage(): Promise<boolean> {
  try {
    const response = await fetch(FIELD_PAGE, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok || response.redirected) return false;
    await (await caches.open(PAGE_CACHE)).put(FIELD_PAGE, response);
    return true;
  } catch {
    return false;
  }
}

self.addEventListener("message", (event) => {
  if ((event.data as { type?: string } | null)?.type !== "cache-field-page") return;
  event.waitUntil(
    (async () => {
      const cached = (await caches.open(PAGE_CACHE).then((c) => c.match(FIELD_PAGE, matchOptions))) !== undefined;
      const ok = cached || (await cacheFieldPage());
      event.source?.postMessage({ type: "field-page-cached", ok });
    })(),
  );
});
