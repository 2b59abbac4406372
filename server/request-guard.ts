import type { NextFunction, Request, Response } from "express";

/**
 * Guards at the edge, once (issue 12): every request passes here before Remix sees it, so no route
 * can be reached by a method, body type, size or form shape it was never written for.
 *
 * - Methods other than GET, HEAD and POST are answered 405 (TRACE, PUT … reached Remix and gave a
 *   500 with a stack trace in local mode).
 * - A POST body is read here, up to a limit (413 without reading the rest), and must be a form
 *   (url-encoded or multipart with a boundary) or, on the JSON routes only, JSON (else 415).
 * - A form is parsed once here: broken multipart is a 400, and so is a field name whose array
 *   index is beyond a small bound. Conform turns `topics[1000000]` into a million-slot array that
 *   validation walks and the error reply echoes: 52 bytes froze the server for seconds.
 *
 * The body, read whole, is handed on in res.locals for the Remix request (see remix-handler.ts).
 */

export type RequestGuardOptions = {
  /** Url-encoded and multipart forms. */
  formLimitBytes: number;
  /** Paths (lower case, without `.data`) that take a file upload, and their limit. */
  uploadPaths: readonly string[];
  uploadLimitBytes: number;
  /** Paths that take a JSON body, and their limit. */
  jsonPaths: readonly string[];
  jsonLimitBytes: number;
  /** Paths that take one raw e-mail (message/rfc822) from a mail service: the inbound e-mail webhook (issue 16). */
  mailPaths: readonly string[];
  mailLimitBytes: number;
  /** The largest array index a field name may carry (`needs[199].count`). */
  maxIndex: number;
  /** The most fields one form may have. */
  maxFields: number;
  /** The longest field name. */
  maxNameLength: number;
};

export const DEFAULT_GUARD: RequestGuardOptions = {
  formLimitBytes: 256 * 1024,
  // The import files may be 2 MB (IMPORT_MAX_BYTES); the route itself answers a friendly error up to here.
  uploadPaths: ["/omraden/importera"],
  uploadLimitBytes: 4 * 1024 * 1024,
  jsonPaths: ["/falt/fragor"],
  jsonLimitBytes: 64 * 1024,
  // The route reads at most MAX_INBOUND_BYTES (5 MB) itself.
  mailPaths: ["/api/inkommande-epost"],
  mailLimitBytes: 5 * 1024 * 1024,
  maxIndex: 999,
  maxFields: 2000,
  maxNameLength: 200,
};

const ALLOWED_METHODS = new Set(["GET", "HEAD", "POST"]);

export type GuardedBody = { bytes: Buffer };

declare module "express-serve-static-core" {
  interface Locals {
    guardedBody?: GuardedBody;
  }
}

