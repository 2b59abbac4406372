import fs from "node:fs";
import path from "node:path";

/** The demo's municipality (SCB code): its own data come with the demo, and are credited in its install. */
export const DEMO_MUNICIPALITY_CODE = "1283";

export type Credit = { what: string; from: string; href?: string; license: string };

let credits: Credit[] | null = null;

/** The sources of the demo's own data (db/seed/data/demo-credits.json, from SOURCES.md there). */
export function demoCredits(): Credit[] {
  credits ??= JSON.parse(fs.readFileSync(path.join(path.resolve(process.env.SEED_DATA_DIR ?? "db/seed/data"), "demo-credits.json"), "utf8")) as Credit[];
  return credits;
}
