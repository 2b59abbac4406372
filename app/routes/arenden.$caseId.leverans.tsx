import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getDb } from "~/db.server";
import { retryDelivery } from "~/domain/cases/delivery.server";
import { Conflict } from "~/domain/errors";
import { requireUser } from "~/session.server";
import { handleDomain } from "~/utils/http.server";

/** POST intent=retry: send a case whose delivery failed again (planners). Back to the case page. */
export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  const caseId = params.caseId!;
  const form = await request.formData();
  if (form.get("intent") !== "retry") throw new Response("Okänd åtgärd", { status: 400 });
  await handleDomain(() => {
    try {
      retryDelivery(getDb(), actor, caseId);
    } catch (error) {
      // Already pending or delivered (a double click, another planner): nothing to do.
      if (!(error instanceof Conflict)) throw error;
    }
  });
  throw redirect(`/arenden/${caseId}`);
}

export async function loader({ params }: LoaderFunctionArgs) {
  throw redirect(`/arenden/${params.caseId}`);
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
