import { z } from "zod";
import { isIsoDate } from "~/utils/dates";

/** "socioekonomiskt fokus, landsbygd" → ["socioekonomiskt fokus", "landsbygd"] (trimmed, lower case, unique). */
export const tagList = z
  .string()
  .max(500, "Högst 500 tecken")
  .optional()
  .transform((v) =>
    Array.from(
      new Set(
        (v ?? "")
          .split(",")
          .map((t) => t.trim().toLowerCase())
          .filter(Boolean),
      ),
    ),
  );

export const isoDate = (what: string) =>
  z
    .string({ required_error: `Ange ${what}` })
    .trim()
    .refine(isIsoDate, `Ange ${what} som ÅÅÅÅ-MM-DD, t.ex. 2027-05-14`);

export const tourSchema = z
  .object({
    name: z.string({ required_error: "Ange turnéns namn" }).trim().min(2, "Ange turnéns namn").max(120, "Högst 120 tecken"),
    focus: z.string().trim().max(2000, "Högst 2000 tecken").optional().default(""),
    startsOn: isoDate("startdatum"),
    endsOn: isoDate("slutdatum"),
    targetTags: tagList,
  })
  .refine((t) => t.endsOn >= t.startsOn, { message: "Slutdatum kan inte vara före startdatum", path: ["endsOn"] });

export type TourInput = z.infer<typeof tourSchema>;
