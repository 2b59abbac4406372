/**
 * Hours per person and per role in a tour: the sum of the booked stops' working time (start to end,
 * or each day's opening hours for a stop over several days: workingMinutes in rules.ts), on stops
 * that are not cancelled. A held stop counts as worked; every other stop (proposed,
 * planned, confirmed, also one in the past that is not yet marked held) as planned.
 * The yearly report reuses hoursByTour.
 */
import type { Db } from "~/db.server";
import { roleLabels } from "./staffing.server";
import { roleKey, workingMinutes, type RoleKey } from "./rules";

export type PersonHours = {
  userId: string;
  name: string;
  hourly: boolean;
  /** Stops booked (held or not). */
  stops: number;
  workedMinutes: number;
  plannedMinutes: number;
};

export type RoleHours = {
  role: RoleKey;
  label: string;
  /** Bookings in the role. */
  bookings: number;
  workedMinutes: number;
  plannedMinutes: number;
};

export type TourHours = {
  people: PersonHours[];
  roles: RoleHours[];
  totals: { workedMinutes: number; plannedMinutes: number; hourlyWorkedMinutes: number; hourlyPlannedMinutes: number };
};

type Row = {
  userId: string;
  name: string;
  hourly: number;
  functionCode: string | null;
  groupCode: string | null;
  held: number;
  startsAt: number;
  endsAt: number;
};

const collator = new Intl.Collator("sv");

export function hoursByTour(db: Db, tourId: string): TourHours {
  // The tour's bookings with their stops' times, one query; the working time of a stop over several
  // days needs each day's opening hours in Swedish time, which SQLite cannot compute.
  const rows = db.$client
    .prepare(
      `select a.user_id as userId, u.name as name, u.hourly as hourly, a.function_code as functionCode, a.group_code as groupCode,
         s.status = 'held' as held, s.starts_at as startsAt, s.ends_at as endsAt
       from stops s
       join stop_assignments a on a.stop_id = s.id
       join users u on u.id = a.user_id
       where s.tour_id = ? and s.status <> 'cancelled'`,
    )
    .all(tourId) as Row[];
  const people = new Map<string, PersonHours>();
  const roles = new Map<RoleKey, Omit<RoleHours, "label">>();
  for (const r of rows) {
    const minutes = workingMinutes(r.startsAt, r.endsAt);
    const worked = r.held ? minutes : 0;
    const planned = r.held ? 0 : minutes;
    const person = people.get(r.userId) ?? { userId: r.userId, name: r.name, hourly: Boolean(r.hourly), stops: 0, workedMinutes: 0, plannedMinutes: 0 };
    person.stops += 1;
    person.workedMinutes += worked;
    person.plannedMinutes += planned;
    people.set(r.userId, person);
    const key = roleKey(r);
    const role = roles.get(key) ?? { role: key, bookings: 0, workedMinutes: 0, plannedMinutes: 0 };
    role.bookings += 1;
    role.workedMinutes += worked;
    role.plannedMinutes += planned;
    roles.set(key, role);
  }
  const labels = roleLabels(db);
  const order = [...labels.keys()];
  const personList = [...people.values()].sort((a, b) => collator.compare(a.name, b.name));
  const sum = (list: PersonHours[], field: "workedMinutes" | "plannedMinutes") => list.reduce((n, p) => n + p[field], 0);
  const hourly = personList.filter((p) => p.hourly);
  return {
    people: personList,
    roles: [...roles.values()].map((r) => ({ ...r, label: labels.get(r.role) ?? r.role })).sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role)),
    totals: {
      workedMinutes: sum(personList, "workedMinutes"),
      plannedMinutes: sum(personList, "plannedMinutes"),
      hourlyWorkedMinutes: sum(hourly, "workedMinutes"),
      hourlyPlannedMinutes: sum(hourly, "plannedMinutes"),
    },
  };
}

/** 150 → "2 h 30 min", 0 → "0 h". */
export function formatMinutes(total: number): string {
  const h = Math.floor(total / 60);
  const m = total % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}
