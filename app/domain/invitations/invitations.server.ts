import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import {
  advisorFunctions,
  answerGroups,
  areas,
  contacts,
  invitationBatches,
  invitationReplies,
  invitations,
  invitationTimes,
  organizations,
  stops,
  tours,
  type InvitationBatch,
  type InvitationKind,
  type InvitationReply,
  type InvitationStatus,
  type OrganizationKind,
  type PlannerNoticeKind,
} from "#db/schema";
import { cachedUntilChange, type Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { syncStopInvites } from "~/domain/calendar/invites.server";
import { enqueueEmail } from "~/domain/email/outbox.server";
import { recordNotice } from "~/domain/notices/notices.server";
import { Conflict, NotFound } from "~/domain/errors";
import { getContactCenterName, getMunicipalityName, getSettings } from "~/domain/settings/settings.server";
import { CONFIRMATION_MAIL, formatWhen, type ReplyLang } from "~/domain/invitations/i18n";
import { replaceStopNeeds } from "~/domain/staffing/staffing.server";
import { addStop, appendNotes, byUser, changeStop, insertStop, type StopChanger } from "~/domain/stops/stops.server";
import { stopStatusIs } from "~/domain/stops/status-filter.server";
import { requirePlanner } from "~/domain/tours/tours.server";
import type { Actor } from "~/domain/users/users.server";
import { getEnv } from "~/env.server";
import { formatIsoDate, formatPeriod } from "~/utils/dates";
import { boardState, isOpenForReplies, type BoardState } from "./labels";
import type { BatchInput, ReplyInput } from "./schemas";
import { renderTemplate } from "./template";
import { hashReplyToken, isWellFormedToken, newReplyToken } from "./tokens.server";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Reader = Pick<Db, "select">;

const DAY_MS = 24 * 3600_000;

/** The link in an e-mail. Only here and in the e-mail does the token exist in clear. */
export function replyLink(origin: string, token: string): string {
  return `${origin.replace(/\/$/, "")}/svar/${token}`;
}

// ——— Reading for the create page ———

export type InvitableOrganization = { id: string; name: string; kind: OrganizationKind; areaName: string; emails: number };

export function invitableOrganizations(db: Db): InvitableOrganization[] {
  // Counted per organization on every view of the invitation form: kept until places change.
  return cachedUntilChange(db, "invitations.organizations", () => readInvitableOrganizations(db), { reads: ["places"] });
}

function readInvitableOrganizations(db: Reader): InvitableOrganization[] {
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      areaName: areas.name,
      emails: sql<number>`(select count(*) from ${contacts} c where c.organization_id = ${organizations.id} and coalesce(c.email, '') <> '')`,
    })
    .from(organizations)
    .innerJoin(areas, eq(areas.id, organizations.areaId))
    .where(isNull(organizations.archivedAt))
    .orderBy(asc(organizations.kind), asc(organizations.name))
    .all();
}

/** The tour's info evenings that can still be invited to (not cancelled or held), soonest first. */
export function infoEveningOptions(db: Reader, tourId: string, now = new Date()) {
  return db
    .select({ id: stops.id, title: stops.title, tourId: stops.tourId, startsAt: stops.startsAt, endsAt: stops.endsAt, venueName: stops.venueName })
    .from(stops)
    .where(
      and(
        eq(stops.tourId, tourId),
        eq(stops.kind, "info_evening"),
        stopStatusIs(["proposed", "planned", "confirmed"]),
        sql`${stops.endsAt} > ${now.getTime()}`,
      ),
    )
    .orderBy(asc(stops.startsAt))
    .all();
}

/** What the invitation form offers for a new info evening: KC's own office, from the settings. */
export function newEveningDefaults(db: Db) {
  const settings = getSettings(db);
  return { venueName: settings.officeName, venueAddress: settings.officeAddress, contactCenter: getContactCenterName(db) };
}

function selectedOrganizations(db: Reader, input: Pick<BatchInput, "organizationKinds" | "organizationIds">) {
  const conditions = [];
  if (input.organizationKinds.length) conditions.push(inArray(organizations.kind, input.organizationKinds));
  if (input.organizationIds.length) conditions.push(inArray(organizations.id, input.organizationIds));
  if (!conditions.length) return [];
  return db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(and(isNull(organizations.archivedAt), or(...conditions)))
    .orderBy(asc(organizations.name))
    .all();
}

function contactEmails(db: Reader, organizationId: string): string[] {
  return db
    .select({ email: contacts.email })
    .from(contacts)
    .where(and(eq(contacts.organizationId, organizationId), isNotNull(contacts.email), sql`${contacts.email} <> ''`))
    .orderBy(asc(contacts.createdAt))
    .all()
    .map((c) => c.email!);
}

