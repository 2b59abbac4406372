import fs from "node:fs";

/**
 * The Chromium that Playwright drives: CHROMIUM_PATH if set, else Debian's package.
 * Playwright never downloads a browser here (no internet); see docs/decisions/007-browser-tests-on-debian-chromium.md.
 */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/lib/chromium/chromium", "/usr/bin/chromium"].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error(
      "Ingen Chromium hittades för e2e-testerna. Installera den med `apt-get update && apt-get install -y chromium`, " +
        `eller sätt CHROMIUM_PATH till en Chromium-binär. Sökte: ${candidates.join(", ")}`,
    );
  }
  return found;
}

/**
 * Whether /dev/shm is too small for Chromium's shared memory (some containers give it 64 MB); only
 * then does it fall back to files in /tmp, which costs much system time on a busy two-core machine.
 */
function smallSharedMemory(): boolean {
  try {
    const { bsize, blocks } = fs.statfsSync("/dev/shm");
    return bsize * blocks < 512 * 1024 * 1024;
  } catch {
    return true;
  }
}

/** Flags that work as root with no network. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  ...(smallSharedMemory() ? ["--disable-dev-shm-usage"] : []),
];
