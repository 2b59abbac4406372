import { lazy, Suspense } from "react";
import type { AreasMapProps } from "./areas-map.client";
import { ClientOnly } from "./client-only";

const AreasMap = lazy(() => import("./areas-map.client"));

/**
 * The areas map, rendered only in the browser. Before it loads, and without JavaScript,
 * a box of the same size says where to find the same information.
 */
export function AreasMapClientOnly({ label, ...props }: AreasMapProps & { label: string }) {
  const fallback = (
    <div className="map map--placeholder">
      <p>Kartan laddas … Samma uppgifter finns i tabellen.</p>
    </div>
  );
  return (
    <section className="map-region" aria-label={label}>
      <ClientOnly fallback={fallback}>
        {() => (
          <Suspense fallback={fallback}>
            <AreasMap {...props} />
          </Suspense>
        )}
      </ClientOnly>
    </section>
  );
}
