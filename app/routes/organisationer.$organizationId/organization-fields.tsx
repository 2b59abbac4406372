import { useKindNames } from "~/components/kind-names";
import { choicesWith } from "~/domain/kinds/names";
import type { OrganizationKind } from "#db/enums";
import type { FieldMetadata } from "@conform-to/react";
import { SelectField, TextField } from "~/components/forms";
import { TextareaField } from "~/components/forms";

type Meta = FieldMetadata<any, any, string[]>;

/** The fields of "Ny organisation" and of the organization page (colocated, not a route). */
export function OrganizationFields({
  fields,
  areas,
}: {
  fields: { name: Meta; kind: Meta; areaId: Meta; website: Meta; notes: Meta };
  areas: { id: string; name: string; archived: boolean }[];
}) {
  const kinds = useKindNames();
  return (
    <>
      <TextField label="Namn" meta={fields.name} required autoComplete="off" />
      <SelectField
        label="Typ"
        meta={fields.kind}
        required
        options={choicesWith(kinds.organizationChoices, fields.kind.initialValue as OrganizationKind | undefined).map((k) => ({
          value: k,
          label: kinds.organization[k],
        }))}
      />
      <SelectField
        label="Område"
        meta={fields.areaId}
        required
        options={areas.map((a) => ({ value: a.id, label: a.archived ? `${a.name} (arkiverat)` : a.name }))}
      />
      <TextField label="Webbplats" meta={fields.website} type="url" inputMode="url" autoComplete="off" hint="T.ex. https://rydebacksbyalag.se" />
      <TextareaField label="Anteckningar" meta={fields.notes} rows={4} />
    </>
  );
}
