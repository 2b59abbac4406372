import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { eq, ne } from "drizzle-orm";
import { areas, cases, invitationBatches, organizations, outboxMessages, stops, tours, users } from "#db/schema";
import { DEMO, DEMO_PASSWORD } from "../support/e2e";
import { withE2eDb } from "../support/e2e-db";

/**
 * Issue 12: malformed bodies × every POST route of the production build, as an anonymous visitor
 * and as an admin (who may reach every action). Nothing may answer 5xx, and the refusals the
 * request guard makes must be short. Runs as its own client (X-Forwarded-For), so its failed
 * logins never rate-limit the other specs.
 */
test.use({ extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.201" } });

type Body = { name: string; contentType?: string; data: string | Buffer };

const urlencoded = "application/x-www-form-urlencoded";
const multipart = (boundary: string, parts: string) => ({ contentType: `multipart/form-data; boundary=${boundary}`, data: parts });

/** 36 bodies a browser would never send, or a form would never hold. */
const BODIES: Body[] = [
  { name: "JSON", contentType: "application/json", data: '{"intent":"save","email":"a@b.se"}' },
  { name: "JSON array", contentType: "application/json", data: "[1,2,3]" },
  { name: "text/plain", contentType: "text/plain", data: "intent=save" },
  { name: "XML", contentType: "application/xml", data: "<a>b</a>" },
  { name: "no content type", data: "intent=save" },
  { name: "multipart without boundary", contentType: "multipart/form-data", data: "x" },
  { name: "broken multipart", ...multipart("abc", "garbage") },
  { name: "truncated multipart", ...multipart("abc", '--abc\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsave') },
  {
    name: "multipart with a file where text is expected",
    ...multipart("xyz", '--xyz\r\nContent-Disposition: form-data; name="intent"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nsave\r\n--xyz--\r\n'),
  },
  { name: "sparse index", contentType: urlencoded, data: "x%5B10000000%5D=x" },
  { name: "sparse redirectTo", contentType: urlencoded, data: "email=a%40b.se&password=p&redirectTo%5B10000000%5D=x" },
  { name: "sparse topics", contentType: urlencoded, data: "topics%5B1000000%5D=a" },
  { name: "sparse nested", contentType: urlencoded, data: "needs%5B0%5D%5B1000000%5D=1" },
  { name: "deep name", contentType: urlencoded, data: `${"a.".repeat(300)}b=1` },
  { name: "__proto__", contentType: urlencoded, data: "__proto__%5Bpolluted%5D=1&intent=save" },
  { name: "constructor.prototype", contentType: urlencoded, data: "constructor.prototype.polluted=1" },
  { name: "empty form", contentType: urlencoded, data: "" },
  { name: "empty intent", contentType: urlencoded, data: "intent=" },
  { name: "unknown intent", contentType: urlencoded, data: "intent=finns-inte&id=x" },
  { name: "two intents", contentType: urlencoded, data: "intent=save&intent=delete" },
  { name: "intent as array", contentType: urlencoded, data: "intent%5B0%5D=save" },
  { name: "broken percent escapes", contentType: urlencoded, data: "intent=%E0%A4%A&name=%ZZ&email=%" },
  { name: "invalid UTF-8", contentType: urlencoded, data: Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3d, 0xff, 0xfe, 0xc3, 0x28]) },
  { name: "NUL bytes", contentType: urlencoded, data: "name=%00%00&email=a%00b&intent=%00" },
  { name: "path traversal ids", contentType: urlencoded, data: "intent=delete&id=..%2F..%2Fetc%2Fpasswd&userId=..&stopId=.." },
  {
    name: "impossible dates",
    contentType: urlencoded,
    data: "date=0000-00-00&startsOn=99999-12-31&endsOn=2026-02-30&start=25%3A61&end=-1&fran=1000-01-01&till=9999-12-31",
  },
  {
    name: "extreme numbers",
    contentType: urlencoded,
    data: "count=1e308&visitors=-1&expectedVisitors=NaN&lat=Infinity&lng=-0&days=99999999999999999999&retentionDays=1e3",
  },
  { name: "numbers as arrays", contentType: urlencoded, data: "count%5B0%5D=1&lat%5B0%5D=56&days%5B0%5D=3" },
  { name: "script in every field", contentType: urlencoded, data: "name=%3Cscript%3Ealert(1)%3C%2Fscript%3E&title=%3Cimg%20src%3Dx%3E&intent=save" },
  { name: "password as array", contentType: urlencoded, data: "email=a%40b.se&password%5B%5D=x&password%5B%5D=y" },
  {
    name: "field question with a year before zero",
    contentType: urlencoded,
    data: "id=8c6f0d5e-6e3a-4d8b-9a57-2f5b8b8f1e01&stopId=x&loggedAt=-000001-01-01T00%3A00%3A00Z&question=Hej%20hej&category=other&answeredOnSpot=ja",
  },
  { name: "200 kB value", contentType: urlencoded, data: `intent=save&name=${"x".repeat(200_000)}` },
  { name: "300 kB form", contentType: urlencoded, data: `name=${"x".repeat(300_000)}` },
  { name: "many fields", contentType: urlencoded, data: Array.from({ length: 2500 }, (_, i) => `f${i}=1`).join("&") },
  { name: "many values of one name", contentType: urlencoded, data: Array.from({ length: 1500 }, () => "topics=a").join("&") },
  { name: "odd charset", contentType: `${urlencoded}; charset=utf-16`, data: "intent=save" },
];

