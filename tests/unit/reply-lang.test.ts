import { describe, expect, it } from "vitest";
import { firstAcceptedLanguage, negotiateReplyLang, REPLY_STRINGS } from "~/domain/invitations/i18n";

describe("the reply page's language (issue 13, point 4)", () => {
  it("is English when the browser's first language is not Swedish, Swedish otherwise", () => {
    expect(negotiateReplyLang(null, "en-GB,en;q=0.9")).toBe("en");
    expect(negotiateReplyLang(null, "da-DK,da;q=0.9,sv;q=0.8")).toBe("en");
    expect(negotiateReplyLang(null, "sv-SE,sv;q=0.9,en;q=0.8")).toBe("sv");
    expect(negotiateReplyLang(null, "sv")).toBe("sv");
    expect(negotiateReplyLang(null, "sv-FI")).toBe("sv");
    expect(negotiateReplyLang(null, "en;q=0.5,sv;q=0.9")).toBe("sv");
    expect(negotiateReplyLang(null, null)).toBe("sv");
    expect(negotiateReplyLang(null, "*")).toBe("sv");
  });

  it("follows the language switch (?lang=) over the browser", () => {
    expect(negotiateReplyLang("sv", "en-GB")).toBe("sv");
    expect(negotiateReplyLang("en", "sv-SE")).toBe("en");
    expect(negotiateReplyLang("fr", "sv-SE")).toBe("sv");
  });

  it("reads weights, and ignores q=0", () => {
    expect(firstAcceptedLanguage("en;q=0, sv-SE;q=0.3")).toBe("sv-se");
    expect(firstAcceptedLanguage("")).toBeNull();
  });

  it("names the contact center as the organisation's in both languages", () => {
    expect(REPLY_STRINGS.sv.invitedBy("Helsingborgs stad")).toBe("Helsingborgs stads kontaktcenter bjuder in");
    expect(REPLY_STRINGS.en.invitedBy("Helsingborgs stad")).toBe("The contact centre of Helsingborgs stad invites");
    expect(REPLY_STRINGS.sv.privacy("Kristinehamns kommun", "Adress 1").join(" ")).toContain("Kristinehamns kommuns kontaktcenter");
  });
});
