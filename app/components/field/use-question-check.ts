/**
 * The field form's onValidate (ADR 030). Conform validates synchronously, but the schema (Zod)
 * comes in its own chunk, loaded right after hydration, so for a moment after hydration the form
 * has no check yet:
 * - a field checked on blur or input in that moment keeps what it showed, and is checked once the
 *   schema is there;
 * - a save in that moment waits for the schema and is then submitted again, with the same button,
 *   so it is checked exactly as later saves are;
 * - if the chunk cannot be loaded (e.g. a new version was deployed and the old chunk is gone), that
 *   save goes to the server as it does without JavaScript, and the server checks it.
 * Before hydration the form posts to the server as before.
 */
import { parse, type FormMetadata } from "@conform-to/react";
import { useEffect, useState } from "react";
import type { FieldQuestionSubmission } from "./question-check";

export type QuestionCheck = (formData: FormData) => FieldQuestionSubmission;

let loaded: QuestionCheck | null = null;
let loading: Promise<QuestionCheck | null> | null = null;

/** Loads the check once; null when its chunk could not be loaded (the next call tries again). */
function loadQuestionCheck(): Promise<QuestionCheck | null> {
  loading ??= import("./question-check").then(
    (m) => (loaded = m.checkFieldQuestion),
    () => {
      loading = null;
      return null;
    },
  );
  return loading;
}

export type CheckLoader = { loaded(): QuestionCheck | null; load(): Promise<QuestionCheck | null> };
const chunk: CheckLoader = { loaded: () => loaded, load: loadQuestionCheck };

type ValidateContext = { form: HTMLFormElement; formData: FormData; submitter: HTMLInputElement | HTMLButtonElement | null };
type CheckedForm = Pick<FormMetadata, "id" | "allErrors" | "validate">;

/** The check without React, for one page view: see useQuestionCheck. */
export function createQuestionCheck(loader: CheckLoader = chunk) {
  /** The form as last rendered: its errors are kept while there is no check, and its fields are checked once there is. */
  const formRef: { current: CheckedForm | null } = { current: null };
  /** Fields that asked for a check before the schema had loaded, with the id of their form. */
  const early = new Map<string, string>();
  let resubmitting = false;
  let serverCheck = false;

  /** Loads the check, then checks the fields that asked before it was there. Returns a cleanup. */
  function start(): () => void {
    let live = true;
    void loader.load().then((check) => {
      const form = formRef.current;
      if (!live || !check || !form) return;
      for (const [name, formId] of early) if (formId === form.id) form.validate({ name });
      early.clear();
    });
    return () => {
      live = false;
    };
  }

  function onValidate({ form, formData, submitter }: ValidateContext): FieldQuestionSubmission {
    const check = loader.loaded();
    if (check) return check(formData);
    if (serverCheck) {
      // `error: null`: Conform neither reports nor stops the submit, and onSubmit lets the form post to the server.
      return parse<never, string[]>(formData, { resolve: () => ({ error: null }) });
    }
    // No check yet: keep the errors on screen as they are (null keeps a field's error in Conform).
    const keep = Object.fromEntries(Object.keys(formRef.current?.allErrors ?? {}).map((name) => [name, null]));
    let save = true;
    const submission: FieldQuestionSubmission = parse<never, string[]>(formData, {
      resolve: (_payload, intent) => {
        save = intent === null;
        if (intent?.type === "validate" && intent.payload.name) early.set(intent.payload.name, form.id);
        return { error: keep };
      },
    });
    if (save && !resubmitting) {
      // A save: Conform stops it (an error result); once the check is there it is submitted again, with the same button.
      resubmitting = true;
      void loader.load().then((check) => {
        resubmitting = false;
        if (!form.isConnected) return;
        serverCheck = !check;
        try {
          form.requestSubmit(submitter?.isConnected && submitter.form === form ? submitter : null);
        } finally {
          serverCheck = false;
        }
      });
    }
    return submission;
  }

  return { onValidate, formRef, start };
}

/** The form's onValidate, and a ref the page points at its form (Conform's metadata) after each render. */
export function useQuestionCheck() {
  const [check] = useState(() => createQuestionCheck());
  useEffect(() => check.start(), [check]);
  return check;
}
