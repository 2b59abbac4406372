/** The case list's filters (a GET form) and the case page's forms. Pure: safe in browser code. */
import { z } from "zod";
import { CASE_STATUSES } from "#db/enums";

export const CASE_NOTE_MAX = 4000;
export const CASE_SEARCH_MAX = 200;
/** Beyond this many matches the list says "fler än 10 000" instead of counting them all. */
export const COUNT_CAP = 10_000;

const optionalParam = (max: number) => z.preprocess((v) => (typeof v === "string" ? v.trim() || undefined : undefined), z.string().max(max).optional());

/** URL parameters of /arenden. Unknown or malformed values are dropped, never a 400. */
export const caseFiltersSchema = z.object({
  stopp: optionalParam(64).catch(undefined),
  turne: optionalParam(64).catch(undefined),
  status: z.enum(CASE_STATUSES).optional().catch(undefined),
  kategori: z
    .string()
    .regex(/^(g:[A-Za-z0-9_]{1,40}|f:[A-Za-z0-9_]{1,40}|other)$/)
    .optional()
    .catch(undefined),
  forvaltning: optionalParam(40).catch(undefined),
  q: optionalParam(CASE_SEARCH_MAX).catch(undefined),
});

export type CaseFilterParams = z.infer<typeof caseFiltersSchema>;

export type CaseFilters = {
  stopId?: string;
  tourId?: string;
  status?: (typeof CASE_STATUSES)[number];
  category?: string;
  departmentCode?: string;
  search?: string;
};

export function readCaseFilters(params: URLSearchParams): CaseFilters {
  const p = caseFiltersSchema.parse(Object.fromEntries(params));
  return { stopId: p.stopp, tourId: p.turne, status: p.status, category: p.kategori, departmentCode: p.forvaltning, search: p.q };
}

export const caseNoteSchema = z.object({
  intent: z.literal("note"),
  note: z
    .string({ required_error: "Skriv en anteckning" })
    .trim()
    .min(1, "Skriv en anteckning")
    .max(CASE_NOTE_MAX, `Anteckningen får ha högst ${CASE_NOTE_MAX} tecken`),
});

export const caseStatusSchema = z.object({
  intent: z.literal("status"),
  status: z.enum(CASE_STATUSES, { errorMap: () => ({ message: "Välj en status" }) }),
  note: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() || undefined : undefined),
    z.string().max(CASE_NOTE_MAX, `Kommentaren får ha högst ${CASE_NOTE_MAX} tecken`).optional(),
  ),
});

export const caseActionSchema = z.discriminatedUnion("intent", [caseNoteSchema, caseStatusSchema]);

/**
 * Free text → a safe FTS5 query: each word quoted (so operators and quotes in the input mean
 * nothing) and made a prefix, all of them required. Null when nothing searchable is left.
 */
export function ftsQuery(text: string): string | null {
  const terms = text
    .normalize("NFC")
    .split(/[\s"]+/u)
    .map((t) => t.replace(/[^\p{L}\p{N}_-]/gu, ""))
    .filter((t) => t.length > 0)
    .slice(0, 8)
    .map((t) => `"${t.slice(0, 40)}"*`);
  return terms.length ? terms.join(" ") : null;
}
