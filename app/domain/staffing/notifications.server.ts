/**
 * E-mails to staff about their bookings, queued in the outbox inside the transaction that makes
 * the change: assigned, taken off, confirmed, and the stop's time or place changed or cancelled.
 * The tour leaders hear when someone withdraws, so the gap can be filled.
 */
import { and, eq } from "drizzle-orm";
import { advisorFunctions, answerGroups, areas, stopAssignments, stops, users } from "#db/schema";
import type { Db } from "~/db.server";
import { enqueueEmail } from "~/domain/email/outbox.server";
import { recordNotice } from "~/domain/notices/notices.server";
import { formatPeriod } from "~/utils/dates";
import { parseRoleKey, type RoleKey } from "./rules";

type Tx = Pick<Db, "select" | "insert" | "update">;

export type StaffNoticeKind = "assigned" | "unassigned" | "confirmed" | "changed" | "cancelled";

const SUBJECTS: Record<StaffNoticeKind, (title: string) => string> = {
  assigned: (t) => `Du är bokad: ${t}`,
  unassigned: (t) => `Du är inte längre bokad: ${t}`,
  confirmed: (t) => `Din anmälan är bekräftad: ${t}`,
  changed: (t) => `Ändrad tid eller plats: ${t}`,
  cancelled: (t) => `Inställt: ${t}`,
};

function roleTitle(tx: Tx, role: RoleKey | undefined): string | null {
  const ref = role ? parseRoleKey(role) : null;
  if (!ref) return null;
  if (ref.functionCode) {
    return tx.select({ t: advisorFunctions.advisorTitle }).from(advisorFunctions).where(eq(advisorFunctions.code, ref.functionCode)).get()?.t ?? null;
  }
  const g = tx.select({ n: answerGroups.name }).from(answerGroups).where(eq(answerGroups.code, ref.groupCode!)).get();
  return g ? `kommunvägledare ${g.n}` : null;
}

function stopFacts(tx: Tx, stopId: string) {
  return tx
    .select({
      tourId: stops.tourId,
      title: stops.title,
      startsAt: stops.startsAt,
      endsAt: stops.endsAt,
      venueName: stops.venueName,
      venueAddress: stops.venueAddress,
      areaName: areas.name,
    })
    .from(stops)
    .leftJoin(areas, eq(areas.id, stops.areaId))
    .where(eq(stops.id, stopId))
    .get();
}

/** Queues one e-mail to one staff member about one stop. Does nothing for inactive users. */
export function queueStaffNotice(
  tx: Tx,
  notice: { kind: StaffNoticeKind; stopId: string; userId: string; role?: RoleKey; origin?: string; changes?: string[] },
): void {
  const person = tx.select({ email: users.email, name: users.name, active: users.active }).from(users).where(eq(users.id, notice.userId)).get();
  const stop = stopFacts(tx, notice.stopId);
  if (!person || !person.active || !stop) return;
  const place = [stop.venueName, stop.venueAddress, stop.areaName].filter(Boolean).join(", ") || "plats meddelas senare";
  const role = roleTitle(tx, notice.role);
  const lead: Record<StaffNoticeKind, string> = {
    assigned: `Turnéledaren har bokat dig${role ? ` som ${role}` : ""} på det här stoppet.`,
    unassigned: `Turnéledaren har tagit bort dig från det här stoppet. Du behöver inte komma.`,
    confirmed: `Turnéledaren har bekräftat din anmälan${role ? ` som ${role}` : ""}.`,
    changed: `Stoppet du är bokad på har ändrats${notice.changes?.length ? ` (${notice.changes.join(", ")})` : ""}.`,
    cancelled: `Stoppet du var bokad på är inställt.`,
  };
  const link = notice.origin ? `${notice.origin.replace(/\/$/, "")}/stopp/${notice.stopId}` : null;
  const text = [
    `Hej ${person.name.split(" ")[0]}!`,
    "",
    lead[notice.kind],
    "",
    `${stop.title}`,
    `Tid: ${formatPeriod(stop.startsAt, stop.endsAt)}`,
    `Plats: ${place}`,
    ...(link ? ["", `Se stoppet: ${link}`, `Ditt schema: ${notice.origin!.replace(/\/$/, "")}/mitt-schema`] : []),
    "",
    "Hälsningar",
    "Kontaktcenter – KC rullar ut",
  ].join("\n");
  enqueueEmail(tx, {
    kind: "staff-notification",
    to: person.email,
    subject: SUBJECTS[notice.kind](stop.title),
    text,
    relatedType: "stop",
    relatedId: notice.stopId,
  });
}

