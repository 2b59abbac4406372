// Bundles the Express server (server/index.ts) to build/server.js. Packages stay external;
// app code it needs at start (configuration, migrations, seed) is bundled in.
import { build } from "esbuild";

await build({
  entryPoints: ["server/index.ts"],
  outfile: `${process.env.BUILD_DIR ?? "build"}/server.js`,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
