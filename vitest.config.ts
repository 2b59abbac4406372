import { BaseSequencer, type TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

/**
 * The files that wait longest on real clocks (a throttling receiver at 5 requests/s, a slow one, a
 * killed worker) start first, so the others run beside them. Without a duration cache (a fresh CI
 * clone) Vitest would order by file size and could start the longest one last.
 */
const LONG_FILES = ["case-delivery-throttling", "case-delivery-hardening", "scale", "seed"];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const i = LONG_FILES.findIndex((name) => file.moduleId.endsWith(`/${name}.test.ts`));
      return i === -1 ? LONG_FILES.length : i;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

// Kept apart from vite.config.ts so the Remix plugin never loads under tests.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    setupFiles: ["tests/support/vitest-env.ts"],
    pool: "forks",
    // Vitest's default is one worker less than the cores: one at a time on a 2-core CI machine. Much of
    // the integration suite waits on real servers and clocks (a throttling case system, a slow
    // receiver), so three files at a time use the cores instead of idling (tests never assert timings).
    maxWorkers: 3,
    testTimeout: 20_000,
    // A worker's first seeded database is built from scratch (tests/support/db.ts); on a loaded machine that takes a while.
    hookTimeout: 30_000,
    env: { NODE_ENV: "test" },
    sequence: { sequencer: LongestFirst },
  },
});
