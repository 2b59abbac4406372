/**
 * Domain errors. Verbs throw these; `toHttpResponse` in ~/utils/http.server.ts maps them to
 * 403/404/409 in one place, so routes never decide status codes for domain rules themselves.
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

/** The request clashes with the current state (e.g. an e-mail already in use). */
export class Conflict extends DomainError {
  constructor(
    message: string,
    /** The form field the conflict concerns, so the page can show it next to that field. */
    public readonly field?: string,
  ) {
    super(message);
  }
}
