import type L from "leaflet";
import { useEffect, useRef } from "react";
import { useMap } from "react-leaflet";

/**
 * Fits the bounds (the municipality) once the map is in the page with its final size. The size
 * Leaflet measures while creating the map can be off on a phone, and the boundary would not fit.
 * Only once per map: a revalidated loader must not undo the user's own zooming and panning.
 */
export function FitBounds({ bounds }: { bounds: L.LatLngBounds | undefined }) {
  const map = useMap();
  const fitted = useRef(false);
  useEffect(() => {
    if (!bounds || fitted.current) return;
    fitted.current = true;
    map.invalidateSize();
    // Only when the municipality does not fit already: a refit loads every tile again.
    if (!map.getBounds().contains(bounds)) map.fitBounds(bounds, { padding: [8, 8], animate: false });
  }, [map, bounds]);
  return null;
}
