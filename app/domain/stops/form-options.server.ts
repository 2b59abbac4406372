import { and, asc, eq, isNull } from "drizzle-orm";
import { areas, organizations } from "#db/schema";
import type { Db } from "~/db.server";
import { tourOptions } from "~/domain/tours/tours.server";

/** Everything the stop form's selects need, with only the columns they show. */
export function stopFormOptions(db: Db) {
  return {
    tours: tourOptions(db),
    areas: db.select({ id: areas.id, name: areas.name }).from(areas).where(isNull(areas.archivedAt)).orderBy(asc(areas.name)).all(),
    organizations: db
      .select({ id: organizations.id, name: organizations.name, areaName: areas.name })
      .from(organizations)
      .innerJoin(areas, eq(areas.id, organizations.areaId))
      .where(and(isNull(organizations.archivedAt)))
      .orderBy(asc(organizations.name))
      .all(),
  };
}

export type StopFormOptions = ReturnType<typeof stopFormOptions>;
