import { z } from "zod";

const sv = (n: number) => String(n).replace(".", ",");

const number = (label: string, min: number, max: number) =>
  z.coerce
    .number({ required_error: `Ange ${label}`, invalid_type_error: `Ange ${label} som ett tal, t.ex. 56,05` })
    .min(min, `${label[0]!.toUpperCase()}${label.slice(1)} måste vara mellan ${sv(min)} och ${sv(max)}`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} måste vara mellan ${sv(min)} och ${sv(max)}`);

/** Accepts Swedish decimal commas ("56,05") as well as points. */
const decimal = (label: string, min: number, max: number) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim().replace(",", ".") : v), number(label, min, max));

/**
 * A whole number in a range. An empty field is "missing" (not 0), spaces are ignored, and
 * anything that is not a whole number in the range gets the same Swedish message.
 */
const wholeNumber = (messages: { missing: string; invalid: string }, min: number, max: number) =>
  z.preprocess(
    (v) => {
      if (typeof v !== "string") return v;
      const trimmed = v.trim();
      return trimmed === "" ? undefined : Number(trimmed);
    },
    z
      .number({ required_error: messages.missing, invalid_type_error: messages.invalid })
      .int(messages.invalid)
      .min(min, messages.invalid)
      .max(max, messages.invalid),
  );

export const settingsSchema = z.object({
  name: z.string({ required_error: "Ange kommunens namn" }).trim().min(2, "Ange kommunens namn").max(120, "Högst 120 tecken"),
  officeName: z.string({ required_error: "Ange kontaktcentrets namn" }).trim().min(2, "Ange kontaktcentrets namn").max(120, "Högst 120 tecken"),
  officeAddress: z.string({ required_error: "Ange kontaktcentrets adress" }).trim().min(4, "Ange kontaktcentrets adress").max(200, "Högst 200 tecken"),
  officeLat: decimal("latitud", 55, 69.1),
  officeLng: decimal("longitud", 10.9, 24.2),
  mapCenterLat: decimal("kartans mittpunkt (latitud)", 55, 69.1),
  mapCenterLng: decimal("kartans mittpunkt (longitud)", 10.9, 24.2),
  mapZoom: z.coerce
    .number({ required_error: "Ange zoomnivå", invalid_type_error: "Ange zoomnivå som ett heltal" })
    .int("Ange zoomnivå som ett heltal")
    .min(5, "Zoomnivån måste vara mellan 5 och 16")
    .max(16, "Zoomnivån måste vara mellan 5 och 16"),
  /** Bookings of one person closer than this clash (see domain/staffing/rules.ts). */
  travelBufferMinutes: wholeNumber(
    { missing: "Ange restiden mellan stopp i minuter", invalid: "Ange restiden som ett heltal mellan 0 och 240 minuter" },
    0,
    240,
  ),
  /** Staff sign up and withdraw themselves until this many hours before a stop starts. */
  staffingCutoffHours: wholeNumber(
    { missing: "Ange hur många timmar före start anmälan stänger", invalid: "Ange antalet timmar som ett heltal mellan 0 och 336 (två veckor)" },
    0,
    336,
  ),
  /** Residents' contact details are erased this many days after their case was answered or closed (cases/retention.server.ts). */
  contactRetentionDays: wholeNumber(
    { missing: "Ange hur många dagar kontaktuppgifter sparas", invalid: "Ange antalet dagar som ett heltal mellan 0 och 365" },
    0,
    365,
  ),
});

export type SettingsInput = z.infer<typeof settingsSchema>;

/** The set-up's second step: who the contact center is and where its office is. */
export const contactCenterSchema = settingsSchema.pick({ name: true, officeName: true, officeAddress: true, officeLat: true, officeLng: true });
