import { z } from "zod";
import { ABSENCE_KINDS } from "#db/enums";
import { isoDate } from "~/domain/tours/schemas";
import { addDaysIso, isIsoDate } from "~/utils/dates";

/** A longer absence is a mistake in the dates (or a matter for HR, not for the tour). */
export const MAX_ABSENCE_DAYS = 366;
export const ABSENCE_NOTE_MAX = 200;

/**
 * The absence form on /mitt-schema/franvaro and on an admin's user page, with a remove button per
 * absence. The note is for the tour leader's planning; the form asks people not to write why
 * (no health details in the staffing tool).
 */
export const absenceFormSchema = z
  .discriminatedUnion("intent", [
    z.object({
      intent: z.literal("add-absence"),
      kind: z.enum(ABSENCE_KINDS, {
        errorMap: () => ({ message: "Välj typ av frånvaro" }),
      }),
      startsOn: isoDate("första dagen"),
      endsOn: isoDate("sista dagen"),
      note: z.string().trim().max(ABSENCE_NOTE_MAX, `Högst ${ABSENCE_NOTE_MAX} tecken`).optional(),
    }),
    z.object({
      intent: z.literal("remove-absence"),
      absenceId: z.string().min(1),
    }),
  ])
  .superRefine((v, ctx) => {
    // Refinements run even when a field failed: compare only two real dates.
    if (v.intent !== "add-absence" || !isIsoDate(v.startsOn) || !isIsoDate(v.endsOn)) return;
    if (v.endsOn < v.startsOn) {
      ctx.addIssue({
        code: "custom",
        path: ["endsOn"],
        message: "Sista dagen kan inte vara före första dagen",
      });
    } else if (v.endsOn > addDaysIso(v.startsOn, MAX_ABSENCE_DAYS - 1)) {
      ctx.addIssue({
        code: "custom",
        path: ["endsOn"],
        message: `Frånvaron kan vara högst ${MAX_ABSENCE_DAYS} dagar`,
      });
    }
  });

export type AbsenceForm = z.infer<typeof absenceFormSchema>;
export type AbsenceInput = {
  kind: (typeof ABSENCE_KINDS)[number];
  startsOn: string;
  endsOn: string;
  note?: string | null;
};
