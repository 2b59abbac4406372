import { lazy } from "react";
import { ClientMapRegion } from "~/components/map/client-map-region";
import type { ReportMapProps } from "./report-map.client";

const ReportMap = lazy(() => import("./report-map.client"));

/** The report's map, rendered only in the browser, with its legend. */
export function ReportMapClientOnly({ label, ...props }: ReportMapProps & { label: string }) {
  return (
    <div className="map-with-legend report-map-region">
      <ClientMapRegion label={label} placeholder="Kartan laddas … Samma siffror finns i tabellerna över områden och ämnen.">
        {() => <ReportMap {...props} />}
      </ClientMapRegion>
      <div className="legend" role="group" aria-label="Teckenförklaring till kartan">
        <h3 className="legend__title">Teckenförklaring</h3>
        <ul>
          <li>
            <span className="report-legend report-legend--reached" aria-hidden="true" /> Område som nåtts (genomfört stopp)
          </li>
          <li>
            <span className="report-legend report-legend--not-reached" aria-hidden="true" /> Område som inte nåtts
          </li>
          <li>
            <span className="report-legend report-legend--spot" aria-hidden="true" /> Frågor om området: ju större cirkel, desto fler frågor
          </li>
        </ul>
        <p className="hint">Peka på en punkt för namn och antal.</p>
      </div>
    </div>
  );
}
