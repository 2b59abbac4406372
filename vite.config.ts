import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig(({ isSsrBuild }) => ({
  server: { port: 3000 },
  // The browser's code is minified with terser: a few kB less than esbuild on every page (ADR 030).
  // The server's code stays readable, for its stack traces.
  build: {
    target: "es2022",
    minify: isSsrBuild ? false : "terser",
    terserOptions: { module: true, compress: { passes: 2 }, format: { comments: false } },
    sourcemap: !!process.env.SOURCEMAP,
  },
  // Native, server-only packages: never pre-bundle them for the browser (dev server).
  optimizeDeps: { exclude: ["@node-rs/argon2", "better-sqlite3"] },
  ssr: { external: ["@node-rs/argon2", "better-sqlite3"] },
  plugins: [
    remix({
      // BUILD_DIR lets parallel builds (CI, several developers' e2e runs) use separate folders.
      buildDirectory: process.env.BUILD_DIR ?? "build",
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
        unstable_optimizeDeps: true,
      },
    }),
    tsconfigPaths(),
  ],
}));
