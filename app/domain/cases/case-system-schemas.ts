/**
 * The admin page /admin/arendesystem (docs/decisions/017-case-delivery.md). Pure: used by the
 * action and by the form in the browser.
 */
import { z } from "zod";
import { CASE_ADAPTERS } from "#db/enums";

const SERVICE_KEY = /^(department:[a-z0-9_]{1,40}|g:[A-Za-z0-9_]{1,40}|f:[A-Za-z0-9_]{1,40}|other|default)$/;

const optionalText = (max: number, message: string) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() || undefined : undefined), z.string().max(max, message).optional());

const optionalUrl = (example: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim() || undefined : undefined),
    z
      .string()
      .max(500, "Adressen är för lång")
      .refine((u) => {
        try {
          const url = new URL(u);
          return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
        } catch {
          return false;
        }
      }, `Ange en fullständig http(s)-adress, t.ex. ${example}`)
      .optional(),
  );

/** "nyckel = kod" per line → {nyckel: kod}. Errors name the line. */
export function parseServiceCodes(text: string): { codes: Record<string, string>; errors: string[] } {
  const codes: Record<string, string> = {};
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const m = line.match(/^([^=]+?)\s*=\s*(.+)$/);
    if (!m) return errors.push(`Rad ${i + 1}: skriv ”nyckel = kod”, t.ex. ”department:miljo = 023”.`);
    const key = m[1]!.trim();
    const code = m[2]!.trim();
    if (!SERVICE_KEY.test(key))
      return errors.push(`Rad ${i + 1}: okänd nyckel ”${key.slice(0, 40)}”. Använd department:kod, g:grupp, f:funktion, other eller default.`);
    if (code.length > 60) return errors.push(`Rad ${i + 1}: koden är för lång.`);
    codes[key] = code;
  });
  return { codes, errors };
}

/**
 * CASE_SYSTEM_SERVICE_MAP: a JSON object {"g:BSU": "011", …} or "nyckel=kod;nyckel=kod" (the admin
 * page's lines, separated by ";" or line breaks). Errors say what is wrong, never echo a code.
 */
export function parseServiceMapText(text: string): { codes: Record<string, string>; errors: string[] } {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return { codes: {}, errors: ['ogiltig JSON; skriv {"g:BSU": "011", "default": "099"} eller g:BSU=011;default=099'] };
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return { codes: {}, errors: ["måste vara ett JSON-objekt nyckel → kod"] };
    const codes: Record<string, string> = {};
    const errors: string[] = [];
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      const code = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
      if (!SERVICE_KEY.test(key)) errors.push(`okänd nyckel ”${key.slice(0, 40)}”. Använd department:kod, g:grupp, f:funktion, other eller default.`);
      else if (!code || code.length > 60) errors.push(`koden för ${key} saknas eller är för lång`);
      else codes[key] = code;
    }
    return { codes, errors };
  }
  const { codes, errors } = parseServiceCodes(trimmed.split(";").join("\n"));
  return { codes, errors: errors.map((e) => e.replace(/^Rad (\d+):/, "Regel $1:")) };
}

export function formatServiceCodes(codes: Record<string, string>): string {
  return Object.entries(codes)
    .map(([k, v]) => `${k} = ${v}`)
    .join("\n");
}

export const caseSystemSaveSchema = z
  .object({
    intent: z.literal("save"),
    adapter: z.enum(CASE_ADAPTERS, { errorMap: () => ({ message: "Välj vart ärendena ska" }) }),
    open311BaseUrl: optionalUrl("https://open311.example.se/api/v2"),
    open311ApiKey: optionalText(500, "API-nyckeln är för lång"),
    open311JurisdictionId: optionalText(200, "Jurisdiction-id är för långt"),
    open311ServiceCodes: z.string().max(10_000, "För många rader").optional(),
    webhookUrl: optionalUrl("https://arenden.example.se/rullarut"),
    webhookSecret: optionalText(500, "Hemligheten är för lång").refine((v) => v === undefined || v.length >= 16, "Hemligheten måste vara minst 16 tecken"),
    emailTo: z.preprocess(
      (v) => (typeof v === "string" ? v.trim() || undefined : undefined),
      z.string().max(254, "Adressen är för lång").email("Ange en e-postadress, t.ex. arenden@kommunen.se").optional(),
    ),
    maxAttempts: z.coerce
      .number({ invalid_type_error: "Ange ett heltal 1–100" })
      .int("Ange ett heltal 1–100")
      .min(1, "Ange ett heltal 1–100")
      .max(100, "Ange ett heltal 1–100"),
    timeoutSeconds: z.coerce
      .number({ invalid_type_error: "Ange tidsgränsen i hela sekunder, 1–300" })
      .int("Ange tidsgränsen i hela sekunder, 1–300")
      .min(1, "Tidsgränsen måste vara minst 1 sekund")
      .max(300, "Tidsgränsen får vara högst 300 sekunder (5 minuter)"),
  })
  .superRefine((v, ctx) => {
    if (v.adapter === "open311" && !v.open311BaseUrl)
      ctx.addIssue({ code: "custom", path: ["open311BaseUrl"], message: "Ange adressen till Open311-tjänsten" });
    if (v.adapter === "webhook" && !v.webhookUrl) ctx.addIssue({ code: "custom", path: ["webhookUrl"], message: "Ange webhookens adress" });
    if (v.adapter === "email" && !v.emailTo) ctx.addIssue({ code: "custom", path: ["emailTo"], message: "Ange inkorgens e-postadress" });
    const { errors } = parseServiceCodes(v.open311ServiceCodes ?? "");
    if (errors.length) ctx.addIssue({ code: "custom", path: ["open311ServiceCodes"], message: errors.slice(0, 3).join(" ") });
  })
  .transform((v) => ({ ...v, open311ServiceCodes: parseServiceCodes(v.open311ServiceCodes ?? "").codes }));

/** The page's other buttons: "test" (Testa anslutningen) and "retryAll" (Försök igen med alla). */
export const CASE_SYSTEM_INTENTS = ["save", "test", "retryAll"] as const;
