/**
 * A form field's view (ids, name, errors, first value) and what renders it, without Conform's code:
 * every form gets its field views from Conform's useForm, except the field page, which makes its
 * own (components/field/use-field-form.ts, ADR 040) to keep its first-load JavaScript small. The
 * props these helpers give are Conform's (forms.test.ts compares them), so both kinds of forms
 * render alike.
 */
import { useActionData } from "@remix-run/react";
import { useEffect, useRef } from "react";

/** One field as a form renders it: Conform's FieldMetadata has these too. */
export type FieldView = {
  key?: string;
  id: string;
  name: string;
  formId: string;
  errorId: string;
  descriptionId: string;
  errors?: string[];
  required?: boolean;
  initialValue?: unknown;
};

/** The whole form's errors (e.g. "the stop is closed") and where they are shown. */
export type FormErrorView = { errorId: string; errors?: string[] };

/**
 * A field's view, read once. Conform's metadata is a proxy that works a field out again on every
 * read and remembers each read in a growing list, and Conform's prop helpers read it many times
 * (getCollectionProps once per option): reading it once made the invitation form with eighty
 * organizations and fifteen time fields twice as fast on the server. Every field component passes
 * this snapshot to the helpers; the reads still subscribe the form to the field.
 */
export function readField<M extends FieldView>(meta: M): M {
  // Of Conform's constraints only `required` is read: the app's forms state no other (their Zod
  // schemas are the rules, checked on the server and, once loaded, in the browser). The error and
  // description ids are Conform's `${id}-error` and `${id}-description` (forms.test.ts holds it to that).
  const { key, id, name, formId, errors, required, initialValue } = meta;
  return { key, id, name, formId, errorId: `${id}-error`, descriptionId: `${id}-description`, errors, required, initialValue } as M;
}

/** A field's view named as Conform names it: the id is the form's id and the field's name, and the error and description ids follow from it. */
export function fieldView(formId: string, name: string, errors: string[] | undefined, initialValue: unknown): FieldView {
  const id = `${formId}-${name}`;
  return { id, name, formId, errorId: `${id}-error`, descriptionId: `${id}-description`, errors, initialValue };
}

/**
 * The fields of a list of objects (`times[0].date`, `times[0].start` …), worked out from the form's
 * first values and errors once, instead of through Conform's nested metadata (getFieldList, then
 * getFieldset per row), which builds a proxy for every read of every field. The ids, names, errors
 * and first values are Conform's (forms.test.ts compares them); a row's key is its place, since
 * the forms that use this neither add nor remove rows.
 */
export function listFieldViews<K extends string>(
  form: { id: string; initialValue?: unknown; allErrors?: Record<string, string[] | undefined> },
  name: string,
  keys: readonly K[],
): Array<{ key: string; fields: Record<K, FieldView> }> {
  const list = (form.initialValue as Record<string, unknown> | undefined)?.[name];
  const errors = form.allErrors ?? {};
  return (Array.isArray(list) ? list : []).map((row, i) => {
    const fields = {} as Record<K, FieldView>;
    for (const k of keys) {
      const fieldName = `${name}[${i}].${k}`;
      fields[k] = fieldView(form.id, fieldName, errors[fieldName], (row as Record<string, unknown> | null)?.[k]);
    }
    return { key: `${name}[${i}]`, fields };
  });
}

/** The attributes every control of a field has: as Conform's getFormControlProps. */
function controlProps(field: FieldView, ariaDescribedBy: string | undefined) {
  const invalid = field.errors !== undefined;
  return {
    id: field.id,
    name: field.name,
    form: field.formId,
    required: field.required || undefined,
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? `${field.errorId} ${ariaDescribedBy ?? ""}`.trim() : ariaDescribedBy,
  };
}

/** An input's props, as Conform's getInputProps gives them (a checkbox's value is "on"). */
export function inputProps(field: FieldView, { type, ariaDescribedBy }: { type: "text" | "email" | "tel" | "hidden" | "checkbox"; ariaDescribedBy?: string }) {
  const base = { ...controlProps(field, ariaDescribedBy), type };
  if (type === "checkbox") {
    const initial = field.initialValue;
    return { ...base, value: "on", defaultChecked: Array.isArray(initial) ? initial.includes("on") : initial === "on" };
  }
  return typeof field.initialValue === "string" ? { ...base, defaultValue: field.initialValue } : base;
}

/** A textarea's props, as Conform's getTextareaProps gives them. */
export function textareaProps(field: FieldView, { ariaDescribedBy }: { ariaDescribedBy?: string } = {}) {
  const initial = field.initialValue as { toString(): string } | null | undefined;
  return { ...controlProps(field, ariaDescribedBy), defaultValue: initial?.toString() };
}

/** A field's errors, read out by screen readers through aria-describedby on the input. */
export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error">
      <span aria-hidden="true">⚠ </span>
      {errors.join(" ")}
    </p>
  );
}

/**
 * Errors that belong to the whole form (e.g. wrong password), announced when they appear and
 * focused after each answer that brings them, so the focus never falls back to the page when the
 * button that was pressed is re-rendered. Focus is not taken from a field the person is typing in.
 */
export function FormError({ form }: { form: FormErrorView }) {
  const ref = useRef<HTMLDivElement>(null);
  const answer = useActionData();
  const message = form.errors?.join(" ") ?? "";
  useEffect(() => {
    if (!message || !ref.current) return;
    const active = document.activeElement;
    const typing = active instanceof HTMLElement && active.matches("input:not([type=submit]):not([type=button]), textarea, select");
    if (!typing) ref.current.focus();
  }, [answer, message]);
  return (
    <div
      ref={ref}
      id={form.errorId}
      role="alert"
      tabIndex={message ? -1 : undefined}
      // eslint-disable-next-line jsx-a11y/no-autofocus -- ADR 025: the form's error takes the focus, also in a browser without JavaScript
      autoFocus={Boolean(message)}
      className={message ? "form-error" : undefined}
    >
      {form.errors?.length ? (
        <p>
          <span aria-hidden="true">⚠ </span>
          {form.errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
