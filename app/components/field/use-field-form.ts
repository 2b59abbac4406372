/**
 * The field form's state without Conform's React code (ADR 040): which fields have been checked,
 * the errors shown next to them, and the save. The rules stay in one place: the shared schema
 * (Zod) through Conform's parseWithZod, on the server and in a chunk the browser loads right after
 * hydration (question-check.ts, ADR 030). Fields are checked as Conform checks them with
 * `shouldValidate: "onBlur"` and `shouldRevalidate: "onInput"`: a field shows its errors once it
 * has lost the focus or the form was saved, and from then on is checked again as it is typed in.
 *
 * Before the schema has loaded:
 * - a field checked on blur or input keeps what it showed, and is checked once the schema is there;
 * - a save waits for the schema and is then submitted again, with the same button, so it is checked
 *   exactly as later saves are;
 * - if the chunk cannot be loaded (e.g. a new version was deployed and the old chunk is gone), that
 *   save goes to the server as it does without JavaScript, and the server checks it.
 * Before hydration the form posts to the server as before.
 */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { fieldView, type FieldView, type FormErrorView } from "~/components/form-fields";

/** Errors by field name; "" is the whole form's. */
export type Errors = Record<string, string[]>;
/** A check's answer: Conform's submission, trimmed to what the form reads. */
export type CheckResult<V> = { status: "success"; value: V } | { status: "error"; error: Record<string, string[] | null | undefined> };
export type Check<V> = (formData: FormData) => CheckResult<V>;
/** The check, loaded once: `loaded()` is null until then; `load()` gives null when the chunk could not be loaded. */
export type CheckLoader<V> = { loaded(): Check<V> | null; load(): Promise<Check<V> | null> };
/** What the server's action answers a failed post with (Conform's SubmissionResult). */
export type ServerResult = { status?: "success" | "error"; initialValue?: Record<string, unknown> | null; error?: Record<string, string[] | null> | null };

type Submitter = HTMLElement | null;
type Handlers<V> = {
  /** The form's values (the browser's FormData; tests give their own). */
  read?(form: HTMLFormElement): FormData;
  /** The errors to show now, for the fields that have been checked. */
  show(errors: Errors): void;
  /** A save that passed the check. */
  valid(value: V, submitter: Submitter): void;
};

/** The errors that say something: Conform's null ("keep as it is") and empty lists are dropped. */
export function errorsOf(error: Record<string, string[] | null | undefined> | null | undefined): Errors {
  const out: Errors = {};
  for (const [name, list] of Object.entries(error ?? {})) if (list?.length) out[name] = list;
  return out;
}

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** A field's control (not a button), told by its tag so this also runs outside a browser (tests). */
function isControl(target: unknown): target is Control {
  const element = target as { tagName?: string; type?: string } | null;
  const tag = element?.tagName;
  return tag === "TEXTAREA" || tag === "SELECT" || (tag === "INPUT" && !["submit", "button", "reset", "image"].includes(element!.type ?? ""));
}

/** Focuses the form's first control (in the page's order) that has an error, as Conform does after a failed save. */
function focusFirstError(form: HTMLFormElement, errors: Errors) {
  for (const element of Array.from(form.elements)) {
    if (isControl(element) && element.name && errors[element.name]) {
      element.focus();
      return;
    }
  }
}

/** The form's check for one page view, without React: see useFieldForm. */
export function createFieldFormCheck<V>(loader: CheckLoader<V>, handlers: Handlers<V>) {
  const read = handlers.read ?? ((form: HTMLFormElement) => new FormData(form));
  /** Fields that show their errors: checked on blur, or all of them after a save. */
  let checked = new Set<string>();
  /** The form whose checked fields are to be checked once the schema has loaded. */
  let waiting: HTMLFormElement | null = null;
  let resubmitting = false;
  let serverCheck = false;

  function refresh(form: HTMLFormElement) {
    const check = loader.loaded();
    if (!check) {
      // No check yet: what is on screen stays, and the form is checked once the schema is there.
      if (!waiting) {
        void loader.load().then((loaded) => {
          const form = waiting;
          waiting = null;
          if (loaded && form?.isConnected) refresh(form);
        });
      }
      waiting = form;
      return;
    }
    const result = check(read(form));
    const errors = result.status === "error" ? errorsOf(result.error) : {};
    const shown: Errors = {};
    for (const name of checked) if (errors[name]) shown[name] = errors[name]!;
    handlers.show(shown);
  }

  return {
    /** A new, empty form (after a save): nothing has been checked in it. */
    reset() {
      checked = new Set();
      waiting = null;
    },
    /** Fields the server's answer has errors for show them, and are checked as they change. */
    seed(errors: Errors) {
      for (const name of Object.keys(errors)) checked.add(name);
    },
    blur(form: HTMLFormElement, name: string) {
      if (checked.has(name)) return;
      checked.add(name);
      refresh(form);
    },
    input(form: HTMLFormElement, name: string) {
      if (checked.has(name)) refresh(form);
    },
    /** A save: "post" lets the form go to the server; "handled" means the page has dealt with it. */
    submit(form: HTMLFormElement, submitter: Submitter): "post" | "handled" {
      if (serverCheck) return "post";
      const check = loader.loaded();
      if (!check) {
        if (!resubmitting) {
          resubmitting = true;
          void loader.load().then((loaded) => {
            resubmitting = false;
            if (!form.isConnected) return;
            serverCheck = !loaded;
            try {
              const button = submitter as HTMLButtonElement | null;
              form.requestSubmit(button?.isConnected && button.form === form ? button : null);
            } finally {
              serverCheck = false;
            }
          });
        }
        return "handled";
      }
      const result = check(read(form));
      for (const element of Array.from(form.elements)) if (isControl(element) && element.name) checked.add(element.name);
      if (result.status === "error") {
        const errors = errorsOf(result.error);
        for (const name of Object.keys(errors)) checked.add(name);
        handlers.show(errors);
        focusFirstError(form, errors);
        return "handled";
      }
      handlers.show({});
      handlers.valid(result.value, submitter);
      return "handled";
    },
  };
}