type EveningPlace = { startsAt: Date; endsAt: Date; venueName?: string | null; venueAddress?: string | null };

function eveningText(stop: EveningPlace): string {
  const place = [stop.venueName, stop.venueAddress].filter(Boolean).join(", ");
  return `${formatPeriod(stop.startsAt, stop.endsAt)}${place ? `, ${place}` : ""}`;
}

/** The {tid} text: the info evening's time and place, or the proposed times one per line. */
function timeText(db: Reader, kind: InvitationKind, stopId: string | null, times: { startsAt: Date; endsAt: Date }[]): string {
  if (kind === "info_evening" && stopId) {
    const stop = db
      .select({ startsAt: stops.startsAt, endsAt: stops.endsAt, venueName: stops.venueName, venueAddress: stops.venueAddress })
      .from(stops)
      .where(eq(stops.id, stopId))
      .get();
    return stop ? eveningText(stop) : "";
  }
  return times.map((t) => `– ${formatPeriod(t.startsAt, t.endsAt)}`).join("\n");
}

export type Preview = {
  subject: string;
  body: string;
  organizationName: string | null;
  recipients: number;
  organizations: number;
  withoutEmail: string[];
};

/** The first organization's message with a placeholder link, and who would get it. Writes nothing. */
export function previewBatch(db: Db, actor: Actor, input: BatchInput): Preview {
  requirePlanner(actor);
  if (input.stopId) assertInfoEvening(db, input.stopId, input.tourId);
  const orgs = selectedOrganizations(db, input);
  const first = orgs[0];
  const values = {
    organisation: first?.name ?? "(organisation)",
    lank: "https://…/svar/(personlig länk)",
    sista_svarsdag: formatIsoDate(input.deadline),
    // A new evening is not saved before the invitation is sent: its text comes from the form.
    tid: input.newEvening ? eveningText(input.newEvening) : timeText(db, input.kind, input.stopId, input.times),
  };
  let recipients = 0;
  const withoutEmail: string[] = [];
  for (const org of orgs) {
    const n = contactEmails(db, org.id).length;
    recipients += n;
    if (!n) withoutEmail.push(org.name);
  }
  return {
    subject: renderTemplate(input.subject, values),
    body: renderTemplate(input.body, values),
    organizationName: first?.name ?? null,
    recipients,
    organizations: orgs.length,
    withoutEmail,
  };
}

/** The evening must be an info evening of the tour the invitation is for. */
function assertInfoEvening(db: Reader, stopId: string, tourId: string) {
  const stop = db.select({ kind: stops.kind, tourId: stops.tourId }).from(stops).where(eq(stops.id, stopId)).get();
  if (!stop || stop.kind !== "info_evening" || stop.tourId !== tourId) throw new Conflict("Välj en informationskväll i turnén.", "stopId");
}

/**
 * Creates the info evening asked for in the invitation form, through the stops verbs, inside the
 * batch's transaction: if the invitations cannot be sent, there is no evening either. A refusal
 * about one of its fields is shown next to that field of the form (evening.…).
 */
function createInfoEvening(tx: Tx, actor: Actor, evening: NonNullable<BatchInput["newEvening"]>): string {
  try {
    return addStop(tx, byUser(actor), evening);
  } catch (error) {
    if (error instanceof Conflict && error.field && error.field !== "tourId") throw new Conflict(error.message, `evening.${error.field}`);
    throw error;
  }
}

export type SendResult = { batchId: string; sent: number; emails: number; withoutEmail: string[] };

/** How a send is made: the reply link's origin; the moment and the token's days, unless a caller (a test) gives its own. */
type SendOptions = { origin: string; now?: Date; tokenDays?: number };

/** A send's origin, moment and token lifetime: now, and INVITATION_TOKEN_DAYS, by default. */
function sendContext(options: SendOptions): { origin: string; now: Date; tokenDays: number } {
  return { origin: options.origin, now: options.now ?? new Date(), tokenDays: options.tokenDays ?? getEnv().INVITATION_TOKEN_DAYS };
}

/**
 * Creates the batch with one invitation per organization and sends it: every organization with a
 * contact e-mail gets a fresh token (only its hash is stored) and its e-mails are put in the
 * outbox, all in one transaction. Organizations without an e-mail stay drafts and are reported.
 */
