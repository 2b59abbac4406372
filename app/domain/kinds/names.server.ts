import { asc } from "drizzle-orm";
import { organizationKinds, stopKinds } from "#db/schema";
import { cachedUntilChange, type Db } from "~/db.server";
import { DEFAULT_KIND_NAMES, type KindNames } from "./names";

/** The install's names of its kinds of stop and organization, read once until the data change. */
export function kindNames(db: Db): KindNames {
  return cachedUntilChange(
    db,
    "kinds.names",
    () => {
      const stops = db.select().from(stopKinds).orderBy(asc(stopKinds.sortOrder)).all();
      const organizations = db.select().from(organizationKinds).orderBy(asc(organizationKinds.sortOrder)).all();
      return {
        stop: { ...DEFAULT_KIND_NAMES.stop, ...Object.fromEntries(stops.map((k) => [k.code, k.name])) },
        organization: { ...DEFAULT_KIND_NAMES.organization, ...Object.fromEntries(organizations.map((k) => [k.code, k.name])) },
        stopChoices: stops.length ? stops.filter((k) => k.active).map((k) => k.code) : DEFAULT_KIND_NAMES.stopChoices,
        organizationChoices: organizations.length ? organizations.filter((k) => k.active).map((k) => k.code) : DEFAULT_KIND_NAMES.organizationChoices,
      };
    },
    { reads: ["lists"] },
  );
}
