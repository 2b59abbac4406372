import { OUTBOX_STATUSES, type OutboxStatus } from "#db/enums";

/** The outbox statuses as the Utkorg page names them. */
export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = {
  pending: "väntar",
  sending: "skickas",
  sent: "skickat",
  failed: "misslyckades",
  bounced: "studsade",
};

export function parseOutboxStatus(value: string | null): OutboxStatus | undefined {
  return (OUTBOX_STATUSES as readonly string[]).includes(value ?? "") ? (value as OutboxStatus) : undefined;
}

export type TextPart = { type: "text"; value: string } | { type: "link"; value: string };

/**
 * Splits a plain-text body into text and http(s) links, so the page can make the links clickable
 * (React escapes the text; only http and https become links). A trailing full stop, comma or
 * closing bracket belongs to the sentence, not the address.
 */
export function linkifyText(text: string): TextPart[] {
  const parts: TextPart[] = [];
  const pattern = /https?:\/\/[^\s<>"]+/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    let url = match[0];
    const trailing = /[.,;:!?)\]']+$/.exec(url);
    if (trailing) url = url.slice(0, -trailing[0].length);
    const start = match.index;
    if (start > last) parts.push({ type: "text", value: text.slice(last, start) });
    parts.push({ type: "link", value: url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ type: "text", value: text.slice(last) });
  return parts;
}

const KIND_LABELS: Record<string, string> = {
  invitation: "inbjudan",
  confirmation: "bekräftelse",
  reminder: "påminnelse",
  "visit-reminder": "besökspåminnelse",
  "staff-notification": "till personal",
};

/** The message kind in Swedish; an unknown kind is shown as it is stored. */
export function outboxKindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}
