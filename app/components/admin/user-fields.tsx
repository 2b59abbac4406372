import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { ROLES } from "#db/enums";
import { CheckboxGroup, SelectField, TextField } from "~/components/forms";
import { ROLE_LABELS } from "~/domain/users/roles";

type Reference = {
  answerGroups: { code: string; name: string; description: string }[];
  advisorFunctions: { code: string; name: string }[];
};

type Fields = {
  name: FieldMetadata<any, any, string[]>;
  email: FieldMetadata<any, any, string[]>;
  role: FieldMetadata<any, any, string[]>;
  password: FieldMetadata<any, any, string[]>;
  answerGroups: FieldMetadata<any, any, string[]>;
  advisorFunctions: FieldMetadata<any, any, string[]>;
  hourly: FieldMetadata<any, any, string[]>;
};

/** The fields shared by "Ny användare" and "Ändra användare". */
export function UserFields({ fields, reference, passwordRequired }: { fields: Fields; reference: Reference; passwordRequired: boolean }) {
  return (
    <>
      <TextField label="Namn" meta={fields.name} autoComplete="off" required />
      <TextField label="E-postadress" meta={fields.email} type="email" autoComplete="off" required />
      <SelectField label="Roll" meta={fields.role} required options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
      <TextField
        label={passwordRequired ? "Lösenord" : "Nytt lösenord"}
        meta={fields.password}
        type="password"
        autoComplete="new-password"
        required={passwordRequired}
        hint={
          passwordRequired
            ? "Minst 10 tecken. Gärna en lång fras; inga krav på siffror eller specialtecken."
            : "Lämna tomt för att behålla det nuvarande. Minst 10 tecken."
        }
      />
      <CheckboxGroup
        legend="Svarsgrupper (kommunvägledare)"
        meta={fields.answerGroups}
        options={reference.answerGroups.map((g) => ({ value: g.code, label: `${g.name}: ${g.description}` }))}
      />
      <CheckboxGroup
        legend="Rådgivarfunktioner"
        meta={fields.advisorFunctions}
        options={reference.advisorFunctions.map((f) => ({ value: f.code, label: f.name }))}
      />
      <div className="field">
        <div className="checkbox">
          <input {...getInputProps(fields.hourly, { type: "checkbox", ariaDescribedBy: fields.hourly.descriptionId })} key={fields.hourly.key} />
          <label htmlFor={fields.hourly.id}>Timanställd</label>
        </div>
        <p id={fields.hourly.descriptionId} className="hint">
          Timanställda bokas när det behövs och syns som timanställda i bemanningen.
        </p>
      </div>
    </>
  );
}
