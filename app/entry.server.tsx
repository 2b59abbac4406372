import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
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

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  defaultNoStore(responseHeaders);
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    let body: PassThrough | undefined;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          try {
            pipe(body);
          } catch (error) {
            // The client went away before the page began: nothing to send it, nothing went wrong.
            if (!body.destroyed) throw error;
          }
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors while streaming after the shell are logged here; earlier ones reach the error boundary.
          if (shellRendered) logStreamError(error, { request, body });
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1_000);
  });
}
