/**
 * A real Open311 GeoReport v2 server on a local port, for the delivery tests (issue 6). Not a mock:
 * the app's adapter talks HTTP to it. It implements services.json, requests.json (form-encoded,
 * checks api_key, dedupes by attribute[kc_case_id] so a repeated POST returns the same id),
 * tokens/{token}.json (tokenMode: POST answers a token, the id comes later), requests/{id}.json
 * (status settable), and failNext(n) to answer 503 for the next n requests.
 * Issue 12: GET requests.json with start_date/end_date (the look-up after an unknown outcome), a
 * rate limit (`rateLimit`: at most n accepted requests per sliding second, else 429 with
 * Retry-After in seconds or as an HTTP date), a delay before answering (`delayMs`), and services
 * of the test's choosing.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedRequest = {
  id: string;
  token: string;
  form: Record<string, string>;
  status: "open" | "closed";
  /** tokens/{token}.json gives the id only once this is true (tokenMode). */
  ready: boolean;
  requestedAt: Date;
};

export type Open311ServerOptions = {
  apiKey?: string;
  services?: { service_code: string; service_name?: string; group?: string; keywords?: string }[];
  /** At most `perSecond` requests accepted in any sliding second; the rest get 429 with Retry-After. */
  rateLimit?: { perSecond: number; retryAfterSeconds?: number; httpDate?: boolean };
  /** Wait this long before answering; a number for every request, or per method and path. */
  delayMs?: number | ((method: string, path: string) => number);
};

export type Open311TestServer = {
  baseUrl: string;
  apiKey: string;
  /** Every POST to requests.json that reached the handler (after the 503 switch), including repeats. */
  posts: Record<string, string>[];
  /** Requests made, by kc_case_id: one entry per case, however many POSTs. */
  requests: Map<string, ReceivedRequest>;
  /** Answer 503 to the next n requests (any path). */
  failNext(n: number): void;
  /** POST requests.json answers [{token}] only; the id appears at tokens/{token}.json after markReady. */
  tokenMode: boolean;
  markAllReady(): void;
  setStatus(caseNumber: string, status: "open" | "closed"): void;
  /** Every answer, with the time the request arrived. */
  hits: { method: string; path: string; status: number; at: number; answeredAt: number }[];
  /** Change the delay while running. */
  setDelay(delay: Open311ServerOptions["delayMs"]): void;
  close(): Promise<void>;
};

export const TEST_SERVICES = [
  {
    service_code: "001",
    service_name: "Trafik och gator",
    description: "Trafik",
    metadata: false,
    type: "realtime",
    keywords: "trafik, gata, parkering",
    group: "Stadsbyggnadsförvaltningen",
  },
  {
    service_code: "002",
    service_name: "Miljö",
    description: "Miljö och hälsa",
    metadata: false,
    type: "realtime",
    keywords: "miljö, buller",
    group: "Miljöförvaltningen",
  },
  {
    service_code: "003",
    service_name: "Fritid",
    description: "Fritidsgårdar",
    metadata: false,
    type: "realtime",
    keywords: "fritid",
    group: "Skol- och fritidsförvaltningen",
  },
  { service_code: "099", service_name: "Övrigt", description: "Allt annat", metadata: false, type: "realtime", keywords: "övrigt", group: "Kontaktcenter" },
];

