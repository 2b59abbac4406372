import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { FormError, TextField, TextareaField, SubmitButton } from "~/components/forms";
import { useSchemaForm } from "~/components/schema-form";
import { tourSchema } from "~/domain/tours/schemas";

export function TourForm({
  id,
  defaultValue,
  lastResult,
  submitLabel,
}: {
  id: string;
  defaultValue: Partial<Record<"name" | "focus" | "startsOn" | "endsOn" | "targetTags", string>>;
  lastResult?: SubmissionResult<string[]>;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(tourSchema, { id, lastResult, defaultValue });
  return (
    <Form method="post" {...getFormProps(form)} noValidate className="stack card">
      <FormError form={form} />
      <TextField label="Namn" meta={fields.name} required hint="T.ex. ”KC rullar ut 2027”" />
      <TextareaField label="Fokus" meta={fields.focus} hint="Vilka områden eller grupper turnén riktar sig till, och varför." rows={3} />
      <div className="field-row">
        <TextField label="Startdatum" meta={fields.startsOn} required hint="ÅÅÅÅ-MM-DD" inputMode="numeric" />
        <TextField label="Slutdatum" meta={fields.endsOn} required hint="ÅÅÅÅ-MM-DD" inputMode="numeric" />
      </div>
      <TextField label="Måltaggar" meta={fields.targetTags} hint="Områdestaggar som turnén siktar på, åtskilda med komma, t.ex. ”långt från centralorten”." />
      <SubmitButton className="button" busy={navigation.state === "submitting"}>
        {submitLabel}
      </SubmitButton>
    </Form>
  );
}
