/**
 * The report's map (issue 7): the areas the period reached and the question hot spots by topic,
 * as compact JSON for the browser (GET /rapport/karta). Built from the report's own figures
 * (yearlyReport), so the map can never disagree with the tables: an area is reached when it had a
 * held stop; a hot spot is a topic's questions about one area (field_questions.area_id, which is
 * the stop's area unless the guide chose another).
 */
import { cachedUntilChange, type Db } from "~/db.server";
import type { ReportPeriod } from "./period";
import { REPORT_READS, yearlyReport } from "./report.server";

/** [id, name, lat, lng, held stops, questions] */
export type ReportMapArea = [string, string, number, number, number, number];
/** [code, label, questions] */
export type ReportMapTopic = [string, string, number];
/** [index into topics, index into areas, questions] */
export type ReportMapSpot = [number, number, number];

export type ReportMapData = {
  /** Every area in use, and any archived area the period reached or was asked about. */
  areas: ReportMapArea[];
  /** Topics with questions in the period, most asked first. */
  topics: ReportMapTopic[];
  /** Questions per topic and area, most first. */
  spots: ReportMapSpot[];
  /** Questions in the period that concern no area, so they are not on the map. */
  withoutArea: number;
};

export function reportMapData(db: Db, period: ReportPeriod): ReportMapData {
  const key = `report-map:${JSON.stringify([period.kind, period.startsOn, period.endsOn, period.tourId ?? null])}`;
  return cachedUntilChange(
    db,
    key,
    () => {
      const report = yearlyReport(db, period);
      const held = new Map(report.stops.heldByArea.flatMap((a) => (a.areaId ? [[a.areaId, a.held] as const] : [])));
      const asked = new Map(report.questions.byArea.flatMap((a) => (a.key ? [[a.key, a.count] as const] : [])));
      const rows = db.$client.prepare("select id, name, lat, lng, archived_at is not null as archived from areas order by name").all() as {
        id: string;
        name: string;
        lat: number;
        lng: number;
        archived: number;
      }[];
      const areas: ReportMapArea[] = [];
      const areaIndex = new Map<string, number>();
      for (const r of rows) {
        const stops = held.get(r.id) ?? 0;
        const questions = asked.get(r.id) ?? 0;
        if (r.archived && !stops && !questions) continue;
        areaIndex.set(r.id, areas.length);
        areas.push([r.id, r.name, r.lat, r.lng, stops, questions]);
      }
      const topics: ReportMapTopic[] = report.questions.byTopic.map((t) => [t.key, t.label, t.count]);
      const topicIndex = new Map(topics.map((t, i) => [t[0], i]));
      const spots: ReportMapSpot[] = [];
      for (const h of report.questions.byTopicAndArea) {
        const ti = topicIndex.get(h.topic);
        const ai = areaIndex.get(h.areaId);
        if (ti !== undefined && ai !== undefined) spots.push([ti, ai, h.count]);
      }
      const withoutArea = report.questions.byArea.find((a) => a.key === null)?.count ?? 0;
      return { areas, topics, spots, withoutArea };
    },
    { reads: REPORT_READS },
  );
}
