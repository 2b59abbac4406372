import { STOP_STATUSES } from "#db/enums";
import type { MapInvitationState } from "~/domain/map/filters";
import { STATUS_GLYPHS } from "~/components/stops/status-badge";
import { STOP_STATUS_LABELS } from "~/domain/stops/labels";

export const INVITATION_LABELS: Record<MapInvitationState, string> = {
  accepted: "tackat ja",
  declined: "tackat nej",
  invited: "inbjuden, inget svar ännu",
  no_response: "ingen respons",
  bounced: "e-posten studsade",
};

export const INVITATION_GLYPHS: Record<MapInvitationState, string> = {
  accepted: "✓",
  declined: "✕",
  invited: "✉",
  no_response: "–",
  bounced: "!",
};

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
        {(Object.keys(INVITATION_LABELS) as MapInvitationState[]).map((s) => (
          <li key={`inv-${s}`}>
            <span className="area-marker area-marker--never legend__icon" aria-hidden="true">
              <b className={`inv-badge inv-badge--${s}`}>{INVITATION_GLYPHS[s]}</b>
            </span>{" "}
            Område, inbjudan: {INVITATION_LABELS[s]}
          </li>
        ))}
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
