import { lazy, Suspense } from "react";
import { ClientOnly } from "./client-only";
import type { TourMapProps } from "./tour-map.client";

const TourMap = lazy(() => import("./tour-map.client"));

export function TourMapClientOnly({ label, ...props }: TourMapProps & { label: string }) {
  const fallback = (
    <div className="map map--placeholder">
      <p>Kartan laddas … Samma stopp finns i tabellen nedanför.</p>
    </div>
  );
  return (
    <section className="map-region" aria-label={label}>
      <ClientOnly fallback={fallback}>
        {() => (
          <Suspense fallback={fallback}>
            <TourMap {...props} />
          </Suspense>
        )}
      </ClientOnly>
    </section>
  );
}
