import { describe, expect, it } from "vitest";
import { REPLY_STRINGS } from "~/domain/invitations/i18n";
import { boardState, isOpenForReplies } from "~/domain/invitations/labels";
import { replyCookieFor } from "~/domain/invitations/reply-cookie.server";
import { batchSchema, replySchemaFor } from "~/domain/invitations/schemas";
import { renderTemplate } from "~/domain/invitations/template";
import { hashReplyToken, isWellFormedToken, newReplyToken } from "~/domain/invitations/tokens.server";

describe("invitation board states", () => {
  const future = new Date("2027-06-01T00:00:00Z");
  it("a sent invitation becomes 'ingen respons' after the deadline date ends in Stockholm, and 'utgången' when its link expires", () => {
    const sent = { status: "sent" as const, tokenExpiresAt: future };
    // 2027-03-20 23:30 in Stockholm (CET) is 22:30 UTC: still the deadline date.
    expect(boardState(sent, "2027-03-20", new Date("2027-03-20T22:30:00Z"))).toBe("sent");
    expect(boardState(sent, "2027-03-20", new Date("2027-03-20T23:30:00Z"))).toBe("no_response");
    expect(boardState({ status: "opened", tokenExpiresAt: new Date("2027-03-01T00:00:00Z") }, "2027-03-20", new Date("2027-03-02T00:00:00Z"))).toBe("expired");
    expect(boardState({ status: "accepted", tokenExpiresAt: null }, "2027-03-20", new Date("2027-04-01T00:00:00Z"))).toBe("accepted");
  });

  it("the deadline follows Swedish summer time too", () => {
    // 2027-06-10 23:59 CEST is 21:59 UTC.
    expect(isOpenForReplies("2027-06-10", new Date("2027-06-10T21:59:00Z"))).toBe(true);
    expect(isOpenForReplies("2027-06-10", new Date("2027-06-10T22:00:00Z"))).toBe(false);
  });
});

describe("templates", () => {
  it("replace the four placeholders and leave other braces alone", () => {
    expect(
      renderTemplate("{organisation}: {tid} – {lank} senast {sista_svarsdag} {okänd}", {
        organisation: "Rydebäcks Byalag",
        tid: "T",
        lank: "L",
        sista_svarsdag: "S",
      }),
    ).toBe("Rydebäcks Byalag: T – L senast S {okänd}");
  });
});

describe("the create form", () => {
  const base = { tourId: "t", subject: "Ämne", body: "Hej {organisation}, svara här: {lank}", deadline: "2999-01-01", organizationKinds: ["byalag"] };
  it("needs at least one complete proposed time for a visit offer, in Swedish", () => {
    const r = batchSchema.safeParse({
      ...base,
      kind: "visit_offer",
      times: [
        { date: "", start: "18:00", end: "20:00" },
        { date: "2027-13-01", start: "18:00", end: "17:00" },
      ],
    });
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toContain("times.1.date: Ange datum som ÅÅÅÅ-MM-DD");
    expect(messages).toContain("times.1.end: Sluttiden måste vara efter starttiden");
  });
  it("requires {lank} in the body, an info evening for that kind, and some organizations", () => {
    const r = batchSchema.safeParse({ ...base, kind: "info_evening", body: "Hej {organisation}, välkomna!", organizationKinds: [] });
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["body", "stopId", "organizationIds"]));
  });
  it("turns proposed Swedish times into UTC instants and drops unused rows", () => {
    const v = batchSchema.parse({
      ...base,
      kind: "visit_offer",
      times: [
        { date: "2027-05-11", start: "18:30", end: "20:30" },
        { date: "", start: "18:00", end: "20:00" },
      ],
    });
    expect(v.times).toEqual([{ startsAt: new Date("2027-05-11T16:30:00Z"), endsAt: new Date("2027-05-11T18:30:00Z") }]);
  });
});

describe("the reply form", () => {
  it("speaks the reader's language in its errors", () => {
    const en = replySchemaFor(REPLY_STRINGS.en, { isVisit: true, allowOtherTime: true }).safeParse({ version: "1", answer: "yes", attendees: "0" });
    const messages = en.error!.issues.map((i) => i.message);
    expect(messages).toEqual(expect.arrayContaining(["Write your name", "Choose one of the times", "Enter the number as a whole number, at least 1"]));
    const sv = replySchemaFor(REPLY_STRINGS.sv, { isVisit: true, allowOtherTime: true }).safeParse({
      version: "1",
      answer: "yes",
      timeChoice: "other",
      contactName: "A",
    });
    expect(sv.error!.issues.map((i) => i.message)).toEqual(["Skriv vilken tid ni föreslår"]);
  });
});

describe("reply tokens and cookie", () => {
  it("are 256-bit base64url tokens whose hash is not the token", () => {
    const token = newReplyToken();
    expect(isWellFormedToken(token)).toBe(true);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(hashReplyToken(token)).not.toContain(token);
    expect(isWellFormedToken(token + "x")).toBe(false);
  });

  it("the cookie is signed, HttpOnly, SameSite=Lax, short-lived and only sent to /svar; a tampered one is refused", async () => {
    const cookie = replyCookieFor({ secureCookies: false, SESSION_SECRET: "x".repeat(40) });
    const header = await cookie.serialize({ i: "inv-1" });
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).toMatch(/Path=\/svar/);
    expect(header).toMatch(/Max-Age=7200/);
    const pair = header.split(";")[0]!;
    expect(await cookie.parse(pair)).toEqual({ i: "inv-1" });
    const [name, value] = pair.split("=") as [string, string];
    const forged = `${name}=${Buffer.from(JSON.stringify({ i: "inv-2" })).toString("base64")}${value.slice(value.indexOf("."))}`;
    expect(await cookie.parse(forged)).toBeNull();
  });
});
