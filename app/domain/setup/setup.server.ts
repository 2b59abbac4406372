/**
 * The first-run set-up (issue 14): from an empty install to a municipality of its own. The first
 * admin chooses the municipality from the national reference data (its boundary and tätorter
 * load), names the contact center and places its office, sets up the lists (from a template or by
 * hand) and imports the organizations; then the set-up is done and the app opens. Every step can
 * be revisited later.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { advisorFunctions, answerGroups, areas, caseSystemSettings, departments, municipalitySettings, questionTopics } from "#db/schema";
import { cachedUntilChange, type Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import { municipalityByCode, type MunicipalityBoundary } from "~/domain/reference/sweden.server";
import { contactCenterName } from "~/domain/settings/names";
import { can } from "~/domain/users/roles";
import type { Actor } from "~/domain/users/users.server";
import { defaultOrganisationName } from "./steps";

/** The `source` of areas loaded from the national data: these may be replaced when the municipality changes. */
export const REFERENCE_AREA_SOURCE = "Tätort, svenska-stader (Apache-2.0); se Om tjänsten";

export type SetupState = {
  complete: boolean;
  municipalityCode: string | null;
  municipalityName: string | null;
  hasContactCenter: boolean;
};

/** Where the install stands; a settings row without a finished set-up means "still being set up". */
export function setupState(db: Pick<Db, "select">): SetupState {
  const row = db
    .select({
      name: municipalitySettings.name,
      code: municipalitySettings.municipalityCode,
      address: municipalitySettings.officeAddress,
      completedAt: municipalitySettings.setupCompletedAt,
    })
    .from(municipalitySettings)
    .where(eq(municipalitySettings.id, "default"))
    .get();
  return {
    complete: Boolean(row?.completedAt),
    municipalityCode: row?.code ?? null,
    municipalityName: row?.name ?? null,
    hasContactCenter: Boolean(row?.address),
  };
}

/** Whether the set-up is done. Every request asks (root loader, requireUser): read once until the data change. */
export function isSetUp(db: Db): boolean {
  return cachedUntilChange(db, "setup.complete", () => setupState(db).complete);
}

function requireAdmin(actor: Actor) {
  if (!can.manageSettings(actor.role)) throw new Forbidden("Bara administratörer sätter upp tjänsten.");
}

type Bbox = { west: number; south: number; east: number; north: number };

function bboxOf(geometry: MunicipalityBoundary): Bbox {
  const box = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity };
  const rings = geometry.type === "Polygon" ? geometry.coordinates : geometry.coordinates.flat();
  for (const ring of rings) {
    for (const [lng, lat] of ring) {
      box.west = Math.min(box.west, lng!);
      box.east = Math.max(box.east, lng!);
      box.south = Math.min(box.south, lat!);
      box.north = Math.max(box.north, lat!);
    }
  }
  return box;
}

/** A zoom level that shows the whole box on a map some 600 px across (5 = Sweden, 14 = a village). */
export function zoomFor(box: Bbox): number {
  const latMid = ((box.north + box.south) / 2) * (Math.PI / 180);
  const span = Math.max(box.east - box.west, (box.north - box.south) / Math.cos(latMid));
  const zoom = Math.floor(Math.log2((360 * 600) / (256 * Math.max(span, 0.01))));
  return Math.min(14, Math.max(5, zoom));
}

/**
 * Chooses the municipality: its boundary becomes the map's, its tätorter become areas (those not
 * there already, by name), and the settings get a first name, office point and map view that the
 * next step refines. Choosing another municipality later replaces the boundary and removes the
 * previous municipality's tätorter that nothing refers to yet.
 */
