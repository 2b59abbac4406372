import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requireUser } from "~/session.server";

/**
 * The framework's floor for `npm run bench`: the same layout, root loader and session check
 * as every logged-in page, and nothing else.
 */
export const meta: MetaFunction = () => [{ title: "Minimal sida – Rullar ut" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export default function MinimalPage() {
  return (
    <div className="container narrow">
      <h1>Minimal sida</h1>
      <p>Används för att mäta ramverkets grundkostnad.</p>
    </div>
  );
}
