/** The stop page's staffing as it is shown (stop-view.server.ts builds it). Pure types: the page's component reads them too. */

export type StaffingNeedView = { key: string; label: string; count: number; filled: number; confirmed: number };
export type StaffingAssignmentView = {
  id: string;
  name: string;
  hourly: boolean;
  roleLabel: string;
  status: "requested" | "confirmed";
  statusLabel: string;
  /** The answer from the person's calendar to the meeting request (issue 16): "Tackat ja i kalendern" … */
  calendarAnswer: string | null;
};
export type StopStaffingView = {
  stopId: string;
  needs: StaffingNeedView[];
  missing: number;
  assignments: StaffingAssignmentView[];
  /** Clashes (conflictMessage), then over-staffing (overStaffedMessage): what to look over. */
  conflicts: string[];
};
/** What the logged-in person may do on the stop themself. */
export type PersonalStaffingView = {
  assignment: { roleLabel: string; statusLabel: string } | null;
  canWithdraw: boolean;
  signUp: { ok: true; roleLabel: string } | { ok: false; message: string; otherStop: { id: string; title: string } | null };
  cutoffHours: number;
  closed: boolean;
};
/** The tour leader's "Boka personal": each role with the qualified people not yet on the stop. */
export type AssignView = {
  roles: { key: string; label: string; count: number; filled: number; people: { id: string; name: string; hourly: boolean }[] }[];
};
