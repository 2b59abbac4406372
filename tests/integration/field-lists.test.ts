import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog } from "#db/schema";
import { DEPARTMENTS, QUESTION_TOPICS } from "#db/seed/reference";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import { addListItemSchema, codeFromName, listActionSchema } from "~/domain/field/list-schemas";
import { fieldCategories } from "~/domain/field/field-page.server";
import { choicesWith } from "~/domain/kinds/names";
import { kindNames } from "~/domain/kinds/names.server";
import { activeRoleKeys, roleLabels } from "~/domain/staffing/staffing.server";
import { listReferenceData } from "~/domain/users/users.server";
import { addListItem, listItems, listDepartments, listTopics, moveListItem, renameListItem, setListItemActive } from "~/domain/field/lists.server";
import { createUser, type Actor } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";
import { makeStaff } from "../support/fixtures";

let t: TestDb;
let admin: Actor;

beforeEach(async () => {
  t = await seededTestDb();
  const id = await createUser(t.db, null, {
    name: "Admin Test",
    email: "admin-lists@test.example",
    role: "admin",
    password: "ett-langt-losenord",
    answerGroups: [],
    advisorFunctions: [],
  });
  admin = { id, role: "admin" };
});
afterEach(() => t.cleanup());

describe("codeFromName", () => {
  it("makes an ASCII code from a Swedish name", () => {
    expect(codeFromName("Skol- och fritidsförvaltningen")).toBe("skol_och_fritidsforvaltningen");
    expect(codeFromName("Stadsmiljö & Buller!")).toBe("stadsmiljo_buller");
    expect(codeFromName("Äldre")).toBe("aldre");
  });
});

describe("list schemas", () => {
  it("rejects a too short name and a code with bad characters, in Swedish", () => {
    const r = addListItemSchema.safeParse({ intent: "add", kind: "topic", name: "x", code: "Bad code!" });
    expect(r.success).toBe(false);
    const errors = r.error!.flatten().fieldErrors;
    expect(errors.name?.[0]).toMatch(/Ange ett namn/);
    expect(errors.code?.[0]).toMatch(/a–z/);
  });
  it("treats an empty code as 'make it from the name' and lowercases a typed one", () => {
    expect(addListItemSchema.parse({ intent: "add", kind: "topic", name: "Buller", code: "" }).code).toBeUndefined();
    expect(addListItemSchema.parse({ intent: "add", kind: "topic", name: "Buller", code: " BULLER " }).code).toBe("buller");
  });
  it("parses the active flag of setActive", () => {
    const r = listActionSchema.parse({ intent: "setActive", kind: "department", code: "miljo", active: "false" });
    expect(r).toMatchObject({ intent: "setActive", active: false });
  });
});

describe("listDepartments / listTopics", () => {
  it("returns the seeded lists, active only, in sort order", () => {
    expect(listDepartments(t.db).map((d) => d.code)).toEqual(DEPARTMENTS.map((d) => d.code));
    expect(listTopics(t.db).map((d) => d.code)).toEqual([...QUESTION_TOPICS].sort((a, b) => a.sortOrder - b.sortOrder).map((d) => d.code));
    expect(listDepartments(t.db)[0]).toEqual({ code: "stadsbyggnad", name: "Stadsbyggnadsförvaltningen", active: true, sortOrder: 1 });
  });

  it("hides a deactivated entry unless includeInactive, and shows it again when activated (cache follows the change)", () => {
    expect(listDepartments(t.db).some((d) => d.code === "miljo")).toBe(true);
    setListItemActive(t.db, admin, "department", "miljo", false);
    expect(listDepartments(t.db).some((d) => d.code === "miljo")).toBe(false);
    expect(listDepartments(t.db, { includeInactive: true }).find((d) => d.code === "miljo")?.active).toBe(false);
    setListItemActive(t.db, admin, "department", "miljo", true);
    expect(listDepartments(t.db).some((d) => d.code === "miljo")).toBe(true);
    const actions = t.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "department"), eq(auditLog.entityId, "miljo")))
      .all()
      .map((a) => a.action);
    expect(actions.sort()).toEqual(["department.activate", "department.deactivate"]);
  });
});

