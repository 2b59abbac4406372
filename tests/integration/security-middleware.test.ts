import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { canonicalHost, referrerPolicy, sameOriginOnly } from "../../server/security";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A real HTTP server with the app's middleware in front of a handler that echoes the Host it sees. */
async function start(baseOrigin: string | null): Promise<string> {
  const app = express();
  app.use(referrerPolicy);
  app.use(sameOriginOnly({ baseOrigin }));
  app.use(canonicalHost({ baseOrigin }));
  app.all("*", (req, res) => res.json({ host: req.headers.host ?? null, origin: req.headers.origin ?? null }));
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server!.once("listening", resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe("same-origin check for state changes", () => {
  it("refuses a POST whose Origin is another site, and one that Sec-Fetch-Site calls cross-site", async () => {
    const url = await start(null);
    const evil = await fetch(url + "/logga-in", { method: "POST", headers: { Origin: "http://evil.example" } });
    expect(evil.status).toBe(403);
    expect(await evil.text()).toContain("annan webbplats");
    const crossSite = await fetch(url + "/logga-in", { method: "POST", headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(crossSite.status).toBe(403);
  });

  it("refuses a foreign Origin even when Sec-Fetch-Site claims same-origin (issue 12)", async () => {
    const url = await start(null);
    const forged = await fetch(url + "/logga-in", { method: "POST", headers: { Origin: "http://evil.example", "Sec-Fetch-Site": "same-origin" } });
    expect(forged.status).toBe(403);
  });

  it("lets a form on a no-referrer page post: Origin null, but Sec-Fetch-Site same-origin", async () => {
    const url = await start(null);
    const r = await fetch(url + "/svar", { method: "POST", headers: { Origin: "null", "Sec-Fetch-Site": "same-origin" } });
    expect(r.status).toBe(200);
    // The opaque Origin is dropped before the app, whose own CSRF check would refuse it.
    expect((await r.json()).origin).toBeNull();
    const forged = await fetch(url + "/svar", { method: "POST", headers: { Origin: "null" } });
    expect(forged.status).toBe(403);
  });

  it("lets GET through from anywhere, and a POST from its own origin", async () => {
    const url = await start(null);
    expect((await fetch(url + "/", { headers: { Origin: "http://evil.example" } })).status).toBe(200);
    const own = await fetch(url + "/logga-in", { method: "POST", headers: { Origin: url, "Sec-Fetch-Site": "same-origin" } });
    expect(own.status).toBe(200);
  });

  it("with BASE_URL, judges Origin against it even when the proxy sends another Host", async () => {
    const url = await start("https://rullarut.example.se");
    const viaProxy = await fetch(url + "/logga-in", { method: "POST", headers: { Origin: "https://rullarut.example.se" } });
    expect(viaProxy.status).toBe(200);
    // The handler (Remix, in the app) sees the public host, so its own CSRF check agrees.
    expect(await viaProxy.json()).toMatchObject({ host: "rullarut.example.se" });
    const other = await fetch(url + "/logga-in", { method: "POST", headers: { Origin: url } });
    expect(other.status).toBe(403);
  });
});

describe("referrer policy", () => {
  it("is no-referrer on the byalag reply pages and strict-origin-when-cross-origin elsewhere", async () => {
    const url = await start(null);
    for (const path of ["/svar", "/svar/abc123", "/svar.data"]) {
      expect((await fetch(url + path)).headers.get("referrer-policy"), path).toBe("no-referrer");
    }
    for (const path of ["/", "/svaret", "/logga-in"]) {
      expect((await fetch(url + path)).headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
    }
  });
});
