import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Db } from "~/db.server";
import { nameKey } from "./schemas";

/**
 * SQLite's LIKE and lower() fold only ASCII, so "ödåkra" would not find "Ödåkra". Two small
 * SQL functions fill the gap; they are registered on the connection the first time a search
 * runs. Shared by the area and organization lists.
 */
const registered = new WeakSet<object>();

/** Swedish alphabetical order: å, ä, ö after z (in that order); other accents sort as their letter. */
export function sortKey(text: string): string {
  return nameKey(text)
    .replace(/å/g, "{")
    .replace(/ä/g, "|")
    .replace(/ö/g, "}")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");
}

export function ensureSearchFunctions(db: Db): void {
  const client = db.$client;
  if (registered.has(client)) return;
  client.function("rullarut_fold", { deterministic: true }, (v: unknown) => (typeof v === "string" ? nameKey(v) : v));
  client.function("rullarut_sort", { deterministic: true }, (v: unknown) => (typeof v === "string" ? sortKey(v) : v));
  registered.add(client);
}

/** `column` contains `query`, case-insensitively, in Swedish. `%` and `_` in the query are literal. */
export function containsText(column: SQLWrapper, query: string): SQL {
  const pattern = `%${nameKey(query).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`rullarut_fold(${column}) like ${pattern} escape '\\'`;
}

export function swedishOrder(column: SQLWrapper): SQL {
  return sql`rullarut_sort(${column})`;
}
