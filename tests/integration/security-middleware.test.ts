import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { canonicalHost, sameOriginOnly } from "../../server/security";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A real HTTP server with the app's middleware in front of a handler that echoes the Host it sees. */
async function start(baseOrigin: string | null): Promise<string> {
  const app = express();
  app.use(sameOriginOnly({ baseOrigin }));
  app.use(canonicalHost({ baseOrigin }));
  app.all("*", (req, res) => res.json({ host: req.headers.host ?? null }));
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
    expect(await viaProxy.json()).toEqual({ host: "rullarut.example.se" });
    const other = await fetch(url + "/logga-in", { method: "POST", headers: { Origin: url } });
    expect(other.status).toBe(403);
  });
});
