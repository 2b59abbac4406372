/**
 * Pure rules about a stop's life, safe in the browser: the page that offers an action and the
 * verb that does it ask the same function (CONVENTIONS 13).
 */

/**
 * A stop can be marked held ("genomfört") once it has begun: before that there is no outcome to
 * record (issue 13, point 6b). A stop under way may be marked, so the tour leader can close it on site.
 */
export function mayMarkHeld(stop: { startsAt: Date | number }, now: Date | number): boolean {
  return new Date(now).getTime() >= new Date(stop.startsAt).getTime();
}

export const HELD_BEFORE_START_MESSAGE = "Ett stopp som inte har börjat kan inte markeras som genomfört.";
