import { getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { FieldError } from "./forms";

export function TextareaField({
  label,
  meta,
  hint,
  rows = 4,
}: {
  label: string;
  meta: FieldMetadata<any, any, string[]>;
  hint?: ReactNode;
  rows?: number;
}) {
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
