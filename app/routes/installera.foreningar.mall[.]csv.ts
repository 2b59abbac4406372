import type { LoaderFunctionArgs } from "@remix-run/node";
import { organizationCsvTemplate } from "~/domain/organizations/import";
import { requireSetupAdmin } from "~/utils/setup.server";

/** The organizations import's template: the columns and two fictional example rows. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireSetupAdmin(request);
  return new Response(organizationCsvTemplate(), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="foreningar-mall.csv"',
      "Cache-Control": "no-store",
    },
  });
}
