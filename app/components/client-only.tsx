import { useSyncExternalStore, type ReactNode } from "react";

const subscribe = () => () => {};

/** True only after hydration in the browser; false during server rendering. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/** Renders children only in the browser (e.g. Leaflet, which needs `window`), with a fallback before. */
export function ClientOnly({ children, fallback = null }: { children: () => ReactNode; fallback?: ReactNode }) {
  return useHydrated() ? <>{children()}</> : <>{fallback}</>;
}
