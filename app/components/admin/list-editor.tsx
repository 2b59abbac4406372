/**
 * Edits one of the municipality's lists (answer groups, advisor functions, departments, topics):
 * a table with rename, move and (de)activate per entry, and a form to add one. Every form posts to
 * the page it is on, whose action is listEditorAction (utils/list-editor.server.ts).
 */
import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { useSchemaForm } from "~/components/schema-form";
import { Form, useActionData, useLocation, useNavigation } from "@remix-run/react";
import { FormError, SubmitButton, TextField } from "~/components/forms";
import { addListItemSchema, LIST_LABELS, LIST_PURPOSE, renameListItemSchema, type ListKind } from "~/domain/field/list-schemas";

export type ListEditorItem = { code: string; name: string; active: boolean; sortOrder: number; detail?: string };

type ActionData = { formId: string; result: SubmissionResult<string[]> } | undefined;

function useLastResult(formId: string) {
  const actionData = useActionData() as ActionData;
  return actionData?.formId === formId ? actionData.result : undefined;
}

const NAME_HINT: Record<ListKind, string> = {
  answer_group: "T.ex. Barn och utbildning",
  advisor_function: "T.ex. Konsumentvägledning",
  department: "T.ex. Kulturförvaltningen",
  topic: "T.ex. Buller",
  stop_kind: "",
  organization_kind: "",
};

export function ListEditor({ kind, items, headingLevel = 2 }: { kind: ListKind; items: ListEditorItem[]; headingLevel?: 2 | 3 }) {
  const labels = LIST_LABELS[kind];
  const location = useLocation();
  const captionId = `lista-${kind}-caption`;
  const active = items.filter((i) => i.active).length;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="lists-admin__section" id={`lista-${kind}`} aria-labelledby={`lista-${kind}-heading`}>
      <Heading id={`lista-${kind}-heading`}>{labels.plural}</Heading>
      <p>{LIST_PURPOSE[kind]}</p>
      {items.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={captionId}>
          <table className="table lists-admin__table">
            <caption id={captionId}>
              {labels.plural} ({active} {active === 1 ? "aktiv" : "aktiva"} av {items.length})
            </caption>
            <thead>
              <tr>
                <th scope="col">Namn</th>
                <th scope="col" className="lists-admin__code-col">
                  Kod
                </th>
                <th scope="col">Status</th>
                <th scope="col">Ordning</th>
                <th scope="col">Åtgärd</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item, index) => (
                <tr key={item.code} className={item.active ? undefined : "lists-admin__row--inactive"}>
                  <th scope="row">
                    <span className="lists-admin__name">{item.name}</span>
                    {item.detail ? <span className="lists-admin__detail">{item.detail}</span> : null}
                    <span className="lists-admin__code-inline">
                      Kod: <code>{item.code}</code>
                    </span>
                    <RenameForm kind={kind} item={item} />
                  </th>
                  <td className="lists-admin__code-col">
                    <code>{item.code}</code>
                  </td>
                  <td>{item.active ? "Aktiv" : <span className="badge badge--inactive">Inaktiverad</span>}</td>
                  <td>
                    <div className="lists-admin__move">
                      <MoveButton kind={kind} item={item} direction="up" disabled={index === 0} />
                      <MoveButton kind={kind} item={item} direction="down" disabled={index === items.length - 1} />
                    </div>
                  </td>
                  <td>
                    <Form method="post" preventScrollReset>
                      <input type="hidden" name="intent" value="setActive" />
                      <input type="hidden" name="kind" value={kind} />
                      <input type="hidden" name="code" value={item.code} />
                      <input type="hidden" name="active" value={item.active ? "false" : "true"} />
                      <button type="submit" className="button button--secondary lists-admin__button">
                        {item.active ? "Inaktivera" : "Aktivera"}
                        <span className="visually-hidden"> {item.name}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Inga {labels.plural.toLowerCase()} ännu.</p>
      )}
      {/* A new form after each saved change (a new location), so the added name does not linger in it. */}
      {labels.fixed ? null : <AddForm key={location.key} kind={kind} headingLevel={headingLevel} />}
    </section>
  );
}

