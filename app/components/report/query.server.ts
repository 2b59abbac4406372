/** File names of the report's exports. The period itself is read by ~/domain/report/period-query.server. */
import type { ReportPeriod } from "~/domain/report/period";

/** rullar-ut-rapport-2017.csv, …-2017-03-01-2017-05-31.csv for a range. */
export function reportFileName(period: ReportPeriod): string {
  const y = period.startsOn.slice(0, 4);
  const part =
    period.kind === "range"
      ? `${period.startsOn}-${period.endsOn}`
      : period.kind === "year" || period.endsOn.slice(0, 4) === y
        ? y
        : `${y}-${period.endsOn.slice(0, 4)}`;
  return `rullar-ut-rapport-${part}.csv`;
}
