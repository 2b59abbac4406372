import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { input, output, ZodTypeAny } from "zod";

/**
 * A form checked in the browser by its schema (the one the action checks with), as the app's
 * forms are: a field shows its errors once it has lost the focus or the form was saved, and from
 * then on is checked again as it is typed in. Every Conform form uses it (the field page has its
 * own state with the same policy, ADR 040). In a module of its own, so pages that only use
 * forms.tsx's fields do not load the schema parser.
 */
export function useSchemaForm<S extends ZodTypeAny>(
  schema: S,
  options: Omit<Parameters<typeof useForm<input<S>, output<S>>>[0], "shouldValidate" | "shouldRevalidate" | "onValidate"> & { id: string },
) {
  return useForm<input<S>, output<S>>({
    ...options,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}
