import { Suspense, type ReactNode } from "react";
import { ClientOnly } from "~/components/client-only";

/**
 * A labelled region holding a Leaflet map that renders only in the browser (Leaflet needs
 * `window`; the map component is loaded lazily). Before it loads, and without JavaScript, a box
 * of the same size says where the same information is on the page.
 */
export function ClientMapRegion({ label, placeholder, children }: { label: string; placeholder: string; children: () => ReactNode }) {
  const fallback = (
    <div className="map map--placeholder">
      <p>{placeholder}</p>
    </div>
  );
  return (
    <section className="map-region" aria-label={label}>
      <ClientOnly fallback={fallback}>{() => <Suspense fallback={fallback}>{children()}</Suspense>}</ClientOnly>
    </section>
  );
}
