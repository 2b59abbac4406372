/**
 * A set-up step that edits some of the municipality's lists (answer groups and advisor functions;
 * departments and topics): a template to start from, and the list editor. Its loader and action
 * are setupListLoader and setupListAction (utils/setup.server.ts).
 */
import { Form, useNavigation, useSearchParams } from "@remix-run/react";
import { ListEditor, type ListEditorItem } from "~/components/admin/list-editor";
import { SubmitButton } from "~/components/forms";
import { ResultMessage } from "~/components/result-message";
import type { ListKind } from "~/domain/field/list-schemas";
import { NextStep } from "./next-step";

export type SetupListStepConfig = { path: string; kinds: readonly ListKind[]; template: "roles" | "questions" };

type Props = {
  lists: Partial<Record<ListKind, ListEditorItem[]>>;
  notice: string | null;
  templateAdded: number | null;
  step: SetupListStepConfig;
  title: string;
  lead: string;
  templateSummary: string;
};

export function SetupListStep({ lists, notice, templateAdded, step, title, lead, templateSummary }: Props) {
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const empty = step.kinds.every((k) => !lists[k]?.length);
  return (
    <>
      <h1>{title}</h1>
      <p className="lead">{lead}</p>
      {notice ? <ResultMessage className="notice">{notice}</ResultMessage> : null}
      {templateAdded !== null && params.has("mall") ? (
        <ResultMessage className="notice">
          {templateAdded ? `Mallen är inläst: ${templateAdded} ${templateAdded === 1 ? "post" : "poster"} har lagts till.` : "Allt i mallen finns redan."}
        </ResultMessage>
      ) : null}
      <Form method="post" className="card stack" aria-labelledby="setup-template-heading">
        <h2 id="setup-template-heading">{empty ? "Börja från en mall" : "Mall"}</h2>
        <p>{templateSummary}</p>
        <input type="hidden" name="intent" value="template" />
        <SubmitButton className={empty ? "button" : "button button--secondary"} busy={navigation.state === "submitting"}>
          Lägg till mallens poster
        </SubmitButton>
      </Form>
      {step.kinds.map((kind) => (
        <ListEditor key={kind} kind={kind} items={lists[kind] ?? []} />
      ))}
      <NextStep from={step.path} />
    </>
  );
}