export function createAndSendBatch(db: Db, actor: Actor, input: BatchInput, options: SendOptions): SendResult {
  requirePlanner(actor);
  const send = sendContext(options);
  const { now } = send;
  return db.transaction((tx) => {
    if (!tx.select({ id: tours.id }).from(tours).where(eq(tours.id, input.tourId)).get()) throw new Conflict("Turnén finns inte.", "tourId");
    if (input.stopId) assertInfoEvening(tx, input.stopId, input.tourId);
    const orgs = selectedOrganizations(tx, input);
    if (!orgs.length) throw new Conflict("Inga organisationer matchar urvalet.", "organizationIds");
    const stopId = input.newEvening ? createInfoEvening(tx, actor, input.newEvening) : input.stopId;
    const batch = tx
      .insert(invitationBatches)
      .values({
        tourId: input.tourId,
        kind: input.kind,
        stopId,
        subject: input.subject,
        bodyTemplate: input.body,
        deadline: input.deadline,
        allowOtherTime: input.kind === "visit_offer" && input.allowOtherTime,
        createdByUserId: actor.id,
        createdAt: now,
      })
      .returning({ id: invitationBatches.id })
      .get();
    input.times.forEach((t, i) => tx.insert(invitationTimes).values({ batchId: batch.id, startsAt: t.startsAt, endsAt: t.endsAt, sortOrder: i }).run());
    const tid = timeText(tx, input.kind, stopId, input.times);
    let sent = 0;
    let emails = 0;
    const withoutEmail: string[] = [];
    for (const org of orgs) {
      const invitation = tx
        .insert(invitations)
        .values({ batchId: batch.id, organizationId: org.id, stopId, status: "draft" })
        .returning({ id: invitations.id })
        .get();
      const n = sendOne(
        tx,
        { invitationId: invitation.id, organizationName: org.name, organizationId: org.id },
        {
          batch: { subject: input.subject, bodyTemplate: input.body, deadline: input.deadline },
          tid,
          ...send,
        },
      );
      if (n === 0) withoutEmail.push(org.name);
      else {
        sent++;
        emails += n;
      }
    }
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "invitation_batch.send",
      entityType: "invitation_batch",
      entityId: batch.id,
      details: { kind: input.kind, organizations: orgs.length, sent, withoutEmail: withoutEmail.length, ...(input.newEvening ? { newStopId: stopId } : {}) },
    });
    return { batchId: batch.id, sent, emails, withoutEmail };
  });
}

/** Gives the invitation a new token and queues its e-mails. Returns how many e-mails; 0 = no address (left as it was). */
function sendOne(
  tx: Tx,
  target: { invitationId: string; organizationId: string; organizationName: string },
  ctx: { batch: Pick<InvitationBatch, "subject" | "bodyTemplate" | "deadline">; tid: string; origin: string; now: Date; tokenDays: number },
): number {
  const addresses = contactEmails(tx, target.organizationId);
  if (!addresses.length) return 0;
  const token = newReplyToken();
  tx.update(invitations)
    .set({
      status: "sent",
      tokenHash: hashReplyToken(token),
      tokenExpiresAt: new Date(ctx.now.getTime() + ctx.tokenDays * DAY_MS),
      sentAt: ctx.now,
      openedAt: null,
      revokedAt: null,
      reminderSentAt: null,
      version: sql`${invitations.version} + 1`,
    })
    .where(eq(invitations.id, target.invitationId))
    .run();
  const values = {
    organisation: target.organizationName,
    lank: replyLink(ctx.origin, token),
    sista_svarsdag: formatIsoDate(ctx.batch.deadline),
    tid: ctx.tid,
  };
  for (const to of addresses) {
    enqueueEmail(
      tx,
      {
        kind: "invitation",
        to,
        subject: renderTemplate(ctx.batch.subject, values),
        text: renderTemplate(ctx.batch.bodyTemplate, values),
        relatedType: "invitation",
        relatedId: target.invitationId,
      },
      ctx.now,
    );
  }
  return addresses.length;
}

// ——— The board ———

export type BatchListItem = Pick<InvitationBatch, "id" | "kind" | "subject" | "deadline" | "createdAt"> & {
  total: number;
  accepted: number;
  declined: number;
  stopTitle: string | null;
};