function MoveButton({ kind, item, direction, disabled }: { kind: ListKind; item: ListEditorItem; direction: "up" | "down"; disabled: boolean }) {
  return (
    <Form method="post" preventScrollReset>
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="code" value={item.code} />
      <input type="hidden" name="direction" value={direction} />
      <SubmitButton className="button button--secondary lists-admin__arrow" busy={disabled}>
        <span aria-hidden="true">{direction === "up" ? "↑" : "↓"}</span>
        <span className="visually-hidden">
          Flytta {item.name} {direction === "up" ? "uppåt" : "nedåt"}
        </span>
      </SubmitButton>
    </Form>
  );
}

function RenameForm({ kind, item }: { kind: ListKind; item: ListEditorItem }) {
  const id = `rename-${kind}-${item.code}`;
  const lastResult = useLastResult(id);
  const navigation = useNavigation();
  const detail = LIST_LABELS[kind].detail;
  const [form, fields] = useSchemaForm(renameListItemSchema, {
    id,
    lastResult,
    defaultValue: { intent: "rename", kind, code: item.code, name: item.name, detail: item.detail ?? "" },
  });
  const hasErrors = Boolean(form.errors?.length || fields.name.errors?.length || fields.detail.errors?.length);
  return (
    <details className="lists-admin__rename" open={hasErrors || undefined}>
      <summary>
        Byt namn<span className="visually-hidden"> på {item.name}</span>
      </summary>
      <Form method="post" {...getFormProps(form)} noValidate className="stack" preventScrollReset>
        <FormError form={form} />
        <input {...getInputProps(fields.intent, { type: "hidden" })} key={fields.intent.key} />
        <input {...getInputProps(fields.kind, { type: "hidden" })} key={fields.kind.key} />
        <input {...getInputProps(fields.code, { type: "hidden" })} key={fields.code.key} />
        <TextField label="Nytt namn" meta={fields.name} required />
        {detail ? <TextField label={detail.label} meta={fields.detail} required={detail.required} hint={detail.hint} /> : null}
        <SubmitButton className="button lists-admin__button" busy={navigation.state === "submitting"}>
          {detail ? "Spara" : "Spara namnet"}
        </SubmitButton>
      </Form>
    </details>
  );
}

function AddForm({ kind, headingLevel }: { kind: ListKind; headingLevel: 2 | 3 }) {
  const id = `add-${kind}`;
  const lastResult = useLastResult(id);
  const navigation = useNavigation();
  const labels = LIST_LABELS[kind];
  const [form, fields] = useSchemaForm(addListItemSchema, {
    id,
    lastResult,
    defaultValue: { intent: "add", kind },
  });
  const heading = `Lägg till ${labels.singular}`;
  const Heading = headingLevel === 2 ? "h3" : "h4";
  return (
    <Form method="post" {...getFormProps(form)} noValidate className="stack card lists-admin__add" aria-labelledby={`${id}-heading`}>
      <Heading id={`${id}-heading`}>{heading}</Heading>
      <FormError form={form} />
      <input {...getInputProps(fields.intent, { type: "hidden" })} key={fields.intent.key} />
      <input {...getInputProps(fields.kind, { type: "hidden" })} key={fields.kind.key} />
      <div className="field-row">
        <TextField label="Namn" meta={fields.name} required hint={NAME_HINT[kind]} />
        {labels.detail ? <TextField label={labels.detail.label} meta={fields.detail} required={labels.detail.required} hint={labels.detail.hint} /> : null}
        <TextField label="Kod" meta={fields.code} hint="Lämna tomt så bildas koden av namnet. Koden skickas till ärendesystemet och kan inte ändras." />
      </div>
      <SubmitButton className="button lists-admin__button" busy={navigation.state === "submitting"}>
        {heading}
      </SubmitButton>
      <p className="visually-hidden">Ny {labels.singular} hamnar sist i listan.</p>
    </Form>
  );
}
