import type { StopStatus } from "#db/enums";
import { STOP_STATUS_LABELS } from "~/domain/stops/labels";

/** Glyph + text, so the status never depends on colour alone. The same glyphs mark the map. */
export const STATUS_GLYPHS: Record<StopStatus, string> = {
  proposed: "?",
  planned: "P",
  confirmed: "✓",
  held: "★",
  cancelled: "✕",
};

export function StatusBadge({ status }: { status: StopStatus }) {
  return (
    <span className={`status-badge status-badge--${status}`}>
      <span aria-hidden="true">{`${STATUS_GLYPHS[status]} `}</span>
      {STOP_STATUS_LABELS[status]}
    </span>
  );
}
