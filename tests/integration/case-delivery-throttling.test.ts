/**
 * Issue 12 (hardening), point 9: the delivery worker against a real local Open311 server that
 * throttles (429 + Retry-After). A file of its own: at 5 requests/s it takes about two minutes,
 * and alone it runs beside the other integration files. See
 * docs/decisions/022-case-delivery-pacing-and-uncertain-outcomes.md.
 */
import { describe, expect, it } from "vitest";
import { pollCaseStatuses, startCaseDeliveryWorker } from "~/domain/cases/delivery.server";
import { until, useDeliveryHarness } from "../support/case-delivery-harness";

const h = useDeliveryHarness();
const { open311, configureOpen311, logQuestion, rows, postsFor } = h;

describe("a throttling receiver (429 with Retry-After)", () => {
  it(
    "300 cases against a GeoReport v2 server allowing 5 requests/s: each delivered once, at most 10 % refused, none failed",
    { timeout: 300_000 },
    async () => {
      const server = await open311({ rateLimit: { perSecond: 5, retryAfterSeconds: 2 } });
      configureOpen311(server);
      const made = Array.from({ length: 300 }, (_, i) => logQuestion({ question: `Fråga ${i + 1} om trafiken` }));
      const refused = () => server.hits.filter((h) => h.status === 429).length;
      const stop = startCaseDeliveryWorker({ db: h.t.db, intervalMs: 100, log: () => {} });
      try {
        await until(
          () => {
            const r = rows();
            const tooMany = server.hits.length >= 100 && refused() > server.hits.length * 0.1;
            return r.every((x) => x.status === "delivered") || r.some((x) => x.status === "failed") || tooMany;
          },
          240_000,
          500,
        );
      } finally {
        await stop();
      }
      // Status polls share the receiver's pace.
      await pollCaseStatuses(h.t.db, { batchSize: 50 });

      const r = rows();
      expect(r.filter((x) => x.status === "failed")).toEqual([]);
      expect(r.filter((x) => x.status === "delivered")).toHaveLength(300);
      for (const m of made) expect(postsFor(server, m.caseNumber)).toBe(1);
      expect(server.hits.filter((h) => h.path.startsWith("/requests/")).length).toBeGreaterThanOrEqual(50);
      expect(refused()).toBeLessThanOrEqual(server.hits.length * 0.1);
    },
  );
});
