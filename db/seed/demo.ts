import { count, eq } from "drizzle-orm";
import type { Db } from "~/db.server";
import { createUser } from "~/domain/users/users.server";
import { contacts, organizations, users, type Role } from "../schema";
import { seedDemoInvitations } from "./demo-invitations";
import { seedDemoQuestions } from "./demo-questions";
import { seedDemoStaffing } from "./demo-staffing";
import { seedDemoTours } from "./demo-tours";

export const DEMO_PASSWORD = "rullarut-demo";

type DemoUser = {
  name: string;
  email: string;
  role: Role;
  answerGroups?: string[];
  advisorFunctions?: string[];
  /** Timanställd. */
  hourly?: boolean;
};

/** Fictional people. Together the staff cover every answer group and every advisor function. */
export const DEMO_USERS: DemoUser[] = [
  { name: "Maja Lindqvist", email: "admin@rullarut.example", role: "admin" },
  { name: "Johan Ekberg", email: "turne@rullarut.example", role: "tour_leader" },
  {
    name: "Sara Holm",
    email: "personal@rullarut.example",
    role: "staff",
    answerGroups: ["BBMT"],
    advisorFunctions: ["consumer"],
  },
  { name: "Ahmed Nilsson", email: "ahmed.nilsson@rullarut.example", role: "staff", answerGroups: ["BSU"] },
  { name: "Elin Berg", email: "elin.berg@rullarut.example", role: "staff", answerGroups: ["ASSF"] },
  { name: "Oskar Persson", email: "oskar.persson@rullarut.example", role: "staff", answerGroups: ["BSU", "BBMT"] },
  { name: "Lina Håkansson", email: "lina.hakansson@rullarut.example", role: "staff", answerGroups: ["ASSF", "BSU"] },
  { name: "Fatima Svensson", email: "fatima.svensson@rullarut.example", role: "staff", advisorFunctions: ["budget_debt"] },
  { name: "Lars Öberg", email: "lars.oberg@rullarut.example", role: "staff", advisorFunctions: ["energy_climate"] },
  { name: "Karin Dahl", email: "karin.dahl@rullarut.example", role: "staff", advisorFunctions: ["eu_information"] },
  { name: "Nils Wikström", email: "nils.wikstrom@rullarut.example", role: "staff", advisorFunctions: ["volunteer_center"], hourly: true },
  { name: "Eva Sjöberg", email: "eva.sjoberg@rullarut.example", role: "staff", advisorFunctions: ["senior"] },
  { name: "Mikael Åkesson", email: "mikael.akesson@rullarut.example", role: "staff", advisorFunctions: ["disability"], hourly: true },
];

/**
 * Fictional contacts for the real organizations. Phone numbers are from the series that
 * the Swedish Post and Telecom Authority (PTS) reserves for fiction (070-1740605 to 070-1740699).
 */
const DEMO_CONTACTS: Record<string, { name: string; role: string; email: string; phone: string }> = {
  "Rydebäcks Byalag": { name: "Britt Larsson", role: "Ordförande", email: "ordforande@rydebacks-byalag.example", phone: "070-174 06 05" },
  "Ödåkra Byaförening": { name: "Göran Mattsson", role: "Sekreterare", email: "info@odakra-byaforening.example", phone: "070-174 06 06" },
  "Byalaget i Laröd": { name: "Anna Fransson", role: "Ordförande", email: "kontakt@larods-byalag.example", phone: "070-174 06 07" },
  "Södra Luggude Hembygdsförening": { name: "Per Olsson", role: "Kontaktperson", email: "kontakt@sodra-luggude.example", phone: "070-174 06 08" },
  "Allerum-Hjälmshults Byaförening": { name: "Kerstin Bengtsson", role: "Ordförande", email: "info@allerum-hjalmshult.example", phone: "070-174 06 09" },
  "Wällufsbygdens Hembygdsförening": { name: "Sven Jönsson", role: "Ordförande", email: "kontakt@wallufsbygden.example", phone: "070-174 06 10" },
  "Fleninge Hembygdsförening": { name: "Margareta Nyberg", role: "Sekreterare", email: "kontakt@fleninge-hembygd.example", phone: "070-174 06 11" },
  "Föreningen Ramlösabor": { name: "Henrik Palm", role: "Kontaktperson", email: "styrelsen@ramlosabor.example", phone: "070-174 06 12" },
};

/**
 * Loads demo staff, contacts, tours (db/seed/demo-tours.ts), invitations and staffing
 * (db/seed/demo-staffing.ts) and field questions with their cases (db/seed/demo-questions.ts) into a
 * database that has no users yet.
 * Returns false if it did nothing. `now` places the current demo tour's past and future stops.
 */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<boolean> {
  const userCount = db.select({ n: count() }).from(users).get()?.n ?? 0;
  if (userCount > 0) return false;
  for (const u of DEMO_USERS) {
    await createUser(db, null, {
      name: u.name,
      email: u.email,
      role: u.role,
      password: DEMO_PASSWORD,
      answerGroups: u.answerGroups ?? [],
      advisorFunctions: u.advisorFunctions ?? [],
      hourly: u.hourly ?? false,
    });
  }
  db.transaction((tx) => {
    for (const [orgName, contact] of Object.entries(DEMO_CONTACTS)) {
      const org = tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, orgName)).get();
      if (org)
        tx.insert(contacts)
          .values({ organizationId: org.id, ...contact })
          .run();
    }
  });
  seedDemoTours(db, now);
  seedDemoInvitations(db);
  seedDemoStaffing(db, now);
  seedDemoQuestions(db, now);
  return true;
}
