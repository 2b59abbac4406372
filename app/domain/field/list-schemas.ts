/**
 * Forms of the admin page "Förvaltningar och ämnen" (/admin/listor). One schema, with an intent
 * per button (add, rename, move, activate/deactivate), for both the action and the forms.
 * Pure: safe to import in browser code.
 */
import { z } from "zod";

export const LIST_KINDS = ["department", "topic"] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export const LIST_LABELS: Record<ListKind, { singular: string; plural: string; definite: string }> = {
  department: { singular: "förvaltning", plural: "Förvaltningar", definite: "förvaltningen" },
  topic: { singular: "ämne", plural: "Ämnen", definite: "ämnet" },
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
  (v) => (typeof v === "string" ? v.trim().toLowerCase() || undefined : v ?? undefined),
  z
    .string()
    .max(40, "Koden får ha högst 40 tecken")
    .regex(/^[a-z0-9_]+$/, "Koden får bara innehålla a–z, siffror och understreck")
    .optional(),
);

export const addListItemSchema = z.object({ intent: z.literal("add"), kind, name: listNameSchema, code: listCodeSchema });
export const renameListItemSchema = z.object({ intent: z.literal("rename"), kind, code, name: listNameSchema });

export const listActionSchema = z.discriminatedUnion("intent", [
  addListItemSchema,
  renameListItemSchema,
  z.object({ intent: z.literal("move"), kind, code, direction: z.enum(["up", "down"]) }),
  z.object({ intent: z.literal("setActive"), kind, code, active: z.enum(["true", "false"]).transform((v) => v === "true") }),
]);

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
