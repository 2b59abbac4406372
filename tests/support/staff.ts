import path from "node:path";
import Database from "better-sqlite3";
import { freshUser } from "./users";

/**
 * A staff member of the test's own, straight into the e2e database, with the advisor functions
 * ("energy_climate") and answer groups ("BBMT") the test needs, so the tour leader's "Boka
 * personal" offers them for those roles. Returns the e-mail (password: the demo password) and id.
 */
export async function freshStaff(
  name: string,
  qualifications: { advisorFunctions?: string[]; answerGroups?: string[] } = {},
): Promise<{ email: string; id: string }> {
  const email = await freshUser("staff", name);
  const db = new Database(path.join(process.env.E2E_DATA_DIR!, "e2e.sqlite"));
  try {
    db.pragma("busy_timeout = 5000");
    const { id } = db.prepare("select id from users where email = ?").get(email) as { id: string };
    db.transaction(() => {
      for (const code of qualifications.advisorFunctions ?? []) {
        db.prepare("insert into user_advisor_functions (user_id, function_code) values (?, ?)").run(id, code);
      }
      for (const code of qualifications.answerGroups ?? []) {
        db.prepare("insert into user_answer_groups (user_id, group_code) values (?, ?)").run(id, code);
      }
    })();
    return { email, id };
  } finally {
    db.close();
  }
}
