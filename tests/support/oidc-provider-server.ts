/**
 * The test OIDC provider as a process of its own, for Playwright's webServer list:
 *   tsx tests/support/oidc-provider-server.ts   (E2E_OIDC_PORT, E2E_SSO_PORT from the environment)
 * It answers /healthz for Playwright's readiness check.
 */
import { startOidcProvider } from "./oidc-provider";

const port = Number(process.env.E2E_OIDC_PORT);
const appOrigin = `http://127.0.0.1:${process.env.E2E_SSO_PORT}`;
const provider = await startOidcProvider({ appOrigin, port });
console.log(`OIDC provider at ${provider.issuer} for ${appOrigin}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void provider.close().then(() => process.exit(0)));
