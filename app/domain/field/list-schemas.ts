/**
 * Forms of the admin page "Listor" (/admin/listor) and the set-up's list steps: the lists each
 * municipality sets for itself (answer groups, advisor functions, departments, topics). One schema,
 * with an intent per button (add, rename, move, activate/deactivate), for both the action and the
 * forms. Pure: safe to import in browser code.
 */
import { z } from "zod";

export const LIST_KINDS = ["answer_group", "advisor_function", "department", "topic", "stop_kind", "organization_kind"] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export const LIST_LABELS: Record<
  ListKind,
  {
    singular: string;
    plural: string;
    definite: string;
    indefinite: string;
    detail?: { label: string; hint: string; required: boolean };
    /** The codes carry behaviour: entries are renamed and deactivated, never added. */
    fixed?: boolean;
  }
> = {
  answer_group: {
    singular: "svarsgrupp",
    plural: "Svarsgrupper",
    definite: "svarsgruppen",
    indefinite: "en svarsgrupp",
    detail: { label: "Vad gruppen svarar på", hint: "T.ex. Förskola, skola och fritid", required: false },
  },
  advisor_function: {
    singular: "rådgivarfunktion",
    plural: "Rådgivarfunktioner",
    definite: "rådgivarfunktionen",
    indefinite: "en rådgivarfunktion",
    detail: { label: "Vad rådgivaren kallas", hint: "T.ex. konsumentvägledare", required: true },
  },
  department: { singular: "förvaltning", plural: "Förvaltningar", definite: "förvaltningen", indefinite: "en förvaltning" },
  topic: { singular: "ämne", plural: "Ämnen", definite: "ämnet", indefinite: "ett ämne" },
  stop_kind: { singular: "typ av stopp", plural: "Typer av stopp", definite: "stopptypen", indefinite: "en typ av stopp", fixed: true },
  organization_kind: {
    singular: "typ av organisation",
    plural: "Typer av organisation",
    definite: "organisationstypen",
    indefinite: "en typ av organisation",
    fixed: true,
  },
};

/** Where each list is used, for the page's explanation. */
export const LIST_PURPOSE: Record<ListKind, string> = {
  answer_group: "Kommunvägledarnas svarsgrupper: personal hör till en eller flera, stopp behöver dem och fältfrågor sorteras efter dem.",
  advisor_function: "Rådgivningarna som följer med på turnén: personal har en eller flera, och byalagen kan önska dem.",
  department: "Förvaltningarna som en fältfråga kan skickas vidare till.",
  topic: "Ämnen att märka fältfrågor med.",
  stop_kind:
    "Vad kommunen kallar sina stopp. Typerna styr vad som händer (byalagsbesök erbjuds, informationskvällar bjuds in till), så de kan byta namn och inaktiveras men inte läggas till.",
  organization_kind: "Vad kommunen kallar föreningarna den bjuder in. Typerna kan byta namn och inaktiveras men inte läggas till.",
};

const kind = z.enum(LIST_KINDS, { errorMap: () => ({ message: "Okänd lista" }) });
const code = z.string({ required_error: "Saknar kod" }).trim().min(1, "Saknar kod").max(40);

export const listNameSchema = z
  .string({ required_error: "Ange ett namn" })
  .trim()
  .min(2, "Ange ett namn (minst 2 tecken)")
  .max(80, "Namnet får ha högst 80 tecken");

/** Optional on add: without it the code is made from the name (e.g. "Stadsmiljö" → "stadsmiljo"). */
export const listCodeSchema = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toLowerCase() || undefined : (v ?? undefined)),
  z
    .string()
    .max(40, "Koden får ha högst 40 tecken")
    .regex(/^[a-z0-9_]+$/, "Koden får bara innehålla a–z, siffror och understreck")
    .optional(),
);

/** An answer group's description or an advisor function's title for the advisor. */
const detail = z.preprocess((v) => (typeof v === "string" ? v.trim() || undefined : (v ?? undefined)), z.string().max(120, "Högst 120 tecken").optional());

/** An advisor function needs a title for its advisors ("Boka Eva som konsumentvägledare"). */
function detailWhereRequired(value: { kind: ListKind; detail?: string | undefined }, ctx: z.RefinementCtx) {
  const wanted = LIST_LABELS[value.kind].detail;
  if (wanted?.required && !value.detail) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["detail"], message: `Ange ${wanted.label.toLowerCase()}, ${wanted.hint.toLowerCase()}` });
  }
}

const addFields = z.object({ intent: z.literal("add"), kind, name: listNameSchema, code: listCodeSchema, detail });
const renameFields = z.object({ intent: z.literal("rename"), kind, code, name: listNameSchema, detail });
export const addListItemSchema = addFields.superRefine(detailWhereRequired);
export const renameListItemSchema = renameFields.superRefine(detailWhereRequired);

export const listActionSchema = z
  .discriminatedUnion("intent", [
    addFields,
    renameFields,
    z.object({ intent: z.literal("move"), kind, code, direction: z.enum(["up", "down"]) }),
    z.object({ intent: z.literal("setActive"), kind, code, active: z.enum(["true", "false"]).transform((v) => v === "true") }),
  ])
  .superRefine((value, ctx) => {
    if (value.intent === "add" || value.intent === "rename") detailWhereRequired(value, ctx);
  });

export type ListAction = z.infer<typeof listActionSchema>;
export type AddListItemInput = z.infer<typeof addListItemSchema>;

/** "Skol- och fritidsförvaltningen" → "skol_och_fritidsforvaltningen" (the code used in data and APIs). */
export function codeFromName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[åä]/g, "a")
      .replace(/ö/g, "o")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 36) || "post"
  );
}
