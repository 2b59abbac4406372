import { Conflict, DomainError, Forbidden, NotFound } from "~/domain/errors";

const STATUS = new Map<Function, number>([
  [NotFound, 404],
  [Forbidden, 403],
  [Conflict, 409],
]);

/** The one place where domain errors become HTTP. Anything else is rethrown (a real 500). */
export function toHttpResponse(error: unknown): Response {
  if (error instanceof DomainError) {
    const status = STATUS.get(error.constructor) ?? 400;
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
