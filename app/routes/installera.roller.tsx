import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SetupListStep } from "~/components/setup/list-step";
import { setupListAction, setupListLoader } from "~/utils/setup.server";

export const meta: MetaFunction = () => [{ title: "Uppsättning: svarsgrupper och rådgivning – Rullar ut" }];

const STEP = { path: "/installera/roller", kinds: ["answer_group", "advisor_function"], template: "roles" } as const;

export const loader = ({ request }: LoaderFunctionArgs) => setupListLoader(request, STEP);
export const action = ({ request }: ActionFunctionArgs) => setupListAction(request, STEP);

export default function SetupRoles() {
  const data = useLoaderData<typeof loader>();
  return (
    <SetupListStep
      {...data}
      step={STEP}
      title="Svarsgrupper och rådgivning"
      lead="Kommunvägledarna svarar i grupper efter ämne, och rådgivarna följer med på turnén. Börja från mallen eller lägg till era egna; allt kan byta namn eller inaktiveras senare."
      templateSummary="Mallen: tre svarsgrupper (Barn och utbildning, Omsorg och stöd, Samhällsbyggnad) och tre rådgivningar (budget och skuld, konsumentvägledning, energi och klimat)."
    />
  );
}
