import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_GUARD, requestGuard } from "../../server/request-guard";

/**
 * The request guard (issue 12) on a real HTTP server, in front of a handler that reports what got
 * through. The whole app is exercised the same way by tests/e2e/malformed-input.spec.ts.
 */
let server: http.Server;
let base: string;
/** Bytes the server's sockets read, per request path, when the connection closed. */
const socketBytes: number[] = [];

beforeAll(async () => {
  const app = express();
  app.use(requestGuard());
  app.all("*", (req, res) => {
    const body = res.locals.guardedBody?.bytes;
    res.json({
      method: req.method,
      contentType: req.get("content-type") ?? null,
      length: body?.length ?? null,
      text: body?.toString("utf8").slice(0, 200) ?? null,
    });
  });
  server = http.createServer(app);
  server.on("checkContinue", (req, res) => app(req, res));
  server.on("connection", (socket) => socket.on("close", () => socketBytes.push(socket.bytesRead)));
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const form = (body: string, path = "/logga-in") =>
  fetch(base + path, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body });

describe("form shape", () => {
  it("refuses a sparse array index at once with a short Swedish answer (52 bytes froze the server before)", async () => {
    const r = await form("email=a%40b.se&password=p&redirectTo%5B10000000%5D=x");
    expect(r.status).toBe(400);
    const text = await r.text();
    expect(text.length).toBeLessThan(500);
    expect(text).toContain("ogiltigt fältnamn");
    for (const name of ["topics[1000000]", "advisorFunctions[1000]", "needs[0].x[5000]", "a[00000000001]"]) {
      expect((await form(`${encodeURIComponent(name)}=x`, "/falt")).status, name).toBe(400);
    }
  });

  it("lets through the indexes, repeated names and nested names real forms use, with the body intact", async () => {
    const body = "needs%5B0%5D.count=2&needs%5B999%5D.count=1&topics=a&topics=b&intent=save&text=%C3%A5%C3%A4%C3%B6";
    const r = await form(body, "/stopp/abc/behov");
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ length: body.length, text: body });
  });

  it("refuses too many fields and names too long to be a real form's", async () => {
    expect((await form(Array.from({ length: DEFAULT_GUARD.maxFields + 1 }, (_, i) => `f${i}=1`).join("&"))).status).toBe(400);
    expect((await form(`${"a.".repeat(150)}b=1`)).status).toBe(400);
  });

  it("checks multipart field names the same way", async () => {
    const data = new FormData();
    data.append("topics[1000000]", "x");
    expect((await fetch(base + "/falt", { method: "POST", body: data })).status).toBe(400);
    const ok = new FormData();
    ok.append("mode", "upsert");
    ok.append("file", new Blob(["namn\nRydebäck\n"]), "omraden.csv");
    expect((await fetch(base + "/omraden/importera", { method: "POST", body: ok })).status).toBe(200);
  });
});