export function listBatches(db: Db, actor: Actor, tourId: string): BatchListItem[] {
  requirePlanner(actor);
  return db
    .select({
      id: invitationBatches.id,
      kind: invitationBatches.kind,
      subject: invitationBatches.subject,
      deadline: invitationBatches.deadline,
      createdAt: invitationBatches.createdAt,
      stopTitle: stops.title,
      total: sql<number>`(select count(*) from ${invitations} i where i.batch_id = ${invitationBatches.id})`,
      accepted: sql<number>`(select count(*) from ${invitations} i where i.batch_id = ${invitationBatches.id} and i.status = 'accepted')`,
      declined: sql<number>`(select count(*) from ${invitations} i where i.batch_id = ${invitationBatches.id} and i.status = 'declined')`,
    })
    .from(invitationBatches)
    .leftJoin(stops, eq(stops.id, invitationBatches.stopId))
    .where(eq(invitationBatches.tourId, tourId))
    .orderBy(desc(invitationBatches.createdAt))
    .all();
}

export type BoardRow = {
  id: string;
  organizationName: string;
  emails: number;
  status: InvitationStatus;
  state: BoardState;
  sentAt: Date | null;
  openedAt: Date | null;
  respondedAt: Date | null;
  revokedAt: Date | null;
  tokenExpiresAt: Date | null;
  stopId: string | null;
  reply: InvitationReply | null;
  chosenTime: { startsAt: Date; endsAt: Date } | null;
};

export function getBoard(db: Db, actor: Actor, batchId: string, now = new Date()) {
  requirePlanner(actor);
  const batch = db
    .select({ batch: invitationBatches, tourName: tours.name, stopTitle: stops.title, stopStartsAt: stops.startsAt, stopEndsAt: stops.endsAt })
    .from(invitationBatches)
    .innerJoin(tours, eq(tours.id, invitationBatches.tourId))
    .leftJoin(stops, eq(stops.id, invitationBatches.stopId))
    .where(eq(invitationBatches.id, batchId))
    .get();
  if (!batch) throw new NotFound("Utskicket finns inte.");
  const times = db.select().from(invitationTimes).where(eq(invitationTimes.batchId, batchId)).orderBy(asc(invitationTimes.sortOrder)).all();
  const timeById = new Map(times.map((t) => [t.id, t]));
  const rows = db
    .select({ invitation: invitations, organizationName: organizations.name, reply: invitationReplies })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .leftJoin(invitationReplies, eq(invitationReplies.invitationId, invitations.id))
    .where(eq(invitations.batchId, batchId))
    .orderBy(asc(organizations.name))
    .all();
  const board: BoardRow[] = rows.map(({ invitation: i, organizationName, reply }) => {
    const chosen = reply?.chosenTimeId ? timeById.get(reply.chosenTimeId) : undefined;
    return {
      id: i.id,
      organizationName,
      emails: contactEmails(db, i.organizationId).length,
      status: i.status,
      state: boardState(i, batch.batch.deadline, now),
      sentAt: i.sentAt,
      openedAt: i.openedAt,
      respondedAt: i.respondedAt,
      revokedAt: i.revokedAt,
      tokenExpiresAt: i.tokenExpiresAt,
      stopId: i.stopId,
      reply,
      chosenTime: chosen ? { startsAt: chosen.startsAt, endsAt: chosen.endsAt } : null,
    };
  });
  const names = {
    functions: Object.fromEntries(
      db
        .select({ code: advisorFunctions.code, name: advisorFunctions.name })
        .from(advisorFunctions)
        .all()
        .map((f) => [f.code, f.name]),
    ),
    groups: Object.fromEntries(
      db
        .select({ code: answerGroups.code, name: answerGroups.description })
        .from(answerGroups)
        .all()
        .map((g) => [g.code, g.name]),
    ),
  };
  return { ...batch, times, rows: board, names };
}

function loadForPlanner(tx: Tx, batchId: string, invitationId: string) {
  const row = tx
    .select({ invitation: invitations, batch: invitationBatches, organizationName: organizations.name })
    .from(invitations)
    .innerJoin(invitationBatches, eq(invitationBatches.id, invitations.batchId))
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(and(eq(invitations.id, invitationId), eq(invitations.batchId, batchId)))
    .get();
  if (!row) throw new NotFound("Inbjudan finns inte.");
  return row;
}

/** The link stops working at once; an answer already given stays on the board. */
export function revokeInvitation(db: Db, actor: Actor, batchId: string, invitationId: string, now = new Date()): void {
  requirePlanner(actor);
  db.transaction((tx) => {
    const { invitation } = loadForPlanner(tx, batchId, invitationId);
    if (invitation.status === "revoked") return;
    tx.update(invitations)
      .set({ status: "revoked", revokedAt: now, tokenHash: null, version: sql`${invitations.version} + 1` })
      .where(eq(invitations.id, invitationId))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "invitation.revoke",
      entityType: "invitation",
      entityId: invitationId,
      details: { status: [invitation.status, "revoked"] },
    });
  });
}

