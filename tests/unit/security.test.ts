import { describe, expect, it } from "vitest";
import { loggablePath, tileOrigins } from "../../server/security";

describe("tileOrigins (img-src for the map tiles)", () => {
  it("turns a {s} subdomain template into a wildcard origin", () => {
    expect(tileOrigins("https://{s}.tile.example.org/{z}/{x}/{y}.png")).toEqual(["https://*.tile.example.org"]);
  });

  it("keeps a plain tile host as its origin, without the path", () => {
    expect(tileOrigins("https://tile.openstreetmap.org/{z}/{x}/{y}.png")).toEqual(["https://tile.openstreetmap.org"]);
  });

  it("keeps the port", () => {
    expect(tileOrigins("http://localhost:8080/tiles/{z}/{x}/{y}.png")).toEqual(["http://localhost:8080"]);
  });

  it("allows nothing for something that is not an http(s) URL", () => {
    expect(tileOrigins("/tiles/{z}/{x}/{y}.png")).toEqual([]);
  });
});

describe("loggablePath", () => {
  it("strips the query string, which may hold e-mail addresses or tokens", () => {
    expect(loggablePath("/logga-in?redirectTo=%2Fanvandare&email=a%40b.se")).toBe("/logga-in");
  });

  it("redacts the reply token in /svar/TOKEN", () => {
    expect(loggablePath("/svar/Zk3jH9-secret_token")).toBe("/svar/[token]");
    expect(loggablePath("/svar/Zk3jH9-secret_token/tack?x=1")).toBe("/svar/[token]/tack");
  });

  it("redacts calendar feed keys", () => {
    expect(loggablePath("/kalender/abc123secret.ics")).toBe("/kalender/[key]");
    expect(loggablePath("/ics/abc123secret")).toBe("/ics/[key]");
  });

  it("leaves ordinary paths alone", () => {
    expect(loggablePath("/omraden/123")).toBe("/omraden/123");
    expect(loggablePath("/")).toBe("/");
  });
});
