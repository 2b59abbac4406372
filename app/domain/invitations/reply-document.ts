/**
 * The document around the reply pages (/svar/:token and /svar): title, robots and referrer meta,
 * and the whole document in the reader's language (<html lang>, skip link, footer; root.tsx).
 * Both routes' loaders return `lang` and `organization`.
 */
import type { DocumentLangHandle } from "~/utils/document-lang";
import { REPLY_STRINGS, type ReplyLang } from "./i18n";

type ReplyDocumentData = { lang?: ReplyLang; organization?: string | null } | undefined;

export function replyMeta(data: ReplyDocumentData) {
  return [{ title: REPLY_STRINGS[data?.lang ?? "sv"].documentTitle }, { name: "robots", content: "noindex" }, { name: "referrer", content: "no-referrer" }];
}

export const replyDocumentHandle: DocumentLangHandle = {
  documentLang: (data) => {
    const d = data as ReplyDocumentData;
    const t = REPLY_STRINGS[d?.lang ?? "sv"];
    return { lang: t.htmlLang, skipLink: t.skipLink, footer: { lead: t.footerLead(d?.organization ?? null), links: t.footerLinks } };
  },
};
