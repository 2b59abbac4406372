import { describe, expect, it } from "vitest";
import { Conflict, DomainError, Forbidden, NotFound } from "~/domain/errors";
import { domainStatus, handleDomain, toHttpResponse } from "~/utils/http.server";

describe("toHttpResponse", () => {
  it("maps NotFound to 404 with the message as body", async () => {
    const response = toHttpResponse(new NotFound("Användaren finns inte."));
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("Användaren finns inte.");
    expect(response.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
  });

  it("maps Forbidden to 403", () => {
    expect(toHttpResponse(new Forbidden("Nej.")).status).toBe(403);
  });

  it("maps Conflict to 409", () => {
    expect(toHttpResponse(new Conflict("Upptagen.", "email")).status).toBe(409);
  });

  it("decides once that a conflict answered in its own form is 400, and 409 anywhere else", () => {
    const conflict = new Conflict("Upptagen.", "email", "stale");
    expect(domainStatus(conflict, "form")).toBe(400);
    expect(domainStatus(conflict)).toBe(409);
    expect(domainStatus(new Forbidden("Nej."), "form")).toBe(403);
    expect(conflict.code).toBe("stale");
  });

  it("maps any other domain error to 400", () => {
    expect(toHttpResponse(new DomainError("Ogiltigt.")).status).toBe(400);
  });

  it("rethrows errors that are not domain errors, so they stay real 500s", () => {
    const bug = new TypeError("undefined is not a function");
    expect(() => toHttpResponse(bug)).toThrow(bug);
    expect(() => toHttpResponse("a string")).toThrow();
  });
});

describe("domain errors", () => {
  it("carry their class name and, for Conflict, the form field", () => {
    const conflict = new Conflict("Upptagen.", "email");
    expect(conflict).toBeInstanceOf(DomainError);
    expect(conflict.name).toBe("Conflict");
    expect(conflict.field).toBe("email");
    expect(new NotFound("x").name).toBe("NotFound");
  });
});

describe("handleDomain", () => {
  it("returns the value of a body that succeeds", async () => {
    await expect(handleDomain(() => 42)).resolves.toBe(42);
  });

  it("throws a domain error as its HTTP response", async () => {
    const thrown = await handleDomain(() => {
      throw new Forbidden("Nej.");
    }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(403);
  });

  it("passes a thrown Response (a redirect) through unchanged", async () => {
    const redirect = new Response(null, { status: 302, headers: { Location: "/logga-in" } });
    const thrown = await handleDomain(() => {
      throw redirect;
    }).catch((e: unknown) => e);
    expect(thrown).toBe(redirect);
  });
});
