/**
 * The field page's view of the offline queue: what waits, whether the session has expired, the
 * connection as far as the page can tell, and the sync loop (on load, when the browser comes back
 * online, every 30 s, when a retry is due, and when the user presses "Skicka nu").
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { listQueue, onQueueChange, syncQueue, type QueuedQuestion, type SyncOutcome } from "~/field-client/queue";

export const SYNC_INTERVAL_MS = 30_000;

/** Where the last successful send's time is kept, so "Senast skickat" survives a reload. */
const LAST_SENT_KEY = "rullarut-falt:senast-skickat";

/**
 * "online": the browser says so and no send has failed since; "offline": the browser says there is
 * no network; "unreachable": the browser thinks it is online but a send got no answer (a captive
 * portal, a dead access point, the server down). Learned from navigator.onLine, the online and
 * offline events, and every send the queue makes (issue 13).
 */
export type Connection = "online" | "offline" | "unreachable";

export type QueueState = {
  ready: boolean;
  items: QueuedQuestion[];
  needsLogin: boolean;
  forbidden: string | null;
  connection: Connection;
  syncing: boolean;
  /** When a question last left the queue on this device (ms since epoch), or null. */
  lastSentAt: number | null;
};

function readLastSent(): number | null {
  try {
    const value = Number(window.localStorage.getItem(LAST_SENT_KEY));
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

function writeLastSent(at: number) {
  try {
    window.localStorage.setItem(LAST_SENT_KEY, String(at));
  } catch {
    // Storage refused (private mode, full): the time is still shown until the page is left.
  }
}

/** What a sync round tells about the connection; unchanged when it sent nothing. */
function connectionAfter(outcome: SyncOutcome, before: Connection): Connection {
  if (outcome.reached) return "online";
  if (outcome.unreachable) return navigator.onLine ? "unreachable" : "offline";
  return before;
}

export function useFieldQueue(onSent: (count: number) => void) {
  const [state, setState] = useState<QueueState>({
    ready: false,
    items: [],
    needsLogin: false,
    forbidden: null,
    connection: "online",
    syncing: false,
    lastSentAt: null,
  });
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onSentRef = useRef(onSent);
  onSentRef.current = onSent;

  const refresh = useCallback(async () => {
    try {
      const items = await listQueue();
      setState((s) => ({
        ...s,
        ready: true,
        items,
        // Nothing left to learn from: with an empty queue, go by what the browser says.
        connection: s.connection === "unreachable" && !items.some((i) => i.state === "waiting") ? (navigator.onLine ? "online" : "offline") : s.connection,
      }));
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
      const sentAt = outcome.sent ? Date.now() : null;
      if (sentAt) writeLastSent(sentAt);
      setState((s) => ({
        ...s,
        syncing: false,
        needsLogin: outcome.login,
        forbidden: outcome.forbidden,
        connection: connectionAfter(outcome, s.connection),
        lastSentAt: sentAt ?? s.lastSentAt,
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
      setState((s) => ({ ...s, connection: "online" }));
      void sync(true);
    };
    const goOffline = () => setState((s) => ({ ...s, connection: "offline" }));
    window.addEventListener("online", goOnline);
    window.addEventListener("offline", goOffline);
    setState((s) => ({ ...s, connection: navigator.onLine ? "online" : "offline", lastSentAt: readLastSent() }));
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

export type FieldQueue = ReturnType<typeof useFieldQueue>;
