import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/session.server";

describe("safeRedirect (where to go after login)", () => {
  it("keeps a path inside the app, with its query string", () => {
    expect(safeRedirect("/x")).toBe("/x");
    expect(safeRedirect("/planering?vecka=12")).toBe("/planering?vecka=12");
  });

  it("refuses a protocol-relative URL to another site", () => {
    expect(safeRedirect("//evil.example")).toBe("/");
  });

  it("refuses an absolute URL to another site", () => {
    expect(safeRedirect("https://evil.example")).toBe("/");
    expect(safeRedirect("javascript:alert(1)")).toBe("/");
  });

  it("refuses a backslash trick that browsers read as //", () => {
    expect(safeRedirect("/\\evil.example")).toBe("/");
  });

  it("falls back when there is nothing to go back to", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect("")).toBe("/");
    expect(safeRedirect(["/x"])).toBe("/");
    expect(safeRedirect("https://evil.example", "/start")).toBe("/start");
  });

  // Regression: browsers remove tabs and newlines from URLs (WHATWG URL parser), so "/\t/evil.example"
  // was followed as "//evil.example": an open redirect via /logga-in?redirectTo=%2F%09%2Fevil.example.
  it("refuses a path that becomes //host once the browser strips tabs or newlines", () => {
    for (const sneaky of ["/\t/evil.example", "/\n/evil.example", "/\r/evil.example"]) {
      const target = safeRedirect(sneaky);
      expect(new URL(target, "https://rullarut.example.se").origin).toBe("https://rullarut.example.se");
    }
  });
});
