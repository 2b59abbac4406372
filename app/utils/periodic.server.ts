export type JobLog = (level: "info" | "warn" | "error", message: string) => void;

/**
 * Runs `run` once now and then every `intervalMs`, in this process, without keeping the process
 * alive. `run` returns the line to log, or null when there was nothing to do; a thrown error is
 * logged as "<failure>: <message>" and the next run happens as planned. Log lines must never
 * carry personal data.
 */
export function startPeriodicJob(run: () => string | null, options: { intervalMs: number; failure: string; log?: JobLog }): { stop: () => void } {
  const log = options.log ?? (() => {});
  const tick = () => {
    try {
      const line = run();
      if (line) log("info", line);
    } catch (error) {
      log("error", `${options.failure}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  tick();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