type Ids = Record<"userId" | "messageId" | "caseId" | "batchId" | "areaId" | "organizationId" | "stopId" | "tourId", string>;

function ids(): Ids {
  return withE2eDb((db) => {
    const one = (row: { id: string } | undefined) => row?.id ?? "saknas";
    return {
      userId: one(db.select({ id: users.id }).from(users).where(eq(users.email, "personal@rullarut.example")).get()),
      messageId: one(db.select({ id: outboxMessages.id }).from(outboxMessages).get()),
      caseId: one(db.select({ id: cases.id }).from(cases).get()),
      batchId: one(db.select({ id: invitationBatches.id }).from(invitationBatches).get()),
      areaId: one(db.select({ id: areas.id }).from(areas).get()),
      organizationId: one(db.select({ id: organizations.id }).from(organizations).get()),
      stopId: one(db.select({ id: stops.id }).from(stops).where(ne(stops.status, "cancelled")).get()),
      tourId: one(db.select({ id: tours.id }).from(tours).get()),
    };
  });
}

/** Every route with an action (app/routes), with real ids; /logga-ut is tried last, on its own. */
function postRoutes(i: Ids): string[] {
  return [
    "/logga-in",
    "/admin/anvandare/ny",
    `/admin/anvandare/${i.userId}`,
    "/admin/api-nycklar",
    "/admin/arendesystem",
    "/admin/installningar",
    "/admin/listor",
    "/installera?index",
    "/installera/kontaktcenter",
    "/installera/roller",
    "/installera/fragor",
    "/installera/foreningar",
    "/installera/klart",
    `/admin/utkorg/${i.messageId}`,
    `/arenden/${i.caseId}`,
    `/arenden/${i.caseId}/leverans`,
    "/bemanning",
    "/falt?index",
    "/falt/fragor",
    `/inbjudningar/${i.batchId}`,
    "/inbjudningar/ny",
    "/kalenderflode",
    "/mitt-schema?index",
    "/mitt-schema/franvaro",
    `/omraden/${i.areaId}`,
    "/omraden/importera",
    "/omraden/ny",
    `/organisationer/${i.organizationId}`,
    "/organisationer/ny",
    "/prioriteringar",
    `/stopp/${i.stopId}?index`,
    `/stopp/${i.stopId}/andra`,
    `/stopp/${i.stopId}/behov`,
    "/stopp/ny",
    "/svar?index",
    `/turneer/${i.tourId}/andra`,
    "/turneer/ny",
    // The inbound e-mail webhook takes only message/rfc822 (issue 16).
    "/api/inkommande-epost",
    "/finns-inte-alls",
    // Single fetch's data requests reach the same actions.
    "/logga-in.data",
    "/stopp/ny.data",
    "/admin/listor.data",
  ];
}

async function adminContext(baseURL: string): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.202" } });
  const r = await context.post("/logga-in", { form: { email: DEMO.admin, password: DEMO_PASSWORD }, maxRedirects: 0 });
  expect([302, 303]).toContain(r.status());
  return context;
}

async function fuzz(context: APIRequestContext, routes: string[]): Promise<string[]> {
  const failures: string[] = [];
  for (const route of routes) {
    for (const body of BODIES) {
      const headers: Record<string, string> = {};
      if (body.contentType) headers["Content-Type"] = body.contentType;
      const r = await context.fetch(route, { method: "POST", headers, data: body.data, maxRedirects: 0, failOnStatusCode: false });
      const text = await r.body();
      if (r.status() >= 500) failures.push(`${route} × ${body.name}: ${r.status()} ${text.toString("utf8").slice(0, 160)}`);
      // A refusal never echoes more than was sent: the page itself (the staffing board is about
      // 100 kB) and at most the form twice (in the HTML and the hydration data), never an amplification.
      const sent = typeof body.data === "string" ? Buffer.byteLength(body.data) : body.data.length;
      if (r.status() >= 400 && text.length > 300_000 + 3 * sent) failures.push(`${route} × ${body.name}: ${text.length} bytes in a ${r.status()}`);
    }
  }
  return failures;
}

