/**
 * Hours per person and per role in a tour: the sum of the booked stops' durations (start to end),
 * on stops that are not cancelled. A held stop counts as worked; every other stop (proposed,
 * planned, confirmed, also one in the past that is not yet marked held) as planned.
 * The yearly report reuses hoursByTour.
 */
import type { Db } from "~/db.server";
import { roleLabels } from "./staffing.server";
import { roleKey, type RoleKey } from "./rules";

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
  bookings: number;
  workedMs: number;
  plannedMs: number;
};

const collator = new Intl.Collator("sv");

export function hoursByTour(db: Db, tourId: string): TourHours {
  // One aggregate over the tour's bookings, grouped by person and role.
  const rows = db.$client
    .prepare(
      `select a.user_id as userId, u.name as name, u.hourly as hourly, a.function_code as functionCode, a.group_code as groupCode,
         count(*) as bookings,
         coalesce(sum(case when s.status = 'held' then s.ends_at - s.starts_at else 0 end), 0) as workedMs,
         coalesce(sum(case when s.status <> 'held' then s.ends_at - s.starts_at else 0 end), 0) as plannedMs
       from stops s
       join stop_assignments a on a.stop_id = s.id
       join users u on u.id = a.user_id
       where s.tour_id = ? and s.status <> 'cancelled'
       group by a.user_id, a.function_code, a.group_code`,
    )
    .all(tourId) as Row[];
  const minutes = (ms: number) => Math.round(ms / 60_000);
  const people = new Map<string, PersonHours>();
  const roles = new Map<RoleKey, Omit<RoleHours, "label">>();
  for (const r of rows) {
    const person = people.get(r.userId) ?? { userId: r.userId, name: r.name, hourly: Boolean(r.hourly), stops: 0, workedMinutes: 0, plannedMinutes: 0 };
    person.stops += r.bookings;
    person.workedMinutes += minutes(r.workedMs);
    person.plannedMinutes += minutes(r.plannedMs);
    people.set(r.userId, person);
    const key = roleKey(r);
    const role = roles.get(key) ?? { role: key, bookings: 0, workedMinutes: 0, plannedMinutes: 0 };
    role.bookings += r.bookings;
    role.workedMinutes += minutes(r.workedMs);
    role.plannedMinutes += minutes(r.plannedMs);
    roles.set(key, role);
  }
  const labels = roleLabels(db);
  const order = [...labels.keys()];
  const personList = [...people.values()].sort((a, b) => collator.compare(a.name, b.name));
  const sum = (list: PersonHours[], field: "workedMinutes" | "plannedMinutes") => list.reduce((n, p) => n + p[field], 0);
  const hourly = personList.filter((p) => p.hourly);
  return {
    people: personList,
    roles: [...roles.values()]
      .map((r) => ({ ...r, label: labels.get(r.role) ?? r.role }))
      .sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role)),
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
