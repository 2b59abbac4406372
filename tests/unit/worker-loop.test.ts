import { describe, expect, it } from "vitest";
import { startWorkerLoop } from "~/utils/outbox.server";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the outbox workers' loop", () => {
  it("starts once, runs a round at once, again at once while there is more, then at the interval", async () => {
    const events: string[] = [];
    let more = 2;
    const loop = startWorkerLoop({
      intervalMs: 60_000,
      start: () => events.push("start"),
      round: async () => {
        events.push("round");
        return more-- > 0;
      },
    });
    await sleep(50);
    await loop.stop();
    // Two rounds said "more", so three ran back to back; the fourth waits for the interval.
    expect(events).toEqual(["start", "round", "round", "round"]);
  });

  it("stop waits for the running round, and no round starts after it", async () => {
    let rounds = 0;
    let finished = false;
    const loop = startWorkerLoop({
      intervalMs: 1,
      round: async () => {
        rounds++;
        await sleep(30);
        finished = true;
      },
    });
    await sleep(5);
    await loop.stop();
    expect(finished).toBe(true);
    const after = rounds;
    await sleep(30);
    expect(rounds).toBe(after);
  });

  it("a failed start is reported and the rounds still run", async () => {
    const errors: unknown[] = [];
    let rounds = 0;
    const loop = startWorkerLoop({
      intervalMs: 60_000,
      start: () => {
        throw new Error("database busy");
      },
      onStartError: (e) => errors.push(e),
      round: async () => {
        rounds++;
      },
    });
    await sleep(20);
    await loop.stop();
    expect(errors).toHaveLength(1);
    expect(rounds).toBe(1);
  });
});
