import { STOP_STATUSES } from "#db/enums";
import { STATUS_GLYPHS } from "~/components/stops/status-badge";
import { STOP_STATUS_LABELS } from "~/domain/stops/labels";

/** The map's legend: each state has its own shape or symbol and a text, never colour alone. */
export function MapLegend() {
  return (
    <div className="legend" aria-label="Teckenförklaring" role="group">
      <h2 className="legend__title">Teckenförklaring</h2>
      <ul>
        <li>
          <span className="area-marker area-marker--never legend__icon" aria-hidden="true" /> Område, aldrig besökt
        </li>
        <li>
          <span className="area-marker area-marker--visited legend__icon" aria-hidden="true">
            <span>17</span>
          </span>{" "}
          Område, besökt (siffran är året, t.ex. 17 = 2017)
        </li>
        {STOP_STATUSES.map((s) => (
          <li key={s}>
            <span className={`stop-marker stop-marker--${s} legend__icon`} aria-hidden="true">
              <span>{STATUS_GLYPHS[s]}</span>
            </span>{" "}
            Stopp: {STOP_STATUS_LABELS[s].toLowerCase()}
          </li>
        ))}
      </ul>
    </div>
  );
}
