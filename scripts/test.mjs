/**
 * `npm test`: every test. The typecheck, the lint (ESLint) with the format check (Prettier), the unit and integration tests (vitest)
 * and the production build run side by side: much of the integration suite waits on real servers
 * and clocks (a throttling case system, a slow receiver), so the machine's cores are free for the
 * others. Then the e2e tests run against the build. The typecheck's, the lint's and the build's
 * output is printed when each is done, so vitest's report reads as one piece. Exits non-zero if
 * anything failed. PostgreSQL for the integration suite is started first (scripts/postgres-for-tests.sh).
 */
import { execFileSync, spawn } from "node:child_process";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function run(script, { buffered }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(npm, ["run", "--silent", script], { stdio: buffered ? ["ignore", "pipe", "pipe"] : "inherit", env: process.env });
    let output = "";
    if (buffered) {
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
    }
    child.on("close", (code) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      if (buffered) process.stdout.write(`\n--- ${script} (${seconds} s, ${code === 0 ? "ok" : `exit ${code}`})\n${output}`);
      else process.stdout.write(`\n--- ${script}: ${seconds} s, ${code === 0 ? "ok" : `exit ${code}`}\n`);
      resolve(code ?? 1);
    });
  });
}

// The integration suite runs on PostgreSQL too (issue 19): Debian's server, installed and started when
// needed, unless TEST_DATABASE_URL names one already.
if (!process.env.TEST_DATABASE_URL) {
  try {
    process.env.TEST_DATABASE_URL = execFileSync("scripts/postgres-for-tests.sh", { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  } catch {
    console.error("PostgreSQL kunde inte startas för testerna (scripts/postgres-for-tests.sh). Sätt TEST_DATABASE_URL till en databas att testa mot.");
    process.exit(1);
  }
}

const first = await Promise.all([
  run("typecheck", { buffered: true }),
  run("lint", { buffered: true }),
  run("format:check", { buffered: true }),
  run("build", { buffered: true }),
  run("test:unit", { buffered: false }),
]);
if (first.some((code) => code !== 0)) process.exit(1);
process.exit(await run("test:e2e:run", { buffered: false }));
