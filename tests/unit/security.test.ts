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

  it("redacts the key in the staff calendar feeds /flode/KEY/…", () => {
    expect(loggablePath("/flode/Zk3jH9-secret_key/alla.ics")).toBe("/flode/[key]/alla.ics");
    expect(loggablePath("/flode/Zk3jH9-secret_key/turne/tour123.ics?x=1")).toBe("/flode/[key]/turne/tour123.ics");
    expect(loggablePath("/flode/Zk3jH9-secret_key")).toBe("/flode/[key]");
  });

  it("redacts keys and tokens however the first segment is spelled, since routes match it all the same", () => {
    expect(loggablePath("/FLODE/Zk3jH9-secret_key/alla.ics")).toBe("/flode/[key]/alla.ics");
    expect(loggablePath("/fl%6Fde/Zk3jH9-secret_key/alla.ics")).toBe("/flode/[key]/alla.ics");
    expect(loggablePath("/Svar/Zk3jH9-secret_token")).toBe("/svar/[token]");
  });

  it("leaves ordinary paths alone, including the calendar page and the public feed", () => {
    expect(loggablePath("/omraden/123")).toBe("/omraden/123");
    expect(loggablePath("/kalender/2027-05")).toBe("/kalender/2027-05");
    expect(loggablePath("/kalenderflode")).toBe("/kalenderflode");
    expect(loggablePath("/har-finns-vi.ics")).toBe("/har-finns-vi.ics");
    expect(loggablePath("/")).toBe("/");
  });
});
