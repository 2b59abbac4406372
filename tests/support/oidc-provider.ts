/**
 * A real OpenID Connect provider for the tests (issue 17): panva's certified `oidc-provider`, on a
 * local port, with one client for Rullar ut. Its development login page takes any login and
 * password; the login is the account id (the token's `sub`), and the account's e-mail address,
 * name and groups follow from it:
 *   "anna"              → anna@kommun.example, no groups
 *   "lena+kc-turne"     → lena@kommun.example, groups ["kc-turne"]
 * Consent is not asked (a first-party client, as at a municipality's own Entra ID).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } from "./oidc-client";

export { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET };

export type OidcTestProvider = { issuer: string; close(): Promise<void> };

function account(login: string) {
  const [local, ...groups] = login.split("+");
  const name = local!.charAt(0).toUpperCase() + local!.slice(1);
  return { sub: login, email: `${local}@kommun.example`, email_verified: true, name: `${name} Testsson`, groups };
}

/** `appOrigin`: where Rullar ut runs (its callback and logout return are registered for it). */
export async function startOidcProvider(options: { appOrigin: string; port?: number }): Promise<OidcTestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: [`${options.appOrigin}/logga-in/sso/klar`],
        post_logout_redirect_uris: [`${options.appOrigin}/logga-in?utloggad=1`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    scopes: ["openid", "email", "profile", "groups"],
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    cookies: { keys: ["oidc-test-cookie-key-0123456789"] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => account(id) }),
    // No consent page: the grant covers what the client asks for.
    loadExistingGrant: async (ctx) => {
      const client = ctx.oidc.client!;
      const accountId = ctx.oidc.session!.accountId!;
      const grantId = ctx.oidc.session!.grantIdFor(client.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope("openid email profile groups");
      await grant.save();
      return grant;
    },
  });
  server.on("request", provider.callback());
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
