import { afterEach, describe, expect, it, vi } from "vitest";
import { startPeriodicJob } from "~/utils/periodic.server";

afterEach(() => void vi.useRealTimers());

describe("startPeriodicJob", () => {
  it("runs at once and then on every interval, logging only what the job reports", () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    let n = 0;
    const job = startPeriodicJob(() => (++n % 2 ? `körning ${n}` : null), {
      intervalMs: 1000,
      failure: "Jobbet misslyckades",
      log: (level, m) => lines.push(`${level}: ${m}`),
    });
    expect(n).toBe(1);
    vi.advanceTimersByTime(3000);
    expect(n).toBe(4);
    expect(lines).toEqual(["info: körning 1", "info: körning 3"]);
    job.stop();
    vi.advanceTimersByTime(5000);
    expect(n).toBe(4);
  });

  it("logs a failure and keeps running", () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    let n = 0;
    const job = startPeriodicJob(
      () => {
        if (++n === 1) throw new Error("databasen är låst");
        return "klart";
      },
      { intervalMs: 1000, failure: "Jobbet misslyckades", log: (level, m) => lines.push(`${level}: ${m}`) },
    );
    vi.advanceTimersByTime(1000);
    expect(lines).toEqual(["error: Jobbet misslyckades: databasen är låst", "info: klart"]);
    job.stop();
  });

  it("awaits an async run, never starts the next while one is running, and logs a rejection", async () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    let started = 0;
    let finish: ((line: string | null) => void) | undefined;
    let fail: ((error: Error) => void) | undefined;
    const job = startPeriodicJob(
      () =>
        new Promise<string | null>((resolve, reject) => {
          started++;
          finish = resolve;
          fail = reject;
        }),
      { intervalMs: 1000, failure: "Jobbet misslyckades", log: (level, m) => lines.push(`${level}: ${m}`) },
    );
    expect(started).toBe(1);
    vi.advanceTimersByTime(3000);
    expect(started).toBe(1);
    finish!("klart");
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toBe(2);
    fail!(new Error("servern svarar inte"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toBe(3);
    expect(lines).toEqual(["info: klart", "error: Jobbet misslyckades: servern svarar inte"]);
    job.stop();
  });
});
