import type { StopKind } from "#db/enums";
import { useKindNames } from "~/components/kind-names";
import { choicesWith } from "~/domain/kinds/names";
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { STOP_STATUSES } from "#db/enums";
import { FormError, SelectField, TextField, TextareaField, SubmitButton } from "~/components/forms";
import { useSchemaForm } from "~/components/schema-form";
import { STOP_STATUS_LABELS } from "~/domain/stops/labels";
import { stopSchema } from "~/domain/stops/schemas";
import type { StopFormOptions } from "~/domain/stops/form-options.server";
import { PositionField } from "~/components/map/position-field";
import type { MapViewProps } from "~/domain/map/map-view.server";

export type StopFormDefaults = Partial<{
  tourId: string;
  title: string;
  kind: string;
  status: string;
  areaId: string;
  organizationId: string;
  venueName: string;
  venueAddress: string;
  lat: string;
  lng: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  publicDescription: string;
  internalNotes: string;
  expectedVisitors: string;
  actualVisitors: string;
  summary: string;
}>;

/** The form for creating and editing a stop. Times are Swedish wall-clock times. */
export function StopForm({
  id,
  options,
  defaultValue,
  lastResult,
  submitLabel,
  map,
}: {
  id: string;
  map: MapViewProps;
  options: StopFormOptions;
  defaultValue: StopFormDefaults;
  lastResult?: SubmissionResult<string[]>;
  submitLabel: string;
}) {
  const kinds = useKindNames();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(stopSchema, { id, lastResult, defaultValue });
  return (
    <Form method="post" {...getFormProps(form)} noValidate className="stack card">
      <FormError form={form} />
      <SelectField label="Turné" meta={fields.tourId} required options={options.tours.map((t) => ({ value: t.id, label: t.name }))} />
      <TextField label="Rubrik" meta={fields.title} required hint="T.ex. ”Besök hos Rydebäcks byalag”" />
      <div className="field-row">
        <SelectField
          label="Typ av stopp"
          meta={fields.kind}
          required
          options={choicesWith(kinds.stopChoices, defaultValue?.kind as StopKind | undefined).map((k) => ({ value: k, label: kinds.stop[k] }))}
        />
        <SelectField label="Status" meta={fields.status} required options={STOP_STATUSES.map((s) => ({ value: s, label: STOP_STATUS_LABELS[s] }))} />
      </div>
      <fieldset className="field">
        <legend>Tid (svensk tid)</legend>
        <div className="field-row">
          <TextField label="Datum" meta={fields.startDate} required hint="ÅÅÅÅ-MM-DD" inputMode="numeric" />
          <TextField label="Starttid" meta={fields.startTime} required hint="TT:MM" inputMode="numeric" />
          <TextField label="Sluttid" meta={fields.endTime} required hint="TT:MM" inputMode="numeric" />
          <TextField label="Slutdatum" meta={fields.endDate} hint="Om stoppet pågår flera dagar" inputMode="numeric" />
        </div>
      </fieldset>
      <fieldset className="field">
        <legend>Plats</legend>
        <div className="field-row">
          <SelectField label="Område" meta={fields.areaId} options={options.areas.map((a) => ({ value: a.id, label: a.name }))} />
          <SelectField
            label="Organisation"
            meta={fields.organizationId}
            options={options.organizations.map((o) => ({ value: o.id, label: `${o.name} (${o.areaName})` }))}
          />
        </div>
        <TextField label="Lokal" meta={fields.venueName} hint="T.ex. ”Byalagets lokal” eller ”Kontaktcenter, Stortorget 17”" />
        <TextField label="Adress" meta={fields.venueAddress} />
        <p className="hint">Lämna positionen tom för att använda områdets, eller klicka på kartan för att sätta en egen punkt.</p>
        <PositionField latMeta={fields.lat} lngMeta={fields.lng} label="Position på kartan" {...map} />
      </fieldset>
      <TextareaField
        label="Beskrivning för allmänheten"
        meta={fields.publicDescription}
        hint="Visas på den publika sidan ”Här finns vi” när stoppet är bekräftat."
      />
      <TextareaField label="Interna anteckningar" meta={fields.internalNotes} hint="Visas aldrig utanför tjänsten." />
      <div className="field-row">
        <TextField label="Förväntat antal besökare" meta={fields.expectedVisitors} inputMode="numeric" />
        <TextField label="Antal besökare (efteråt)" meta={fields.actualVisitors} inputMode="numeric" />
      </div>
      <TextareaField label="Sammanfattning (efteråt)" meta={fields.summary} />
      <SubmitButton className="button" busy={navigation.state === "submitting"}>
        {submitLabel}
      </SubmitButton>
    </Form>
  );
}