/** A new token (the old link stops working) and new e-mails. Answered invitations keep their answer. */
export function resendInvitation(db: Db, actor: Actor, batchId: string, invitationId: string, options: SendOptions): number {
  requirePlanner(actor);
  const send = sendContext(options);
  return db.transaction((tx) => {
    const { invitation, batch, organizationName } = loadForPlanner(tx, batchId, invitationId);
    if (invitation.status === "accepted" || invitation.status === "declined") {
      throw new Conflict("Organisationen har redan svarat. Svaret kan ändras via den länk de fått.");
    }
    const times = tx.select().from(invitationTimes).where(eq(invitationTimes.batchId, batchId)).orderBy(asc(invitationTimes.sortOrder)).all();
    const n = sendOne(
      tx,
      { invitationId, organizationId: invitation.organizationId, organizationName },
      {
        batch,
        tid: timeText(tx, batch.kind, batch.stopId, times),
        ...send,
      },
    );
    if (n === 0) throw new Conflict(`${organizationName} har ingen kontakt med e-postadress.`);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "invitation.resend",
      entityType: "invitation",
      entityId: invitationId,
      details: { status: [invitation.status, "sent"], emails: n },
    });
    return n;
  });
}

// ——— The reply link ———

/**
 * Exchanges a token for its invitation id, and marks a sent invitation opened. Unknown,
 * malformed, expired and revoked tokens all give null: the caller answers them all the same.
 */
export function openByToken(db: Db, token: string, now = new Date()): string | null {
  if (!isWellFormedToken(token)) return null;
  return db.transaction((tx) => {
    const row = tx
      .select({ id: invitations.id, status: invitations.status, expiresAt: invitations.tokenExpiresAt })
      .from(invitations)
      .where(eq(invitations.tokenHash, hashReplyToken(token)))
      .get();
    if (!row || row.status === "revoked" || row.status === "draft" || !row.expiresAt || row.expiresAt.getTime() <= now.getTime()) return null;
    if (row.status === "sent") {
      tx.update(invitations)
        .set({ status: "opened", openedAt: now, version: sql`${invitations.version} + 1` })
        .where(and(eq(invitations.id, row.id), eq(invitations.status, "sent")))
        .run();
    }
    return row.id;
  });
}

export type ReplyView = {
  invitationId: string;
  version: number;
  kind: InvitationKind;
  organizationName: string;
  deadline: string;
  open: boolean;
  allowOtherTime: boolean;
  /** The organisation the contact center belongs to ("Helsingborgs stad"): texts name KC by it (settings/names.ts). */
  municipalityName: string;
  office: { name: string; address: string; lat: number; lng: number };
  place: { title: string; venue: string | null; lat: number; lng: number; startsAt: Date; endsAt: Date } | null;
  areaPoint: { lat: number; lng: number; name: string } | null;
  times: { id: string; startsAt: Date; endsAt: Date }[];
  advisorFunctions: { code: string; name: string }[];
  answerGroups: { code: string; name: string; description: string }[];
  reply: InvitationReply | null;
  /** After a yes: the stop they are booked on (the visit at its time, or the info evening), unless cancelled. */
  booked: { title: string; startsAt: Date; endsAt: Date; venue: string | null } | null;
};

/**
 * An invitation its link may still answer, with its batch, organization and the organization's
 * area. A revoked one, or one whose link has expired, is not found (the reply page and the reply
 * answer them alike).
 */
function replyableInvitation(db: Pick<Db, "select">, invitationId: string, now: Date) {
  const row = db
    .select({ invitation: invitations, batch: invitationBatches, org: organizations, areaName: areas.name, areaLat: areas.lat, areaLng: areas.lng })
    .from(invitations)
    .innerJoin(invitationBatches, eq(invitationBatches.id, invitations.batchId))
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .innerJoin(areas, eq(areas.id, organizations.areaId))
    .where(eq(invitations.id, invitationId))
    .get();
  if (!row || !isReplyable(row.invitation, now)) throw new NotFound("Inbjudan finns inte.");
  return row;
}

