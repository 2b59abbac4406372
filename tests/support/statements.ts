import type { Db } from "~/db.server";

/** The SQL statements prepared while `read` runs whose text matches `pattern`: to prove a kept read runs none. */
export function statementsDuring(db: Db, pattern: RegExp, read: () => unknown): string[] {
  const prepare = db.$client.prepare;
  const seen: string[] = [];
  db.$client.prepare = ((source: string) => {
    if (pattern.test(source)) seen.push(source);
    return prepare.call(db.$client, source);
  }) as typeof prepare;
  try {
    read();
  } finally {
    db.$client.prepare = prepare;
  }
  return seen;
}
