import { z } from "zod";
import { INVITATION_KINDS, ORGANIZATION_KINDS } from "#db/enums";
import { stopSchema } from "~/domain/stops/schemas";
import { isoDate } from "~/domain/tours/schemas";
import { isIsoDate, isTime, stockholmToUtc, todayInStockholm } from "~/utils/dates";
import type { ReplyStrings } from "./i18n";

const checkboxList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

export const MAX_PROPOSED_TIMES = 5;

const proposedTime = z.object({
  date: z.string().trim().optional(),
  start: z.string().trim().optional(),
  end: z.string().trim().optional(),
});

/** The info evening choice that means "create a new one from the fields below". */
export const NEW_EVENING = "new";

/**
 * A new info evening, typed in the invitation form. Its fields are the stop form's (same names, same
 * rules: stopSchema); it is held at KC's own office, so the area may stay empty.
 */
const newEveningFields = z
  .object({
    title: z.string().optional(),
    startDate: z.string().optional(),
    startTime: z.string().optional(),
    endTime: z.string().optional(),
    venueName: z.string().optional(),
    venueAddress: z.string().optional(),
    areaId: z.string().optional(),
  })
  .default({});

type NewEveningFields = z.output<typeof newEveningFields>;

function newEveningStop(tourId: string, evening: NewEveningFields) {
  return stopSchema.safeParse({ ...evening, tourId, kind: "info_evening", status: "planned" });
}

/** The stop form's field an issue is about, as named in the evening's fields (endDate: the span, shown at the end time). */
const EVENING_FIELD: Record<string, keyof NewEveningFields> = {
  title: "title",
  startDate: "startDate",
  startTime: "startTime",
  endTime: "endTime",
  endDate: "endTime",
  venueName: "venueName",
  venueAddress: "venueAddress",
  areaId: "areaId",
};

/** The create form. `intent` is preview (render the first message) or send. */
export const batchSchema = z
  .object({
    intent: z.enum(["preview", "send"]).default("preview"),
    tourId: z.string({ required_error: "Välj turné" }).min(1, "Välj turné"),
    kind: z.enum(INVITATION_KINDS, { errorMap: () => ({ message: "Välj vad inbjudan gäller" }) }),
    /** An info evening of the tour, or NEW_EVENING. */
    stopId: z.string().optional(),
    evening: newEveningFields,
    times: z.array(proposedTime).max(MAX_PROPOSED_TIMES).default([]),
    allowOtherTime: checkbox.default(false),
    organizationKinds: checkboxList.pipe(z.array(z.enum(ORGANIZATION_KINDS, { errorMap: () => ({ message: "Okänd typ av organisation" }) }))),
    organizationIds: checkboxList,
    subject: z.string({ required_error: "Ange en ämnesrad" }).trim().min(3, "Ange en ämnesrad").max(200, "Högst 200 tecken"),
    body: z
      .string({ required_error: "Skriv meddelandet" })
      .trim()
      .min(10, "Skriv meddelandet")
      .max(8000, "Högst 8000 tecken")
      .refine((b) => b.includes("{lank}"), "Meddelandet måste innehålla {lank}, annars kan ingen svara"),
    deadline: isoDate("sista svarsdag").refine((d) => !isIsoDate(d) || d >= todayInStockholm(), "Sista svarsdag kan inte ha passerat"),
  })
  .superRefine((v, ctx) => {
    if (v.organizationKinds.length === 0 && v.organizationIds.length === 0) {
      ctx.addIssue({ code: "custom", path: ["organizationIds"], message: "Välj minst en organisation eller en typ av organisationer" });
    }
    if (v.kind === "info_evening" && !v.stopId) {
      ctx.addIssue({ code: "custom", path: ["stopId"], message: "Välj informationskvällen eller skapa en ny" });
    }
    if (v.kind === "info_evening" && v.stopId === NEW_EVENING) {
      const stop = newEveningStop(v.tourId, v.evening);
      if (!stop.success) {
        for (const issue of stop.error.issues) {
          const field = EVENING_FIELD[String(issue.path[0])];
          if (field) ctx.addIssue({ code: "custom", path: ["evening", field], message: issue.message });
        }
      }
      if (!v.evening.venueName?.trim()) ctx.addIssue({ code: "custom", path: ["evening", "venueName"], message: "Ange lokal" });
      const date = v.evening.startDate?.trim();
      if (date && isIsoDate(date) && isIsoDate(v.deadline)) {
        if (date < todayInStockholm()) ctx.addIssue({ code: "custom", path: ["evening", "startDate"], message: "Informationskvällen kan inte ha passerat" });
        else if (v.deadline > date)
          ctx.addIssue({ code: "custom", path: ["deadline"], message: "Sista svarsdag måste vara senast dagen för informationskvällen" });
      }
    }
    if (v.kind === "visit_offer") {
      let filled = 0;
      v.times.forEach((t, i) => {
        // A row without a date is unused (the form prefills the hours).
        if (!t.date) return;
        filled++;
        if (!t.date || !isIsoDate(t.date)) ctx.addIssue({ code: "custom", path: ["times", i, "date"], message: "Ange datum som ÅÅÅÅ-MM-DD" });
        if (!t.start || !isTime(t.start)) ctx.addIssue({ code: "custom", path: ["times", i, "start"], message: "Ange starttid som TT:MM" });
        if (!t.end || !isTime(t.end)) ctx.addIssue({ code: "custom", path: ["times", i, "end"], message: "Ange sluttid som TT:MM" });
        else if (t.start && isTime(t.start) && t.end <= t.start) {
          ctx.addIssue({ code: "custom", path: ["times", i, "end"], message: "Sluttiden måste vara efter starttiden" });
        }
      });
      // Tied to the first time's date, so the message sits next to a field, is read out with it and
      // gets the focus after a failed submit (issue 13, point 4).
      if (filled === 0) ctx.addIssue({ code: "custom", path: ["times", 0, "date"], message: "Föreslå minst en tid (högst fem)" });
    }
  })
  .transform((v) => {
    const { evening, ...rest } = v;
    const isNew = v.kind === "info_evening" && v.stopId === NEW_EVENING;
    const stop = isNew ? newEveningStop(v.tourId, evening) : null;
    return {
      ...rest,
      stopId: v.kind === "info_evening" && !isNew ? v.stopId! : null,
      /** The info evening to create with the invitations, as the stops verbs take it. */
      newEvening: stop?.success ? stop.data : null,
      times:
        v.kind === "visit_offer"
          ? v.times
              .filter((t) => t.date && t.start && t.end)
              .map((t) => ({ startsAt: stockholmToUtc(t.date!, t.start!), endsAt: stockholmToUtc(t.date!, t.end!) }))
          : [],
    };
  });

