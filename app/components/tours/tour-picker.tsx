import { Form } from "@remix-run/react";
import { FieldError } from "~/components/forms";

/**
 * The "Turné [select] Visa" form of the pages that show one tour: a plain GET form, so the chosen
 * tour is in the address (and, through `?turne=`, remembered; ADR 023) with or without JavaScript.
 * `keep` carries the page's other parameters along.
 */
export function TourPicker({
  id,
  tours,
  value,
  keep = {},
  error,
  className,
}: {
  id: string;
  tours: { id: string; name: string }[];
  value: string | undefined;
  keep?: Record<string, string>;
  error?: string;
  className?: string;
}) {
  const errorId = `${id}-error`;
  return (
    <Form method="get" className={`inline-form ${className ?? ""}`.trim()}>
      {Object.entries(keep).map(([name, v]) => (
        <input key={name} type="hidden" name={name} value={v} />
      ))}
      <label htmlFor={id}>Turné</label>
      <select id={id} name="turne" defaultValue={value} key={value} aria-describedby={error ? errorId : undefined}>
        {tours.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--secondary">
        Visa
      </button>
      <FieldError id={errorId} errors={error ? [error] : undefined} />
    </Form>
  );
}
