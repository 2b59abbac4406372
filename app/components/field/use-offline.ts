/** The field page's offline readiness (ADR 016): the service worker keeps the page, the browser keeps the queue. */
import { useEffect, useState } from "react";

/** Registers the service worker and asks it to keep this page for offline use. */
export function useOfflineReady() {
  const [state, setState] = useState<"unknown" | "ready" | "unsupported" | "failed">("unknown");
  useEffect(() => {
    if (!("serviceWorker" in navigator)) {
      setState("unsupported");
      return;
    }
    const sw = navigator.serviceWorker;
    const onMessage = (event: MessageEvent) => {
      const msg = event.data as { type?: string; ok?: boolean } | null;
      if (msg?.type === "field-page-cached") setState(msg.ok ? "ready" : "failed");
    };
    sw.addEventListener("message", onMessage);
    sw.startMessages();
    sw.register("/sw.js", { scope: "/" })
      .then(() => sw.ready)
      .then((registration) => registration.active?.postMessage({ type: "cache-field-page" }))
      .catch(() => setState("failed"));
    return () => sw.removeEventListener("message", onMessage);
  }, []);
  return state;
}

/** Asks the browser to keep the queue even when the device runs low on space. */
export function usePersistentStorage() {
  const [state, setState] = useState<"unknown" | "granted" | "refused" | "unsupported">("unknown");
  useEffect(() => {
    const storage = navigator.storage;
    if (!storage?.persist) {
      setState("unsupported");
      return;
    }
    void (async () => {
      try {
        const granted = (await storage.persisted()) || (await storage.persist());
        setState(granted ? "granted" : "refused");
      } catch {
        setState("refused");
      }
    })();
  }, []);
  return state;
}
