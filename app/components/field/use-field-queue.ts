/**
 * The field page's view of the offline queue: what waits, whether the session has expired, and
 * the sync loop (on load, when the browser comes back online, every 30 s, and when a retry is due).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { listQueue, onQueueChange, syncQueue, type QueuedQuestion, type SyncOutcome } from "~/field-client/queue";

export const SYNC_INTERVAL_MS = 30_000;

export type QueueState = {
  ready: boolean;
  items: QueuedQuestion[];
  needsLogin: boolean;
  forbidden: string | null;
  online: boolean;
  syncing: boolean;
  lastSentCount: number;
};

export function useFieldQueue(onSent: (count: number) => void) {
  const [state, setState] = useState<QueueState>({
    ready: false,
    items: [],
    needsLogin: false,
    forbidden: null,
    online: true,
    syncing: false,
    lastSentCount: 0,
  });
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onSentRef = useRef(onSent);
  onSentRef.current = onSent;

  const refresh = useCallback(async () => {
    try {
      const items = await listQueue();
      setState((s) => ({ ...s, ready: true, items }));
    } catch {
      setState((s) => ({ ...s, ready: true }));
    }
  }, []);

  const sync = useCallback(
    async (force = false) => {
      setState((s) => ({ ...s, syncing: true }));
      let outcome: SyncOutcome;
      try {
        outcome = await syncQueue({ force });
      } catch {
        setState((s) => ({ ...s, syncing: false }));
        return;
      }
      setState((s) => ({
        ...s,
        syncing: false,
        needsLogin: outcome.login,
        forbidden: outcome.forbidden,
        lastSentCount: outcome.sent || s.lastSentCount,
      }));
      if (retryTimer.current) clearTimeout(retryTimer.current);
      if (outcome.nextAttemptAt !== null && !outcome.login) {
        retryTimer.current = setTimeout(() => void sync(), Math.max(500, outcome.nextAttemptAt - Date.now()));
      }
      if (outcome.sent) onSentRef.current(outcome.sent);
      await refresh();
    },
    [refresh],
  );

  useEffect(() => {
    const off = onQueueChange(() => void refresh());
    const goOnline = () => {
      setState((s) => ({ ...s, online: true }));
      void sync(true);
    };
    const goOffline = () => setState((s) => ({ ...s, online: false }));
    window.addEventListener("online", goOnline);
    window.addEventListener("offline", goOffline);
    setState((s) => ({ ...s, online: navigator.onLine }));
    void refresh().then(() => sync(true));
    const interval = setInterval(() => void sync(), SYNC_INTERVAL_MS);
    return () => {
      off();
      window.removeEventListener("online", goOnline);
      window.removeEventListener("offline", goOffline);
      clearInterval(interval);
      if (retryTimer.current) clearTimeout(retryTimer.current);
    };
  }, [refresh, sync]);

  return { ...state, sync, refresh };
}
