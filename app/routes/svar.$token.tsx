import { data, redirect, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "~/db.server";
import { isLimited, recordHit, REPLY_TOKEN_LOOKUPS_PER_IP } from "~/domain/auth/rate-limit.server";
import { REPLY_STRINGS, replyLang, replyLangOf } from "~/domain/invitations/i18n";
import { openByToken } from "~/domain/invitations/invitations.server";
import { REPLY_PAGE_HEADERS, serializeReplyCookie } from "~/domain/invitations/reply-cookie.server";
import { getMunicipalityName } from "~/domain/settings/settings.server";
import { replyDocumentHandle, replyMeta } from "~/domain/invitations/reply-document";

export const meta: MetaFunction<typeof loader> = ({ data }) => replyMeta(data);

export const handle = replyDocumentHandle;

/**
 * The link in the e-mail. It is exchanged for a short-lived cookie and the browser is sent on
 * to the clean address /svar, so the token leaves the address bar at once. Every refusal
 * (malformed, unknown, expired, revoked) gets the same page.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const db = getDb();
  const lang = replyLangOf(request);
  const organization = getMunicipalityName(db);
  const ip = context.clientIp;
  if (isLimited(db, REPLY_TOKEN_LOOKUPS_PER_IP, ip)) {
    return data({ lang, organization, limited: true }, { status: 429, headers: { ...REPLY_PAGE_HEADERS, "Retry-After": "60" } });
  }
  recordHit(db, REPLY_TOKEN_LOOKUPS_PER_IP, ip);
  const invitationId = openByToken(db, params.token ?? "");
  if (!invitationId) return data({ lang, organization, limited: false }, { status: 404, headers: REPLY_PAGE_HEADERS });
  // A language asked for in the link is kept; otherwise /svar follows the browser's language.
  const asked = replyLang(new URL(request.url).searchParams.get("lang"));
  throw redirect(asked ? `/svar?lang=${asked}` : "/svar", {
    headers: { ...REPLY_PAGE_HEADERS, "Set-Cookie": await serializeReplyCookie(invitationId) },
  });
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export default function ReplyLinkRefused() {
  const { lang, limited } = useLoaderData<typeof loader>();
  return <ReplyNotFound lang={lang} limited={limited} />;
}

function ReplyNotFound({ lang, limited = false }: { lang: "sv" | "en"; limited?: boolean }) {
  const t = REPLY_STRINGS[lang];
  return (
    <div className="container narrow reply-page">
      <h1>{limited ? t.tooManyTitle : t.notFoundTitle}</h1>
      <p>{limited ? t.tooManyBody : t.notFoundBody}</p>
    </div>
  );
}
