import { describe, expect, it } from "vitest";
import { contactCenterName, contactCentreNameEn, swedishGenitive } from "~/domain/settings/names";

describe("the organisation's name in running text (issue 13, point 4)", () => {
  it("forms the Swedish genitive on the last word, without a second s after s, x or z", () => {
    expect(swedishGenitive("Helsingborgs stad")).toBe("Helsingborgs stads");
    expect(swedishGenitive("Kristinehamns kommun")).toBe("Kristinehamns kommuns");
    expect(swedishGenitive("Borås")).toBe("Borås");
    expect(swedishGenitive("Kalix")).toBe("Kalix");
    expect(swedishGenitive("Region Skåne")).toBe("Region Skånes");
    expect(swedishGenitive("  Helsingborgs stad ")).toBe("Helsingborgs stads");
  });

  it("names the contact center as the organisation's: never 'Helsingborg kontaktcenter'", () => {
    expect(contactCenterName("Helsingborgs stad")).toBe("Helsingborgs stads kontaktcenter");
    expect(contactCenterName("Kristinehamns kommun")).toBe("Kristinehamns kommuns kontaktcenter");
    expect(contactCenterName("Borås stad")).toBe("Borås stads kontaktcenter");
    expect(contactCenterName("")).toBe("Kommunens kontaktcenter");
    expect(contactCenterName(null)).toBe("Kommunens kontaktcenter");
    expect(contactCentreNameEn("Helsingborgs stad")).toBe("the contact centre of Helsingborgs stad");
  });
});
