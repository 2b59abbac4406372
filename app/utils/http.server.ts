import { Conflict, DomainError, Forbidden, NotFound } from "~/domain/errors";

type DomainErrorClass = abstract new (...args: never[]) => DomainError;

const STATUS = new Map<DomainErrorClass, number>([
  [NotFound, 404],
  [Forbidden, 403],
  [Conflict, 409],
]);

/**
 * The HTTP status of a domain error, decided here only: 404, 403, 409 for a conflict, and 400 for
 * a conflict answered in the form that caused it ("form"), where it is shown like a field's error.
 */
export function domainStatus(error: DomainError, answeredIn: "form" | "request" = "request"): number {
  if (error instanceof Conflict && answeredIn === "form") return 400;
  return STATUS.get(error.constructor as DomainErrorClass) ?? 400;
}

/** The one place where domain errors become HTTP. Anything else is rethrown (a real 500). */
export function toHttpResponse(error: unknown): Response {
  if (error instanceof DomainError) {
    const status = domainStatus(error);
    return new Response(error.message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  throw error;
}

/** Runs a loader/action body and turns domain errors into responses thrown to the error boundary. */
export async function handleDomain<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Response) throw error;
    throw toHttpResponse(error);
  }
}

export function notFound(message = ""): never {
  throw new Response(message, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/**
 * A private JSON body with its ETag: 304 without a body when the browser already has this version
 * (If-None-Match), else the body. The browser must ask again every time (no-cache), so a change
 * shows at once, but an unchanged body crosses the network once.
 */
export function jsonWithEtag(request: Request, { body, etag }: { body: string; etag: string }): Response {
  const headers = { ETag: etag, "Cache-Control": "private, no-cache", Vary: "Cookie" };
  const known = request.headers.get("If-None-Match");
  if (known && known.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
}

/**
 * A request's body, or null when it is (or declares itself) larger than `limit` bytes: reading
 * stops there, so a huge body is never held whole. For the routes that take a body the form
 * parser does not read (the field queue's JSON, the inbound e-mail).
 */
export async function readBodyUpTo(request: Request, limit: number): Promise<Buffer | null> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > limit) return null;
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