test.describe("malformed bodies on every POST route", () => {
  test.describe.configure({ timeout: 240_000 });

  test("anonymous: no 5xx", async ({ request }) => {
    const failures = await fuzz(request, postRoutes(ids()));
    expect(failures).toEqual([]);
  });

  test("as admin: no 5xx, and the session survives", async ({ baseURL }) => {
    const context = await adminContext(baseURL!);
    try {
      const failures = await fuzz(context, postRoutes(ids()));
      expect(failures).toEqual([]);
      // Still logged in: nothing above logged the admin out or broke the session.
      const home = await context.get("/admin/installningar", { maxRedirects: 0 });
      expect(home.status()).toBe(200);
      expect(await fuzz(context, ["/logga-ut"])).toEqual([]);
    } finally {
      await context.dispose();
    }
  });
});

test.describe("the attacks the outside test used", () => {
  test("a 52-byte sparse-array login answers 400 in a few hundred bytes, and the server stays responsive", async ({ request }) => {
    const r = await request.post("/logga-in", {
      headers: { "Content-Type": urlencoded, Accept: "text/html" },
      data: "email=a%40b.se&password=p&redirectTo%5B10000000%5D=x",
      maxRedirects: 0,
    });
    expect(r.status()).toBe(400);
    const text = await r.text();
    expect(text.length).toBeLessThan(2_000);
    expect(text).toContain("Felaktig begäran");
    expect((await request.get("/healthz")).status()).toBe(200);
  });

  test("TRACE and PUT answer a Swedish 405, without stack or file names", async ({ request }) => {
    for (const method of ["PUT", "TRACE", "DELETE"]) {
      const r = await request.fetch("/logga-in", { method, headers: { Accept: "text/html" } });
      expect(r.status(), method).toBe(405);
      const text = await r.text();
      expect(text).toContain("Metoden stöds inte");
      expect(text).not.toMatch(/routes\/|\.tsx|at .*\(/);
    }
  });

  test("a POST to a page without an action is a Swedish 405 page that names no route file", async ({ baseURL }) => {
    const context = await adminContext(baseURL!);
    try {
      const r = await context.post("/arenden", { form: { x: "1" }, headers: { Accept: "text/html" }, maxRedirects: 0 });
      expect(r.status()).toBe(405);
      const html = await r.text();
      expect(html).toContain("Metoden stöds inte");
      expect(html).not.toContain("routes/");
      expect(html).not.toContain("did not provide an `action`");
      const data = await context.post("/arenden.data", { form: { x: "1" }, maxRedirects: 0 });
      expect(data.status()).toBe(405);
      expect(await data.text()).not.toContain("routes/");
    } finally {
      await context.dispose();
    }
  });

  test("a forged Sec-Fetch-Site does not outweigh a foreign Origin", async ({ request }) => {
    const r = await request.post("/logga-in", {
      headers: { "Sec-Fetch-Site": "same-origin", Origin: "http://evil.example", "Content-Type": urlencoded },
      data: "email=a",
    });
    expect(r.status()).toBe(403);
  });

  test("report periods far outside the tours are 400 in the API and both exports, never a RangeError", async ({ baseURL }) => {
    const context = await adminContext(baseURL!);
    try {
      for (const url of [
        "/api/rapport?ar=1000",
        "/api/rapport?fran=1000-01-01&till=9999-12-31",
        "/rapport/export.xlsx?typ=ar&ar=1000",
        "/rapport/export.xlsx?fran=1000-01-01&till=9999-12-31",
        "/rapport/export.csv?typ=intervall&fran=1000-01-01&till=9999-12-31",
        "/rapport/karta?typ=ar&ar=99999",
        "/rapport?typ=intervall&fran=0999-12-31&till=1000-01-01",
      ]) {
        const r = await context.get(url, { maxRedirects: 0 });
        expect(r.status(), url).toBe(400);
      }
      expect((await context.get("/api/rapport?ar=2017")).status()).toBe(200);
    } finally {
      await context.dispose();
    }
  });
});
