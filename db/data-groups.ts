/**
 * Issue 15, point 2: which tables a cached read can depend on, in groups. A write to a table bumps
 * its group's version in data_versions (triggers, migration 0013), so a cache that declares the
 * groups it reads (cachedUntilChange's `reads`) survives writes elsewhere: a field question no
 * longer empties the areas' "last visited", and the mail worker's, the audit log's and a login's
 * writes empty nothing that declares its groups. A cache that declares none still lasts only until
 * any write at all.
 *
 * Every table is in exactly one group or in UNGROUPED_TABLES; a test checks that against the
 * database, so a new table cannot be forgotten (it needs its triggers in a new migration).
 */
export const DATA_GROUPS = {
  /** Areas, organizations and their contacts. */
  places: ["areas", "organizations", "contacts"],
  /** Tours, their stops, staffing, absences and invitations. */
  tours: [
    "tours",
    "stops",
    "stop_needs",
    "stop_assignments",
    "staff_absences",
    "invitation_batches",
    "invitation_times",
    "invitations",
    "invitation_replies",
    "calendar_invites",
  ],
  /** Field questions and their cases, deliveries and the report's counts. */
  questions: ["field_questions", "cases", "case_events", "case_deliveries", "case_counters", "question_counts", "question_topic_counts"],
  /** The municipality's settings and lists. */
  lists: [
    "municipality_settings",
    "case_system_settings",
    "answer_groups",
    "advisor_functions",
    "departments",
    "question_topics",
    "stop_kinds",
    "organization_kinds",
  ],
  /** Users and what they are qualified for. */
  people: ["users", "user_answer_groups", "user_advisor_functions"],
} as const;

export type DataGroup = keyof typeof DATA_GROUPS;

/** Tables no cached read depends on by group: bookkeeping, sessions, the outboxes, search indexes. */
export const UNGROUPED_TABLES = [
  "__drizzle_migrations",
  "data_versions",
  "report_year_versions",
  "sessions",
  "user_identities",
  "oidc_logins",
  "rate_limit_hits",
  "audit_log",
  "outbox_messages",
  "planner_notices",
  "api_keys",
  "calendar_feed_keys",
  "field_questions_fts",
  "field_questions_fts_config",
  "field_questions_fts_data",
  "field_questions_fts_docsize",
  "field_questions_fts_idx",
] as const;
