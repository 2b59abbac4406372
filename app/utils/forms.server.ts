import type { Submission } from "@conform-to/react";
import { data } from "@remix-run/node";
import { Conflict } from "~/domain/errors";
import { domainStatus, toHttpResponse } from "./http.server";

/**
 * Turns a domain error raised by a form's verb into the form's answer: a Conflict the user can
 * fix is shown next to its field (or above the form) with status 400, keeping what was typed.
 * Other domain errors become their HTTP status (403/404); anything else is a real error.
 */
export function replyWithDomainError(submission: Submission<unknown>, error: unknown, options: { hideFields?: string[] } = {}) {
  if (error instanceof Conflict) {
    return data(
      {
        result: submission.reply({
          hideFields: options.hideFields,
          ...(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }),
        }),
      },
      { status: domainStatus(error, "form") },
    );
  }
  if (error instanceof Response) throw error;
  throw toHttpResponse(error);
}
