import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { getOutboxAttachment } from "~/domain/email/outbox-admin.server";
import { requireRole } from "~/session.server";
import { handleDomain } from "~/utils/http.server";

/** A type/subtype with parameters; anything else is served as plain bytes. */
const SAFE_CONTENT_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(\s*;\s*[a-z0-9-]+=("[^"\r\n]*"|[a-z0-9!#$&^_.+-]+))*$/i;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  const attachment = await handleDomain(() => getOutboxAttachment(getDb(), actor, params.messageId!, Number(params.index)));
  const ascii = attachment.filename.replace(/[^\x20-\x7e]|["\\]/g, "_") || "bilaga";
  return new Response(attachment.content, {
    headers: {
      "Content-Type": SAFE_CONTENT_TYPE.test(attachment.contentType) ? attachment.contentType : "application/octet-stream",
      // Always a download, never shown inline: the content came from the outbox, not from us.
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
      "Content-Length": String(attachment.content.length),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