export function chooseMunicipality(db: Db, actor: Actor, code: string): { name: string; placesAdded: number; placesRemoved: number } {
  requireAdmin(actor);
  const municipality = municipalityByCode(code);
  if (!municipality) throw new NotFound("Kommunen finns inte i referensdata.");
  const box = bboxOf(municipality.boundary);
  const biggest = [...municipality.places].sort((a, b) => (b.population ?? 0) - (a.population ?? 0))[0];
  const boundary = JSON.stringify({
    type: "FeatureCollection",
    features: [{ type: "Feature", properties: { code: municipality.code, name: municipality.name }, geometry: municipality.boundary }],
  });
  return db.transaction((tx) => {
    const current = tx.select().from(municipalitySettings).where(eq(municipalitySettings.id, "default")).get();
    const view = {
      mapCenterLat: (box.north + box.south) / 2,
      mapCenterLng: (box.east + box.west) / 2,
      mapZoom: zoomFor(box),
      boundaryGeojson: boundary,
      municipalityCode: municipality.code,
    };
    let placesRemoved = 0;
    if (!current) {
      const name = defaultOrganisationName(municipality.name);
      tx.insert(municipalitySettings)
        .values({
          id: "default",
          name,
          officeName: contactCenterName(name),
          officeAddress: "",
          officeLat: biggest?.lat ?? view.mapCenterLat,
          officeLng: biggest?.lng ?? view.mapCenterLng,
          ...view,
        })
        .run();
    } else if (current.municipalityCode !== municipality.code) {
      const name = defaultOrganisationName(municipality.name);
      tx.update(municipalitySettings)
        .set({ ...view, name, officeName: contactCenterName(name), officeLat: biggest?.lat ?? view.mapCenterLat, officeLng: biggest?.lng ?? view.mapCenterLng })
        .where(eq(municipalitySettings.id, "default"))
        .run();
      // The previous municipality's tätorter, unless a stop, an organization or a question refers to one.
      placesRemoved = tx
        .delete(areas)
        .where(
          and(
            eq(areas.source, REFERENCE_AREA_SOURCE),
            sql`${areas.id} not in (select area_id from organizations)`,
            sql`${areas.id} not in (select area_id from stops where area_id is not null)`,
            sql`${areas.id} not in (select area_id from field_questions where area_id is not null)`,
          ),
        )
        .run().changes;
    } else {
      tx.update(municipalitySettings).set(view).where(eq(municipalitySettings.id, "default")).run();
    }
    tx.insert(caseSystemSettings).values({ id: "default" }).onConflictDoNothing().run();

    const existing = new Set(
      tx
        .select({ name: areas.name })
        .from(areas)
        .where(isNull(areas.archivedAt))
        .all()
        .map((a) => a.name.toLocaleLowerCase("sv")),
    );
    let placesAdded = 0;
    for (const place of municipality.places) {
      if (existing.has(place.name.toLocaleLowerCase("sv"))) continue;
      tx.insert(areas)
        .values({
          name: place.name,
          kind: "tatort",
          lat: place.lat,
          lng: place.lng,
          population: place.population,
          populationYear: place.populationYear,
          source: REFERENCE_AREA_SOURCE,
        })
        .run();
      existing.add(place.name.toLocaleLowerCase("sv"));
      placesAdded++;
    }
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "setup.municipality",
      entityType: "municipality_settings",
      entityId: "default",
      details: { code: municipality.code, name: municipality.name, placesAdded, placesRemoved },
    });
    return { name: municipality.name, placesAdded, placesRemoved };
  });
}

/**
 * Starting points for the lists, none of them Helsingborg's own: three broad answer groups, the
 * advisory services most municipalities offer, common departments and topics. Every entry can be
 * renamed or deactivated afterwards.
 */
export const TEMPLATES = {
  roles: {
    answerGroups: [
      { code: "barn_utbildning", name: "Barn och utbildning", description: "Förskola, skola, fritidshem och vuxenutbildning" },
      { code: "omsorg_stod", name: "Omsorg och stöd", description: "Äldreomsorg, funktionsstöd och socialt stöd" },
      { code: "samhallsbyggnad", name: "Samhällsbyggnad", description: "Bo, bygga, miljö, trafik och tillstånd" },
    ],
    advisorFunctions: [
      { code: "budget_skuld", name: "Budget- och skuldrådgivning", advisorTitle: "budget- och skuldrådgivare" },
      { code: "konsument", name: "Konsumentvägledning", advisorTitle: "konsumentvägledare" },
      { code: "energi_klimat", name: "Energi- och klimatrådgivning", advisorTitle: "energi- och klimatrådgivare" },
    ],
  },
  questions: {
    departments: [
      { code: "barn_utbildning", name: "Barn- och utbildningsförvaltningen" },
      { code: "socialforvaltningen", name: "Socialförvaltningen" },
      { code: "samhallsbyggnad", name: "Samhällsbyggnadsförvaltningen" },
      { code: "kultur_fritid", name: "Kultur- och fritidsförvaltningen" },
      { code: "teknik", name: "Tekniska förvaltningen" },
    ],
    topics: [
      { code: "trafik", name: "Trafik" },
      { code: "gator_parker", name: "Gator och parker" },
      { code: "bygglov", name: "Bygglov" },
      { code: "skola", name: "Skola och förskola" },
      { code: "omsorg", name: "Omsorg" },
      { code: "miljo", name: "Miljö och natur" },
      { code: "fritid", name: "Kultur och fritid" },
      { code: "ovrigt", name: "Övrigt" },
    ],
  },
} as const;

