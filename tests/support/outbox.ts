import path from "node:path";
import Database from "better-sqlite3";

/**
 * The reply link of a batch's invitation, read from the outbox in the e2e database: to one
 * organization, or the batch's latest when none is named.
 */
export function replyLinkFromOutbox(batchId: string, organizationName?: string): string {
  const db = new Database(path.join(process.env.E2E_DATA_DIR!, "e2e.sqlite"), { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    const row = db
      .prepare(
        `select m.text_body as text from outbox_messages m
           join invitations i on i.id = m.related_id
           join organizations o on o.id = i.organization_id
          where m.kind = 'invitation' and i.batch_id = @batchId and (@organizationName is null or o.name = @organizationName)
          order by m.created_at desc limit 1`,
      )
      .get({ batchId, organizationName: organizationName ?? null }) as { text: string } | undefined;
    const match = row && /(https?:\/\/\S+\/svar\/[A-Za-z0-9_-]{43})/.exec(row.text);
    if (!match) throw new Error(`no invitation e-mail${organizationName ? ` to ${organizationName}` : ""} found`);
    return match[1]!;
  } finally {
    db.close();
  }
}
