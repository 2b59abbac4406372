import type { InvitationKind, InvitationStatus } from "#db/enums";
import { todayInStockholm } from "~/utils/dates";

export const INVITATION_KIND_LABELS: Record<InvitationKind, string> = {
  info_evening: "Inbjudan till informationskväll",
  visit_offer: "Erbjudande om besök",
};

/** What the status board shows: the stored status, plus two states derived from dates. */
export const BOARD_STATES = ["draft", "sent", "opened", "accepted", "declined", "no_response", "expired", "bounced", "revoked"] as const;
export type BoardState = (typeof BOARD_STATES)[number];

export const BOARD_STATE_LABELS: Record<BoardState, string> = {
  draft: "utkast",
  sent: "skickad",
  opened: "öppnad",
  accepted: "tackat ja",
  declined: "tackat nej",
  no_response: "ingen respons",
  expired: "utgången",
  bounced: "studsade",
  revoked: "återkallad",
};

/**
 * sent/opened become "utgången" when the link has expired, else "ingen respons" once the
 * reply deadline (a Stockholm date, inclusive) has passed.
 */
export function boardState(invitation: { status: InvitationStatus; tokenExpiresAt: Date | null }, deadline: string, now = new Date()): BoardState {
  const { status } = invitation;
  if (status !== "sent" && status !== "opened") return status;
  if (invitation.tokenExpiresAt && invitation.tokenExpiresAt.getTime() <= now.getTime()) return "expired";
  if (todayInStockholm(now) > deadline) return "no_response";
  return status;
}

/** Answers may be given or changed until the end of the deadline date, Swedish time. */
export function isOpenForReplies(deadline: string, now = new Date()): boolean {
  return todayInStockholm(now) <= deadline;
}

/** "1 organisation", "3 organisationer": numbers agree with their noun on the invitation pages. */
export function organizationCount(n: number): string {
  return `${n} ${n === 1 ? "organisation" : "organisationer"}`;
}

/** "1 e-postadress", "2 e-postadresser". */
export function emailAddressCount(n: number): string {
  return `${n} ${n === 1 ? "e-postadress" : "e-postadresser"}`;
}
