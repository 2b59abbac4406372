// Builds the field page's service worker (app/sw/sw.ts, ADR 016) into <build>/client/sw.js,
// after `remix vite:build`, with the client build's files as its precache list.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const clientDir = path.join(process.env.BUILD_DIR ?? "build", "client");

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : [full];
  });
}

// The app shell: hashed assets (no revision needed), plus the manifest and icons (revision = content hash).
// Source maps and the worker itself are left out.
const manifest = walk(clientDir)
  .map((file) => "/" + path.relative(clientDir, file).split(path.sep).join("/"))
  .filter((url) => !url.endsWith(".map") && url !== "/sw.js" && url !== "/robots.txt")
  .filter((url) => url.startsWith("/assets/") || url === "/manifest.webmanifest" || url.startsWith("/icons/") || url === "/favicon.svg")
  .sort()
  .map((url) =>
    url.startsWith("/assets/")
      ? { url, revision: null }
      : {
          url,
          revision: createHash("sha256")
            .update(fs.readFileSync(path.join(clientDir, url)))
            .digest("hex")
            .slice(0, 16),
        },
  );

await build({
  entryPoints: ["app/sw/sw.ts"],
  outfile: path.join(clientDir, "sw.js"),
  bundle: true,
  format: "iife",
  target: "es2020",
  minify: true,
  sourcemap: false,
  logLevel: "warning",
  define: {
    __PRECACHE_MANIFEST__: JSON.stringify(manifest),
    "process.env.NODE_ENV": JSON.stringify("production"),
  },
});
console.log(`Service worker: ${path.join(clientDir, "sw.js")} (${manifest.length} filer i förhandscachen)`);
