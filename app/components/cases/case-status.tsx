import type { CaseStatus } from "#db/enums";
import { CASE_STATUS_LABELS } from "~/domain/cases/labels";

/** The case's status as text with a border style per status (never colour alone). */
export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  return <span className={`case-status case-status--${status}`}>{CASE_STATUS_LABELS[status]}</span>;
}
