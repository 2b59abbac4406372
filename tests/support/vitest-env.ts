/**
 * Vitest puts Vite's BASE_URL ("/", the base path) into process.env, where the app reads BASE_URL
 * as its own public origin and refuses "/" (app/env.server.ts). Tests that need an origin set one.
 */
if (process.env.BASE_URL === "/") delete process.env.BASE_URL;
