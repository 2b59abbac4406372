import { z } from "zod";
import { ORGANIZATION_KINDS } from "#db/enums";

export const ORGANIZATIONS_PAGE_SIZE = 50;

/**
 * "www.rydebacksbyalag.se" → "https://www.rydebacksbyalag.se"; anything that is not an http or
 * https address afterwards → null (javascript: and friends never become links).
 */
export function normaliseWebsite(text: string): string | null {
  let t = text.trim();
  if (!t) return null;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(t) && /^[^\s/]+\.[^\s/]+/.test(t)) t = `https://${t}`;
  try {
    const url = new URL(t);
    if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname.includes(".")) return null;
    return url.toString();
  } catch {
    return null;
  }
}

/**
 * Swedish numbers as people write them ("070-174 06 05", "042-10 50 00", "+46 70 174 06 05",
 * "+46 (0)70 …"), or any international number starting with +. Kept as typed, spaces tidied.
 */
export function isPhoneNumber(text: string): boolean {
  const digits = text.replace(/[\s\-()./]/g, "");
  return /^(?:(?:\+46|0046)0?[1-9]\d{5,10}|0[1-9]\d{5,10}|\+[1-9]\d{6,14})$/.test(digits);
}

const optionalText = (max: number) => z.string().trim().max(max, `Högst ${max} tecken`).optional();

const organizationFields = {
  name: z.string({ required_error: "Ange organisationens namn" }).trim().min(2, "Namnet måste ha minst 2 tecken").max(160, "Namnet får ha högst 160 tecken"),
  kind: z.enum(ORGANIZATION_KINDS, { errorMap: () => ({ message: "Välj typ av organisation" }) }),
  areaId: z.string({ required_error: "Välj område" }).min(1, "Välj område"),
  website: z
    .string()
    .trim()
    .max(500, "Högst 500 tecken")
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const url = normaliseWebsite(v);
      if (!url) {
        ctx.addIssue({ code: "custom", message: "Ange en webbadress som börjar med http:// eller https://, t.ex. https://rydebacksbyalag.se" });
        return z.NEVER;
      }
      return url;
    }),
  notes: optionalText(4000),
};

export const newOrganizationSchema = z.object(organizationFields);

export const editOrganizationSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), ...organizationFields }),
  z.object({ intent: z.literal("archive") }),
  z.object({ intent: z.literal("unarchive") }),
]);

export type OrganizationInput = z.infer<typeof newOrganizationSchema>;

const contactFields = {
  name: z.string({ required_error: "Ange kontaktpersonens namn" }).trim().min(2, "Namnet måste ha minst 2 tecken").max(120, "Namnet får ha högst 120 tecken"),
  role: optionalText(80),
  email: z
    .string()
    .trim()
    .max(254, "E-postadressen är för lång")
    .email("Ange en giltig e-postadress, t.ex. namn@exempel.se")
    .transform((e) => e.toLowerCase())
    .optional(),
  phone: z
    .string()
    .trim()
    .max(40, "Högst 40 tecken")
    .refine(isPhoneNumber, "Ange ett telefonnummer, t.ex. 070-123 45 67 eller +46 70 123 45 67")
    .transform((p) => p.replace(/\s+/g, " "))
    .optional(),
};

/** The contact forms on the organization page: add one, save one, remove one (by `intent`). */
export const contactSchema = z
  .discriminatedUnion("intent", [
    z.object({ intent: z.literal("addContact"), ...contactFields }),
    z.object({ intent: z.literal("saveContact"), contactId: z.string().min(1), ...contactFields }),
    z.object({ intent: z.literal("removeContact"), contactId: z.string().min(1) }),
  ])
  .superRefine((v, ctx) => {
    if (v.intent !== "removeContact" && !v.email && !v.phone) {
      ctx.addIssue({ code: "custom", path: ["email"], message: "Ange e-post eller telefon, så att vi kan nå personen" });
    }
  });

export type ContactInput = { name: string; role?: string; email?: string; phone?: string };

export const organizationSearchSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  typ: z.enum(ORGANIZATION_KINDS).optional().catch(undefined),
  sida: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  arkiverade: z
    .literal("1")
    .optional()
    .catch(undefined)
    .transform((v) => v === "1"),
});
