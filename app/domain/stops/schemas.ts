import { z } from "zod";
import { STOP_KINDS, STOP_STATUSES } from "#db/enums";
import { isoDate } from "~/domain/tours/schemas";
import { isTime, stockholmToUtc } from "~/utils/dates";

/** Accepts Swedish decimal commas. */
const coordinate = (label: string, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim().replace(",", ".") : v),
    z.coerce
      .number({ invalid_type_error: `Ange ${label} som ett tal` })
      .min(min, `${label} utanför Sverige`)
      .max(max, `${label} utanför Sverige`)
      .optional(),
  );

const time = (what: string) =>
  z
    .string({ required_error: `Ange ${what}` })
    .trim()
    .refine(isTime, `Ange ${what} som TT:MM, t.ex. 10:00`);

const count = (what: string) =>
  z.coerce
    .number({ invalid_type_error: `Ange ${what} som ett heltal` })
    .int(`Ange ${what} som ett heltal`)
    .min(0, `${what[0]!.toUpperCase()}${what.slice(1)} kan inte vara negativt`)
    .max(1_000_000, "För stort tal")
    .optional();

const optionalText = (max: number) => z.string().trim().max(max, `Högst ${max} tecken`).optional();

/** A stop is an event: a visit, an evening, a fair, a festival. Longer spans are mistakes. */
export const MAX_STOP_DAYS = 14;
export const MAX_STOP_SPAN_MS = MAX_STOP_DAYS * 24 * 3600_000;

/**
 * The stop form. Times are entered in Swedish time; the parsed value carries UTC instants.
 * Position: the map point when one is set, else the area's (resolved by the verb).
 */
export const stopSchema = z
  .object({
    tourId: z.string({ required_error: "Välj turné" }).min(1, "Välj turné"),
    title: z.string({ required_error: "Ange en rubrik" }).trim().min(2, "Ange en rubrik").max(160, "Högst 160 tecken"),
    kind: z.enum(STOP_KINDS, { errorMap: () => ({ message: "Välj typ av stopp" }) }),
    status: z.enum(STOP_STATUSES, { errorMap: () => ({ message: "Välj status" }) }).default("proposed"),
    areaId: z.string().optional(),
    organizationId: z.string().optional(),
    venueName: optionalText(160),
    venueAddress: optionalText(200),
    lat: coordinate("Latitud", 55, 69.1),
    lng: coordinate("Longitud", 10.9, 24.2),
    startDate: isoDate("datum"),
    startTime: time("starttid"),
    endDate: isoDate("slutdatum").optional(),
    endTime: time("sluttid"),
    publicDescription: optionalText(4000),
    internalNotes: optionalText(4000),
    expectedVisitors: count("förväntat antal besökare"),
    actualVisitors: count("antal besökare"),
    summary: optionalText(4000),
  })
  .superRefine((v, ctx) => {
    if ((v.lat === undefined) !== (v.lng === undefined)) {
      ctx.addIssue({ code: "custom", path: ["lat"], message: "Ange både latitud och longitud, eller ingen av dem" });
    }
    // An info evening is at KC's own office: its place is the office's unless an area is chosen (stops.server.ts).
    if (!v.areaId && !v.organizationId && v.lat === undefined && v.kind !== "info_evening") {
      ctx.addIssue({
        code: "custom",
        path: ["areaId"],
        message: "Välj ett område eller en organisation, eller klicka på kartan för att sätta platsen",
      });
    }
  })
  .transform((v, ctx) => {
    const startsAt = stockholmToUtc(v.startDate, v.startTime);
    const endsAt = stockholmToUtc(v.endDate ?? v.startDate, v.endTime);
    if (endsAt <= startsAt) {
      ctx.addIssue({ code: "custom", path: ["endTime"], message: "Sluttiden måste vara efter starttiden" });
      return z.NEVER;
    }
    if (endsAt.getTime() - startsAt.getTime() > MAX_STOP_SPAN_MS) {
      ctx.addIssue({ code: "custom", path: ["endDate"], message: `Ett stopp kan vara högst ${MAX_STOP_DAYS} dagar` });
      return z.NEVER;
    }
    const { startDate: _sd, startTime: _st, endDate: _ed, endTime: _et, ...rest } = v;
    return { ...rest, startsAt, endsAt };
  });

export type StopInput = z.infer<typeof stopSchema>;

export const markHeldSchema = z.object({
  actualVisitors: z.coerce
    .number({ required_error: "Ange antal besökare", invalid_type_error: "Ange antal besökare som ett heltal" })
    .int("Ange antal besökare som ett heltal")
    .min(0, "Antalet kan inte vara negativt")
    .max(1_000_000, "För stort tal"),
  summary: optionalText(4000),
});

export type MarkHeldInput = z.infer<typeof markHeldSchema>;

/** The most people of one role a stop can need (the same bound as setStopNeeds). */
export const MAX_NEED_COUNT = 20;

/**
 * The needs editor's field for a role key: "f:consumer" → "f_consumer", "g:BSU" → "g_BSU".
 * Role codes are [A-Za-z0-9_], so the first "_" separates the kind from the code.
 */
export function needFieldName(roleKey: string): string {
  return roleKey.replace(":", "_");
}

export function roleKeyOfNeedField(field: string): string {
  return field.replace("_", ":");
}

const needCount = z.coerce
  .number({ invalid_type_error: `Ange ett heltal mellan 0 och ${MAX_NEED_COUNT}` })
  .int(`Ange ett heltal mellan 0 och ${MAX_NEED_COUNT}`)
  .min(0, "Antalet kan inte vara negativt")
  .max(MAX_NEED_COUNT, `Högst ${MAX_NEED_COUNT}`)
  .optional()
  .transform((v) => v ?? 0);

/**
 * The needs editor: one count per role (an empty field is 0). The roles come from the database,
 * so the schema is built from their keys, the same way in the action and in the browser.
 */
export function stopNeedsSchema(roleKeys: readonly string[]) {
  return z
    .object(Object.fromEntries(roleKeys.map((k) => [needFieldName(k), needCount])))
    .transform((v) => Object.fromEntries(Object.entries(v).map(([field, n]) => [roleKeyOfNeedField(field), n as number])) as Record<string, number>);
}
