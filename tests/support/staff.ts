import { freshAccount } from "./users";
import type { Qualifications } from "./seed";

/**
 * A staff member of the test's own, straight into the e2e database, with the advisor functions
 * ("energy_climate") and answer groups ("BBMT") the test needs, so the tour leader's "Boka
 * personal" offers them for those roles. Returns the e-mail (password: the demo password) and id.
 */
export function freshStaff(name: string, qualifications: Qualifications = {}): Promise<{ email: string; id: string }> {
  return freshAccount("staff", name, qualifications);
}
