import { eq } from "drizzle-orm";
import { areas, cases, departments, fieldQuestions, stops } from "#db/schema";

/**
 * How a case reaches what it is about, for every query that reads cases with them: its field
 * question and the stop it was logged at (always there: inner joins), the area where the question
 * was asked (a case's area is the question's, not the stop's) and the department it was routed to
 * (either may be missing: left joins).
 */
export const CASE_JOINS = {
  question: eq(fieldQuestions.id, cases.questionId),
  stop: eq(stops.id, cases.stopId),
  area: eq(areas.id, fieldQuestions.areaId),
  department: eq(departments.code, cases.departmentCode),
} as const;
