import { and, desc, eq } from "drizzle-orm";
import { invitations, organizations, outboxMessages } from "#db/schema";
import { withE2eDb } from "./e2e-db";

/**
 * The latest e-mail of a kind (an invitation unless told) about a batch's invitations, read from the
 * outbox in the e2e database: the one to an organization, or the batch's latest when none is named.
 */
export function invitationMail(batchId: string, options: { organizationName?: string; kind?: "invitation" | "confirmation" } = {}) {
  const { organizationName, kind = "invitation" } = options;
  return withE2eDb((db) =>
    db
      .select({
        text: outboxMessages.textBody,
        attachments: outboxMessages.attachments,
        method: outboxMessages.calendarMethod,
        calendarFile: outboxMessages.calendarFilename,
      })
      .from(outboxMessages)
      .innerJoin(invitations, eq(invitations.id, outboxMessages.relatedId))
      .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
      .where(
        and(
          eq(outboxMessages.kind, kind),
          eq(invitations.batchId, batchId),
          organizationName === undefined ? undefined : eq(organizations.name, organizationName),
        ),
      )
      .orderBy(desc(outboxMessages.createdAt))
      .get(),
  );
}

/** The reply link of a batch's invitation (see invitationMail): to one organization, or the batch's latest when none is named. */
export function replyLinkFromOutbox(batchId: string, organizationName?: string): string {
  const mail = invitationMail(batchId, { organizationName });
  const match = mail && /(https?:\/\/\S+\/svar\/[A-Za-z0-9_-]{43})/.exec(mail.text);
  if (!match) throw new Error(`no invitation e-mail${organizationName ? ` to ${organizationName}` : ""} found`);
  return match[1]!;
}
