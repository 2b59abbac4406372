import { redirect } from "@remix-run/node";
import type { SetupListStepConfig } from "~/components/setup/list-step";
import { getDb } from "~/db.server";
import { applyTemplate, setupState } from "~/domain/setup/setup.server";
import { requireUser, type SessionUser } from "~/session.server";
import { listEditorAction, loadListEditor } from "./list-editor.server";

/**
 * The set-up is the admin's. Anyone else who logs in before it is done learns why nothing is
 * there yet (the set-up's pages are open during the set-up, see domain/setup/steps.ts).
 */
export async function requireSetupAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.role !== "admin") {
    throw new Response("Rullar ut håller på att sättas upp av administratören. Försök igen senare.", {
      status: 403,
      statusText: "Forbidden",
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return user;
}

export async function setupListLoader(request: Request, step: SetupListStepConfig) {
  await requireSetupAdmin(request);
  const db = getDb();
  if (!setupState(db).municipalityCode) throw redirect("/installera");
  const url = new URL(request.url);
  const added = url.searchParams.get("mall");
  return { ...loadListEditor(db, url, step.kinds), templateAdded: added === null ? null : Number(added) || 0 };
}

export async function setupListAction(request: Request, step: SetupListStepConfig) {
  const actor = await requireSetupAdmin(request);
  const db = getDb();
  const formData = await request.formData();
  if (formData.get("intent") === "template") {
    const added = applyTemplate(db, actor, step.template);
    throw redirect(`${step.path}?mall=${added}`);
  }
  return listEditorAction(db, actor, formData, step.path, step.kinds);
}
