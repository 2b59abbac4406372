/**
 * Meeting requests by e-mail (issue 16, RFC 5546 iTIP over RFC 6047 iMIP; ADR 033).
 *
 * Each booked staff member, and each contact of an organization whose visit or info evening was
 * accepted, gets a METHOD:REQUEST for the stop, with a UID of its own for the stop and person.
 * syncStopInvites is the one mechanism: every verb that changes a stop, its bookings or an
 * invitation's answer calls it in its transaction, and it compares who should have the stop in
 * their calendar, and as what, with what was last sent:
 * - someone new (or booked again) gets a REQUEST;
 * - a changed title, time or place sends a REQUEST with SEQUENCE one higher;
 * - someone no longer booked, a withdrawn yes, or a cancelled stop gets a CANCEL.
 * A change that touches none of those sends nothing. The calendar goes with the e-mail the verb
 * already queued for that person and stop ("Du är bokad", "Ändrad tid eller plats"), so a change
 * is one message; without one, a short message of its own carries it.
 */
import { createHash } from "node:crypto";
import ICAL from "ical.js";
import PostalMime from "postal-mime";
import { and, desc, eq, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import { areas, calendarInvites, contacts, invitations, outboxMessages, stopAssignments, stops, users, type CalendarInvite } from "#db/schema";
import type { Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { enqueueEmail } from "~/domain/email/outbox.server";
import { formatPlace } from "~/domain/schedule/format";
import { contactCenterName } from "~/domain/settings/names";
import { getMunicipalityName } from "~/domain/settings/settings.server";
import { getEnv } from "~/env.server";
import { formatPeriod } from "~/utils/dates";
import { buildIcs } from "./ics.server";

type Tx = Pick<Db, "select" | "insert" | "update">;

type Attendee = {
  key: string;
  email: string;
  name: string | null;
  userId: string | null;
  invitationId: string | null;
};

type StopNow = {
  id: string;
  title: string;
  kind: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  location: string | null;
};

/** "u:<userId>", or "c:<invitationId>:<e-mail>": one calendar entry per stop and person. */
function staffKey(userId: string): string {
  return `u:${userId}`;
}

function contactKey(invitationId: string, email: string): string {
  return `c:${invitationId}:${email.trim().toLowerCase()}`;
}

/** Stable for the stop and person, unique across stops; the feeds use the same one (feeds.server.ts). */
export function inviteUid(stopId: string, attendeeKey: string): string {
  if (attendeeKey.startsWith("u:")) return `${stopId}.${attendeeKey.slice(2)}@rullarut`;
  // A contact's address stays out of the UID (it is in every copy of the event).
  const digest = createHash("sha256").update(attendeeKey).digest("base64url").slice(0, 16);
  return `${stopId}.k${digest}@rullarut`;
}

/** The UID of a staff member's booking, for the personal feed. */
export function staffInviteUid(stopId: string, userId: string): string {
  return inviteUid(stopId, staffKey(userId));
}

/** The address calendar answers go to: CALENDAR_ORGANIZER, else MAIL_FROM's address. */
export function organizerAddress(): string {
  const env = getEnv();
  const from = env.CALENDAR_ORGANIZER ?? env.MAIL_FROM;
  return /<([^>]+)>/.exec(from)?.[1]?.trim() ?? from.trim();
}

function loadStop(tx: Tx, stopId: string): StopNow | null {
  const row = tx
    .select({
      id: stops.id,
      title: stops.title,
      kind: stops.kind,
      status: stops.status,
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
  if (!row) return null;
  return { id: row.id, title: row.title, kind: row.kind, status: row.status, startsAt: row.startsAt, endsAt: row.endsAt, location: formatPlace(row) || null };
}

/** Who should have the stop in their calendar now: confirmed bookings of active staff, and the contacts of accepted invitations. */
function wantedAttendees(tx: Tx, stop: StopNow): Attendee[] {
  if (stop.status === "cancelled") return [];
  const staff = tx
    .select({ userId: users.id, email: users.email, name: users.name })
    .from(stopAssignments)
    .innerJoin(users, eq(users.id, stopAssignments.userId))
    .where(and(eq(stopAssignments.stopId, stop.id), eq(stopAssignments.status, "confirmed"), eq(users.active, true)))
    .all()
    .map((u) => ({ key: staffKey(u.userId), email: u.email, name: u.name, userId: u.userId, invitationId: null }));
  const contactRows = tx
    .select({ invitationId: invitations.id, email: contacts.email })
    .from(invitations)
    .innerJoin(contacts, eq(contacts.organizationId, invitations.organizationId))
    .where(and(eq(invitations.stopId, stop.id), eq(invitations.status, "accepted"), isNotNull(contacts.email), ne(contacts.email, "")))
    .all();
  const seen = new Set<string>();
  const byalag: Attendee[] = [];
  for (const c of contactRows) {
    const key = contactKey(c.invitationId, c.email!);
    if (seen.has(key)) continue;
    seen.add(key);
    byalag.push({ key, email: c.email!.trim(), name: null, userId: null, invitationId: c.invitationId });
  }
  return [...staff, ...byalag];
}

function sameAsSent(row: CalendarInvite, stop: StopNow): boolean {
  return (
    row.sentSummary === stop.title &&
    row.sentStartsAt.getTime() === stop.startsAt.getTime() &&
    row.sentEndsAt.getTime() === stop.endsAt.getTime() &&
    (row.sentLocation ?? null) === stop.location
  );
}

/**
 * Brings the stop's meeting requests in line with the stop (see the top of this file). Call it in
 * the transaction of every change to a stop, its bookings or an invitation's answer, after the change.
 * A stop already held is left alone: it is in the past. Returns how many messages it queued.
 */
export function syncStopInvites(tx: Tx, stopId: string, options: { origin?: string; now?: Date } = {}): number {
  const stop = loadStop(tx, stopId);
  if (!stop || stop.status === "held") return 0;
  const now = options.now ?? new Date();
  const rows = tx.select().from(calendarInvites).where(eq(calendarInvites.stopId, stopId)).all();
  const byKey = new Map(rows.map((r) => [r.attendeeKey, r]));
  const wanted = wantedAttendees(tx, stop);
  const wantedKeys = new Set(wanted.map((a) => a.key));
  let queued = 0;
  // Who sends, read once for the whole stop and only when something is sent.
  let from: Sender | undefined;
  const sender = (): Sender => (from ??= { origin: options.origin, now, office: contactCenterName(getMunicipalityName(tx)), organizer: organizerAddress() });
  const snapshot = { sentSummary: stop.title, sentStartsAt: stop.startsAt, sentEndsAt: stop.endsAt, sentLocation: stop.location };

  for (const a of wanted) {
    const row = byKey.get(a.key);
    if (!row) {
      const uid = inviteUid(stop.id, a.key);
      tx.insert(calendarInvites)
        .values({
          stopId: stop.id,
          attendeeKey: a.key,
          userId: a.userId,
          invitationId: a.invitationId,
          email: a.email,
          uid,
          sequence: 0,
          status: "active",
          ...snapshot,
        })
        .run();
      queueInviteMail(tx, sender(), { method: "REQUEST", stop, uid, sequence: 0, attendee: a, first: true });
      queued++;
    } else if (row.status === "cancelled" || !sameAsSent(row, stop)) {
      const sequence = row.sequence + 1;
      tx.update(calendarInvites)
        .set({ status: "active", sequence, email: a.email, ...snapshot, ...(row.status === "cancelled" ? { partstat: null, repliedAt: null } : {}) })
        .where(eq(calendarInvites.id, row.id))
        .run();
      queueInviteMail(tx, sender(), { method: "REQUEST", stop, uid: row.uid, sequence, attendee: a, first: row.status === "cancelled" });
      queued++;
    }
  }
  for (const row of rows) {
    if (row.status !== "active" || wantedKeys.has(row.attendeeKey)) continue;
    const sequence = row.sequence + 1;
    tx.update(calendarInvites).set({ status: "cancelled", sequence }).where(eq(calendarInvites.id, row.id)).run();
    // The cancellation names the event as it was last sent: that is the one in the person's calendar.
    const sent: StopNow = { ...stop, title: row.sentSummary, startsAt: row.sentStartsAt, endsAt: row.sentEndsAt, location: row.sentLocation };
    queueInviteMail(tx, sender(), {
      method: "CANCEL",
      stop: sent,
      uid: row.uid,
      sequence,
      attendee: { key: row.attendeeKey, email: row.email, name: null, userId: row.userId, invitationId: row.invitationId },
      first: false,
    });
    queued++;
  }
  return queued;
}

type Sender = { origin?: string; now: Date; office: string; organizer: string };

function queueInviteMail(
  tx: Tx,
  { origin, now, office, organizer }: Sender,
  m: { method: "REQUEST" | "CANCEL"; stop: StopNow; uid: string; sequence: number; attendee: Attendee; first: boolean },
): void {
  const url = origin ? (m.attendee.userId ? `${origin.replace(/\/$/, "")}/stopp/${m.stop.id}` : origin.replace(/\/$/, "")) : "";
  const ics = buildIcs({
    name: m.stop.title,
    method: m.method,
    events: [
      {
        uid: m.uid,
        sequence: m.sequence,
        summary: m.stop.title,
        startsAt: m.stop.startsAt,
        endsAt: m.stop.endsAt,
        location: m.stop.location,
        description: m.attendee.userId ? `${office} – KC rullar ut${url ? `\n${url}` : ""}` : `${office} – ${m.stop.title}`,
        url,
        updatedAt: now,
        cancelled: m.method === "CANCEL",
        organizer: { name: office, email: organizer },
        attendee: { email: m.attendee.email, name: m.attendee.name },
      },
    ],
  });
  // Named for what it holds: the info evening, or the visit (or the stop, for staff).
  const filename = m.attendee.userId ? "stopp.ics" : m.stop.kind === "info_evening" ? "informationskvall.ics" : "besok.ics";
  // One message per change: the calendar rides on the e-mail the verb queued for this person and
  // stop in the same transaction (not yet sent, no calendar yet), newest first.
  const related = m.attendee.invitationId
    ? or(
        and(eq(outboxMessages.relatedType, "invitation"), eq(outboxMessages.relatedId, m.attendee.invitationId)),
        and(eq(outboxMessages.relatedType, "stop"), eq(outboxMessages.relatedId, m.stop.id)),
      )
    : and(eq(outboxMessages.relatedType, "stop"), eq(outboxMessages.relatedId, m.stop.id));
  const pending = tx
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.status, "pending"),
        eq(outboxMessages.attempts, 0),
        isNull(outboxMessages.calendarMethod),
        sql`lower(${outboxMessages.toAddress}) = ${m.attendee.email.toLowerCase()}`,
        related,
      ),
    )
    .orderBy(desc(outboxMessages.createdAt))
    .limit(1)
    .get();
  if (pending) {
    tx.update(outboxMessages)
      .set({ calendarMethod: m.method, calendarContent: ics, calendarFilename: filename })
      .where(eq(outboxMessages.id, pending.id))
      .run();
    return;
  }
  const when = formatPeriod(m.stop.startsAt, m.stop.endsAt);
  const subject =
    m.method === "CANCEL"
      ? `Borttaget ur kalendern: ${m.stop.title}`
      : m.first
        ? `Kalenderinbjudan: ${m.stop.title}`
        : `Uppdaterad tid eller plats: ${m.stop.title}`;
  const lead =
    m.method === "CANCEL"
      ? "Det här stoppet gäller inte längre dig, eller är inställt. Kalenderhändelsen tas bort."
      : m.first
        ? "Här är stoppet som en kalenderinbjudan. Svara i din kalender, så ser kontaktcentret ditt svar."
        : "Stoppet har ändrats. Kalenderhändelsen uppdateras.";
  const text = [
    "Hej!",
    "",
    lead,
    "",
    m.stop.title,
    `Tid: ${when}`,
    `Plats: ${m.stop.location ?? "meddelas senare"}`,
    ...(url ? ["", url] : []),
    "",
    "Hälsningar",
    office,
  ].join("\n");
  enqueueEmail(
    tx,
    {
      kind: "calendar",
      to: m.attendee.email,
      subject,
      text,
      relatedType: m.attendee.invitationId ? "invitation" : "stop",
      relatedId: m.attendee.invitationId ?? m.stop.id,
      calendar: { method: m.method, content: ics, filename },
    },
    now,
  );
}

/** A staff member's calendar answer for each stop, for the stop page: userId → ACCEPTED | DECLINED | TENTATIVE. */
export function staffCalendarAnswers(db: Pick<Db, "select">, stopId: string): Map<string, CalendarInvite["partstat"]> {
  const rows = db
    .select({ userId: calendarInvites.userId, partstat: calendarInvites.partstat })
    .from(calendarInvites)
    .where(and(eq(calendarInvites.stopId, stopId), eq(calendarInvites.status, "active"), isNotNull(calendarInvites.userId)))
    .all();
  return new Map(rows.filter((r) => r.partstat).map((r) => [r.userId!, r.partstat]));
}

/** The personal feed's SEQUENCE for each of a person's bookings, as last sent to them. */
export function staffInviteSequences(db: Pick<Db, "select">, userId: string): Map<string, number> {
  const rows = db
    .select({ stopId: calendarInvites.stopId, sequence: calendarInvites.sequence })
    .from(calendarInvites)
    .where(eq(calendarInvites.userId, userId))
    .all();
  return new Map(rows.map((r) => [r.stopId, r.sequence]));
}

export type CalendarReplyOutcome = { uid: string; status: "saved" | "unknown" | "not-attendee" | "outdated" | "cancelled"; partstat?: string };

const PARTSTATS = new Set(["ACCEPTED", "DECLINED", "TENTATIVE"]);

/**
 * Reads an e-mail that came to the organizer address (the inbound e-mail webhook hands it over
 * raw): each METHOD:REPLY calendar in it is an attendee's answer. The answer is kept on that
 * stop and person's invitation when its UID is ours, its ATTENDEE is the address the request went
 * to, and it answers the latest request (SEQUENCE not older). Anything else changes nothing.
 */
export async function recordCalendarReplies(db: Db, raw: string | ArrayBuffer | Uint8Array, now = new Date()): Promise<CalendarReplyOutcome[]> {
  const email = await PostalMime.parse(raw);
  const outcomes: CalendarReplyOutcome[] = [];
  const calendars = email.attachments.filter((a) => /^(text\/calendar|application\/ics)$/i.test(a.mimeType) || /\.ics$/i.test(a.filename ?? ""));
  const seen = new Set<string>();
  for (const part of calendars) {
    const text = typeof part.content === "string" ? part.content : new TextDecoder().decode(part.content);
    if (seen.has(text)) continue; // The same answer as a text/calendar part and as a file.
    seen.add(text);
    let calendar: InstanceType<typeof ICAL.Component>;
    try {
      calendar = new ICAL.Component(ICAL.parse(text));
    } catch {
      continue;
    }
    if (String(calendar.getFirstPropertyValue("method") ?? "").toUpperCase() !== "REPLY") continue;
    for (const event of calendar.getAllSubcomponents("vevent")) {
      const uid = String(event.getFirstPropertyValue("uid") ?? "");
      const sequence = Number(event.getFirstPropertyValue("sequence") ?? 0);
      const row = uid ? db.select().from(calendarInvites).where(eq(calendarInvites.uid, uid)).get() : undefined;
      if (!row) {
        outcomes.push({ uid, status: "unknown" });
        continue;
      }
      const answer = event
        .getAllProperties("attendee")
        .map((p) => ({
          email: String(p.getFirstValue() ?? "")
            .replace(/^mailto:/i, "")
            .trim()
            .toLowerCase(),
          partstat: String(p.getParameter("partstat") ?? "").toUpperCase(),
        }))
        .find((a) => a.email === row.email.toLowerCase());
      if (!answer || !PARTSTATS.has(answer.partstat)) {
        outcomes.push({ uid, status: "not-attendee" });
        continue;
      }
      if (row.status !== "active") {
        outcomes.push({ uid, status: "cancelled" });
        continue;
      }
      if (Number.isFinite(sequence) && sequence < row.sequence) {
        outcomes.push({ uid, status: "outdated" });
        continue;
      }
      const partstat = answer.partstat as "ACCEPTED" | "DECLINED" | "TENTATIVE";
      db.transaction((tx) => {
        tx.update(calendarInvites).set({ partstat, repliedAt: now }).where(eq(calendarInvites.id, row.id)).run();
        recordAudit(tx, {
          actorUserId: null,
          action: "calendar.reply",
          entityType: "stop",
          entityId: row.stopId,
          // Who answered, by id; never the address.
          details: { partstat, ...(row.userId ? { userId: row.userId } : { invitationId: row.invitationId }) },
        });
      });
      outcomes.push({ uid, status: "saved", partstat });
    }
  }
  return outcomes;
}
