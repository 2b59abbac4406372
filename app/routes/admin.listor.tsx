import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError, TextField, SubmitButton } from "~/components/forms";
import { getDb } from "~/db.server";
import {
  LIST_KINDS,
  LIST_LABELS,
  addListItemSchema,
  listActionSchema,
  renameListItemSchema,
  type ListKind,
} from "~/domain/field/list-schemas";
import {
  addListItem,
  listDepartments,
  listTopics,
  moveListItem,
  renameListItem,
  setListItemActive,
  type ListItem,
} from "~/domain/field/lists.server";
import { requireRole } from "~/session.server";
import { replyWithDomainError } from "~/utils/forms.server";
import { ResultMessage } from "~/components/result-message";

export const meta: MetaFunction = () => [{ title: "Förvaltningar och ämnen – Rullar ut" }];

const DONE_TEXT = {
  add: "har lagts till",
  rename: "har bytt namn",
  move: "har flyttats",
  activate: "är aktiv igen och visas i fältläget",
  deactivate: "är inaktiverad och visas inte längre i fältläget",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const db = getDb();
  const lists: Record<ListKind, ListItem[]> = {
    department: listDepartments(db, { includeInactive: true }),
    topic: listTopics(db, { includeInactive: true }),
  };
  // ?klart=add:topic:buller → "Ämnet Buller har lagts till." (built here, never echoed from the URL)
  const [done, kind, code] = (new URL(request.url).searchParams.get("klart") ?? "").split(":");
  let notice: string | null = null;
  if (done && done in DONE_TEXT && (kind === "department" || kind === "topic")) {
    const item = lists[kind].find((i) => i.code === code);
    if (item) {
      const label = LIST_LABELS[kind].definite;
      notice = `${label[0]!.toUpperCase()}${label.slice(1)} ${item.name} ${DONE_TEXT[done as keyof typeof DONE_TEXT]}.`;
    }
  }
  return { lists, notice };
}

/** Which form on the page was sent, so only that form shows the answer's errors. */
function formIdOf(formData: FormData): string {
  const intent = String(formData.get("intent") ?? "");
  const kind = String(formData.get("kind") ?? "");
  return intent === "add" ? `add-${kind}` : `${intent}-${kind}-${String(formData.get("code") ?? "")}`;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  const formData = await request.formData();
  const formId = formIdOf(formData);
  const submission = parseWithZod(formData, { schema: listActionSchema });
  if (submission.status !== "success") return data({ formId, result: submission.reply() }, { status: 400 });
  const input = submission.value;
  const db = getDb();
  let done: string;
  let code: string;
  try {
    switch (input.intent) {
      case "add":
        code = addListItem(db, actor, input.kind, { name: input.name, code: input.code }).code;
        done = "add";
        break;
      case "rename":
        renameListItem(db, actor, input.kind, input.code, input.name);
        code = input.code;
        done = "rename";
        break;
      case "move":
        moveListItem(db, actor, input.kind, input.code, input.direction);
        code = input.code;
        done = "move";
        break;
      case "setActive":
        setListItemActive(db, actor, input.kind, input.code, input.active);
        code = input.code;
        done = input.active ? "activate" : "deactivate";
        break;
    }
  } catch (error) {
    // A Conflict (name or code in use) is shown next to its field in the form that was sent.
    const reply = replyWithDomainError(submission, error);
    return data({ formId, result: reply.data.result }, { status: 400 });
  }
  throw redirect(`/admin/listor?klart=${done}:${input.kind}:${code}#lista-${input.kind}`);
}

type ActionData = { formId: string; result: SubmissionResult<string[]> } | undefined;

export default function ListsPage() {
  const { lists, notice } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <h1>Förvaltningar och ämnen</h1>
      <p className="lead">
        Förvaltningarna är de som en fältfråga kan skickas vidare till. Ämnena är taggar på frågorna. En inaktiverad post visas inte
        längre i fältläget, men finns kvar på de frågor och ärenden som redan har den.
      </p>
      {notice ? <ResultMessage className="notice">{notice}</ResultMessage> : null}
      {LIST_KINDS.map((kind) => (
        <ListSection key={kind} kind={kind} items={lists[kind]} />
      ))}
    </div>
  );
}

function useLastResult(formId: string) {
  const actionData = useActionData<typeof action>() as ActionData;
  return actionData?.formId === formId ? actionData.result : undefined;
}

function ListSection({ kind, items }: { kind: ListKind; items: ListItem[] }) {
  const labels = LIST_LABELS[kind];
  const captionId = `lista-${kind}-caption`;
  const active = items.filter((i) => i.active).length;
  return (
    <section className="lists-admin__section" id={`lista-${kind}`} aria-labelledby={`lista-${kind}-heading`}>
      <h2 id={`lista-${kind}-heading`}>{labels.plural}</h2>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={captionId}>
        <table className="table lists-admin__table">
          <caption id={captionId}>
            {labels.plural} ({active} aktiva av {items.length})
          </caption>
          <thead>
            <tr>
              <th scope="col">Namn</th>
              <th scope="col" className="lists-admin__code-col">Kod</th>
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
      <AddForm kind={kind} />
    </section>
  );
}

function MoveButton({ kind, item, direction, disabled }: { kind: ListKind; item: ListItem; direction: "up" | "down"; disabled: boolean }) {
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

function RenameForm({ kind, item }: { kind: ListKind; item: ListItem }) {
  const id = `rename-${kind}-${item.code}`;
  const lastResult = useLastResult(id);
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id,
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { intent: "rename", kind, code: item.code, name: item.name },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: renameListItemSchema }),
  });
  const hasErrors = Boolean(form.errors?.length || fields.name.errors?.length);
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
        <SubmitButton className="button lists-admin__button" busy={navigation.state === "submitting"}>
          Spara namnet
        </SubmitButton>
      </Form>
    </details>
  );
}

function AddForm({ kind }: { kind: ListKind }) {
  const id = `add-${kind}`;
  const lastResult = useLastResult(id);
  const navigation = useNavigation();
  const labels = LIST_LABELS[kind];
  const [form, fields] = useForm({
    id,
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { intent: "add", kind },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addListItemSchema }),
  });
  const heading = kind === "department" ? "Lägg till förvaltning" : "Lägg till ämne";
  return (
    <Form method="post" {...getFormProps(form)} noValidate className="stack card lists-admin__add" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{heading}</h3>
      <FormError form={form} />
      <input {...getInputProps(fields.intent, { type: "hidden" })} key={fields.intent.key} />
      <input {...getInputProps(fields.kind, { type: "hidden" })} key={fields.kind.key} />
      <div className="field-row">
        <TextField label="Namn" meta={fields.name} required hint={kind === "department" ? "T.ex. Kulturförvaltningen" : "T.ex. Buller"} />
        <TextField
          label="Kod"
          meta={fields.code}
          hint={`Lämna tomt så bildas koden av namnet. Koden skickas till ärendesystemet och kan inte ändras.`}
        />
      </div>
      <SubmitButton className="button lists-admin__button" busy={navigation.state === "submitting"}>
        {heading}
      </SubmitButton>
      <p className="visually-hidden">Ny {labels.singular} hamnar sist i listan.</p>
    </Form>
  );
}
