import type { BrowserContext, Route } from "@playwright/test";

/**
 * Offline as the device would be. context.setOffline does not reach the service worker's own
 * fetches in Chromium, so a reload "offline" could still load /falt over the network (and the
 * page's queue sync slip through). Refusing every request of the context as well makes the
 * service worker fall back to its cache, as it must without a network.
 */
const OFFLINE = (route: Route) => route.abort("internetdisconnected");

export async function goOffline(context: BrowserContext) {
  await context.setOffline(true);
  await context.route("**/*", OFFLINE);
}

export async function goOnline(context: BrowserContext) {
  await context.unroute("**/*", OFFLINE);
  await context.setOffline(false);
}
