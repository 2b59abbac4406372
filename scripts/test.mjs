/**
 * `npm test`: every test. The typecheck, the unit and integration tests (vitest) and the production
 * build start side by side, and the e2e tests start as soon as the build is there: much of the
 * integration suite waits on real servers and clocks (a throttling case system that takes a minute
 * for its 300 cases, a slow receiver), so the machine's cores are free for the others. Only the
 * e2e report streams; the others are printed whole when each is done, so every report reads as one
 * piece. Exits non-zero if anything failed.
 */
import { spawn } from "node:child_process";

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

const checks = [run("typecheck", { buffered: true }), run("test:unit", { buffered: true })];
const e2e = run("build", { buffered: true }).then((code) => (code === 0 ? run("test:e2e:run", { buffered: false }) : code));
const codes = await Promise.all([...checks, e2e]);
process.exit(codes.some((code) => code !== 0) ? 1 : 0);
