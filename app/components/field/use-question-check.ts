/**
 * The field form's check (question-check.ts), in its own chunk: loaded once the page has hydrated
 * (useFieldForm starts it), so the schema is not part of the page's first-load JavaScript (ADR 030).
 */
import type { FieldQuestionInput } from "~/domain/field/schemas";
import type { Check, CheckLoader } from "./use-field-form";

let loaded: Check<FieldQuestionInput> | null = null;
let loading: Promise<Check<FieldQuestionInput> | null> | null = null;

/** Loads the check once; null when its chunk could not be loaded (the next call tries again). */
function load(): Promise<Check<FieldQuestionInput> | null> {
  loading ??= import("./question-check").then(
    (m) => (loaded = m.checkFieldQuestion),
    () => {
      loading = null;
      return null;
    },
  );
  return loading;
}

export const questionCheck: CheckLoader<FieldQuestionInput> = { loaded: () => loaded, load };