describe("admin verbs", () => {
  it("adds a topic last, with a code from its name, audited", () => {
    const item = addListItem(t.db, admin, "topic", { name: "Buller och störningar" });
    expect(item).toMatchObject({ code: "buller_och_storningar", active: true });
    const topics = listTopics(t.db);
    expect(topics.at(-1)?.code).toBe("buller_och_storningar");
    expect(topics.at(-1)!.sortOrder).toBeGreaterThan(topics.at(-2)!.sortOrder);
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, "question_topic.add")).get();
    expect(audit?.entityId).toBe("buller_och_storningar");
  });

  it("makes the generated code unique, refuses a typed code or a name already in use", () => {
    addListItem(t.db, admin, "topic", { name: "Buller", code: "trafik_2" });
    // "Trafik" exists (seed) as a name; a different name whose code would be "trafik" gets a suffix.
    const item = addListItem(t.db, admin, "topic", { name: "Trafik!" });
    expect(item.code).toBe("trafik_3");
    expect(() => addListItem(t.db, admin, "topic", { name: "Nytt", code: "fritid" })).toThrow(Conflict);
    try {
      addListItem(t.db, admin, "department", { name: "miljöförvaltningen" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Conflict);
      expect((error as Conflict).field).toBe("name");
      expect((error as Conflict).message).toMatch(/finns redan en förvaltning/);
    }
  });

  it("renames, but not to another entry's name", () => {
    renameListItem(t.db, admin, "department", "kultur", "Kultur- och fritidsförvaltningen");
    expect(listDepartments(t.db).find((d) => d.code === "kultur")?.name).toBe("Kultur- och fritidsförvaltningen");
    expect(() => renameListItem(t.db, admin, "department", "kultur", "Socialförvaltningen")).toThrow(Conflict);
    // Same name, other case: allowed for the entry itself.
    renameListItem(t.db, admin, "department", "kultur", "kultur- och fritidsförvaltningen");
    expect(() => renameListItem(t.db, admin, "department", "finns_inte", "Något")).toThrow(NotFound);
  });

  it("moves an entry up and down and keeps the order 1..n", () => {
    moveListItem(t.db, admin, "department", "social", "up");
    const codes = listDepartments(t.db).map((d) => d.code);
    expect(codes.indexOf("social")).toBe(2);
    expect(codes.indexOf("vard_omsorg")).toBe(3);
    moveListItem(t.db, admin, "department", "stadsbyggnad", "up"); // already first: no change
    moveListItem(t.db, admin, "department", "arbetsmarknad", "down"); // already last: no change
    const after = listDepartments(t.db);
    expect(after.map((d) => d.code)).toEqual(codes);
    expect(after.map((d) => d.sortOrder)).toEqual(after.map((_, i) => i + 1));
  });

  it("is for admins only", async () => {
    const staff = await makeStaff(t.db);
    expect(() => addListItem(t.db, staff, "topic", { name: "Buller" })).toThrow(Forbidden);
    expect(() => setListItemActive(t.db, { ...staff, role: "tour_leader" }, "topic", "trafik", false)).toThrow(Forbidden);
    expect(listTopics(t.db).some((x) => x.code === "trafik")).toBe(true);
  });
});

describe("answer groups and advisor functions: the municipality's own, renamed and deactivated without losing history", () => {
  it("adds a function with its advisors' title, and refuses one without a title", () => {
    const f = addListItem(t.db, admin, "advisor_function", { name: "Konsumentvägledning Test", detail: "konsumentvägledare" });
    expect(f).toMatchObject({ code: "konsumentvagledning_test", detail: "konsumentvägledare" });
    expect(roleLabels(t.db).get(`f:${f.code}`)).toBe("konsumentvägledare");
    const parsed = addListItemSchema.safeParse({ intent: "add", kind: "advisor_function", name: "Utan titel" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["detail"], message: expect.stringMatching(/^Ange vad rådgivaren kallas/) });
  });

  it("a renamed group is shown by its new name where it is used; deactivated, it is no longer offered but keeps its label", () => {
    renameListItem(t.db, admin, "answer_group", "BSU", "Barn och skola", "Förskola och skola");
    expect(roleLabels(t.db).get("g:BSU")).toBe("kommunvägledare Barn och skola");
    setListItemActive(t.db, admin, "answer_group", "BSU", false);
    expect(fieldCategories(t.db).map((c) => c.value)).not.toContain("g:BSU");
    expect(listReferenceData(t.db).answerGroups.map((g) => g.code)).not.toContain("BSU");
    expect(activeRoleKeys(t.db).has("g:BSU")).toBe(false);
    // Old stops, questions and cases name it by its label, which stays.
    expect(roleLabels(t.db).get("g:BSU")).toBe("kommunvägledare Barn och skola");
    expect(listItems(t.db, "answer_group", { includeInactive: true }).find((g) => g.code === "BSU")).toMatchObject({
      active: false,
      detail: "Förskola och skola",
    });
  });

  it("staff cannot change the lists", () => {
    expect(() => addListItem(t.db, { id: "x", role: "staff" }, "answer_group", { name: "Egen grupp" })).toThrow(Forbidden);
  });
});

describe("kinds of stop and organization: renamed and deactivated, never added", () => {
  it("a renamed stop kind is what pages, feeds and reports say; deactivated, it is no longer offered", () => {
    renameListItem(t.db, admin, "stop_kind", "village_visit", "Bygdebesök");
    expect(kindNames(t.db).stop.village_visit).toBe("Bygdebesök");
    setListItemActive(t.db, admin, "organization_kind", "hembygdsforening", false);
    expect(kindNames(t.db).organizationChoices).not.toContain("hembygdsforening");
    expect(kindNames(t.db).organization.hembygdsforening).toBe("Hembygdsförening");
    // A form keeps the value it has, even when that kind is no longer offered.
    expect(choicesWith(kindNames(t.db).organizationChoices, "hembygdsforening")).toContain("hembygdsforening");
    expect(() => addListItem(t.db, admin, "stop_kind", { name: "Cirkus" })).toThrow(/kan byta namn och inaktiveras, men inte läggas till/);
  });
});
