/**
 * GET /logga-in/sso: starts single sign-on (ADR 036). Sends the browser to the municipality's
 * provider; a failure comes back to the login page with a Swedish message, never a 500.
 */
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { OidcLoginError, oidcSettings, startOidcLogin } from "~/domain/auth/oidc.server";
import { isLimited, recordHit, SSO_STARTS_PER_IP } from "~/domain/auth/rate-limit.server";
import { publicOrigin } from "~/env.server";
import { getUser, safeRedirect } from "~/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const settings = oidcSettings();
  if (!settings) throw new Response("Inte hittad", { status: 404 });
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (await getUser(request)) throw redirect(redirectTo);
  const db = getDb();
  // Each start keeps a row for ten minutes: a flood from one address is turned away.
  if (isLimited(db, SSO_STARTS_PER_IP, context.clientIp)) throw redirect("/logga-in?sso=busy");
  recordHit(db, SSO_STARTS_PER_IP, context.clientIp);
  try {
    const target = await startOidcLogin(db, settings, { origin: publicOrigin(request)!, redirectTo });
    throw redirect(target.href);
  } catch (error) {
    if (error instanceof OidcLoginError) {
      console.warn(`single sign-on could not start: ${error.message}`);
      throw redirect(`/logga-in?sso=${error.reason}`);
    }
    throw error;
  }
}
