import { TZDate } from "@date-fns/tz";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { publicOrigin } from "~/env.server";
import { TIME_ZONE } from "~/utils/dates";

/**
 * The one iCalendar builder, shared by the public feed (/har-finns-vi.ics) and the staff feeds
 * (/flode/:key/…). Each feed turns its own read model into FeedEvents; only this file knows the format.
 */
export type FeedEvent = {
  /** Stable across versions of the event, unique across feeds: "<stopId>@rullarut". */
  uid: string;
  summary: string;
  startsAt: Date;
  endsAt: Date;
  location: string | null;
  description: string;
  /** Absolute link back to the app. */
  url: string;
  updatedAt: Date;
  tentative?: boolean;
  /** STATUS:CANCELLED: the event stays in subscribers' calendars, marked cancelled. */
  cancelled?: boolean;
  /** SEQUENCE when the event is also a meeting request (issue 16); else it follows updatedAt. */
  sequence?: number;
  /** A meeting request's organizer (the contact center) and its one attendee. */
  organizer?: { name: string; email: string };
  attendee?: { email: string; name?: string | null };
};

export type Feed = {
  name: string;
  description?: string;
  events: FeedEvent[];
  /** iTIP (RFC 5546): REQUEST or CANCEL for a meeting request by e-mail; none for a feed. */
  method?: "REQUEST" | "CANCEL";
};

let stockholmVtimezone: string | null | undefined;

/** The VTIMEZONE block, read once from @touch4it/ical-timezones (it reads a file on every call). */
function vtimezone(tzid: string): string | null {
  if (tzid !== TIME_ZONE) return getVtimezoneComponent(tzid);
  stockholmVtimezone ??= getVtimezoneComponent(tzid);
  return stockholmVtimezone;
}

// SEQUENCE must grow with each revision and many clients keep it in a signed 32-bit integer:
// seconds since 2024 stay far below 2^31 for decades, unlike seconds since 1970.
const SEQUENCE_EPOCH = Date.UTC(2024, 0, 1);

export function sequenceFrom(updatedAt: Date): number {
  return Math.max(0, Math.floor((updatedAt.getTime() - SEQUENCE_EPOCH) / 1000));
}

// Line breaks as any reader may see them, and the other control characters RFC 5545 forbids in TEXT (all but HTAB).
const LINE_BREAKS = /[ \t]*(?:\r\n|[\r\n\v\f\u0085\u2028\u2029])+[ \t]*/g;
// eslint-disable-next-line no-control-regex -- it is there to find control characters
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;

/**
 * A text for a property ical-generator writes as given: the calendar's NAME, X-WR-CALNAME and
 * X-WR-CALDESC, and UID. A line break there would end the property and start another (UID:,
 * SUMMARY:) in every subscriber's calendar (issue 12), so line breaks become one space.
 */
export function icsOneLine(text: string): string {
  return text.replace(LINE_BREAKS, " ").replace(CONTROLS, " ").trim();
}

/**
 * A text for SUMMARY, DESCRIPTION or LOCATION, which ical-generator escapes (a line break becomes
 * the two characters \n, RFC 5545 3.3.11): line breaks are kept (as \n), other controls become spaces.
 */
export function icsText(text: string): string {
  return text.replace(/\r\n?|[\v\f\u0085\u2028\u2029]/g, "\n").replace(CONTROLS, " ");
}

/**
 * Events carry DTSTART/DTEND;TZID=Europe/Stockholm with the Swedish wall-clock time, and the
 * calendar a VTIMEZONE for it. The times go in as TZDate: given a plain Date and a time zone,
 * ical-generator would print the server process's local time. DTSTAMP and LAST-MODIFIED stay in
 * UTC (RFC 5545 requires it), which is why the calendar itself has no time-zone name.
 */
export function buildIcs(feed: Feed): string {
  // Every text goes through icsOneLine or icsText: this is the one place calendars are built, for
  // the feeds and for the invitation's besok.ics alike.
  const calendar = ical({
    name: icsOneLine(feed.name),
    description: feed.description ? icsOneLine(feed.description) : null,
    prodId: { company: "Rullar ut", product: "Kalenderflode", language: "SV" },
    timezone: { name: null, generator: vtimezone },
    // Calendar apps that honour it fetch again after an hour (a feed; a meeting request has no use for it).
    ttl: feed.method ? null : 60 * 60,
    method: feed.method ? ICalCalendarMethod[feed.method] : null,
  });
  for (const e of feed.events) {
    calendar.createEvent({
      id: icsOneLine(e.uid),
      sequence: e.sequence ?? sequenceFrom(e.updatedAt),
      stamp: e.updatedAt,
      lastModified: e.updatedAt,
      start: new TZDate(e.startsAt.getTime(), TIME_ZONE),
      end: new TZDate(e.endsAt.getTime(), TIME_ZONE),
      timezone: TIME_ZONE,
      summary: icsText(e.summary),
      location: e.location ? icsText(e.location) : null,
      description: icsText(e.description),
      url: e.url,
      status: e.cancelled ? ICalEventStatus.CANCELLED : e.tentative ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
      organizer: e.organizer ? { name: icsOneLine(e.organizer.name), email: e.organizer.email } : null,
      attendees: e.attendee
        ? [
            {
              email: e.attendee.email,
              name: e.attendee.name ? icsOneLine(e.attendee.name) : null,
              role: ICalAttendeeRole.REQ,
              // A cancellation asks for no answer.
              rsvp: feed.method === "REQUEST",
              status: ICalAttendeeStatus.NEEDSACTION,
            },
          ]
        : [],
    });
  }
  return calendar.toString();
}

/** A feed as an HTTP response. */
export function icsResponse(body: string, options: { cacheControl: string; filename: string }): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `inline; filename="${options.filename}"`,
      "Cache-Control": options.cacheControl,
      "X-Robots-Tag": "noindex",
    },
  });
}

/** Where links in feeds point: the app's public address (publicOrigin), else the request's origin. */
export function appOrigin(request: Request): string {
  return publicOrigin(request)!;
}

/**
 * The staff feeds' one answer to every refusal (malformed, unknown or revoked key, deactivated
 * user, unknown tour), so a response never tells whether a key once existed.
 */
export function feedNotFound(): Response {
  return new Response("Kalenderflödet finns inte.", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Robots-Tag": "noindex" },
  });
}
