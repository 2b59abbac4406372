export type JobLog = (level: "info" | "warn" | "error", message: string) => void;

/**
 * Runs `run` once now and then every `intervalMs`, in this process, without keeping the process
 * alive. `run` returns the line to log, or null when there was nothing to do; a thrown error (or a
 * rejected promise) is logged as "<failure>: <message>" and the next run happens as planned. An
 * async run (the PostgreSQL engine's, ADR 042) is never overlapped: a tick that comes while the last
 * run is still going is skipped. Log lines must never carry personal data.
 */
export function startPeriodicJob(
  run: () => string | null | Promise<string | null>,
  options: { intervalMs: number; failure: string; log?: JobLog },
): { stop: () => void } {
  const log = options.log ?? (() => {});
  const report = (line: string | null) => {
    if (line) log("info", line);
  };
  const failed = (error: unknown) => log("error", `${options.failure}: ${error instanceof Error ? error.message : String(error)}`);
  let running = false;
  const tick = () => {
    if (running) return;
    try {
      const result = run();
      if (result instanceof Promise) {
        running = true;
        result.then(report, failed).finally(() => (running = false));
      } else report(result);
    } catch (error) {
      failed(error);
    }
  };
  tick();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
