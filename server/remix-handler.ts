import { createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { refuse } from "./request-guard";

/**
 * Remix's Express adapter, with one change: a POST body comes from the request guard
 * (request-guard.ts), which has already read, limited and checked it, instead of from the socket.
 * Everything else (URL, headers, abort on a closed connection, streaming the answer) is as in
 * @remix-run/express's createRequestHandler, whose helpers the package does not export.
 */
export function createGuardedRequestHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  getLoadContext: (req: Request, res: Response) => AppLoadContext;
}) {
  const handle = createRequestHandler(options.build, options.mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const response = await handle(toFetchRequest(req, res), options.getLoadContext(req, res));
      if (isFrameworkMethodError(req, response)) {
        // Remix's own 405 ("no action for route routes/…") names route files in its hydration
        // data; the visitor gets the same short Swedish page as for any other refused method.
        await response.body?.cancel();
        refuse(req, res, 405, { detail: "Sidan kan inte ta emot formulär.", headers: { Allow: "GET, HEAD" } });
        return;
      }
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/** A 405 to a POST that Remix made itself (a page or data request), not a route's own JSON answer. */
function isFrameworkMethodError(req: Request, response: globalThis.Response): boolean {
  if (req.method !== "POST" || response.status !== 405) return false;
  const type = response.headers.get("Content-Type") ?? "";
  return type.startsWith("text/html") || type.startsWith("text/x-script");
}

function toFetchRequest(req: Request, res: Response): globalThis.Request {
  // req.hostname respects "trust proxy"; the port comes from X-Forwarded-Host or Host, as in the adapter.
  const portOf = (value: string | undefined) => Number.parseInt(value?.split(":")[1] ?? "", 10);
  const port = [portOf(req.get("x-forwarded-host")), portOf(req.get("host"))].find((p) => Number.isSafeInteger(p));
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);

  let controller: AbortController | null = new AbortController();
  const init: RequestInit = { method: req.method, headers: createRemixHeaders(req.headers), signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const body = res.locals.guardedBody;
    // Never reached without the guard in front; refuse rather than read an unchecked body.
    if (!body) throw new Error("request body reached Remix without passing the request guard");
    init.body = new Uint8Array(body.bytes);
  }
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  return new Request(url.href, init);
}

function createRemixHeaders(requestHeaders: Request["headers"]): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

async function sendRemixResponse(res: Response, response: globalThis.Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.headers.get("Content-Type")?.match(/text\/event-stream/i)) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