/** What the reply page shows. A revoked invitation (or one whose link expired) is not found. */
export function getReplyView(db: Db, invitationId: string, now = new Date()): ReplyView {
  const row = replyableInvitation(db, invitationId, now);
  const settings = getSettings(db);
  const stop = row.batch.stopId
    ? db
        .select({
          title: stops.title,
          venueName: stops.venueName,
          venueAddress: stops.venueAddress,
          lat: stops.lat,
          lng: stops.lng,
          startsAt: stops.startsAt,
          endsAt: stops.endsAt,
        })
        .from(stops)
        .where(eq(stops.id, row.batch.stopId))
        .get()
    : undefined;
  const reply = db.select().from(invitationReplies).where(eq(invitationReplies.invitationId, invitationId)).get() ?? null;
  const bookedStop =
    reply?.answer === "yes" && row.invitation.stopId
      ? db
          .select({
            title: stops.title,
            status: stops.status,
            venueName: stops.venueName,
            venueAddress: stops.venueAddress,
            startsAt: stops.startsAt,
            endsAt: stops.endsAt,
          })
          .from(stops)
          .where(eq(stops.id, row.invitation.stopId))
          .get()
      : undefined;
  return {
    invitationId,
    version: row.invitation.version,
    kind: row.batch.kind,
    organizationName: row.org.name,
    deadline: row.batch.deadline,
    open: isOpenForReplies(row.batch.deadline, now),
    allowOtherTime: row.batch.allowOtherTime,
    municipalityName: settings.name,
    office: { name: settings.officeName, address: settings.officeAddress, lat: settings.officeLat, lng: settings.officeLng },
    place: stop
      ? {
          title: stop.title,
          venue: [stop.venueName, stop.venueAddress].filter(Boolean).join(", ") || null,
          lat: stop.lat,
          lng: stop.lng,
          startsAt: stop.startsAt,
          endsAt: stop.endsAt,
        }
      : null,
    areaPoint: { lat: row.areaLat, lng: row.areaLng, name: row.areaName },
    times: db
      .select({ id: invitationTimes.id, startsAt: invitationTimes.startsAt, endsAt: invitationTimes.endsAt })
      .from(invitationTimes)
      .where(eq(invitationTimes.batchId, row.batch.id))
      .orderBy(asc(invitationTimes.sortOrder))
      .all(),
    advisorFunctions: db
      .select({ code: advisorFunctions.code, name: advisorFunctions.name })
      .from(advisorFunctions)
      .where(eq(advisorFunctions.active, true))
      .orderBy(asc(advisorFunctions.sortOrder))
      .all(),
    answerGroups: db
      .select({ code: answerGroups.code, name: answerGroups.name, description: answerGroups.description })
      .from(answerGroups)
      .where(eq(answerGroups.active, true))
      .orderBy(asc(answerGroups.sortOrder))
      .all(),
    reply,
    booked:
      bookedStop && bookedStop.status !== "cancelled"
        ? {
            title: bookedStop.title,
            startsAt: bookedStop.startsAt,
            endsAt: bookedStop.endsAt,
            venue: [bookedStop.venueName, bookedStop.venueAddress].filter(Boolean).join(", ") || null,
          }
        : null,
  };
}

function isReplyable(i: { status: InvitationStatus; tokenExpiresAt: Date | null }, now: Date): boolean {
  if (i.status === "revoked" || i.status === "draft") return false;
  return i.tokenExpiresAt !== null && i.tokenExpiresAt.getTime() > now.getTime();
}

export type ReplyOutcome = { status: "saved"; answer: "yes" | "no"; stopId: string | null } | { status: "ignored" };

/**
 * Saves an answer, claim-once: the invitation is updated only if its version is still the one
 * the page was read at (UPDATE … WHERE version = ?). A lost race throws a Conflict with code "stale" and
 * changes nothing. On yes to a visit offer the visit becomes a confirmed stop at the chosen time;
 * the confirmation e-mail (with an .ics) is queued in the same transaction.
 */
