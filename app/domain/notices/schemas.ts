import { z } from "zod";
import { NOTICE_EMAIL_MODES } from "#db/enums";

export const NOTICE_EMAIL_LABELS: Record<(typeof NOTICE_EMAIL_MODES)[number], string> = {
  immediate: "Direkt, ett mejl per händelse",
  daily: "En sammanfattning per dag (kl. 07)",
  none: "Ingen e-post, bara här på översikten",
};

export const NOTICE_EMAIL_SHORT: Record<(typeof NOTICE_EMAIL_MODES)[number], string> = {
  immediate: "direkt",
  daily: "en gång per dag",
  none: "av",
};

/** The start page's two small forms: mark the notices read, and choose how to hear of them by e-mail. */
export const noticeActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("seen"),
    // The moment the page was read: notices that arrived after it stay unread.
    upTo: z.coerce.date({ invalid_type_error: "Sidan är för gammal. Ladda om den." }),
  }),
  z.object({
    intent: z.literal("email"),
    mode: z.enum(NOTICE_EMAIL_MODES, { errorMap: () => ({ message: "Välj hur du vill få e-post om nyheter." }) }),
  }),
]);