describe("body type", () => {
  it("answers 415 to JSON, text/plain and no type on a form route, and 400 to broken multipart", async () => {
    const post = (headers: Record<string, string>, body: string, path = "/logga-in") => fetch(base + path, { method: "POST", headers, body });
    expect((await post({ "Content-Type": "application/json" }, '{"email":"a"}')).status).toBe(415);
    expect((await post({ "Content-Type": "text/plain" }, "email=a")).status).toBe(415);
    expect((await post({ "Content-Type": "application/xml" }, "<a/>")).status).toBe(415);
    expect((await post({}, "email=a")).status).toBe(415);
    expect((await post({ "Content-Type": "multipart/form-data" }, "x")).status).toBe(400);
    expect((await post({ "Content-Type": "multipart/form-data; boundary=abc" }, "garbage")).status).toBe(400);
    expect((await post({ "Content-Type": "multipart/form-data; boundary=abc" }, '--abc\r\nContent-Disposition: form-data; name="a"\r\n\r\nx')).status).toBe(
      400,
    );
  });

  it("takes JSON only on the JSON routes, and forms nowhere there", async () => {
    const json = await fetch(base + "/falt/fragor", { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"id":"x"}' });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ text: '{"id":"x"}' });
    // Single fetch posts to /falt/fragor.data: the same route.
    expect((await fetch(base + "/FALT/fragor.data", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" })).status).toBe(200);
    const asForm = await form("id=x", "/falt/fragor");
    expect(asForm.status).toBe(415);
    expect(await asForm.json()).toMatchObject({ status: "error" });
  });

  it("takes a raw e-mail (message/rfc822) on the inbound e-mail webhook only, unread, and nothing else there (issue 16)", async () => {
    const mail = "From: a@example.se\r\nSubject: Svar\r\n\r\nText\r\n";
    const ok = await fetch(base + "/api/inkommande-epost", { method: "POST", headers: { "Content-Type": "message/rfc822" }, body: mail });
    expect(ok.status).toBe(200);
    // Passed on whole, unparsed.
    expect(await ok.json()).toMatchObject({ contentType: "message/rfc822", length: Buffer.byteLength(mail), text: mail });
    const asForm = await form("a=b", "/api/inkommande-epost");
    expect(asForm.status).toBe(415);
    // Elsewhere an e-mail is no form.
    expect((await fetch(base + "/logga-in", { method: "POST", headers: { "Content-Type": "message/rfc822" }, body: mail })).status).toBe(415);
  });

  it("reads an empty POST without a type as an empty form", async () => {
    const r = await fetch(base + "/logga-ut", { method: "POST" });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ contentType: "application/x-www-form-urlencoded", length: 0 });
  });
});

describe("methods", () => {
  it("answers 405 with Allow to TRACE, PUT, DELETE and PATCH", async () => {
    for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS"]) {
      const r = await fetch(base + "/logga-in", { method });
      expect(r.status, method).toBe(405);
      expect(r.headers.get("allow")).toBe("GET, HEAD, POST");
    }
    // fetch() refuses to send TRACE; a raw request does.
    const trace = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http
        .request(base + "/", { method: "TRACE" }, resolve)
        .on("error", reject)
        .end(),
    );
    expect(trace.statusCode).toBe(405);
    trace.resume();
  });
});

describe("size", () => {
  it("refuses a 32 MB form with 413 without reading it whole, declared or streamed", async () => {
    const declared = await rawPost({ "Content-Length": String(32 * 1024 * 1024), "Content-Type": "application/x-www-form-urlencoded" }, 32 * 1024 * 1024);
    expect(declared.status).toBe(413);
    const streamed = await rawPost({ "Transfer-Encoding": "chunked", "Content-Type": "application/x-www-form-urlencoded" }, 32 * 1024 * 1024);
    expect(streamed.status).toBe(413);
    expect(streamed.body).toContain("för stort");
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Each connection read at most a little past the 256 kB limit, never the 32 MB.
    expect(socketBytes.length).toBeGreaterThan(0);
    expect(Math.max(...socketBytes)).toBeLessThan(4 * 1024 * 1024);
  });

  it("with Expect: 100-continue, refuses before inviting the body", async () => {
    const r = await new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
      let continued = false;
      const req = http.request(base + "/logga-in", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(10_000_000), Expect: "100-continue" },
      });
      req.on("continue", () => (continued = true));
      req.on("response", (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, continued });
        req.destroy();
      });
      req.on("error", reject);
      req.flushHeaders();
    });
    expect(r).toEqual({ status: 413, continued: false });
  });

  it("gives the upload route its larger limit", async () => {
    const data = new FormData();
    data.append("file", new Blob([new Uint8Array(1024 * 1024)]), "stor.csv");
    expect((await fetch(base + "/omraden/importera", { method: "POST", body: data })).status).toBe(200);
    expect((await fetch(base + "/omraden/ny", { method: "POST", body: data })).status).toBe(413);
  });
});

/** Sends up to `total` bytes in 64 kB chunks until the server answers; stops writing then. */
function rawPost(headers: Record<string, string>, total: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(base + "/logga-in", { method: "POST", headers });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    const write = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}