export function submitReply(db: Db, invitationId: string, input: ReplyInput, options: { origin: string; now?: Date; lang?: ReplyLang }): ReplyOutcome {
  const now = options.now ?? new Date();
  // A filled honeypot is a bot: answer as if all went well and store nothing.
  if (input.website) return { status: "ignored" };
  return db.transaction(
    (tx) => {
      const row = replyableInvitation(tx, invitationId, now);
      const { invitation, batch, org } = row;
      if (!isOpenForReplies(batch.deadline, now)) throw new Conflict("Sista svarsdagen har passerat.", undefined, "closed");
      const isVisit = batch.kind === "visit_offer";
      const yes = input.answer === "yes";
      let chosenTime: { id: string; startsAt: Date; endsAt: Date } | null = null;
      if (yes && isVisit && input.timeChoice && input.timeChoice !== "other") {
        chosenTime =
          tx
            .select({ id: invitationTimes.id, startsAt: invitationTimes.startsAt, endsAt: invitationTimes.endsAt })
            .from(invitationTimes)
            .where(and(eq(invitationTimes.id, input.timeChoice), eq(invitationTimes.batchId, batch.id)))
            .get() ?? null;
        if (!chosenTime) throw new Conflict("Välj en av de föreslagna tiderna.", "timeChoice");
      }
      const knownFunctions = new Set(
        tx
          .select({ code: advisorFunctions.code })
          .from(advisorFunctions)
          .all()
          .map((f) => f.code),
      );
      const knownGroups = new Set(
        tx
          .select({ code: answerGroups.code })
          .from(answerGroups)
          .all()
          .map((g) => g.code),
      );
      const functionsWanted = [...new Set(input.advisorFunctions)].filter((c) => knownFunctions.has(c));
      const groupsWanted = [...new Set(input.answerGroups)].filter((c) => knownGroups.has(c));

      // The stop: info evenings point at theirs; a visit gets (or keeps, or loses) its own. Every
      // change goes through the stops and needs verbs, as the byalag's (issue 12, point 15), so
      // booked staff are told of a new time or a cancellation and the stop's history shows it.
      let stopId = invitation.stopId;
      const ownVisitStop = isVisit ? invitation.stopId : null;
      const by: StopChanger = { kind: "invitation_reply", invitationId };
      // What the byalag wrote reaches the stop's internal notes, added to what is there (issue 13, point 4).
      const messageNote = input.message ? `Meddelande från ${org.name} (svar på inbjudan): ${input.message}` : null;
      if (isVisit) {
        if (yes && chosenTime) {
          const title = `Byabesök hos ${org.name}`;
          const note = `Från inbjudan.${input.attendees ? ` Väntade deltagare: ${input.attendees}.` : ""} Kontakt: ${input.contactName ?? ""}${input.contactPhone ? `, ${input.contactPhone}` : ""}.`;
          const needs: Record<string, number> = Object.fromEntries([
            ...functionsWanted.map((code) => [`f:${code}`, 1] as const),
            ...groupsWanted.map((code) => [`g:${code}`, 1] as const),
          ]);
          if (ownVisitStop) {
            changeStop(
              tx,
              by,
              ownVisitStop,
              { startsAt: chosenTime.startsAt, endsAt: chosenTime.endsAt, status: "confirmed", expectedVisitors: input.attendees ?? null },
              { origin: options.origin, action: "stop.update", appendNotes: [note, messageNote] },
            );
            replaceStopNeeds(tx, by, ownVisitStop, needs, { onlyIfChanged: true });
          } else {
            stopId = insertStop(tx, by, {
              tourId: batch.tourId,
              title,
              kind: "village_visit",
              status: "confirmed",
              areaId: org.areaId,
              organizationId: org.id,
              lat: row.areaLat,
              lng: row.areaLng,
              startsAt: chosenTime.startsAt,
              endsAt: chosenTime.endsAt,
              expectedVisitors: input.attendees ?? null,
              internalNotes: appendNotes(note, [messageNote]),
            });
            if (Object.keys(needs).length) replaceStopNeeds(tx, by, stopId, needs);
          }
        } else if (ownVisitStop) {
          // The answer changed from a visit at a given time to no (or to a time of their own).
          changeStop(tx, by, ownVisitStop, { status: "cancelled" }, { origin: options.origin, action: "stop.status", appendNotes: [messageNote] });
          stopId = null;
        }
      } else if (stopId && messageNote) {
        changeStop(tx, by, stopId, {}, { origin: options.origin, action: "stop.update", appendNotes: [messageNote] });
      }

      const claimed = tx
        .update(invitations)
        .set({ status: yes ? "accepted" : "declined", respondedAt: now, stopId, version: invitation.version + 1 })
        .where(and(eq(invitations.id, invitationId), eq(invitations.version, input.version)))
        .returning({ id: invitations.id })
        .get();
      // Someone else answered since this page was read: undo everything (the transaction rolls back).
      if (!claimed) throw new Conflict("Svaret har ändrats sedan sidan lästes in.", undefined, "stale");

      const replyValues = {
        answer: input.answer,
        chosenTimeId: chosenTime?.id ?? null,
        suggestedTime: yes && input.timeChoice === "other" ? (input.suggestedTime ?? null) : null,
        advisorFunctions: yes ? functionsWanted : [],
        answerGroups: yes ? groupsWanted : [],
        attendees: yes ? (input.attendees ?? null) : null,
        message: input.message || null,
        contactName: input.contactName || null,
        contactPhone: input.contactPhone || null,
      };
      tx.insert(invitationReplies)
        .values({ invitationId, ...replyValues })
        .onConflictDoUpdate({ target: invitationReplies.invitationId, set: { ...replyValues, updatedAt: now } })
        .run();

      if (yes)
        queueConfirmation(tx, {
          invitationId,
          kind: batch.kind,
          organizationId: org.id,
          organizationName: org.name,
          stopId,
          origin: options.origin,
          now,
          suggestedTime: replyValues.suggestedTime,
          lang: options.lang ?? "sv",
        });
      // The contacts' meeting requests: a REQUEST on the confirmation for a yes, a CANCEL for a yes taken back (issue 16).
      for (const id of new Set([stopId, invitation.stopId])) if (id) syncStopInvites(tx, id, { origin: options.origin, now });
      tellTourLeaders(tx, {
        batch,
        organizationName: org.name,
        previousStatus: invitation.status,
        yes,
        chosenTime,
        suggestedTime: replyValues.suggestedTime,
        stopId,
        origin: options.origin,
        now,
      });
      recordAudit(tx, {
        actorUserId: null,
        action: "invitation.reply",
        entityType: "invitation",
        entityId: invitationId,
        details: { answer: input.answer, status: [invitation.status, yes ? "accepted" : "declined"], stopId },
      });
      return { status: "saved" as const, answer: input.answer, stopId };
    },
    { behavior: "immediate" },
  );
}

