import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { Form, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { FormError, TextField, SubmitButton } from "~/components/forms";
import { MAX_NEED_COUNT, stopNeedsSchema } from "~/domain/stops/schemas";

export type NeedsFormRole = {
  key: string;
  field: string;
  label: string;
  kind: "function" | "group";
  count: number;
  filled: number;
};

/**
 * How many people of each role a stop needs: advisors by function, municipal guides by answer
 * group. Posts one count per role; an empty field counts as 0. Works without JavaScript.
 */
export function NeedsForm({ id, roles, lastResult }: { id: string; roles: NeedsFormRole[]; lastResult?: SubmissionResult<string[]> }) {
  const navigation = useNavigation();
  const schema = useMemo(() => stopNeedsSchema(roles.map((r) => r.key)), [roles]);
  const [form, fields] = useSchemaForm(schema, {
    id,
    lastResult,
    defaultValue: Object.fromEntries(roles.map((r) => [r.field, r.count ? String(r.count) : "0"])),
  });
  const group = (kind: NeedsFormRole["kind"], legend: string) => (
    <fieldset className="field staffing-needs__group">
      <legend>{legend}</legend>
      <div className="staffing-needs__grid">
        {roles
          .filter((r) => r.kind === kind)
          .map((r) => (
            <TextField
              key={r.key}
              label={r.label}
              meta={fields[r.field]!}
              inputMode="numeric"
              hint={r.filled ? `Bokade nu: ${r.filled}` : undefined}
              className="staffing-needs__count"
            />
          ))}
      </div>
    </fieldset>
  );
  return (
    <Form method="post" {...getFormProps(form)} noValidate className="stack card">
      <FormError form={form} />
      <p className="hint">Ange antal personer, 0–{MAX_NEED_COUNT}. 0 eller tomt betyder att rollen inte behövs.</p>
      {group("function", "Rådgivare")}
      {group("group", "Kommunvägledare per svarsgrupp")}
      <div>
        <SubmitButton className="button" busy={navigation.state === "submitting"}>
          Spara behoven
        </SubmitButton>
      </div>
    </Form>
  );
}
