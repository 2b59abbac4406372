/**
 * The field form's instant check in the browser: the shared schema (Zod) through Conform's
 * parseWithZod, as the server checks it. Loaded with a dynamic import once the page has hydrated
 * (use-question-check.ts, ADR 030), so Zod and Conform are not part of the page's first-load
 * JavaScript; the service worker precaches this chunk with the rest of the build, so it loads
 * offline too.
 */
import { parseWithZod } from "@conform-to/zod";
import { fieldQuestionSchema, type FieldQuestionInput } from "~/domain/field/schemas";
import type { CheckResult } from "./use-field-form";

export function checkFieldQuestion(formData: FormData): CheckResult<FieldQuestionInput> {
  const submission = parseWithZod(formData, { schema: fieldQuestionSchema });
  return submission.status === "success" ? { status: "success", value: submission.value } : { status: "error", error: submission.error ?? {} };
}
