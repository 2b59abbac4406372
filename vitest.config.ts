import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Kept apart from vite.config.ts so the Remix plugin never loads under tests.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    // Vitest's default is one worker less than the cores: one at a time on a 2-core CI machine. Much of
    // the integration suite waits on real servers and clocks (a throttling case system, a slow
    // receiver), so three files at a time use the cores instead of idling (tests never assert timings).
    maxWorkers: 3,
    testTimeout: 20_000,
    // A worker's first seeded database is built from scratch (tests/support/db.ts); on a loaded machine that takes a while.
    hookTimeout: 30_000,
    env: { NODE_ENV: "test" },
  },
});
