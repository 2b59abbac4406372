/**
 * GET /logga-in/sso/klar: the provider's answer (ADR 036). A good answer starts a session and goes
 * where the user was headed; anything else goes back to the login page with a Swedish message.
 * Logged without personal data: the reason and the error's code only.
 */
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { finishOidcLogin, OidcLoginError, oidcSettings } from "~/domain/auth/oidc.server";
import { publicOrigin } from "~/env.server";
import { startSession } from "~/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const settings = oidcSettings();
  if (!settings) throw new Response("Inte hittad", { status: 404 });
  const url = new URL(request.url);
  const db = getDb();
  let result: Awaited<ReturnType<typeof finishOidcLogin>>;
  try {
    result = await finishOidcLogin(db, settings, { origin: publicOrigin(request)!, search: url.search });
  } catch (error) {
    if (error instanceof OidcLoginError) {
      console.warn(`single sign-on refused: ${error.message}`);
      throw redirect(`/logga-in?sso=${error.reason}`);
    }
    throw error;
  }
  const cookie = await startSession(db, result.userId, new Date(), { oidcIdToken: result.idToken });
  throw redirect(result.redirectTo, { headers: { "Set-Cookie": cookie } });
}
