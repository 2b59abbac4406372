/**
 * Domain errors. Verbs throw these with a Swedish message for the person; code that must tell one
 * conflict from another reads its `code`, never the message. ~/utils/http.server.ts holds the one
 * mapping to HTTP (`domainStatus`): 404, 403, and for a conflict 409, or 400 when the conflict is
 * answered in the form that caused it (shown next to its field, like any other error in the form).
 */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing does not exist, or the actor may not know it exists. */
export class NotFound extends DomainError {}

/** The actor is known but not allowed to do this. */
export class Forbidden extends DomainError {}

/**
 * The conflicts that code tells apart (the others are only shown):
 * - "stale": someone else changed the thing since the page was read (an invitation's answer);
 * - "closed": the thing no longer takes changes (a reply after the deadline).
 */
export type ConflictCode = "stale" | "closed";

/** The request clashes with the current state (e.g. an e-mail already in use). */
export class Conflict extends DomainError {
  constructor(
    message: string,
    /** The form field the conflict concerns, so the page can show it next to that field. */
    public readonly field?: string,
    /** For code that must react to this kind of conflict (see ConflictCode). */
    public readonly code?: ConflictCode,
  ) {
    super(message);
  }
}
