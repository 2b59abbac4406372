/**
 * A calendar's answer to a meeting request as a mail service posts it to the inbound webhook
 * (iMIP, RFC 6047): one text/calendar body with METHOD:REPLY and the attendee's PARTSTAT, the way
 * Outlook sends it. Used by tests and by `npm run bench`.
 */
export function calendarReplyMail(o: { from: string; to: string; uid: string; sequence: number; partstat: string; subject?: string; prodId?: string }): string {
  return [
    `From: ${o.from}`,
    `To: ${o.to}`,
    `Subject: ${o.subject ?? "Svar"}`,
    "MIME-Version: 1.0",
    "Content-Type: text/calendar; charset=utf-8; method=REPLY",
    "",
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${o.prodId ?? "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN"}`,
    "METHOD:REPLY",
    "BEGIN:VEVENT",
    `UID:${o.uid}`,
    `SEQUENCE:${o.sequence}`,
    "DTSTAMP:20310502T090000Z",
    `ATTENDEE;PARTSTAT=${o.partstat}:mailto:${o.from}`,
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");
}