const TEXTS: Record<number, { title: string; text: string }> = {
  400: { title: "Felaktig begäran", text: "Formuläret kunde inte tolkas. Gå tillbaka, ladda om sidan och försök igen." },
  405: { title: "Metoden stöds inte", text: "Sidan kan inte ta emot den här sortens begäran." },
  413: { title: "För stort", text: "Det som skickades är för stort." },
  415: { title: "Fel format", text: "Sidan tar bara emot formulär." },
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export type RefuseOptions = {
  detail?: string;
  /** Answer JSON (a JSON route, or a client that asks for it). */
  json?: boolean;
  /** Close the connection after the answer: a body we will not read must not be left for the next request on it. */
  close?: boolean;
  headers?: Record<string, string>;
};

/**
 * A short Swedish answer: a small HTML page for a browser, plain text otherwise, JSON on the JSON
 * routes. Never more than a few hundred bytes, never an echo of the body.
 */
export function refuse(req: Request, res: Response, status: number, options: RefuseOptions = {}) {
  const { title, text } = TEXTS[status] ?? { title: "Fel", text: "Begäran kunde inte tas emot." };
  const message = options.detail ?? text;
  res.status(status);
  res.setHeader("Cache-Control", "no-store");
  if (options.close) res.setHeader("Connection", "close");
  for (const [k, v] of Object.entries(options.headers ?? {})) res.setHeader(k, v);
  if (options.json || req.get("accept")?.includes("application/json")) {
    res.json({ status: "error", message });
  } else if (req.get("accept")?.includes("text/html")) {
    res
      .type("html")
      .send(
        `<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – Rullar ut</title></head>` +
          `<body><main><p>Fel ${status}</p><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">Till startsidan</a></p></main></body></html>`,
      );
  } else {
    res.type("text/plain; charset=utf-8").send(`${title}: ${message}`);
  }
}

/** The path as Remix routes it: decoded, lower case, without single fetch's `.data` or a trailing slash. */
export function routePath(req: Request): string {
  let p = req.path;
  try {
    p = decodeURIComponent(p);
  } catch {
    // malformed escapes: compare as written
  }
  p = p.toLowerCase();
  if (p.endsWith(".data")) p = p.slice(0, -".data".length);
  if (p === "/_root") p = "/";
  if (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  return p;
}

type BodyKind = "urlencoded" | "multipart" | "json";

function bodyKind(contentType: string | undefined): BodyKind | null {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return "urlencoded";
  if (type === "multipart/form-data") return "multipart";
  if (type === "application/json") return "json";
  return null;
}

class TooLarge extends Error {}

/** Reads the body up to `limit` bytes; past it, stops reading and throws TooLarge. */
function readBody(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error: Error | null, body?: Buffer) => {
      if (done) return;
      done = true;
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onAborted);
      if (error) reject(error);
      else resolve(body!);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish(new TooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(null, Buffer.concat(chunks, size));
    const onError = (error: Error) => finish(error);
    const onAborted = () => finish(new Error("aborted"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onAborted);
  });
}

/** Why a form's field names are refused, or null. Conform reads `a[3].b` as path a → 3 → b. */
export function formShapeProblem(names: Iterable<string>, options: RequestGuardOptions): string | null {
  let count = 0;
  for (const name of names) {
    count++;
    if (count > options.maxFields) return "Formuläret har för många fält.";
    if (name.length > options.maxNameLength) return "Ett fältnamn är för långt.";
    for (const match of name.matchAll(/\[(\d+)\]/g)) {
      if (match[1]!.length > 6 || Number(match[1]) > options.maxIndex) return "Formuläret har ett ogiltigt fältnamn.";
    }
  }
  return null;
}

async function formNames(kind: "urlencoded" | "multipart", body: Buffer, contentType: string): Promise<string[]> {
  if (kind === "urlencoded") return [...new URLSearchParams(body.toString("utf8")).keys()];
  // The platform's own multipart parser, the one Remix uses after us: what it cannot read, a route could not either.
  const bytes = new Uint8Array(body);
  const form = await new Response(bytes, { headers: { "Content-Type": contentType } }).formData();
  return [...form.keys()];
}

function hasBoundary(contentType: string): boolean {
  return /;\s*boundary=("?)[^";]{1,70}\1\s*(;|$)/i.test(contentType);
}

export function requestGuard(options: RequestGuardOptions = DEFAULT_GUARD) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const path = routePath(req);
    const json = options.jsonPaths.includes(path);
    const deny = (status: number, detail?: string, close = false) =>
      refuse(req, res, status, { detail, json, close, headers: status === 405 ? { Allow: "GET, HEAD, POST" } : undefined });

    if (!ALLOWED_METHODS.has(req.method)) return deny(405, undefined, true);
    if (req.method !== "POST") return next();

    const contentType = req.get("content-type") ?? "";
    const kind = bodyKind(contentType);
    const declared = Number(req.get("content-length") ?? "0");
    const hasBody = declared > 0 || req.get("transfer-encoding") !== undefined;

    if (options.mailPaths.includes(path)) {
      // A raw e-mail, not a form: read whole (up to its own limit) and handed to the route, which
      // checks the shared secret and answers in JSON.
      if (!/^message\/rfc822\s*(;|$)/i.test(contentType))
        return refuse(req, res, 415, { detail: "Skicka meddelandet som message/rfc822.", json: true, close: true });
      const mailTooLarge = `Meddelandet är större än ${options.mailLimitBytes / 1024 / 1024} MB.`;
      if (Number.isFinite(declared) && declared > options.mailLimitBytes) return refuse(req, res, 413, { detail: mailTooLarge, json: true, close: true });
      let mail: Buffer;
      try {
        mail = await readBody(req, options.mailLimitBytes);
      } catch (error) {
        if (error instanceof TooLarge) refuse(req, res, 413, { detail: mailTooLarge, json: true, close: true });
        else if (!res.headersSent) refuse(req, res, 400, { json: true, close: true });
        return;
      }
      res.locals.guardedBody = { bytes: mail };
      return next();
    }

    if (!kind || (kind === "json") !== json) {
      // An empty POST without a type (a bare `curl -X POST`) is read as an empty form.
      if (!(kind === null && !hasBody && !json)) return deny(415, json ? "Skicka frågan som JSON." : "Sidan tar bara emot formulär.", true);
      req.headers["content-type"] = "application/x-www-form-urlencoded";
    }
    if (kind === "multipart" && !hasBoundary(contentType)) return deny(400, "Formuläret saknar avgränsare (boundary).", true);

    const limit = json ? options.jsonLimitBytes : options.uploadPaths.includes(path) ? options.uploadLimitBytes : options.formLimitBytes;
    const tooLarge = `Det som skickades är för stort (högst ${Math.round(limit / 1024)} kB).`;
    if (Number.isFinite(declared) && declared > limit) return deny(413, tooLarge, true);

    // Only now that method, type and declared size are acceptable is the client asked for the body.
    if (req.get("expect")?.toLowerCase() === "100-continue") res.writeContinue();
    let bytes: Buffer;
    try {
      bytes = await readBody(req, limit);
    } catch (error) {
      if (error instanceof TooLarge) deny(413, tooLarge, true);
      else if (!res.headersSent) deny(400, undefined, true);
      return;
    }

    if (kind === "urlencoded" || kind === "multipart") {
      let names: string[];
      try {
        names = await formNames(kind, bytes, contentType);
      } catch {
        return deny(400, "Formuläret kunde inte läsas. Ladda om sidan och försök igen.");
      }
      const problem = formShapeProblem(names, options);
      if (problem) return deny(400, problem);
    }
    res.locals.guardedBody = { bytes };
    next();
  };
}
