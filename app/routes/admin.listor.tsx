import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ListEditor } from "~/components/admin/list-editor";
import { ResultMessage } from "~/components/result-message";
import { getDb } from "~/db.server";
import { LIST_KINDS } from "~/domain/field/list-schemas";
import { requireRole } from "~/session.server";
import { listEditorAction, loadListEditor } from "~/utils/list-editor.server";

export const meta: MetaFunction = () => [{ title: "Kommunens listor – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  return loadListEditor(getDb(), new URL(request.url), LIST_KINDS);
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["admin"]);
  return listEditorAction(getDb(), actor, await request.formData(), "/admin/listor");
}

export default function ListsPage() {
  const { lists, notice } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <h1>Kommunens listor</h1>
      <p className="lead">
        Svarsgrupper, rådgivarfunktioner, förvaltningar och ämnen är kommunens egna. En inaktiverad post kan inte längre väljas, men finns kvar med sitt namn på
        de stopp, frågor och ärenden som redan har den.
      </p>
      {notice ? <ResultMessage className="notice">{notice}</ResultMessage> : null}
      {LIST_KINDS.map((kind) => (
        <ListEditor key={kind} kind={kind} items={lists[kind] ?? []} />
      ))}
    </div>
  );
}