function queueConfirmation(
  tx: Tx,
  c: {
    invitationId: string;
    kind: InvitationKind;
    organizationId: string;
    organizationName: string;
    stopId: string | null;
    origin: string;
    now: Date;
    suggestedTime: string | null;
    lang: ReplyLang;
  },
) {
  const stop = c.stopId
    ? tx
        .select({ title: stops.title, startsAt: stops.startsAt, endsAt: stops.endsAt, venueName: stops.venueName, venueAddress: stops.venueAddress })
        .from(stops)
        .where(eq(stops.id, c.stopId))
        .get()
    : undefined;
  const location = stop ? [stop.venueName, stop.venueAddress].filter(Boolean).join(", ") || null : null;
  const organization = getMunicipalityName(tx);
  const place = stop ? { title: stop.title, when: formatWhen(c.lang, stop.startsAt, stop.endsAt), location } : null;
  const mail = CONFIRMATION_MAIL[c.lang];
  const subject = mail.subject(place, organization);
  const text = mail.body({ organizationName: c.organizationName, place, suggestedTime: c.suggestedTime, organization });
  for (const to of contactEmails(tx, c.organizationId)) {
    enqueueEmail(
      tx,
      // The visit or evening goes into their calendar as a meeting request, added to this message by syncStopInvites.
      { kind: "confirmation", to, subject, text, relatedType: "invitation", relatedId: c.invitationId },
      c.now,
    );
  }
}

/**
 * A "Nytt sedan sist" notice for the tour leaders (issue 13, point 2): yes, no, a time of their
 * own, or a yes taken back. Names the organisation, never the contact person.
 */
function tellTourLeaders(
  tx: Tx,
  r: {
    batch: { id: string; tourId: string; kind: InvitationKind };
    organizationName: string;
    previousStatus: InvitationStatus;
    yes: boolean;
    chosenTime: { startsAt: Date; endsAt: Date } | null;
    suggestedTime: string | null;
    stopId: string | null;
    origin: string;
    now: Date;
  },
) {
  const evening =
    r.batch.kind === "info_evening" && r.stopId
      ? tx.select({ title: stops.title, startsAt: stops.startsAt, endsAt: stops.endsAt }).from(stops).where(eq(stops.id, r.stopId)).get()
      : undefined;
  const what = evening ? `informationskvällen ${evening.title}, ${formatPeriod(evening.startsAt, evening.endsAt)}` : "besök";
  let kind: PlannerNoticeKind;
  let text: string;
  if (!r.yes && r.previousStatus === "accepted") {
    kind = "reply_withdrawn";
    text = `${r.organizationName} har ändrat sitt ja till nej (${what}).`;
  } else if (!r.yes) {
    kind = "reply_no";
    text = `${r.organizationName} tackade nej till ${what}.`;
  } else if (r.suggestedTime) {
    kind = "reply_new_time";
    text = `${r.organizationName} vill ha besök men föreslår en egen tid: ${r.suggestedTime}.`;
  } else {
    kind = "reply_yes";
    text = r.chosenTime
      ? `${r.organizationName} tackade ja till besök ${formatPeriod(r.chosenTime.startsAt, r.chosenTime.endsAt)}.`
      : `${r.organizationName} tackade ja till ${what}.`;
  }
  recordNotice(tx, { kind, tourId: r.batch.tourId, stopId: r.stopId, text, href: `/inbjudningar/${r.batch.id}`, origin: r.origin, now: r.now });
}
