import { lazy } from "react";
import { ClientMapRegion } from "./client-map-region";
import type { TourMapProps } from "./tour-map.client";

const TourMap = lazy(() => import("./tour-map.client"));

/** The tour map, rendered only in the browser. */
export function TourMapClientOnly({ label, ...props }: TourMapProps & { label: string }) {
  return (
    <ClientMapRegion label={label} placeholder="Kartan laddas … Samma stopp finns i tabellen nedanför.">
      {() => <TourMap {...props} />}
    </ClientMapRegion>
  );
}
