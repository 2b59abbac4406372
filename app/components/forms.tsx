import { getCollectionProps, getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { type ButtonHTMLAttributes, type ReactNode } from "react";
import { FieldError, readField } from "./form-fields";

// The pieces without Conform live in form-fields.tsx (the field page uses them without Conform's code, issue 15).
export { FieldError, FormError, readField } from "./form-fields";

/**
 * A form's submit button. While the form is being sent it says so (`aria-disabled`, and a second
 * press does nothing) but stays enabled: a disabled button loses the focus, and a keyboard or
 * screen-reader user is then left on the page's body when the answer comes (WCAG 2.4.3).
 */
export function SubmitButton({
  busy = false,
  children,
  onClick,
  className = "button",
  ...props
}: { busy?: boolean; children: ReactNode } & Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type" | "disabled">) {
  return (
    <button
      {...props}
      type="submit"
      className={className}
      aria-disabled={busy || undefined}
      onClick={(event) => {
        if (busy) event.preventDefault();
        else onClick?.(event);
      }}
    >
      {children}
    </button>
  );
}

/**
 * Conform's getCollectionProps (a checkbox or radio per option), with what the options share
 * worked out once: Conform's helper builds the name, form and aria attributes again for every
 * option, which for the invitation form's eighty organizations was most of its rendering.
 * The result is the same as Conform's (forms.test.ts compares them).
 */
export function collectionProps(meta: FieldMetadata<any, any, string[]>, type: "checkbox" | "radio", values: string[]) {
  const m = readField(meta);
  const [first] = getCollectionProps(m, { type, options: [""] });
  const { key: _key, id: _id, value: _value, defaultChecked: _checked, ...shared } = first!;
  const initial = m.initialValue as unknown;
  return values.map((value) => ({
    ...shared,
    key: `${m.key ?? ""}${value}`,
    id: `${m.id}-${value}`,
    type,
    value,
    defaultChecked: type === "checkbox" && Array.isArray(initial) ? initial.includes(value) : initial === value,
  }));
}

type TextFieldProps = {
  label: string;
  meta: FieldMetadata<any, any, string[]>;
  type?: "text" | "email" | "password" | "tel" | "url" | "number" | "search";
  hint?: ReactNode;
  autoComplete?: string;
  inputMode?: "text" | "decimal" | "numeric" | "email" | "tel" | "url";
  required?: boolean;
  className?: string;
};

export function TextField({ label, meta: fieldMeta, type = "text", hint, autoComplete, inputMode, required, className }: TextFieldProps) {
  const meta = readField(fieldMeta);
  const { key, ...props } = getInputProps(meta, {
    type,
    ariaDescribedBy: hint ? meta.descriptionId : undefined,
  });
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={meta.id}>
        {label}
        {required ? <span className="required"> (obligatoriskt)</span> : null}
      </label>
      {hint ? (
        <p id={meta.descriptionId} className="hint">
          {hint}
        </p>
      ) : null}
      <input key={key} {...props} required={required} autoComplete={autoComplete} inputMode={inputMode} />
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function SelectField({
  label,
  meta: fieldMeta,
  options,
  required,
}: {
  label: string;
  meta: FieldMetadata<any, any, string[]>;
  options: { value: string; label: string }[];
  required?: boolean;
}) {
  const meta = readField(fieldMeta);
  const { key, ...props } = getSelectProps(meta);
  return (
    <div className="field">
      <label htmlFor={meta.id}>
        {label}
        {required ? <span className="required"> (obligatoriskt)</span> : null}
      </label>
      <select key={key} {...props} required={required}>
        <option value="">Välj …</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function CheckboxGroup({
  legend,
  meta,
  options,
  hint,
}: {
  legend: string;
  meta: FieldMetadata<any, any, string[]>;
  options: { value: string; label: string }[];
  hint?: string;
}) {
  const m = readField(meta);
  const boxes = collectionProps(
    m,
    "checkbox",
    options.map((o) => o.value),
  );
  const labels = new Map(options.map((o) => [o.value, o.label]));
  return (
    <fieldset className="field checkbox-group" aria-describedby={m.errors?.length ? m.errorId : undefined}>
      <legend>{legend}</legend>
      {hint ? <p className="hint">{hint}</p> : null}
      {boxes.map(({ key, ...props }) => (
        <div className="checkbox" key={key}>
          <input {...props} />
          <label htmlFor={props.id}>{labels.get(props.value)}</label>
        </div>
      ))}
      <FieldError id={m.errorId} errors={m.errors} />
    </fieldset>
  );
}

export function TextareaField({
  label,
  meta: fieldMeta,
  hint,
  rows = 4,
}: {
  label: string;
  meta: FieldMetadata<any, any, string[]>;
  hint?: ReactNode;
  rows?: number;
}) {
  const meta = readField(fieldMeta);
  const { key, ...props } = getTextareaProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p id={meta.descriptionId} className="hint">
          {hint}
        </p>
      ) : null}
      <textarea key={key} {...props} rows={rows} />
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export type FilterOption = { value: string; label: string };

/**
 * A plain select in a GET filter form (not bound to Conform): a label, an optional "all" choice,
 * the options, and an error (the value was refused: aria-invalid) or a note (e.g. which tour is
 * shown instead) read out through aria-describedby.
 */
export function FilterSelect({
  id,
  name,
  label,
  defaultValue,
  options,
  all,
  error,
  note,
}: {
  id: string;
  name: string;
  label: string;
  defaultValue: string | undefined;
  options: FilterOption[];
  /** The first option, e.g. { value: "", label: "Alla" }; none when a value is required. */
  all?: FilterOption;
  error?: string | null;
  note?: string | null;
}) {
  const message = error ?? note ?? null;
  const messageId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={message ? messageId : undefined}>
        {all ? <option value={all.value}>{all.label}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={messageId} errors={message ? [message] : undefined} />
    </div>
  );
}
