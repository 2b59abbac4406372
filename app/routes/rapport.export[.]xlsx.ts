import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { periodErrorMessage, readReportQuery } from "~/domain/report/period-query.server";
import { yearlyReport } from "~/domain/report/report.server";
import { reportToXlsx } from "~/domain/report/xlsx.server";
import { requireRole } from "~/session.server";

/** GET /rapport/export.xlsx?turne=…|ar=…|fran=&till=: the report as an XLSX workbook, for planners (issue 7). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin", "tour_leader"]);
  const db = getDb();
  const { period, errors } = readReportQuery(db, new URL(request.url).searchParams);
  if (!period) {
    return new Response(`Ogiltig period: ${periodErrorMessage(errors)}`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const body = await reportToXlsx(yearlyReport(db, period));
  const name = `rapport-${period.startsOn}-${period.endsOn}.xlsx`;
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
