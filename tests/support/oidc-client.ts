/** The test provider's client for Rullar ut (tests/support/oidc-provider.ts), shared with playwright.config. */
export const OIDC_CLIENT_ID = "rullarut";
export const OIDC_CLIENT_SECRET = "oidc-test-hemlighet-0123456789abcdef";
