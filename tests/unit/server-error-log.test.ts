/**
 * What the server logs of a request's errors (app/entry.server.tsx, handleError): a POST to a page
 * that takes none is the client's mistake, answered 405, and must not write a stack trace; an
 * aborted request neither. A real error is logged.
 */
import { UNSAFE_ErrorResponseImpl as ErrorResponse } from "@remix-run/router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handleError, logStreamError } from "../../app/entry.server";

const request = (aborted = false) => {
  const controller = new AbortController();
  if (aborted) controller.abort();
  return new Request("http://localhost/prioriteringar", { method: "POST", signal: controller.signal });
};

describe("the server's error log", () => {
  const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
  afterEach(() => log.mockClear());

  it("does not log a POST to a page without an action (405)", () => {
    const error = new ErrorResponse(405, "Method Not Allowed", new Error('You made a POST request to "/prioriteringar" but did not provide an `action`'), true);
    handleError(error, { request: request() });
    expect(log).not.toHaveBeenCalled();
  });

  it("does not log a request the client gave up on", () => {
    handleError(new Error("aborted"), { request: request(true) });
    expect(log).not.toHaveBeenCalled();
  });

  it("logs a real error, and the error inside a route error response", () => {
    const bug = new Error("a bug");
    handleError(bug, { request: request() });
    expect(log).toHaveBeenLastCalledWith(bug);
    const inner = new Error("loader failed");
    handleError(new ErrorResponse(500, "Internal Server Error", inner, true), { request: request() });
    expect(log).toHaveBeenLastCalledWith(inner);
  });

  it("does not log a page stream the client closed, and logs a real streaming error", () => {
    const closed = new Error("The destination stream closed early.");
    logStreamError(closed, { request: request(), body: { destroyed: true } });
    logStreamError(closed, { request: request(true), body: { destroyed: false } });
    expect(log).not.toHaveBeenCalled();
    const bug = new Error("a bug while streaming");
    logStreamError(bug, { request: request(), body: { destroyed: false } });
    expect(log).toHaveBeenLastCalledWith(bug);
  });
});
