/**
 * The server half of the list editor (components/admin/list-editor.tsx): loading the lists a page
 * edits, the notice after a change, and the one action that adds, renames, moves and
 * (de)activates entries. Used by Admin → Listor and by the set-up's list steps.
 */
import { parseWithZod } from "@conform-to/zod";
import { data, redirect } from "@remix-run/node";
import type { Db } from "~/db.server";
import { listActionSchema, LIST_KINDS, LIST_LABELS, type ListKind } from "~/domain/field/list-schemas";
import { addListItem, listItems, moveListItem, renameListItem, setListItemActive, type ListItem } from "~/domain/field/lists.server";
import type { Actor } from "~/domain/users/users.server";
import { replyWithDomainError } from "./forms.server";

const DONE_TEXT = {
  add: "har lagts till",
  rename: "har bytt namn",
  move: "har flyttats",
  activate: "är aktiv igen och kan väljas",
  deactivate: "är inaktiverad och kan inte längre väljas, men finns kvar där den redan används",
} as const;

export type EditedLists = Partial<Record<ListKind, ListItem[]>>;

/** The lists, with inactive entries, and the notice of the last change (built here, never echoed from the URL). */
export function loadListEditor(db: Db, url: URL, kinds: readonly ListKind[]): { lists: EditedLists; notice: string | null } {
  const lists: EditedLists = {};
  for (const kind of kinds) lists[kind] = listItems(db, kind, { includeInactive: true });
  // ?klart=add:topic:buller → "Ämnet Buller har lagts till."
  const [done, kind, code] = (url.searchParams.get("klart") ?? "").split(":");
  let notice: string | null = null;
  if (done && done in DONE_TEXT && kinds.includes(kind as ListKind)) {
    const item = lists[kind as ListKind]?.find((i) => i.code === code);
    if (item) {
      const label = LIST_LABELS[kind as ListKind].definite;
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

/**
 * Runs one list form's intent for the actor. On success it redirects back to `path` with the
 * notice and the list's anchor; bad input or a clash comes back (400) to the form that was sent.
 */
export function listEditorAction(db: Db, actor: Actor, formData: FormData, path: string, kinds: readonly ListKind[] = LIST_KINDS) {
  const formId = formIdOf(formData);
  const submission = parseWithZod(formData, { schema: listActionSchema });
  if (submission.status !== "success") return data({ formId, result: submission.reply() }, { status: 400 });
  const input = submission.value;
  if (!kinds.includes(input.kind)) return data({ formId, result: submission.reply({ formErrors: ["Den listan ändras inte här."] }) }, { status: 400 });
  let done: keyof typeof DONE_TEXT;
  let code = "code" in input && input.code ? input.code : "";
  try {
    switch (input.intent) {
      case "add":
        code = addListItem(db, actor, input.kind, { name: input.name, code: input.code, detail: input.detail }).code;
        done = "add";
        break;
      case "rename":
        renameListItem(db, actor, input.kind, input.code, input.name, input.detail);
        done = "rename";
        break;
      case "move":
        moveListItem(db, actor, input.kind, input.code, input.direction);
        done = "move";
        break;
      case "setActive":
        setListItemActive(db, actor, input.kind, input.code, input.active);
        done = input.active ? "activate" : "deactivate";
        break;
    }
  } catch (error) {
    // A Conflict (name or code in use) is shown next to its field in the form that was sent.
    const reply = replyWithDomainError(submission, error);
    return data({ formId, result: reply.data.result }, { status: 400 });
  }
  throw redirect(`${path}?klart=${done}:${input.kind}:${code}#lista-${input.kind}`);
}