type Options<V> = {
  /** The form's id; a new id is a new, empty form (the page remounts the form under it). */
  id: string;
  /** The server's answer to a post that failed its check (or the whole form's error). */
  lastResult?: ServerResult | null;
  /** The first values, unless the server's answer brings the values that were posted. */
  defaultValue: Record<string, string>;
  loader: CheckLoader<V>;
  /** Set once the page has hydrated: the browser's own checks step aside then (as Conform's noValidate). */
  hydrated: boolean;
  /** Fields whose current value the page reads while rendering (e.g. to show a field only for "Nej"). */
  watch: readonly string[];
  onValid(value: V, submitter: Submitter): void;
};

export function useFieldForm<V>({ id, lastResult, defaultValue, loader, hydrated, watch, onValid }: Options<V>) {
  const initial: Record<string, unknown> = lastResult?.initialValue ?? defaultValue;
  const initialWatched = () => Object.fromEntries(watch.map((name) => [name, initial[name]]));
  const [state, setState] = useState(() => ({ id, errors: errorsOf(lastResult?.error), values: initialWatched() }));
  const idRef = useRef(id);
  const onValidRef = useRef(onValid);
  useEffect(() => {
    onValidRef.current = onValid;
  });
  const [check] = useState(() => {
    const c = createFieldFormCheck(loader, {
      show: (errors) => setState((s) => ({ ...s, id: idRef.current, errors })),
      valid: (value, submitter) => onValidRef.current(value, submitter),
    });
    c.seed(state.errors);
    return c;
  });

  // The check's chunk is fetched right after hydration, before anyone has typed.
  useEffect(() => {
    void loader.load();
  }, [loader]);

  // A new form: nothing checked, no errors, the watched fields at their first values.
  useEffect(() => {
    if (idRef.current === id) return;
    idRef.current = id;
    check.reset();
    setState({ id, errors: {}, values: initialWatched() });
    // initialWatched reads this render's first values, which belong to the new id.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, check]);

  // A later answer from the server (the check's chunk could not be loaded, and the save went there).
  const firstResult = useRef(lastResult);
  useEffect(() => {
    if (!lastResult || lastResult === firstResult.current) return;
    firstResult.current = lastResult;
    const errors = errorsOf(lastResult.error);
    check.seed(errors);
    setState((s) => ({ ...s, errors }));
    const form = document.getElementById(idRef.current);
    if (form instanceof HTMLFormElement) focusFirstError(form, errors);
  }, [lastResult, check]);

  // Listened to on the document, as Conform does: the form is remounted under each new id.
  const watchKey = watch.join(" ");
  useEffect(() => {
    const watched = new Set(watchKey.split(" "));
    const ours = (event: Event) => {
      const target = event.target;
      // getAttribute: the form has a field named "id", which `form.id` would return.
      return isControl(target) && target.name && target.form?.getAttribute("id") === idRef.current ? { form: target.form, name: target.name } : null;
    };
    const onInput = (event: Event) => {
      const hit = ours(event);
      if (!hit) return;
      if (watched.has(hit.name)) {
        const value = new FormData(hit.form).get(hit.name) ?? undefined;
        setState((s) => ({ ...s, values: { ...s.values, [hit.name]: value } }));
      }
      check.input(hit.form, hit.name);
    };
    const onBlur = (event: Event) => {
      const hit = ours(event);
      if (hit) check.blur(hit.form, hit.name);
    };
    document.addEventListener("input", onInput);
    document.addEventListener("focusout", onBlur);
    return () => {
      document.removeEventListener("input", onInput);
      document.removeEventListener("focusout", onBlur);
    };
  }, [check, watchKey]);

  const errors = state.id === id ? state.errors : {};
  const values = state.id === id ? state.values : initialWatched();

  const field = (name: string): FieldView => fieldView(id, name, errors[name], initial[name]);

  const formError: FormErrorView = { errorId: `${id}-error`, errors: errors[""] };
  return {
    field,
    formError,
    /** A watched field's current value ("on" for a checked checkbox). */
    value: (name: string) => values[name] as string | undefined,
    formProps: {
      id,
      noValidate: hydrated,
      "aria-describedby": formError.errors ? formError.errorId : undefined,
      onSubmit(event: FormEvent<HTMLFormElement>) {
        const submitter = (event.nativeEvent as SubmitEvent).submitter ?? null;
        if (check.submit(event.currentTarget, submitter) === "handled") event.preventDefault();
      },
    },
  };
}