export type BatchInput = z.output<typeof batchSchema>;

/** The reply form, in the reader's language; what is required depends on the invitation. */
export function replySchemaFor(t: ReplyStrings, invitation: { isVisit: boolean; allowOtherTime: boolean }) {
  const optionalText = (max: number) => z.string().trim().max(max, t.errTooLong(max)).optional();
  return z
    .object({
      version: z.coerce.number().int().min(0),
      answer: z.enum(["yes", "no"], { errorMap: () => ({ message: t.errAnswer }) }),
      timeChoice: z.string().optional(),
      suggestedTime: optionalText(200),
      advisorFunctions: checkboxList,
      answerGroups: checkboxList,
      attendees: z.coerce.number({ invalid_type_error: t.errAttendees }).int(t.errAttendees).min(1, t.errAttendees).max(10_000, t.errAttendees).optional(),
      message: optionalText(2000),
      contactName: optionalText(120),
      contactPhone: z
        .string()
        .trim()
        .max(40, t.errTooLong(40))
        .refine((p) => /^[0-9+\-() ]*$/.test(p), t.errPhone)
        .optional(),
      /** Honeypot: hidden from people and assistive technology. */
      website: z.string().optional(),
    })
    .superRefine((v, ctx) => {
      if (v.answer !== "yes") return;
      if (!v.contactName) ctx.addIssue({ code: "custom", path: ["contactName"], message: t.errContactName });
      if (invitation.isVisit) {
        if (!v.timeChoice) ctx.addIssue({ code: "custom", path: ["timeChoice"], message: t.errTime });
        else if (v.timeChoice === "other") {
          if (!invitation.allowOtherTime) ctx.addIssue({ code: "custom", path: ["timeChoice"], message: t.errTime });
          else if (!v.suggestedTime) ctx.addIssue({ code: "custom", path: ["suggestedTime"], message: t.errSuggestedTime });
        }
      }
    });
}

export type ReplyInput = z.output<ReturnType<typeof replySchemaFor>>;
