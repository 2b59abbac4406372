import { getFormProps, getInputProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { Form, Link, useNavigation } from "@remix-run/react";
import { ABSENCE_KINDS } from "#db/enums";
import { FieldError, FormError, SelectField, TextareaField, SubmitButton } from "~/components/forms";
import { ABSENCE_NOTE_MAX, absenceFormSchema } from "~/domain/staffing/absence-schemas";
import { ABSENCE_KIND_LABELS } from "~/domain/staffing/labels";
import { ResultMessage } from "~/components/result-message";

export type AbsenceRow = {
  id: string;
  kind: string;
  period: string;
  note: string | null;
  collisions: number;
};
export type SavedAbsence = {
  period: string;
  collisions: { stopId: string; title: string; when: string }[];
};

function DateField({ label, meta }: { label: string; meta: FieldMetadata<unknown> }) {
  const { key, ...props } = getInputProps(meta, { type: "date" });
  return (
    <div className="field">
      <label htmlFor={meta.id}>
        {label}
        <span className="required"> (obligatoriskt)</span>
      </label>
      <input key={key} {...props} required />
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** The answer after saving or removing an absence. Inside a status region the page already has, or the panel's own. */
export function AbsenceNotice({ saved, removed, own }: { saved: SavedAbsence | null; removed: boolean; own: boolean }) {
  return (
    <>
      {saved ? (
        saved.collisions.length ? (
          <ResultMessage className="notice notice--warning absences__saved">
            <p>
              Frånvaron {saved.period} är sparad. <strong>Observera:</strong> {own ? "du" : "personen"} är bokad på{" "}
              {saved.collisions.length === 1 ? "ett stopp" : `${saved.collisions.length} stopp`} under den tiden. Bokningen ligger kvar; turnéledaren ser
              krocken och ordnar ersättare.
            </p>
            <ul>
              {saved.collisions.map((c) => (
                <li key={c.stopId}>
                  <Link to={`/stopp/${c.stopId}`}>{c.title}</Link>, {c.when}
                </li>
              ))}
            </ul>
          </ResultMessage>
        ) : (
          <ResultMessage className="notice">Frånvaron {saved.period} är sparad.</ResultMessage>
        )
      ) : removed ? (
        <ResultMessage className="notice">Frånvaron är borttagen.</ResultMessage>
      ) : null}
    </>
  );
}

/**
 * A person's absences with a form to add one and a button to remove each: on /mitt-schema/franvaro
 * (one's own) and on an admin's user page. `own` words the texts for the person themself.
 */
export function AbsencePanel({
  absences,
  lastResult,
  saved,
  removed,
  own,
  headingLevel = 2,
  ownStatus = true,
}: {
  absences: AbsenceRow[];
  lastResult?: SubmissionResult<string[]> | null;
  saved: SavedAbsence | null;
  removed: boolean;
  own: boolean;
  headingLevel?: 2 | 3;
  /** False when the page shows AbsenceNotice in its own status region (one per page). */
  ownStatus?: boolean;
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [form, fields] = useSchemaForm(absenceFormSchema, {
    id: "absence",
    lastResult,
    defaultValue: { intent: "add-absence" },
  });
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="absences">
      {ownStatus ? <AbsenceNotice saved={saved} removed={removed} own={own} /> : null}

      <section aria-labelledby="franvaro-lista">
        <H id="franvaro-lista">{own ? "Din frånvaro" : "Kommande frånvaro"}</H>
        {absences.length ? (
          <ul className="absences__list">
            {absences.map((a) => (
              <li key={a.id} className="absences__item">
                <div>
                  <strong>{a.kind}</strong>: {a.period}
                  {a.note ? <span className="muted"> – {a.note}</span> : null}
                  {a.collisions ? (
                    <span className="absences__collides">
                      {" "}
                      <span aria-hidden="true">⚠</span> krockar med {a.collisions === 1 ? "en bokning" : `${a.collisions} bokningar`}
                    </span>
                  ) : null}
                </div>
                <Form method="post">
                  <input type="hidden" name="absenceId" value={a.id} />
                  <SubmitButton name="intent" value="remove-absence" className="button button--secondary" busy={busy}>
                    Ta bort
                    <span className="visually-hidden"> frånvaron {a.period}</span>
                  </SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p>Ingen kommande frånvaro.</p>
        )}
      </section>

      <Form method="post" {...getFormProps(form)} noValidate className="card stack absences__form">
        <H>Anmäl frånvaro</H>
        <p className="hint">Hela dagar; första och sista dagen räknas med. Bokningar under frånvaron ligger kvar tills turnéledaren ändrar dem.</p>
        <FormError form={form} />
        <input type="hidden" name="intent" value="add-absence" />
        <SelectField
          label="Typ"
          meta={fields.kind}
          required
          options={ABSENCE_KINDS.map((k) => ({
            value: k,
            label: ABSENCE_KIND_LABELS[k],
          }))}
        />
        <div className="absences__dates">
          <DateField label="Första dagen" meta={fields.startsOn} />
          <DateField label="Sista dagen" meta={fields.endsOn} />
        </div>
        <TextareaField
          label="Anteckning"
          meta={fields.note}
          rows={2}
          hint={`Frivillig, högst ${ABSENCE_NOTE_MAX} tecken, t.ex. ”förmiddag”. Skriv inte varför du är borta.`}
        />
        <SubmitButton className="button" busy={busy}>
          Spara frånvaron
        </SubmitButton>
      </Form>
    </div>
  );
}
