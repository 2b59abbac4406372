import { asc, count, eq, isNull } from "drizzle-orm";
import { areas, organizations } from "#db/schema";
import type { Db } from "~/db.server";

export type AreaListItem = {
  id: string;
  name: string;
  kind: (typeof areas.$inferSelect)["kind"];
  lat: number;
  lng: number;
  population: number | null;
  populationYear: number | null;
  organizationCount: number;
};

/** All areas that are not archived, by name, with how many organizations each has. */
export function listAreas(db: Db): AreaListItem[] {
  const orgCounts = db
    .select({ areaId: organizations.areaId, n: count().as("n") })
    .from(organizations)
    .where(isNull(organizations.archivedAt))
    .groupBy(organizations.areaId)
    .as("org_counts");
  return db
    .select({
      id: areas.id,
      name: areas.name,
      kind: areas.kind,
      lat: areas.lat,
      lng: areas.lng,
      population: areas.population,
      populationYear: areas.populationYear,
      organizationCount: orgCounts.n,
    })
    .from(areas)
    .leftJoin(orgCounts, eq(orgCounts.areaId, areas.id))
    .where(isNull(areas.archivedAt))
    .orderBy(asc(areas.name))
    .all()
    .map((a) => ({ ...a, organizationCount: a.organizationCount ?? 0 }));
}
