import { count } from "drizzle-orm";
import type { Db } from "~/db.server";
import { contactCenterName } from "~/domain/settings/names";
import {
  advisorFunctions,
  answerGroups,
  areas,
  caseSystemSettings,
  departments,
  questionTopics,
  municipalitySettings,
  organizations,
  type AreaKind,
  type OrganizationKind,
} from "../schema";
import fs from "node:fs";
import path from "node:path";

/** The three answer groups of the municipal guides (see shared GLOSSARY). */
export const ANSWER_GROUPS = [
  { code: "BSU", name: "BSU", description: "Barnomsorg, skola och utbildning", sortOrder: 1 },
  { code: "ASSF", name: "ÄSSF", description: "Äldreomsorg, stöd och sociala frågor", sortOrder: 2 },
  { code: "BBMT", name: "BBMT", description: "Bo, bygga, miljö och tillstånd", sortOrder: 3 },
] as const;

/** The seven free advisory services. */
export const ADVISOR_FUNCTIONS = [
  { code: "budget_debt", name: "Budget- och skuldrådgivning", advisorTitle: "budget- och skuldrådgivare", sortOrder: 1 },
  { code: "consumer", name: "Konsumentrådgivning", advisorTitle: "konsumentrådgivare", sortOrder: 2 },
  { code: "energy_climate", name: "Energi- och klimatrådgivning", advisorTitle: "energi- och klimatrådgivare", sortOrder: 3 },
  { code: "eu_information", name: "EU-information", advisorTitle: "EU-informatör", sortOrder: 4 },
  { code: "volunteer_center", name: "Volontärcenter", advisorTitle: "volontärsamordnare", sortOrder: 5 },
  { code: "senior", name: "Seniorrådgivning", advisorTitle: "seniorrådgivare", sortOrder: 6 },
  {
    code: "disability",
    name: "Rådgivning för personer med funktionsnedsättning",
    advisorTitle: "rådgivare för personer med funktionsnedsättning",
    sortOrder: 7,
  },
] as const;

type Place = {
  name: string;
  kind: string;
  lat: number;
  lng: number;
  population: number | null;
  population_year: number | null;
  source: string;
  estimate: boolean;
  stat_code?: string;
  note?: string;
};

type Office = { name: string; organisation: string; street: string; postal_code: string; city: string; lat: number; lng: number };

/** The reference files, copied from shared/data so the app never reads outside its own tree. */
/**
 * Helsingborg's departments (förvaltningar) that field questions are forwarded to. Admins can
 * rename, add and deactivate them; the seed only adds what is missing.
 */
export const DEPARTMENTS = [
  { code: "stadsbyggnad", name: "Stadsbyggnadsförvaltningen", sortOrder: 1 },
  { code: "skol_fritid", name: "Skol- och fritidsförvaltningen", sortOrder: 2 },
  { code: "vard_omsorg", name: "Vård- och omsorgsförvaltningen", sortOrder: 3 },
  { code: "social", name: "Socialförvaltningen", sortOrder: 4 },
  { code: "miljo", name: "Miljöförvaltningen", sortOrder: 5 },
  { code: "fastighet", name: "Fastighetsförvaltningen", sortOrder: 6 },
  { code: "kultur", name: "Kulturförvaltningen", sortOrder: 7 },
  { code: "arbetsmarknad", name: "Arbetsmarknadsförvaltningen", sortOrder: 8 },
] as const;

/** Topic tags for field questions; configurable like the departments. */
export const QUESTION_TOPICS = [
  { code: "trafik", name: "Trafik", sortOrder: 1 },
  { code: "stadsmiljo", name: "Stadsmiljö", sortOrder: 2 },
  { code: "fritid", name: "Fritid", sortOrder: 3 },
  { code: "bygglov", name: "Bygglov", sortOrder: 4 },
  { code: "skola", name: "Skola och förskola", sortOrder: 5 },
  { code: "aldreomsorg", name: "Äldreomsorg", sortOrder: 6 },
  { code: "miljo", name: "Miljö och natur", sortOrder: 7 },
  { code: "kollektivtrafik", name: "Kollektivtrafik", sortOrder: 8 },
  { code: "bredband", name: "Bredband", sortOrder: 9 },
  { code: "ekonomi", name: "Privatekonomi", sortOrder: 10 },
  { code: "foreningsliv", name: "Föreningsliv och stöd", sortOrder: 11 },
  { code: "ovrigt", name: "Övrigt", sortOrder: 12 },
] as const;

export const SEED_DATA_DIR = path.resolve(process.env.SEED_DATA_DIR ?? "db/seed/data");

