import { lazy } from "react";
import type { AreasMapProps } from "./areas-map.client";
import { ClientMapRegion } from "./client-map-region";

const AreasMap = lazy(() => import("./areas-map.client"));

/** The areas map, rendered only in the browser. */
export function AreasMapClientOnly({ label, ...props }: AreasMapProps & { label: string }) {
  return (
    <ClientMapRegion label={label} placeholder="Kartan laddas … Samma uppgifter finns i tabellen.">
      {() => <AreasMap {...props} />}
    </ClientMapRegion>
  );
}
