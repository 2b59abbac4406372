import { useEffect, useState } from "react";

/**
 * Fetches a map's points as JSON once the map has loaded (the page itself stays small; ADR 011).
 * A new URL aborts the previous request. `error` is set when the request fails.
 */
export function useMapData<T>(url: string): { data: T | null; error: string | null } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
      .then((r) => {
        if (!r.ok) throw new Error(String(r.status));
        return r.json() as Promise<T>;
      })
      .then(setData)
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => controller.abort();
  }, [url]);
  return { data, error };
}
