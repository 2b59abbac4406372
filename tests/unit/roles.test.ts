import { describe, expect, it } from "vitest";
import { ROLES } from "#db/enums";
import { Forbidden } from "~/domain/errors";
import { can, PLANNER_ROLES, requirePlanner } from "~/domain/users/roles";

describe("who may plan", () => {
  it("PLANNER_ROLES are exactly the roles can.planTour allows", () => {
    expect([...PLANNER_ROLES].sort()).toEqual(ROLES.filter((r) => can.planTour(r)).sort());
  });

  it("requirePlanner lets tour leaders and admins through and refuses staff, saying what was refused", () => {
    expect(() => requirePlanner({ role: "tour_leader" })).not.toThrow();
    expect(() => requirePlanner({ role: "admin" })).not.toThrow();
    expect(() => requirePlanner({ role: "staff" }, "skicka om ärenden")).toThrow(new Forbidden("Bara turnéledare och administratörer får skicka om ärenden."));
  });
});
