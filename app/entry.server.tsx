import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import "./load-context";
import { NonceContext } from "./utils/nonce";

const ABORT_DELAY = 5_000;

/** Pages are personal unless a route says otherwise: never stored by shared caches or the browser. */
function defaultNoStore(headers: Headers) {
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
}

export const handleDataRequest: HandleDataRequestFunction = (response) => {
  defaultNoStore(response.headers);
  return response;
};

/**
 * What reaches the server log. Not a request the client gave up on, and not a POST to a page
 * that takes none: Remix answers that with 405 (the client's mistake, not the app's), and an
 * attacker's scan would otherwise fill the log with stack traces.
 */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status === 405) return;
  const inner = isRouteErrorResponse(error) ? (error as { error?: unknown }).error : undefined;
  console.error(inner ?? error);
}

/**
 * An error while a page streams after its shell: logged, unless the client went away (the
 * browser moved on or the connection dropped), when React reports "The destination stream closed
 * early" for every part still pending: nothing went wrong on the server.
 */
export function logStreamError(error: unknown, { request, body }: { request: Request; body?: { destroyed: boolean } }) {
  if (request.signal.aborted || body?.destroyed) return;
  console.error(error);
}

/**
 * A page is rendered whole and sent as one body with its length. No page streams data after its
 * shell (no deferred loaders), so waiting for all of it delays the first byte by nothing the user
 * notices, while writing one buffer instead of React's 2 kB pieces through a web stream saves
 * work on every request, most on the long tables (issue 15).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  defaultNoStore(responseHeaders);
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const body = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
      final(callback) {
        clearTimeout(timeout);
        const html = Buffer.concat(chunks);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        responseHeaders.set("Content-Length", String(html.byteLength));
        resolve(new Response(html, { headers: responseHeaders, status: responseStatusCode }));
        callback();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          shellRendered = true;
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timeout);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are logged here; earlier ones reach the error boundary.
          if (shellRendered) logStreamError(error, { request, body });
        },
      },
    );
    const timeout = setTimeout(abort, ABORT_DELAY + 1_000);
  });
}
