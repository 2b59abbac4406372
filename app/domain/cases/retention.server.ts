/**
 * Retention of residents' contact details (GDPR: data minimisation, storage limitation).
 * A resident leaves a name, phone or e-mail only when they want a reply. Once their case is
 * answered or closed, and no delivery to the case system is still waiting to send them, the
 * details are erased after the municipality's retention period (municipality_settings.
 * contact_retention_days, default 30 days, set at /admin/installningar). The question, the
 * answer and the case stay, without the person. Each erasure adds an event to the case's history
 * and one audit entry counts the run; neither holds any of the erased data.
 */
import { inArray } from "drizzle-orm";
import { caseEvents, fieldQuestions } from "#db/schema";
import type { Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { eraseCaseEmailCopies } from "./adapters/email";
import { eraseResidentMail } from "./resident-mail.server";
import { contactRetentionDays } from "~/domain/settings/settings.server";
import { startPeriodicJob, type JobLog } from "~/utils/periodic.server";

const DAY_MS = 86_400_000;
/** Questions per transaction, so a large backlog never holds the write lock for long. */
const BATCH = 500;

export { contactRetentionDays };

/** Erases the contact details that are past their retention period. Returns how many questions were cleared. */
export function purgeResidentContacts(db: Db, now: Date = new Date()): { erased: number; retentionDays: number } {
  const retentionDays = contactRetentionDays(db);
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  // The OR matches the partial index field_questions_contact_idx: only questions that still hold details are read.
  const due = db.$client.prepare(
    `select q.id as questionId, c.id as caseId
     from field_questions q join cases c on c.question_id = q.id
     where (q.contact_name is not null or q.contact_phone is not null or q.contact_email is not null)
       and c.status in ('answered', 'closed') and c.updated_at < @cutoff
       and not exists (select 1 from case_deliveries d where d.case_id = c.id and d.status in ('pending', 'sending'))
     limit ${BATCH}`,
  );
  let erased = 0;
  for (;;) {
    const batch = db.transaction(
      (tx) => {
        const rows = due.all({ cutoff }) as { questionId: string; caseId: string }[];
        if (rows.length === 0) return 0;
        tx.update(fieldQuestions)
          .set({ contactName: null, contactPhone: null, contactEmail: null })
          .where(
            inArray(
              fieldQuestions.id,
              rows.map((r) => r.questionId),
            ),
          )
          .run();
        // The case's e-mail to the case system (ADR 037) carried the same details: its copy in the
        // outbox goes too (the case system keeps its own, under its own rules).
        const caseIds = rows.map((r) => r.caseId);
        eraseCaseEmailCopies(tx, caseIds, now);
        eraseResidentMail(tx, caseIds, now);
        tx.insert(caseEvents)
          .values(
            rows.map((r) => ({
              caseId: r.caseId,
              at: now,
              actorUserId: null,
              kind: "contact_erased" as const,
              note: `Invånarens kontaktuppgifter raderades ${retentionDays} dagar efter att ärendet besvarades eller avslutades.`,
            })),
          )
          .run();
        return rows.length;
      },
      { behavior: "immediate" },
    );
    erased += batch;
    if (batch < BATCH) break;
  }
  if (erased > 0) {
    recordAudit(db, { actorUserId: null, action: "contacts.erased", entityType: "field_question", details: { count: erased, retentionDays } });
  }
  return { erased, retentionDays };
}

/** Runs the purge once at start and then every hour. Logs counts only, never the details. */
export function startContactRetention(getDb: () => Db, options: { intervalMs?: number; log?: JobLog } = {}): { stop: () => void } {
  return startPeriodicJob(
    () => {
      const { erased, retentionDays } = purgeResidentContacts(getDb());
      return erased ? `Gallring: kontaktuppgifter raderade i ${erased} frågor (${retentionDays} dagar efter besvarat ärende)` : null;
    },
    { intervalMs: options.intervalMs ?? 3_600_000, failure: "Gallringen av kontaktuppgifter kunde inte köras", log: options.log },
  );
}
