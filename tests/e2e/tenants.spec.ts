/**
 * One deployment, two municipalities (issue 19): tenant "alfa" answers at 127.0.0.1 and "beta" at
 * 127.0.0.2 on the same server (playwright.config.ts writes the TENANTS_FILE), each with its own
 * database holding the same demo accounts. A user of alfa tries every page and API of beta with
 * alfa's session, alfa's ids and alfa's API key, and beta's own user asks beta for alfa's ids:
 * nothing of alfa's may come back, and nothing may be written.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { count, eq } from "drizzle-orm";
import { apiKeys, areas, cases, invitationBatches, organizations, outboxMessages, stops, tours, users } from "#db/schema";
import { expectNoAxeViolations } from "../support/axe";
import { createTourViaForm, DEMO, DEMO_PASSWORD, loginViaForm } from "../support/e2e";
import { withE2eDb } from "../support/e2e-db";

const port = Number(process.env.E2E_TENANTS_PORT);
const ALFA = "127.0.0.1";
const BETA = "127.0.0.2";
const ALFA_DB = "tenant-alfa.sqlite";
const BETA_DB = "tenant-beta.sqlite";

type Answer = { status: number; location: string | undefined; cookies: string[]; body: string };

/** A request to one tenant's address, as any client could send it (cookies and origin by hand). */
function ask(
  host: string,
  pathAndQuery: string,
  options: { method?: string; cookie?: string; body?: string; type?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Origin: `http://${host}:${port}`, ...options.headers };
    if (options.cookie) headers.Cookie = options.cookie;
    if (options.body !== undefined) {
      headers["Content-Type"] = options.type ?? "application/x-www-form-urlencoded";
      headers["Content-Length"] = String(Buffer.byteLength(options.body));
    }
    const req = http.request({ host, port, path: pathAndQuery, method: options.method ?? "GET", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          location: res.headers.location,
          cookies: res.headers["set-cookie"] ?? [],
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

async function sessionCookie(host: string, email: string): Promise<string> {
  const answer = await ask(host, "/logga-in", { method: "POST", body: new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: "" }).toString() });
  expect(answer.status, `login as ${email} at ${host}`).toBe(302);
  const cookie = answer.cookies.map((c) => c.split(";")[0]!).find((c) => c.includes("session"));
  expect(cookie).toBeTruthy();
  return cookie!;
}

/** Every page of the app, from the route files, with alfa's ids where a route takes one. */
function everyPath(ids: Record<string, string>): string[] {
  const dir = path.resolve("app/routes");
  const names = fs.readdirSync(dir).map((f) => f.replace(/\.(tsx|ts)$/, ""));
  return names.map((name) => {
    const segments = name
      .replace(/\[\.\]/g, "~")
      .split(".")
      .map((s) => s.replace(/~/g, "."))
      .filter((s) => s !== "_index")
      .map((s) => s.replace(/_$/, ""))
      .map((s) => (s === "$" ? "finns-inte" : s.startsWith("$") ? (ids[s.slice(1)] ?? `okand-${s.slice(1)}`) : s));
    return `/${segments.join("/")}`.replace(/\/$/, "") || "/";
  });
}

test.describe.configure({ mode: "serial" });

test("a user of one municipality reaches nothing of it at another's address, and nothing of the other's with its own ids", async ({ page }) => {
  test.setTimeout(180_000);
  // Alfa's tour leader makes a tour with a name found nowhere else, through the pages.
  const marker = `Alfas egen turné ${Date.now()}`;
  await page.goto(`http://${ALFA}:${port}/logga-in`);
  await loginViaForm(page, DEMO.tourLeader);
  const alfaTourId = await createTourViaForm(page, marker);

  // Alfa's ids of every kind a route takes, and an API key of alfa's.
  const ids = withE2eDb((db) => {
    const first = <T extends { id: string }>(rows: T[]) => rows[0]?.id ?? "saknas";
    return {
      tourId: alfaTourId,
      stopId: first(db.select({ id: stops.id }).from(stops).limit(1).all()),
      caseId: first(db.select({ id: cases.id }).from(cases).limit(1).all()),
      areaId: first(db.select({ id: areas.id }).from(areas).limit(1).all()),
      organizationId: first(db.select({ id: organizations.id }).from(organizations).limit(1).all()),
      userId: first(db.select({ id: users.id }).from(users).where(eq(users.email, DEMO.tourLeader)).all()),
      batchId: first(db.select({ id: invitationBatches.id }).from(invitationBatches).limit(1).all()),
      messageId: first(db.select({ id: outboxMessages.id }).from(outboxMessages).limit(1).all()),
      index: "0",
      token: "alfas-svarstoken",
      key: "alfas-flodesnyckel",
      tourFile: `${alfaTourId}.ics`,
    };
  }, ALFA_DB);
  const alfaSecrets = [marker, ...Object.values(ids).filter((v) => v.length > 12)];
  const paths = everyPath(ids);
  expect(paths.length).toBeGreaterThan(60);
  const betaToursBefore = withE2eDb((db) => db.select({ n: count() }).from(tours).get()!.n, BETA_DB);
  const betaKeysBefore = withE2eDb((db) => db.select({ n: count() }).from(apiKeys).get()!.n, BETA_DB);

  const alfaCookie = await sessionCookie(ALFA, DEMO.tourLeader);
  const betaCookie = await sessionCookie(BETA, DEMO.tourLeader);
  const adminAtAlfa = await sessionCookie(ALFA, DEMO.admin);
  // Alfa's session works at alfa: the tour is there.
  expect((await ask(ALFA, `/turneer/${alfaTourId}`, { cookie: alfaCookie })).body).toContain(marker);

  const leaks: string[] = [];
  const check = (who: string, p: string, a: Answer, asAlfa: boolean) => {
    if (a.status >= 500) leaks.push(`${who} ${p}: ${a.status}`);
    for (const secret of alfaSecrets) if (a.body.includes(secret)) leaks.push(`${who} ${p}: svaret innehåller ${secret.slice(0, 30)}`);
    // With alfa's cookie, beta knows no one: no page of beta's is shown as logged in.
    if (asAlfa && a.body.includes('action="/logga-ut"')) leaks.push(`${who} ${p}: inloggad med alfas kaka`);
  };
  for (const p of paths) {
    check("alfas kaka hos beta", p, await ask(BETA, p, { cookie: alfaCookie }), true);
    check("betas egen användare med alfas id", p, await ask(BETA, p, { cookie: betaCookie }), false);
  }
  // Writes with alfa's session at beta's address: a new tour, a field question on alfa's stop.
  const form = new URLSearchParams({ name: "Intrång", startsOn: "2031-01-01", endsOn: "2031-12-31" }).toString();
  check("POST /turneer/ny", "/turneer/ny", await ask(BETA, "/turneer/ny", { method: "POST", cookie: alfaCookie, body: form }), true);
  const question = JSON.stringify({
    id: "5b6c1f5e-7d0a-4c53-9a43-2f4a2a0e9c11",
    stopId: ids.stopId,
    loggedAt: new Date().toISOString(),
    question: "Läcker det?",
    category: "g:BBMT",
    answeredOnSpot: "ja",
  });
  const sync = await ask(BETA, "/falt/fragor", { method: "POST", cookie: alfaCookie, body: question, type: "application/json" });
  expect(sync.status).toBeGreaterThanOrEqual(300);
  expect(sync.status).toBeLessThan(500);
  // Alfa's API key (made by alfa's admin) opens alfa's report, and nothing at beta.
  const made = await ask(ALFA, "/admin/api-nycklar", {
    method: "POST",
    cookie: adminAtAlfa,
    body: new URLSearchParams({ intent: "create", name: "Alfas nyckel" }).toString(),
  });
  const alfaApiKey = /rua_[A-Za-z0-9_-]{20,}/.exec(made.body)?.[0];
  expect(alfaApiKey, "alfa's admin got a key").toBeTruthy();
  expect((await ask(ALFA, "/api/rapport?ar=2017", { headers: { Authorization: `Bearer ${alfaApiKey}` } })).status).toBe(200);
  const atBeta = await ask(BETA, "/api/rapport?ar=2017", { headers: { Authorization: `Bearer ${alfaApiKey}` } });
  expect(atBeta.status).toBe(401);
  check("API-nyckel", "/api/rapport", atBeta, true);
  // An address that belongs to no municipality reaches nothing at all.
  const nobody = await ask("127.0.0.3", "/logga-in");
  expect(nobody.status).toBe(404);
  expect(nobody.body).toContain("Okänd adress");

  expect(leaks, leaks.join("\n")).toEqual([]);
  // Nothing was written at beta, and beta's own list has its tours only.
  expect(withE2eDb((db) => db.select({ n: count() }).from(tours).get()!.n, BETA_DB)).toBe(betaToursBefore);
  expect(withE2eDb((db) => db.select({ n: count() }).from(apiKeys).get()!.n, BETA_DB)).toBe(betaKeysBefore);
});

test("each municipality's pages show its own data, in the browser", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // At beta's own address (loginViaForm would go to the project's address, alfa's).
  await page.goto(`http://${BETA}:${port}/logga-in`);
  await page.getByLabel("E-postadress").fill(DEMO.tourLeader);
  await page.getByLabel("Lösenord").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Logga in" }).click();
  await expect(page.getByRole("navigation", { name: "Huvudmeny" })).toBeVisible();
  await page.goto(`http://${BETA}:${port}/turneer`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText(/Alfas egen turné/)).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: test.info().outputPath("beta-turneer.png"), fullPage: true });
  await page.goto(`http://${ALFA}:${port}/turneer`);
  // The browser keeps one session per address: at alfa the same person must log in again.
  await expect(page).toHaveURL(/\/logga-in/);
  await context.close();
});
