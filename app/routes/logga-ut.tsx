import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSessionUrl, oidcSettings } from "~/domain/auth/oidc.server";
import { publicOrigin } from "~/env.server";
import { endSession, sessionIdToken } from "~/session.server";

/**
 * Ends the local session. After a single sign-on, the browser then goes to the provider's logout
 * (RP-initiated logout, ADR 036) when the provider has one, and comes back to the login page.
 */
export async function action({ request }: ActionFunctionArgs) {
  const settings = oidcSettings();
  const idToken = settings ? await sessionIdToken(request) : null;
  const cookie = await endSession(request);
  const providerLogout = settings && idToken ? await endSessionUrl(settings, { origin: publicOrigin(request)!, idToken }) : null;
  throw redirect(providerLogout ?? "/logga-in", { headers: { "Set-Cookie": cookie } });
}

/** Logging out changes state, so it is POST only; a GET just goes to the start page. */
export async function loader() {
  throw redirect("/");
}
