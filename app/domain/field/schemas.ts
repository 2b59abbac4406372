/**
 * A field question as the field page sends it: as JSON from the offline queue (POST /falt/fragor)
 * or as an ordinary form post before JavaScript has loaded (POST /falt). One schema for both, and
 * for instant validation in the browser. Pure: safe to import in browser code.
 */
import { z } from "zod";
import { parseIsoInstant } from "~/utils/stockholm-clock";

export const QUESTION_MAX = 4000;
export const ANSWER_MAX = 4000;

/** "g:BSU", "f:consumer" or "other" (övrigt). */
export const categorySchema = z.string({ required_error: "Välj kategori" }).regex(/^(g:[A-Za-z0-9_]{1,40}|f:[A-Za-z0-9_]{1,40}|other)$/, "Välj kategori");

const optionalText = (max: number, label: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim() || undefined : (v ?? undefined)),
    z.string().max(max, `${label} får ha högst ${max} tecken`).optional(),
  );

const bool = z.preprocess((v) => v === true || v === "true" || v === "on" || v === "1" || v === "ja", z.boolean());

const list = z.preprocess(
  (v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string().max(40)).max(20, "Högst 20 ämnen"),
);

const coordinate = (min: number, max: number) =>
  z.preprocess(
    (v) => (v === "" || v === null || v === undefined ? undefined : typeof v === "string" ? Number(v.replace(",", ".")) : v),
    z.number({ invalid_type_error: "Ogiltig position" }).min(min, "Ogiltig position").max(max, "Ogiltig position").optional(),
  );

/**
 * An ISO 8601 instant on a real date (a Date passes as it is). Whether it is a plausible time for
 * the question, not years back or ahead, depends on "now": recordFieldQuestion checks that window.
 */
const instant = z.unknown().transform((v, ctx): Date => {
  const parsed = v instanceof Date ? (Number.isNaN(v.getTime()) ? null : v) : typeof v === "string" ? parseIsoInstant(v.trim()) : null;
  if (!parsed) {
    ctx.addIssue({ code: "custom", message: "Ogiltig tid: ange datum och klockslag, t.ex. 2027-05-04T10:15:00Z" });
    return z.NEVER;
  }
  return parsed;
});

export const fieldQuestionSchema = z
  .object({
    /** Made by the client when the question is saved (crypto.randomUUID), so a resend is recognised. */
    id: z.string({ required_error: "Saknar id" }).uuid("Ogiltigt id"),
    stopId: z.string({ required_error: "Välj stopp" }).min(1, "Välj stopp").max(64),
    /** When it was logged on the device (ISO 8601). */
    loggedAt: instant,
    question: z
      .string({ required_error: "Skriv frågan" })
      .trim()
      .min(3, "Skriv frågan (minst 3 tecken)")
      .max(QUESTION_MAX, `Frågan får ha högst ${QUESTION_MAX} tecken`),
    category: categorySchema,
    topics: list,
    answeredOnSpot: z.preprocess(
      (v) => (v === "ja" || v === true || v === "true" ? true : v === "nej" || v === false || v === "false" ? false : undefined),
      z.boolean({ required_error: "Ange om frågan besvarades på plats", invalid_type_error: "Ange om frågan besvarades på plats" }),
    ),
    answer: optionalText(ANSWER_MAX, "Svaret"),
    departmentCode: optionalText(40, "Förvaltningen"),
    replyWanted: bool.default(false),
    contactName: optionalText(120, "Namnet"),
    contactPhone: optionalText(40, "Telefonnumret"),
    contactEmail: z.preprocess(
      (v) => (typeof v === "string" ? v.trim().toLowerCase() || undefined : (v ?? undefined)),
      z.string().max(254).email("Ange en giltig e-postadress").optional(),
    ),
    areaId: optionalText(64, "Området"),
    lat: coordinate(55, 69.1),
    lng: coordinate(10.9, 24.2),
  })
  .superRefine((v, ctx) => {
    if (!v.answeredOnSpot && !v.departmentCode) {
      ctx.addIssue({ code: "custom", path: ["departmentCode"], message: "Välj vilken förvaltning frågan ska till" });
    }
    if (v.replyWanted && !v.contactPhone && !v.contactEmail) {
      ctx.addIssue({ code: "custom", path: ["contactPhone"], message: "Ange telefon eller e-post, så att invånaren kan få svar" });
    }
    if (v.contactPhone && !/^[+0-9 ()-]{6,40}$/.test(v.contactPhone)) {
      ctx.addIssue({ code: "custom", path: ["contactPhone"], message: "Ange ett telefonnummer med siffror, t.ex. 070-123 45 67" });
    }
    if ((v.lat === undefined) !== (v.lng === undefined)) {
      ctx.addIssue({ code: "custom", path: ["lat"], message: "Ange både latitud och longitud, eller ingen" });
    }
  })
  // Contact details are kept only when the resident wants a reply (data minimisation).
  .transform((v) => (v.replyWanted ? v : { ...v, contactName: undefined, contactPhone: undefined, contactEmail: undefined }));

export type FieldQuestionInput = z.infer<typeof fieldQuestionSchema>;

/** What POST /falt/fragor answers (JSON). The client's queue drops an item only on "created" or "duplicate". */
export type SyncResponse =
  | { status: "created"; id: string; caseNumber: string }
  | { status: "duplicate"; id: string; caseNumber: string }
  | { status: "invalid"; id: string | null; fieldErrors: Record<string, string[]> }
  | { status: "login" }
  | { status: "forbidden"; message: string }
  | { status: "error"; message: string };
