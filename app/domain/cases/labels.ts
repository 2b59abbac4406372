/** Swedish words for cases. Pure: safe to import in browser code. */
import type { CaseDeliveryStatus, CaseEventKind, CaseStatus } from "#db/enums";

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  new: "Ny",
  answered: "Besvarad på plats",
  forwarded: "Vidarebefordrad",
  closed: "Avslutad",
};

export const DELIVERY_STATUS_LABELS: Record<CaseDeliveryStatus, string> = {
  pending: "Väntar",
  sending: "Skickas",
  delivered: "Levererad",
  failed: "Leverans misslyckad",
};

export const CASE_EVENT_LABELS: Record<CaseEventKind, string> = {
  created: "Ärendet skapades",
  status: "Status ändrad",
  note: "Anteckning",
  delivered: "Levererat till ärendesystemet",
  delivery_failed: "Leveransen misslyckades",
  delivery_retry: "Ny leverans begärd",
  delivery_unknown: "Okänt om leveransen kom fram",
  contact_erased: "Kontaktuppgifter raderade",
  external_status: "Status från ärendesystemet",
};

export const OTHER_CATEGORY_LABEL = "Övrigt";
