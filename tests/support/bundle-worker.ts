import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Bundles a worker script (tests/support/*-worker.ts) into one ES module that plain Node can run
 * in a child process, with the app's path aliases resolved and the packages left to node_modules.
 */
export async function bundleWorker(source: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [source],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    logLevel: "warning",
  });
}
