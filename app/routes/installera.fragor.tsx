import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SetupListStep } from "~/components/setup/list-step";
import { setupListAction, setupListLoader } from "~/utils/setup.server";

export const meta: MetaFunction = () => [{ title: "Uppsättning: förvaltningar och ämnen – Rullar ut" }];

const STEP = { path: "/installera/fragor", kinds: ["department", "topic"], template: "questions" } as const;

export const loader = ({ request }: LoaderFunctionArgs) => setupListLoader(request, STEP);
export const action = ({ request }: ActionFunctionArgs) => setupListAction(request, STEP);

export default function SetupQuestionLists() {
  const data = useLoaderData<typeof loader>();
  return (
    <SetupListStep
      {...data}
      step={STEP}
      title="Förvaltningar och ämnen"
      lead="En fråga som inte kan besvaras på plats skickas vidare till en förvaltning, och frågorna märks med ämnen för årsrapporten."
      templateSummary="Mallen: fem vanliga förvaltningar och åtta ämnen (trafik, gator och parker, bygglov, skola, omsorg, miljö, kultur och fritid, övrigt)."
    />
  );
}
