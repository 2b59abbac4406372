/**
 * "Nytt sedan sist" (issue 13, point 2): the tour leaders hear at once when a byalag answers, when
 * staff sign up or withdraw, and see what could not be delivered. A notice is written in the
 * transaction of the event itself; each planner gets it by e-mail at once, in a daily digest, or
 * only on the start page, as they choose. Notice texts name organisations, stops and staff, never
 * a byalag contact or a resident.
 */
import { and, count, desc, eq, gt, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { caseDeliveries, outboxMessages, plannerNotices, stopAssignments, stops, tours, users, type NoticeEmailMode, type PlannerNoticeKind } from "#db/schema";
import type { Db } from "~/db.server";
import { enqueueEmail } from "~/domain/email/outbox.server";
import { can, PLANNER_ROLES } from "~/domain/users/roles";
import { publicOrigin } from "~/env.server";
import type { Actor } from "~/domain/users/users.server";
import { stopStatusIs } from "~/domain/stops/status-filter.server";
import { formatDayTime, stockholmToUtc, todayInStockholm } from "~/utils/dates";
import { startPeriodicJob, type JobLog } from "~/utils/periodic.server";

type Tx = Pick<Db, "select" | "insert" | "update">;

export const NOTICE_KIND_LABELS: Record<PlannerNoticeKind, string> = {
  reply_yes: "Tackade ja",
  reply_no: "Tackade nej",
  reply_new_time: "Föreslog en egen tid",
  reply_withdrawn: "Drog tillbaka sitt ja",
  staff_signup: "Anmälan väntar på bekräftelse",
  staff_withdrawn: "Avanmälan",
};

export type NoticeInput = {
  kind: PlannerNoticeKind;
  tourId: string | null;
  stopId?: string | null;
  /** One Swedish line, shown on the start page and in the digest. */
  text: string;
  /** A path in the app, e.g. /inbjudningar/<batch>. */
  href?: string | null;
  /** The immediate e-mail, when the event deserves its own wording; else the line and the link. */
  email?: { kind?: string; subject: string; text: (recipientFirstName: string) => string };
  origin?: string | null;
  now?: Date;
};

function activePlanners(tx: Pick<Db, "select">) {
  return tx
    .select({ id: users.id, name: users.name, email: users.email, noticeEmail: users.noticeEmail })
    .from(users)
    .where(and(eq(users.active, true), inArray(users.role, [...PLANNER_ROLES])))
    .all();
}

/** The link in an e-mail: from the request's origin, else the configured BASE_URL, else none. */
function absolute(origin: string | null | undefined, href: string | null | undefined): string | null {
  if (!href) return null;
  const base = origin ?? configuredOrigin();
  return base ? `${base.replace(/\/$/, "")}${href}` : null;
}

function configuredOrigin(): string | null {
  try {
    return publicOrigin();
  } catch {
    return null;
  }
}

/** Records a notice and queues the immediate e-mails. Call it inside the event's transaction. */
export function recordNotice(tx: Tx, notice: NoticeInput): string {
  const now = notice.now ?? new Date();
  const row = tx
    .insert(plannerNotices)
    .values({ kind: notice.kind, tourId: notice.tourId, stopId: notice.stopId ?? null, text: notice.text, href: notice.href ?? null, at: now })
    .returning({ id: plannerNotices.id })
    .get();
  const link = absolute(notice.origin, notice.href);
  for (const planner of activePlanners(tx)) {
    if (planner.noticeEmail !== "immediate") continue;
    const firstName = planner.name.split(" ")[0] ?? planner.name;
    const text =
      notice.email?.text(firstName) ??
      [
        `Hej ${firstName}!`,
        "",
        notice.text,
        ...(link ? ["", link] : []),
        "",
        "Du får det här för att du valt e-post direkt under Översikt → Nytt sedan sist.",
        "Rullar ut",
      ].join("\n");
    enqueueEmail(
      tx,
      {
        kind: notice.email?.kind ?? "planner-notice",
        to: planner.email,
        subject: notice.email?.subject ?? `${NOTICE_KIND_LABELS[notice.kind]}: ${notice.text}`.slice(0, 200),
        text,
        relatedType: notice.stopId ? "stop" : "notice",
        relatedId: notice.stopId ?? row.id,
      },
      now,
    );
  }
  return row.id;
}

export type NoticeListItem = { id: string; kind: PlannerNoticeKind; kindLabel: string; text: string; href: string | null; at: Date; tourName: string | null };

export type NoticeSummary = {
  since: Date | null;
  notices: NoticeListItem[];
  /** More unread than listed. */
  more: number;
  pendingSignups: number;
  failedEmails: number;
  failedCaseDeliveries: number;
  emailMode: NoticeEmailMode;
};

const LIST_LIMIT = 20;

/**
 * What is new for this planner since they last marked the notices read: the notices themselves,
 * and the standing things to act on (sign-ups to confirm, messages and cases not delivered).
 */
export function noticeSummary(db: Db, actor: Actor, now = new Date()): NoticeSummary | null {
  if (!can.planTour(actor.role)) return null;
  const me = db.select({ seen: users.noticesSeenAt, mode: users.noticeEmail }).from(users).where(eq(users.id, actor.id)).get();
  const since = me?.seen ?? null;
  const unread = since ? gt(plannerNotices.at, since) : sql`1 = 1`;
  const rows = db
    .select({
      id: plannerNotices.id,
      kind: plannerNotices.kind,
      text: plannerNotices.text,
      href: plannerNotices.href,
      at: plannerNotices.at,
      tourName: tours.name,
    })
    .from(plannerNotices)
    .leftJoin(tours, eq(tours.id, plannerNotices.tourId))
    .where(unread)
    .orderBy(desc(plannerNotices.at))
    .limit(LIST_LIMIT + 1)
    .all();
  const total = rows.length > LIST_LIMIT ? (db.select({ n: count() }).from(plannerNotices).where(unread).get()?.n ?? 0) : rows.length;
  const pendingSignups =
    db
      .select({ n: count() })
      .from(stopAssignments)
      .innerJoin(stops, eq(stops.id, stopAssignments.stopId))
      .where(and(eq(stopAssignments.status, "requested"), gte(stops.endsAt, now), stopStatusIs(["planned", "confirmed", "proposed"])))
      .get()?.n ?? 0;
  const failedEmails =
    db
      .select({ n: count() })
      .from(outboxMessages)
      .where(inArray(outboxMessages.status, ["failed", "bounced"]))
      .get()?.n ?? 0;
  const failedCaseDeliveries = db.select({ n: count() }).from(caseDeliveries).where(eq(caseDeliveries.status, "failed")).get()?.n ?? 0;
  return {
    since,
    notices: rows.slice(0, LIST_LIMIT).map((r) => ({ ...r, kindLabel: NOTICE_KIND_LABELS[r.kind] })),
    more: Math.max(0, total - LIST_LIMIT),
    pendingSignups,
    failedEmails,
    failedCaseDeliveries,
    emailMode: me?.mode ?? "immediate",
  };
}

/**
 * Marks every notice up to `upTo` (the moment the planner's page was read) as read. A time in the
 * future (a forged form) counts as now, so it can never hide notices still to come.
 */
export function markNoticesSeen(db: Db, actor: Actor, requested: Date, now = new Date()): void {
  if (!can.planTour(actor.role)) return;
  const upTo = requested > now ? now : requested;
  db.update(users)
    .set({ noticesSeenAt: upTo })
    .where(and(eq(users.id, actor.id), or(isNull(users.noticesSeenAt), lte(users.noticesSeenAt, upTo))))
    .run();
}

export function setNoticeEmail(db: Db, actor: Actor, mode: NoticeEmailMode, now = new Date()): void {
  if (!can.planTour(actor.role)) return;
  // A planner who turns to the digest starts it from now, not with every notice ever written.
  db.update(users)
    .set({ noticeEmail: mode, digestSentAt: mode === "daily" ? now : null })
    .where(eq(users.id, actor.id))
    .run();
}

/** The digest goes out once a day, at or after this Stockholm time. */
export const DIGEST_TIME = "07:00";

/**
 * Sends each planner who chose the daily digest one e-mail with the notices since their last one,
 * once a day after 07:00 Swedish time. Nothing is sent on a day without news. Safe to run often and
 * from several processes: the digest is claimed with a conditional UPDATE before it is queued.
 */
export function sendDailyDigests(db: Db, options: { now?: Date; origin?: string | null } = {}): number {
  const now = options.now ?? new Date();
  const dueAt = stockholmToUtc(todayInStockholm(now), DIGEST_TIME);
  if (now < dueAt) return 0;
  let sent = 0;
  for (const planner of activePlanners(db)) {
    if (planner.noticeEmail !== "daily") continue;
    sent += db.transaction(
      (tx) => {
        const me = tx.select({ last: users.digestSentAt }).from(users).where(eq(users.id, planner.id)).get();
        const last = me?.last ?? null;
        if (last && last >= dueAt) return 0;
        const notices = tx
          .select({ kind: plannerNotices.kind, text: plannerNotices.text, href: plannerNotices.href, at: plannerNotices.at })
          .from(plannerNotices)
          .where(and(last ? gt(plannerNotices.at, last) : sql`1 = 1`, lte(plannerNotices.at, now)))
          .orderBy(plannerNotices.at)
          .all();
        const claimed = tx
          .update(users)
          .set({ digestSentAt: now })
          .where(and(eq(users.id, planner.id), last ? eq(users.digestSentAt, last) : isNull(users.digestSentAt)))
          .returning({ id: users.id })
          .get();
        if (!claimed || notices.length === 0) return 0;
        const firstName = planner.name.split(" ")[0] ?? planner.name;
        const lines = notices.map((n) => {
          const link = absolute(options.origin, n.href);
          return `• ${formatDayTime(n.at)}: ${NOTICE_KIND_LABELS[n.kind]}. ${n.text}${link ? `\n  ${link}` : ""}`;
        });
        enqueueEmail(
          tx,
          {
            kind: "planner-digest",
            to: planner.email,
            subject: `Rullar ut: ${notices.length === 1 ? "1 nyhet" : `${notices.length} nyheter`} sedan i går`,
            text: [
              `Hej ${firstName}!`,
              "",
              "Det här har hänt sedan förra sammanfattningen:",
              "",
              ...lines,
              "",
              "Du får en sammanfattning per dag. Det ändrar du under Översikt → Nytt sedan sist.",
              "Rullar ut",
            ].join("\n"),
            relatedType: "notice",
            relatedId: planner.id,
          },
          now,
        );
        return 1;
      },
      { behavior: "immediate" },
    );
  }
  return sent;
}

/** Checks every quarter of an hour whether a digest is due. */
export function startDailyDigests(options: { db: () => Db; origin: string | null; log?: JobLog; intervalMs?: number }) {
  return startPeriodicJob(
    () => {
      const sent = sendDailyDigests(options.db(), { origin: options.origin });
      return sent ? `Daglig sammanfattning köad till ${sent} turnéledare` : null;
    },
    { intervalMs: options.intervalMs ?? 15 * 60_000, failure: "Daglig sammanfattning misslyckades", log: options.log },
  );
}
