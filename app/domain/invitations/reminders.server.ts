import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { startPeriodicJob, type JobLog } from "~/utils/periodic.server";
import { contacts, invitationBatches, invitations, organizations, stops } from "#db/schema";
import type { Db } from "~/db.server";
import { enqueueEmail } from "~/domain/email/outbox.server";
import { getContactCenterName } from "~/domain/settings/settings.server";
import { getEnv } from "~/env.server";
import { addDaysIso, formatIsoDate, formatPeriod, todayInStockholm } from "~/utils/dates";

const DAY_MS = 24 * 3600_000;

export type ReminderRun = { invitationReminders: number; visitReminders: number };

function emailsOf(tx: Pick<Db, "select">, organizationId: string): string[] {
  return tx
    .select({ email: contacts.email })
    .from(contacts)
    .where(and(eq(contacts.organizationId, organizationId), isNotNull(contacts.email), sql`${contacts.email} <> ''`))
    .all()
    .map((c) => c.email!);
}

/**
 * Sends what is due, each reminder at most once even when several processes run this at the
 * same time: every reminder is claimed with a conditional UPDATE … WHERE reminder_sent_at IS NULL
 * … RETURNING, and its e-mails are queued in the same (immediate) transaction. Call it from the
 * mail worker's loop.
 *
 * - Invitations still sent/opened when the deadline is INVITATION_REMINDER_DAYS days away or less.
 *   The token is not kept, so the reminder points to the invitation e-mail instead of carrying a link.
 * - Accepted visits: the contacts are reminded VISIT_REMINDER_DAYS days before the visit.
 */
export function sendDueReminders(db: Db, now = new Date(), options: { invitationDays?: number; visitDays?: number } = {}): ReminderRun {
  const invitationDays = options.invitationDays ?? getEnv().INVITATION_REMINDER_DAYS;
  const visitDays = options.visitDays ?? getEnv().VISIT_REMINDER_DAYS;
  const today = todayInStockholm(now);
  const lastDeadline = addDaysIso(today, invitationDays);

  return db.transaction(
    (tx) => {
      let invitationReminders = 0;
      let visitReminders = 0;
      const signature = getContactCenterName(tx);

      const due = tx
        .update(invitations)
        .set({ reminderSentAt: now })
        .where(
          and(
            isNull(invitations.reminderSentAt),
            inArray(invitations.status, ["sent", "opened"]),
            sql`${invitations.tokenExpiresAt} > ${now.getTime()}`,
            sql`exists (select 1 from ${invitationBatches} b where b.id = ${invitations.batchId} and b.deadline >= ${today} and b.deadline <= ${lastDeadline})`,
          ),
        )
        .returning({ id: invitations.id, batchId: invitations.batchId, organizationId: invitations.organizationId, sentAt: invitations.sentAt })
        .all();
      for (const inv of due) {
        const batch = tx
          .select({ subject: invitationBatches.subject, deadline: invitationBatches.deadline })
          .from(invitationBatches)
          .where(eq(invitationBatches.id, inv.batchId))
          .get()!;
        const org = tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, inv.organizationId)).get()!;
        for (const to of emailsOf(tx, inv.organizationId)) {
          enqueueEmail(
            tx,
            {
              kind: "reminder",
              to,
              subject: `Påminnelse: svara senast ${formatIsoDate(batch.deadline)}`,
              text:
                `Hej ${org.name}!\n\nVi har inte fått något svar på vår inbjudan ”${batch.subject}”` +
                `${inv.sentAt ? ` som skickades ${formatIsoDate(todayInStockholm(inv.sentAt))}` : ""}.\n` +
                `Svara gärna senast ${formatIsoDate(batch.deadline)} via den personliga länken i inbjudan.\n\n` +
                "Hittar ni inte inbjudan? Svara på det här meddelandet så skickar vi en ny länk.\n\nVänliga hälsningar\n" +
                signature,
              relatedType: "invitation",
              relatedId: inv.id,
            },
            now,
          );
        }
        invitationReminders++;
      }

      const visits = tx
        .update(invitations)
        .set({ visitReminderSentAt: now })
        .where(
          and(
            isNull(invitations.visitReminderSentAt),
            eq(invitations.status, "accepted"),
            sql`exists (select 1 from ${invitationBatches} b where b.id = ${invitations.batchId} and b.kind = 'visit_offer')`,
            sql`exists (select 1 from ${stops} s where s.id = ${invitations.stopId} and s.status = 'confirmed' and s.starts_at > ${now.getTime()} and s.starts_at <= ${now.getTime() + visitDays * DAY_MS})`,
          ),
        )
        .returning({ id: invitations.id, organizationId: invitations.organizationId, stopId: invitations.stopId })
        .all();
      for (const inv of visits) {
        const stop = tx
          .select({ title: stops.title, startsAt: stops.startsAt, endsAt: stops.endsAt, venueName: stops.venueName })
          .from(stops)
          .where(eq(stops.id, inv.stopId!))
          .get()!;
        for (const to of emailsOf(tx, inv.organizationId)) {
          enqueueEmail(
            tx,
            {
              kind: "visit-reminder",
              to,
              subject: `Påminnelse: ${stop.title}`,
              text: `Hej!\n\nVälkomna till ${stop.title}, ${formatPeriod(stop.startsAt, stop.endsAt)}${stop.venueName ? `, ${stop.venueName}` : ""}.\n\nVänliga hälsningar\n${signature}`,
              relatedType: "invitation",
              relatedId: inv.id,
            },
            now,
          );
        }
        visitReminders++;
      }
      return { invitationReminders, visitReminders };
    },
    { behavior: "immediate" },
  );
}

/**
 * Runs sendDueReminders every minute (and once at start), whether or not a mail server is
 * configured: reminders go to the outbox like every other message. Safe with several processes,
 * since each reminder is claimed once. Logs counts only.
 */
export function startReminderScheduler(getDb: () => Db, options: { intervalMs?: number; log?: JobLog } = {}): { stop: () => void } {
  return startPeriodicJob(
    () => {
      const run = sendDueReminders(getDb(), new Date());
      return run.invitationReminders || run.visitReminders
        ? `Påminnelser: ${run.invitationReminders} om inbjudningar, ${run.visitReminders} inför besök`
        : null;
    },
    { intervalMs: options.intervalMs ?? 60_000, failure: "Påminnelser kunde inte köras", log: options.log },
  );
}
