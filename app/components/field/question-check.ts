/**
 * The field form's instant check in the browser: the shared schema (Zod) through Conform, as the
 * server checks it. Loaded with a dynamic import once the page has hydrated (use-question-check.ts,
 * ADR 030), so Zod is not part of the page's first-load JavaScript; the service worker precaches
 * this chunk with the rest of the build, so it loads offline too.
 */
import { parseWithZod } from "@conform-to/zod";
import { fieldQuestionSchema } from "~/domain/field/schemas";

export function checkFieldQuestion(formData: FormData) {
  return parseWithZod(formData, { schema: fieldQuestionSchema });
}

export type FieldQuestionSubmission = ReturnType<typeof checkFieldQuestion>;