/** Adds the template's entries that are not there yet (by code or name); returns how many. */
export function applyTemplate(db: Db, actor: Actor, which: keyof typeof TEMPLATES): number {
  requireAdmin(actor);
  return db.transaction((tx) => {
    let added = 0;
    const addAll = <T extends { code: string; name: string }>(
      table: typeof answerGroups | typeof advisorFunctions | typeof departments | typeof questionTopics,
      items: readonly T[],
    ) => {
      const rows = tx.select({ code: table.code, name: table.name, sortOrder: table.sortOrder }).from(table).all();
      const codes = new Set(rows.map((r) => r.code));
      const names = new Set(rows.map((r) => r.name.toLocaleLowerCase("sv")));
      let order = rows.reduce((max, r) => Math.max(max, r.sortOrder), 0);
      for (const item of items) {
        if (codes.has(item.code) || names.has(item.name.toLocaleLowerCase("sv"))) continue;
        tx.insert(table)
          .values({ ...item, sortOrder: ++order } as typeof table.$inferInsert)
          .run();
        added++;
      }
    };
    if (which === "roles") {
      addAll(answerGroups, TEMPLATES.roles.answerGroups);
      addAll(advisorFunctions, TEMPLATES.roles.advisorFunctions);
    } else {
      addAll(departments, TEMPLATES.questions.departments);
      addAll(questionTopics, TEMPLATES.questions.topics);
    }
    recordAudit(tx, { actorUserId: actor.id, action: "setup.template", entityType: "municipality_settings", entityId: "default", details: { which, added } });
    return added;
  });
}

/** The set-up is done: the app opens. Needs a municipality and a contact center with an address. */
export function completeSetup(db: Db, actor: Actor): void {
  requireAdmin(actor);
  db.transaction((tx) => {
    const state = setupState(tx);
    if (!state.municipalityCode) throw new Conflict("Välj kommunen först (steg 1).");
    if (!state.hasContactCenter) throw new Conflict("Ange kontaktcentrets adress först (steg 2).");
    tx.update(municipalitySettings).set({ setupCompletedAt: new Date() }).where(eq(municipalitySettings.id, "default")).run();
    recordAudit(tx, { actorUserId: actor.id, action: "setup.complete", entityType: "municipality_settings", entityId: "default" });
  });
}

/** Replaces the boundary with one the admin uploaded (checked by checkBoundary first). */
export function setBoundary(db: Db, actor: Actor, geometry: MunicipalityBoundary, fileName: string): void {
  requireAdmin(actor);
  const box = bboxOf(geometry);
  db.transaction((tx) => {
    const current = tx.select({ id: municipalitySettings.id }).from(municipalitySettings).where(eq(municipalitySettings.id, "default")).get();
    if (!current) throw new Conflict("Välj kommunen först; sedan kan du byta gränsen mot en egen.");
    tx.update(municipalitySettings)
      .set({
        boundaryGeojson: JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: { source: fileName }, geometry }] }),
        mapCenterLat: (box.north + box.south) / 2,
        mapCenterLng: (box.east + box.west) / 2,
        mapZoom: zoomFor(box),
      })
      .where(eq(municipalitySettings.id, "default"))
      .run();
    recordAudit(tx, { actorUserId: actor.id, action: "settings.boundary", entityType: "municipality_settings", entityId: "default", details: { fileName } });
  });
}

/** Step 2: the organisation's and contact center's names and the office's address and point. */
export function saveContactCenter(
  db: Db,
  actor: Actor,
  input: { name: string; officeName: string; officeAddress: string; officeLat: number; officeLng: number },
): void {
  requireAdmin(actor);
  db.transaction((tx) => {
    const current = tx.select({ id: municipalitySettings.id }).from(municipalitySettings).where(eq(municipalitySettings.id, "default")).get();
    if (!current) throw new Conflict("Välj kommunen först (steg 1).");
    tx.update(municipalitySettings).set(input).where(eq(municipalitySettings.id, "default")).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "settings.contact_center",
      entityType: "municipality_settings",
      entityId: "default",
      details: { ...input },
    });
  });
}