export async function startOpen311Server(options: Open311ServerOptions = {}): Promise<Open311TestServer> {
  const services = options.services ?? TEST_SERVICES;
  let delay = options.delayMs;
  const accepted: number[] = [];
  const apiKey = options.apiKey ?? "test-api-key-123";
  let failures = 0;
  let seq = 0;
  const requests = new Map<string, ReceivedRequest>();
  const byId = new Map<string, ReceivedRequest>();
  const byToken = new Map<string, ReceivedRequest>();
  const posts: Record<string, string>[] = [];
  const hits: Open311TestServer["hits"] = [];

  const state: Pick<Open311TestServer, "tokenMode"> = { tokenMode: false };

  const server = http.createServer((req, res) => {
    const arrived = Date.now();
    const parsedUrl = new URL(req.url ?? "/", "http://x");
    const path = parsedUrl.pathname;
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const ms = status === 429 ? 0 : typeof delay === "function" ? delay(req.method ?? "", path) : (delay ?? 0);
      const answer = () => {
        hits.push({ method: req.method ?? "", path, status, at: arrived, answeredAt: Date.now() });
        if (res.destroyed) return;
        res.writeHead(status, { "Content-Type": "application/json", ...headers });
        res.end(JSON.stringify(body));
      };
      if (ms > 0) setTimeout(answer, ms);
      else answer();
    };
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (options.rateLimit) {
        while (accepted.length && accepted[0]! <= arrived - 1000) accepted.shift();
        if (accepted.length >= options.rateLimit.perSecond) {
          const seconds = options.rateLimit.retryAfterSeconds ?? 2;
          const retryAfter = options.rateLimit.httpDate ? new Date(Date.now() + seconds * 1000).toUTCString() : String(seconds);
          return json(429, [{ code: 429, description: "Too many requests" }], { "Retry-After": retryAfter });
        }
        accepted.push(arrived);
      }
      if (failures > 0) {
        failures--;
        return json(503, [{ code: 503, description: "Tillfälligt otillgänglig" }]);
      }
      let m: RegExpMatchArray | null;
      if (req.method === "GET" && path === "/services.json") return json(200, services);
      if (req.method === "GET" && path === "/requests.json") {
        const from = Date.parse(parsedUrl.searchParams.get("start_date") ?? "");
        const to = Date.parse(parsedUrl.searchParams.get("end_date") ?? "");
        const list = [...requests.values()]
          .filter((r) => (Number.isNaN(from) || r.requestedAt.getTime() >= from) && (Number.isNaN(to) || r.requestedAt.getTime() <= to))
          .map((r) => ({
            service_request_id: r.id,
            status: r.status,
            service_code: r.form.service_code,
            description: r.form.description,
            requested_datetime: r.requestedAt.toISOString(),
          }));
        return json(200, list);
      }
      if (req.method === "POST" && path === "/requests.json") {
        if (!String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded"))
          return json(400, [{ code: 400, description: "form-encoded body required" }]);
        const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
        posts.push(form);
        if (form.api_key !== apiKey) return json(403, [{ code: 403, description: "Invalid api_key" }]);
        if (!services.some((s) => s.service_code === form.service_code)) return json(400, [{ code: 400, description: "Unknown service_code" }]);
        if (!((form.lat && form.long) || form.address_string)) return json(400, [{ code: 400, description: "Location required" }]);
        const kc = form["attribute[kc_case_id]"];
        if (!kc) return json(400, [{ code: 400, description: "attribute[kc_case_id] required" }]);
        let r = requests.get(kc);
        if (!r) {
          seq++;
          r = {
            id: `SR-${1000 + seq}`,
            token: `tok-${seq}-${Math.random().toString(36).slice(2)}`,
            form,
            status: "open",
            ready: !state.tokenMode,
            requestedAt: new Date(arrived),
          };
          requests.set(kc, r);
          byId.set(r.id, r);
          byToken.set(r.token, r);
        }
        return json(201, state.tokenMode ? [{ token: r.token }] : [{ service_request_id: r.id, service_notice: "" }]);
      }
      if (req.method === "GET" && (m = path.match(/^\/tokens\/([^/]+)\.json$/))) {
        const r = byToken.get(decodeURIComponent(m[1]!));
        if (!r) return json(404, [{ code: 404, description: "Unknown token" }]);
        return json(200, [{ token: r.token, ...(r.ready ? { service_request_id: r.id } : {}) }]);
      }
      if (req.method === "GET" && (m = path.match(/^\/requests\/([^/]+)\.json$/))) {
        const r = byId.get(decodeURIComponent(m[1]!));
        if (!r) return json(404, [{ code: 404, description: "Unknown request" }]);
        return json(200, [{ service_request_id: r.id, status: r.status, service_code: r.form.service_code }]);
      }
      return json(404, [{ code: 404, description: "Not found" }]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey,
    posts,
    requests,
    hits,
    failNext(n) {
      failures = n;
    },
    setDelay(d) {
      delay = d;
    },
    get tokenMode() {
      return state.tokenMode;
    },
    set tokenMode(v: boolean) {
      state.tokenMode = v;
    },
    markAllReady() {
      for (const r of requests.values()) r.ready = true;
    },
    setStatus(caseNumber, status) {
      const r = requests.get(caseNumber);
      if (!r) throw new Error(`No request for ${caseNumber}`);
      r.status = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