/** Tells everyone booked on a stop that it changed (call after the change, in the same transaction). */
export function notifyBookedStaff(tx: Tx, stopId: string, kind: "changed" | "cancelled", options: { origin?: string; changes?: string[] } = {}): number {
  const booked = tx.select({ userId: stopAssignments.userId }).from(stopAssignments).where(eq(stopAssignments.stopId, stopId)).all();
  for (const b of booked) queueStaffNotice(tx, { kind, stopId, userId: b.userId, origin: options.origin, changes: options.changes });
  return booked.length;
}

/**
 * Tells the tour leaders that a staff member withdrew from a stop, with a link to the stop's
 * staffing: a notice on their start page and, for those who chose it, an e-mail at once.
 * Call it in the withdrawal's transaction.
 */
export function notifyTourLeadersOfWithdrawal(tx: Tx, notice: { stopId: string; userId: string; role?: RoleKey; origin?: string }): void {
  const person = tx.select({ name: users.name }).from(users).where(eq(users.id, notice.userId)).get();
  const stop = stopFacts(tx, notice.stopId);
  if (!person || !stop) return;
  const role = roleTitle(tx, notice.role);
  const origin = notice.origin?.replace(/\/$/, "");
  recordNotice(tx, {
    kind: "staff_withdrawn",
    tourId: stop.tourId,
    stopId: notice.stopId,
    text: `${person.name} har avanmält sig${role ? ` som ${role}` : ""} från ${stop.title}, ${formatPeriod(stop.startsAt, stop.endsAt)}.`,
    href: `/stopp/${notice.stopId}#bemanning`,
    origin,
    email: {
      kind: "staff-notification",
      subject: `Avanmälan: ${stop.title}`,
      text: (firstName) =>
        [
          `Hej ${firstName}!`,
          "",
          `${person.name} har avanmält sig${role ? ` som ${role}` : ""} från det här stoppet.`,
          "",
          stop.title,
          `Tid: ${formatPeriod(stop.startsAt, stop.endsAt)}`,
          ...(origin ? ["", `Bemanningen: ${origin}/stopp/${notice.stopId}#bemanning`, `Bemanningstavlan: ${origin}/bemanning`] : []),
          "",
          "Rullar ut",
        ].join("\n"),
    },
  });
}

/** Tells the tour leaders that a staff member signed up and waits for confirmation. */
export function notifyTourLeadersOfSignUp(tx: Tx, notice: { stopId: string; userId: string; role?: RoleKey; origin?: string }): void {
  const person = tx.select({ name: users.name }).from(users).where(eq(users.id, notice.userId)).get();
  const stop = stopFacts(tx, notice.stopId);
  if (!person || !stop) return;
  const role = roleTitle(tx, notice.role);
  recordNotice(tx, {
    kind: "staff_signup",
    tourId: stop.tourId,
    stopId: notice.stopId,
    text: `${person.name} har anmält sig${role ? ` som ${role}` : ""} till ${stop.title}, ${formatPeriod(stop.startsAt, stop.endsAt)}, och väntar på bekräftelse.`,
    href: `/stopp/${notice.stopId}#bemanning`,
    origin: notice.origin,
  });
}