function readData<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(SEED_DATA_DIR, file), "utf8")) as T;
}

type OrganizationRecord = { name: string; kind: string; locality: string; website: string | null };

const ORG_KIND: Record<string, OrganizationKind> = {
  byalag: "byalag",
  byaförening: "byaforening",
  hembygdsförening: "hembygdsforening",
};

function areaKind(kind: string): AreaKind {
  return kind === "tatort" || kind === "smaort" || kind === "stadsdel" ? kind : "other";
}

/** "Allerum / Hjälmshult", "Påarp (Välluv)", "Ramlösa (stadsdel)" → the first named locality. */
export function primaryLocality(locality: string): string {
  return locality.split(/\s*[/(]\s*/)[0]!.trim();
}

/**
 * Loads Helsingborg's reference data, for the demo and the tests: what is missing of its answer
 * groups, advisor functions, departments and topics, its settings (a finished set-up), and, into
 * an empty database, its 51 places and 8 organizations. A real install starts empty and is set up
 * by its first admin (/installera) from the national data in db/seed/data/sweden.
 * The data are copied from shared/data into db/seed/data (see SOURCES.md there).
 */
export function seedReference(db: Db): { areasInserted: number; organizationsInserted: number } {
  const places = readData<Place[]>("helsingborg-places.json");
  const byalag = readData<OrganizationRecord[]>("byalag.json");
  const kontaktcenter = readData<Office>("kontaktcenter.json");
  const boundary = fs.readFileSync(path.join(SEED_DATA_DIR, "helsingborg-municipality.geojson"), "utf8");
  return db.transaction((tx) => {
    // Only what is missing: once loaded, the lists are the admin's (Admin → Listor).
    for (const g of ANSWER_GROUPS) tx.insert(answerGroups).values(g).onConflictDoNothing().run();
    for (const f of ADVISOR_FUNCTIONS) tx.insert(advisorFunctions).values(f).onConflictDoNothing().run();

    for (const d of DEPARTMENTS) tx.insert(departments).values(d).onConflictDoNothing().run();
    for (const q of QUESTION_TOPICS) tx.insert(questionTopics).values(q).onConflictDoNothing().run();
    tx.insert(caseSystemSettings).values({ id: "default" }).onConflictDoNothing().run();

    tx.insert(municipalitySettings)
      .values({
        id: "default",
        name: kontaktcenter.organisation,
        // "Helsingborgs stads kontaktcenter": the source's "Helsingborg kontaktcenter" is a mail label, not how the place is named in text.
        officeName: contactCenterName(kontaktcenter.organisation),
        officeAddress: `${kontaktcenter.street}, ${kontaktcenter.postal_code} ${kontaktcenter.city}`,
        officeLat: kontaktcenter.lat,
        officeLng: kontaktcenter.lng,
        mapCenterLat: 56.06,
        mapCenterLng: 12.76,
        mapZoom: 11,
        boundaryGeojson: boundary,
        municipalityCode: "1283",
        setupCompletedAt: new Date(),
      })
      .onConflictDoNothing()
      .run();

    const existingAreas = tx.select({ n: count() }).from(areas).get()?.n ?? 0;
    if (existingAreas > 0) return { areasInserted: 0, organizationsInserted: 0 };

    const areaIdByName = new Map<string, string>();
    for (const p of places) {
      const row = tx
        .insert(areas)
        .values({
          name: p.name,
          kind: areaKind(p.kind),
          lat: p.lat,
          lng: p.lng,
          population: p.population,
          populationYear: p.population_year,
          statCode: p.stat_code ?? null,
          source: p.source,
          positionEstimated: p.estimate,
          notes: p.note ?? null,
        })
        .returning({ id: areas.id })
        .get();
      areaIdByName.set(p.name, row.id);
    }

    let organizationsInserted = 0;
    for (const o of byalag) {
      const areaId = areaIdByName.get(primaryLocality(o.locality));
      if (!areaId) throw new Error(`Seed: ingen plats heter "${primaryLocality(o.locality)}" (${o.name})`);
      const isUrl = o.website !== null && /^https?:\/\//.test(o.website);
      tx.insert(organizations)
        .values({
          name: o.name,
          kind: ORG_KIND[o.kind] ?? "forening",
          areaId,
          website: isUrl ? o.website : null,
          notes: o.website && !isUrl ? `Webbplats (ej verifierad): ${o.website}` : null,
        })
        .run();
      organizationsInserted++;
    }
    return { areasInserted: areaIdByName.size, organizationsInserted };
  });
}
