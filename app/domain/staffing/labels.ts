import type { AbsenceKind, AssignmentStatus } from "#db/enums";
import { formatIsoDate, formatPeriod } from "~/utils/dates";
import type { OverStaffed, Refusal, StaffConflict } from "./rules";

export const ABSENCE_KIND_LABELS: Record<AbsenceKind, string> = {
  leave: "Ledighet",
  vacation: "Semester",
  other: "Annan frånvaro",
};

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  requested: "Anmäld, väntar på bekräftelse",
  confirmed: "Bekräftad",
};

/** The answer from a person's calendar to the stop's meeting request (issue 16). */
export function calendarAnswerLabel(partstat: "ACCEPTED" | "DECLINED" | "TENTATIVE" | null): string | null {
  switch (partstat) {
    case "ACCEPTED":
      return "Tackat ja i kalendern";
    case "DECLINED":
      return "Tackat nej i kalendern";
    case "TENTATIVE":
      return "Preliminärt i kalendern";
    default:
      return null;
  }
}

/** Why a sign-up was refused, as the person reads it. */
export function refusalMessage(refusal: Refusal): string {
  switch (refusal.reason) {
    case "closed":
      return "Stoppet är inställt eller redan genomfört.";
    case "too_late":
      return `Det är för sent att anmäla sig: anmälan stänger ${refusal.cutoffHours} timmar före start. Kontakta turnéledaren.`;
    case "already":
      return "Du är redan anmäld till det här stoppet.";
    case "not_needed":
      return "Stoppet behöver ingen med din funktion eller svarsgrupp.";
    case "full":
      return "Stoppet är fullt: alla platser för din funktion eller svarsgrupp är redan tagna.";
    case "absent":
      return `Du är frånvarande då (${formatIsoDate(refusal.startsOn)}${refusal.endsOn !== refusal.startsOn ? ` – ${formatIsoDate(refusal.endsOn)}` : ""}).`;
    case "booked_elsewhere":
      return `Du är redan bokad på ”${refusal.title}” (${formatPeriod(refusal.startsAt, refusal.endsAt)}), som krockar med det här stoppet när restiden räknas med.`;
  }
}

/** A clash as the tour leader reads it. `names` maps user ids to names. */
export function conflictMessage(conflict: StaffConflict, names: Map<string, string>): string {
  switch (conflict.kind) {
    case "double_booking":
      return `${names.get(conflict.userId) ?? "Någon"} är dubbelbokad: även på ”${conflict.otherTitle}”${
        conflict.gapMinutes >= 0 ? ` (bara ${conflict.gapMinutes} min emellan)` : " samtidigt"
      }.`;
    case "absence":
      return `${names.get(conflict.userId) ?? "Någon"} är frånvarande ${formatIsoDate(conflict.startsOn)}${
        conflict.endsOn !== conflict.startsOn ? ` – ${formatIsoDate(conflict.endsOn)}` : ""
      }.`;
  }
}

/** Over-staffing as the tour leader reads it: "överbemannat", never a clash. `roles` maps role keys to labels. */
export function overStaffedMessage(o: OverStaffed, roles: Map<string, string>): string {
  const role = roles.get(o.role) ?? o.role;
  return o.count === 0
    ? `Överbemannat: ${o.assigned} ${role} bokade, men stoppet behöver ingen.`
    : `Överbemannat: ${o.assigned} ${role} bokade, behovet är ${o.count}.`;
}
