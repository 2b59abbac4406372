import { describe, expect, it } from "vitest";
import { primaryLocality } from "#db/seed/reference";

describe("primaryLocality (which area an organization belongs to)", () => {
  it("takes the first of several localities separated by a slash", () => {
    expect(primaryLocality("Allerum / Hjälmshult")).toBe("Allerum");
    expect(primaryLocality("Fleninge / Ödåkra")).toBe("Fleninge");
  });

  it("drops a parenthesised remark", () => {
    expect(primaryLocality("Påarp (Välluv)")).toBe("Påarp");
    expect(primaryLocality("Ramlösa (stadsdel)")).toBe("Ramlösa");
  });

  it("keeps a single locality as it is, including multi-word names", () => {
    expect(primaryLocality("Rydebäck")).toBe("Rydebäck");
    expect(primaryLocality("Tånga och Rögle")).toBe("Tånga och Rögle");
    expect(primaryLocality("  Mörarp ")).toBe("Mörarp");
  });

  it("handles a slash without spaces", () => {
    expect(primaryLocality("Allerum/Hjälmshult")).toBe("Allerum");
  });
});
