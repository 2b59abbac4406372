import { relations, sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { randomId } from "./id";

/** Timestamps are stored as UTC milliseconds since the epoch. */
const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });
const createdAt = () =>
  timestamp("created_at")
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);
const updatedAt = () =>
  timestamp("updated_at")
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`)
    .$onUpdate(() => new Date());
const id = () => text("id").primaryKey().$defaultFn(randomId);

import {
  ABSENCE_KINDS,
  AREA_KINDS,
  ASSIGNMENT_STATUSES,
  CASE_ADAPTERS,
  CASE_DELIVERY_STATUSES,
  CASE_EVENT_KINDS,
  CASE_STATUSES,
  INVITATION_KINDS,
  INVITATION_STATUSES,
  ORGANIZATION_KINDS,
  NOTICE_EMAIL_MODES,
  OUTBOX_STATUSES,
  PLANNER_NOTICE_KINDS,
  ROLES,
  STOP_KINDS,
  STOP_STATUSES,
} from "./enums";

export * from "./enums";

/** One row: the municipality this installation serves and its contact center. */
export const municipalitySettings = sqliteTable("municipality_settings", {
  id: text("id").primaryKey().default("default"),
  name: text("name").notNull(),
  officeName: text("office_name").notNull(),
  officeAddress: text("office_address").notNull(),
  officeLat: real("office_lat").notNull(),
  officeLng: real("office_lng").notNull(),
  mapCenterLat: real("map_center_lat").notNull(),
  mapCenterLng: real("map_center_lng").notNull(),
  mapZoom: integer("map_zoom").notNull(),
  /** GeoJSON FeatureCollection of the municipality boundary. */
  boundaryGeojson: text("boundary_geojson"),
  /** Minutes a person needs between two stops (travel, setting up): closer bookings are a conflict. */
  travelBufferMinutes: integer("travel_buffer_minutes").notNull().default(30),
  /** Staff may sign up for or withdraw from a stop until this many hours before it starts. */
  staffingCutoffHours: integer("staffing_cutoff_hours").notNull().default(48),
  /** A resident's contact details are erased this many days after their case was answered or closed. */
  contactRetentionDays: integer("contact_retention_days").notNull().default(30),
  /** The municipality's code (SCB kommunkod, "1283") chosen in the set-up; null for installs older than the set-up. */
  municipalityCode: text("municipality_code"),
  /** When the first admin finished the set-up; until then every page but the set-up's sends the admin there. */
  setupCompletedAt: integer("setup_completed_at", { mode: "timestamp_ms" }),
  updatedAt: updatedAt(),
});

export const areas = sqliteTable(
  "areas",
  {
    id: id(),
    name: text("name").notNull(),
    kind: text("kind", { enum: AREA_KINDS }).notNull(),
    lat: real("lat").notNull(),
    lng: real("lng").notNull(),
    population: integer("population"),
    populationYear: integer("population_year"),
    /** Optional GeoJSON geometry (Polygon or MultiPolygon) of the area. */
    geometryGeojson: text("geometry_geojson"),
    tags: text("tags", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    notes: text("notes"),
    statCode: text("stat_code"),
    /** Where name, position and population come from (see db/seed/data/SOURCES.md). */
    source: text("source"),
    positionEstimated: integer("position_estimated", { mode: "boolean" }).notNull().default(false),
    archivedAt: timestamp("archived_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("areas_name_idx").on(t.name)],
);

export const organizations = sqliteTable(
  "organizations",
  {
    id: id(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ORGANIZATION_KINDS }).notNull(),
    areaId: text("area_id")
      .notNull()
      .references(() => areas.id, { onDelete: "restrict" }),
    website: text("website"),
    notes: text("notes"),
    archivedAt: timestamp("archived_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("organizations_area_idx").on(t.areaId)],
);

/** The people who answer for an organization. Only what is needed to reach them. */
export const contacts = sqliteTable(
  "contacts",
  {
    id: id(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    role: text("role"),
    email: text("email"),
    phone: text("phone"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("contacts_organization_idx").on(t.organizationId)],
);

/**
 * The answer groups of the municipal guides (Helsingborg: BSU, ÄSSF, BBMT), set by each
 * municipality. Deactivated, a group keeps its name on old stops and cases.
 */
export const answerGroups = sqliteTable("answer_groups", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull(),
  sortOrder: integer("sort_order").notNull(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
});

/** The advisor functions (Helsingborg: seven free advisory services), set by each municipality. */
export const advisorFunctions = sqliteTable("advisor_functions", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  /** What the advisor is called, e.g. "konsumentrådgivare". */
  advisorTitle: text("advisor_title").notNull(),
  sortOrder: integer("sort_order").notNull(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
});

/**
 * What each municipality calls its kinds of stop (byalagsbesök, informationskväll, mässa …) and of
 * organization (byalag, hembygdsförening …). The codes carry behaviour (an info evening is
 * invited to, a village visit is offered) and are fixed; the names and which ones are offered are
 * the admin's. A deactivated kind keeps its name on old stops and organizations.
 */
export const stopKinds = sqliteTable("stop_kinds", {
  code: text("code", { enum: STOP_KINDS }).primaryKey(),
  name: text("name").notNull(),
  sortOrder: integer("sort_order").notNull(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
});

export const organizationKinds = sqliteTable("organization_kinds", {
  code: text("code", { enum: ORGANIZATION_KINDS }).primaryKey(),
  name: text("name").notNull(),
  sortOrder: integer("sort_order").notNull(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
});

export const users = sqliteTable(
  "users",
  {
    id: id(),
    name: text("name").notNull(),
    /** Stored lower-cased. */
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    /** Hourly staff (timanställd): booked only when needed, and their hours are paid per stop. */
    hourly: integer("hourly", { mode: "boolean" }).notNull().default(false),
    lastLoginAt: timestamp("last_login_at"),
    /** The tour this user last chose to work on: pages without ?turne= open on it (issue 13). */
    chosenTourId: text("chosen_tour_id").references(() => tours.id, { onDelete: "set null" }),
    /** How a planner hears of new notices by e-mail. */
    noticeEmail: text("notice_email", { enum: NOTICE_EMAIL_MODES }).notNull().default("immediate"),
    /** Notices up to this instant count as read on the start page. */
    noticesSeenAt: timestamp("notices_seen_at"),
    /** The last daily digest covered notices up to this instant. */
    digestSentAt: timestamp("digest_sent_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

export const userAnswerGroups = sqliteTable(
  "user_answer_groups",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    groupCode: text("group_code")
      .notNull()
      .references(() => answerGroups.code),
  },
  (t) => [primaryKey({ columns: [t.userId, t.groupCode] })],
);

export const userAdvisorFunctions = sqliteTable(
  "user_advisor_functions",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    functionCode: text("function_code")
      .notNull()
      .references(() => advisorFunctions.code),
  },
  (t) => [primaryKey({ columns: [t.userId, t.functionCode] })],
);

/** Login sessions. The id is the SHA-256 of the random token in the cookie; the token itself is never stored. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at").notNull(),
    /** A single sign-on session: the provider's ID token, the hint for its logout (ADR 036). */
    oidcIdToken: text("oidc_id_token"),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

/**
 * A user's account at the single sign-on provider (ADR 036): the provider's issuer and the
 * account's subject, which stay the same when the e-mail address changes.
 */
export const userIdentities = sqliteTable(
  "user_identities",
  {
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastLoginAt: timestamp("last_login_at"),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), index("user_identities_user_idx").on(t.userId)],
);

/**
 * A single sign-on on its way (ADR 036): the SHA-256 of its state, and the PKCE verifier and nonce
 * that only this server knows. Used once, within ten minutes.
 */
export const oidcLogins = sqliteTable(
  "oidc_logins",
  {
    stateHash: text("state_hash").primaryKey(),
    codeVerifier: text("code_verifier").notNull(),
    nonce: text("nonce").notNull(),
    redirectTo: text("redirect_to").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
  },
  (t) => [index("oidc_logins_expires_idx").on(t.expiresAt)],
);

/** Who did what to which entity, and when. Details never hold passwords or tokens. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: id(),
    at: createdAt(),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [index("audit_entity_idx").on(t.entityType, t.entityId, t.at), index("audit_at_idx").on(t.at)],
);

/**
 * Sliding-window rate limits shared by every server process on the same database.
 * The key is a SHA-256 of what is limited (an IP address, an account), so no address is kept in clear.
 */
export const rateLimitHits = sqliteTable(
  "rate_limit_hits",
  {
    id: id(),
    bucket: text("bucket").notNull(),
    keyHash: text("key_hash").notNull(),
    at: timestamp("at").notNull(),
  },
  (t) => [index("rate_limit_lookup_idx").on(t.bucket, t.keyHash, t.at)],
);

/**
 * Something a tour leader should hear about: an answer, a withdrawal, a sign-up, a failed delivery.
 * Written in the transaction of the event itself; shown on the start page as "Nytt sedan sist" and
 * e-mailed at once or in a daily digest. The text names organisations and stops, never a byalag contact.
 */
export const plannerNotices = sqliteTable(
  "planner_notices",
  {
    id: id(),
    kind: text("kind", { enum: PLANNER_NOTICE_KINDS }).notNull(),
    tourId: text("tour_id").references(() => tours.id, { onDelete: "cascade" }),
    stopId: text("stop_id").references(() => stops.id, { onDelete: "set null" }),
    /** Swedish, one line: "Ängelholms byalag tackade ja till tis 11 maj 2027 18:00–20:00." */
    text: text("text").notNull(),
    /** Where the notice leads in the app, a path such as /inbjudningar/abc. */
    href: text("href"),
    at: createdAt(),
  },
  (t) => [index("planner_notices_at_idx").on(t.at)],
);

/** One year's (or season's) tour, e.g. "KC rullar ut 2027", with its focus. */
export const tours = sqliteTable(
  "tours",
  {
    id: id(),
    name: text("name").notNull(),
    focus: text("focus").notNull().default(""),
    /** The period as calendar dates in Swedish time, YYYY-MM-DD, both inclusive. */
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    /** Area tags the tour aims at, e.g. ["socioekonomiskt fokus"]. */
    targetTags: text("target_tags", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    archivedAt: timestamp("archived_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("tours_starts_on_idx").on(t.startsOn)],
);

/** One event of a tour: a byalag visit, an info evening at KC, a fair, a market, the city festival. */
export const stops = sqliteTable(
  "stops",
  {
    id: id(),
    tourId: text("tour_id")
      .notNull()
      .references(() => tours.id, { onDelete: "restrict" }),
    title: text("title").notNull(),
    kind: text("kind", { enum: STOP_KINDS }).notNull(),
    areaId: text("area_id").references(() => areas.id, { onDelete: "restrict" }),
    organizationId: text("organization_id").references(() => organizations.id, { onDelete: "restrict" }),
    venueName: text("venue_name"),
    venueAddress: text("venue_address"),
    lat: real("lat").notNull(),
    lng: real("lng").notNull(),
    startsAt: timestamp("starts_at").notNull(),
    endsAt: timestamp("ends_at").notNull(),
    status: text("status", { enum: STOP_STATUSES }).notNull().default("proposed"),
    /** Shown on the public schedule once the stop is confirmed. */
    publicDescription: text("public_description"),
    /** Never shown outside the app. */
    internalNotes: text("internal_notes"),
    expectedVisitors: integer("expected_visitors"),
    actualVisitors: integer("actual_visitors"),
    summary: text("summary"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("stops_tour_starts_idx").on(t.tourId, t.startsAt),
    index("stops_starts_idx").on(t.startsAt),
    index("stops_status_starts_idx").on(t.status, t.startsAt),
    index("stops_area_status_idx").on(t.areaId, t.status, t.startsAt),
    index("stops_organization_idx").on(t.organizationId),
    check("stops_ends_after_start", sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * What a stop needs of each advisor function or answer group: "1 konsumentrådgivare, 2 kommunvägledare BBMT".
 * Exactly one of functionCode and groupCode is set.
 */
export const stopNeeds = sqliteTable(
  "stop_needs",
  {
    id: id(),
    stopId: text("stop_id")
      .notNull()
      .references(() => stops.id, { onDelete: "cascade" }),
    functionCode: text("function_code").references(() => advisorFunctions.code),
    groupCode: text("group_code").references(() => answerGroups.code),
    count: integer("count").notNull().default(1),
  },
  (t) => [
    index("stop_needs_stop_idx").on(t.stopId),
    // NULLs are distinct in SQLite unique indexes, hence one partial index per kind of need.
    uniqueIndex("stop_needs_function_unique")
      .on(t.stopId, t.functionCode)
      .where(sql`${t.functionCode} is not null`),
    uniqueIndex("stop_needs_group_unique")
      .on(t.stopId, t.groupCode)
      .where(sql`${t.groupCode} is not null`),
    check("stop_needs_one_target", sql`(${t.functionCode} is null) <> (${t.groupCode} is null)`),
    check("stop_needs_count_positive", sql`${t.count} > 0`),
  ],
);

/** A staff member's leave, vacation or other absence: Stockholm dates, both inclusive. */
export const staffAbsences = sqliteTable(
  "staff_absences",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ABSENCE_KINDS }).notNull(),
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [index("staff_absences_user_idx").on(t.userId, t.startsOn), check("staff_absences_ends_after_start", sql`${t.endsOn} >= ${t.startsOn}`)],
);

/**
 * A person on a stop, in the role of one advisor function or answer group (exactly one is set).
 * Self sign-ups start as "requested" until the tour leader confirms; the tour leader's assignments are confirmed.
 * The role is kept on the assignment, not as a link to a need, so changing the needs never drops a person:
 * an assignment beyond the needs shows as over-staffing instead.
 */
export const stopAssignments = sqliteTable(
  "stop_assignments",
  {
    id: id(),
    stopId: text("stop_id")
      .notNull()
      .references(() => stops.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    functionCode: text("function_code").references(() => advisorFunctions.code),
    groupCode: text("group_code").references(() => answerGroups.code),
    status: text("status", { enum: ASSIGNMENT_STATUSES }).notNull().default("requested"),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    confirmedAt: timestamp("confirmed_at"),
  },
  (t) => [
    uniqueIndex("stop_assignments_stop_user_unique").on(t.stopId, t.userId),
    index("stop_assignments_user_idx").on(t.userId),
    // The sign-ups waiting for a tour leader: few, and counted on every start page (issue 15).
    index("stop_assignments_requested_idx")
      .on(t.stopId)
      .where(sql`${t.status} = 'requested'`),
    check("stop_assignments_one_role", sql`(${t.functionCode} is null) <> (${t.groupCode} is null)`),
  ],
);

/** A user's key for subscribing to calendar feeds. Only its hash is stored; revoking sets revokedAt. */
export const calendarFeedKeys = sqliteTable(
  "calendar_feed_keys",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    keyHash: text("key_hash").notNull(),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at"),
  },
  (t) => [uniqueIndex("calendar_feed_keys_hash_unique").on(t.keyHash), index("calendar_feed_keys_user_idx").on(t.userId)],
);

/** One sending of invitations: its text, its deadline, and (for visit offers) the proposed times. */
export const invitationBatches = sqliteTable(
  "invitation_batches",
  {
    id: id(),
    tourId: text("tour_id")
      .notNull()
      .references(() => tours.id, { onDelete: "restrict" }),
    kind: text("kind", { enum: INVITATION_KINDS }).notNull(),
    /** The info evening invited to (kind info_evening). */
    stopId: text("stop_id").references(() => stops.id, { onDelete: "restrict" }),
    subject: text("subject").notNull(),
    /** The message with placeholders such as {organisation}, {lank}, {sista_svarsdag}. */
    bodyTemplate: text("body_template").notNull(),
    /** Answers are accepted until the end of this Stockholm date (YYYY-MM-DD). */
    deadline: text("deadline").notNull(),
    /** Visit offers: may the contact suggest a time of their own? */
    allowOtherTime: integer("allow_other_time", { mode: "boolean" }).notNull().default(true),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("invitation_batches_tour_idx").on(t.tourId)],
);

/** A visit offer's proposed times (one to five). */
export const invitationTimes = sqliteTable(
  "invitation_times",
  {
    id: id(),
    batchId: text("batch_id")
      .notNull()
      .references(() => invitationBatches.id, { onDelete: "cascade" }),
    startsAt: timestamp("starts_at").notNull(),
    endsAt: timestamp("ends_at").notNull(),
    sortOrder: integer("sort_order").notNull(),
  },
  (t) => [index("invitation_times_batch_idx").on(t.batchId)],
);

/**
 * One organization's invitation. The link's token is random (256 bits); only its SHA-256 is kept.
 * `version` increases with every change, so concurrent replies can update conditionally.
 */
export const invitations = sqliteTable(
  "invitations",
  {
    id: id(),
    batchId: text("batch_id")
      .notNull()
      .references(() => invitationBatches.id, { onDelete: "cascade" }),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "restrict" }),
    status: text("status", { enum: INVITATION_STATUSES }).notNull().default("draft"),
    tokenHash: text("token_hash"),
    tokenExpiresAt: timestamp("token_expires_at"),
    sentAt: timestamp("sent_at"),
    openedAt: timestamp("opened_at"),
    respondedAt: timestamp("responded_at"),
    revokedAt: timestamp("revoked_at"),
    reminderSentAt: timestamp("reminder_sent_at"),
    visitReminderSentAt: timestamp("visit_reminder_sent_at"),
    /** The stop this invitation is about or led to (the info evening, or the visit after a yes). */
    stopId: text("stop_id").references(() => stops.id, { onDelete: "set null" }),
    version: integer("version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("invitations_token_unique").on(t.tokenHash),
    index("invitations_batch_idx").on(t.batchId),
    index("invitations_organization_idx").on(t.organizationId),
    index("invitations_status_idx").on(t.status),
  ],
);

/** The contact's answer. One per invitation; it may be changed until the deadline. */
export const invitationReplies = sqliteTable(
  "invitation_replies",
  {
    id: id(),
    invitationId: text("invitation_id")
      .notNull()
      .references(() => invitations.id, { onDelete: "cascade" }),
    answer: text("answer", { enum: ["yes", "no"] }).notNull(),
    chosenTimeId: text("chosen_time_id").references(() => invitationTimes.id, { onDelete: "set null" }),
    /** A time the contact suggests instead, as they wrote it. */
    suggestedTime: text("suggested_time"),
    advisorFunctions: text("advisor_functions", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    answerGroups: text("answer_groups", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    attendees: integer("attendees"),
    message: text("message"),
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("invitation_replies_invitation_unique").on(t.invitationId)],
);

/**
 * Every outgoing e-mail, written in the same transaction as what caused it and sent by a worker.
 * Holds the recipient's address only as long as needed (see the retention job).
 */
export const outboxMessages = sqliteTable(
  "outbox_messages",
  {
    id: id(),
    /** What the message is, e.g. "invitation", "confirmation", "reminder", "staff-notification". */
    kind: text("kind").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body"),
    attachments: text("attachments", { mode: "json" })
      .$type<{ filename: string; contentType: string; content: string }[]>()
      .notNull()
      .default(sql`'[]'`),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at").notNull(),
    /** Who is sending it right now (worker id) and since when: a claim that expires. */
    claimedBy: text("claimed_by"),
    claimedAt: timestamp("claimed_at"),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at"),
    /** The Message-ID the SMTP server accepted; bounces are matched on it. */
    messageId: text("message_id"),
    relatedType: text("related_type"),
    relatedId: text("related_id"),
    /**
     * A calendar invitation (iTIP, RFC 6047): the iCalendar text and its METHOD. The mail worker
     * sends it as a text/calendar part with that method and as an .ics attachment (issue 16).
     */
    calendarMethod: text("calendar_method", { enum: ["REQUEST", "CANCEL"] }),
    calendarContent: text("calendar_content"),
    calendarFilename: text("calendar_filename"),
    createdAt: createdAt(),
  },
  (t) => [
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("outbox_related_idx").on(t.relatedType, t.relatedId),
    index("outbox_created_idx").on(t.createdAt),
  ],
);

/** Configurable: the departments (förvaltningar) a field question can be forwarded to. */
export const departments = sqliteTable("departments", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
});

/** Configurable: topic tags for field questions (trafik, stadsmiljö, fritid, bygglov …). */
export const questionTopics = sqliteTable("question_topics", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
});

/**
 * A question a resident raised at a stop, logged by staff in the field. The id is the UUID the
 * client made when the question was saved (maybe offline), so inserting it twice is harmless.
 * Contact details are kept only when the resident wants a reply.
 */
export const fieldQuestions = sqliteTable(
  "field_questions",
  {
    id: text("id").primaryKey(),
    stopId: text("stop_id")
      .notNull()
      .references(() => stops.id, { onDelete: "restrict" }),
    loggedByUserId: text("logged_by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** When the question was logged on the device (it may reach the server much later). */
    loggedAt: timestamp("logged_at").notNull(),
    receivedAt: createdAt(),
    question: text("question").notNull(),
    /** The category: an answer group or an advisor function (one of them), or neither for "övrigt". */
    groupCode: text("group_code").references(() => answerGroups.code),
    functionCode: text("function_code").references(() => advisorFunctions.code),
    topics: text("topics", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    answeredOnSpot: integer("answered_on_spot", { mode: "boolean" }).notNull(),
    answer: text("answer"),
    departmentCode: text("department_code").references(() => departments.code),
    replyWanted: integer("reply_wanted", { mode: "boolean" }).notNull().default(false),
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    contactEmail: text("contact_email"),
    /** The area the question concerns (the stop's by default), and a point if one was set on the map. */
    areaId: text("area_id").references(() => areas.id, { onDelete: "set null" }),
    lat: real("lat"),
    lng: real("lng"),
  },
  (t) => [
    index("field_questions_stop_idx").on(t.stopId, t.loggedAt),
    index("field_questions_user_idx").on(t.loggedByUserId, t.loggedAt),
    index("field_questions_logged_idx").on(t.loggedAt),
    // The few questions that still hold a resident's contact details, for the retention purge.
    index("field_questions_contact_idx")
      .on(t.id)
      .where(sql`${t.contactName} is not null or ${t.contactPhone} is not null or ${t.contactEmail} is not null`),
    check("field_questions_one_category", sql`${t.groupCode} is null or ${t.functionCode} is null`),
  ],
);

/**
 * The Swedish (Europe/Stockholm) date of an instant stored in milliseconds, in SQL: UTC+1, or UTC+2
 * from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October (the EU
 * rule Sweden has followed since 1996). Triggers cannot call JavaScript, and the report's periods
 * are whole Swedish days, so the aggregates below are kept per Swedish day.
 */
export function stockholmDaySql(column: string): string {
  const t = `(${column} / 1000)`;
  const year = `strftime('%Y', ${t}, 'unixepoch')`;
  const lastSunday = (month: string) => `(cast(strftime('%s', date(${year} || '-${month}-31', '-6 days', 'weekday 0')) as integer) + 3600)`;
  return `date(${t} + case when ${t} >= ${lastSunday("03")} and ${t} < ${lastSunday("10")} then 7200 else 3600 end, 'unixepoch')`;
}

/**
 * The yearly report's question figures, kept up to date by triggers in the same transaction as
 * every write to field_questions and cases (migration 0012), so a cold report reads these groups
 * instead of every question: the questions with their cases counted per stop, Swedish day,
 * category, department, case status and area. '' stands for "none" (department, area), since a key
 * column cannot hold NULL. Cancelled stops stay in here and are left out when read, like the tour.
 */
export const questionCounts = sqliteTable(
  "question_counts",
  {
    stopId: text("stop_id")
      .notNull()
      .references(() => stops.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    category: text("category").notNull(),
    departmentCode: text("department_code").notNull(),
    status: text("status", { enum: CASE_STATUSES }).notNull(),
    areaId: text("area_id").notNull(),
    questions: integer("questions").notNull(),
    answeredOnSpot: integer("answered_on_spot").notNull(),
  },
  (t) => [primaryKey({ columns: [t.stopId, t.day, t.category, t.departmentCode, t.status, t.areaId] }), index("question_counts_day_idx").on(t.day)],
);

/** As question_counts, by topic (a question with several topics counts once under each) and area. */
export const questionTopicCounts = sqliteTable(
  "question_topic_counts",
  {
    stopId: text("stop_id")
      .notNull()
      .references(() => stops.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    topic: text("topic").notNull(),
    areaId: text("area_id").notNull(),
    questions: integer("questions").notNull(),
  },
  (t) => [primaryKey({ columns: [t.stopId, t.day, t.topic, t.areaId] }), index("question_topic_counts_day_idx").on(t.day)],
);

/**
 * A version per Swedish calendar year ("2027") of the question counts the report reads, bumped by
 * triggers (migration 0014) on every change of question_counts or question_topic_counts in that
 * year, and on a change of a stop's status or tour that has counts in it (a cancelled stop's
 * questions leave the report). The report keeps each whole year's question figures until their
 * year's version changes, so a question logged today leaves the past years' figures as they are.
 */
export const reportYearVersions = sqliteTable("report_year_versions", {
  year: text("year").primaryKey(),
  version: integer("version").notNull().default(0),
});

/** A version per group of tables (db/data-groups.ts), bumped by triggers on every write (migration 0013). */
export const dataVersions = sqliteTable("data_versions", {
  grp: text("grp").primaryKey(),
  version: integer("version").notNull().default(0),
});

/** Case numbers run per year: KC-2027-000123. */
export const caseCounters = sqliteTable("case_counters", {
  year: integer("year").primaryKey(),
  last: integer("last").notNull(),
});

/**
 * A case (ärende) in KC's case system: one per field question, made in the same transaction.
 * The list's filters are copied onto the case (tour, stop, category, department, who logged it),
 * so that the list at 200,000 cases reads one indexed table.
 */
export const cases = sqliteTable(
  "cases",
  {
    id: id(),
    number: text("number").notNull(),
    year: integer("year").notNull(),
    seq: integer("seq").notNull(),
    questionId: text("question_id")
      .notNull()
      .references(() => fieldQuestions.id, { onDelete: "cascade" }),
    status: text("status", { enum: CASE_STATUSES }).notNull(),
    tourId: text("tour_id")
      .notNull()
      .references(() => tours.id, { onDelete: "restrict" }),
    stopId: text("stop_id")
      .notNull()
      .references(() => stops.id, { onDelete: "restrict" }),
    /** "g:BSU", "f:consumer" or "other". */
    category: text("category").notNull(),
    departmentCode: text("department_code").references(() => departments.code),
    loggedByUserId: text("logged_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("cases_number_unique").on(t.number),
    uniqueIndex("cases_year_seq_unique").on(t.year, t.seq),
    uniqueIndex("cases_question_unique").on(t.questionId),
    index("cases_created_idx").on(t.createdAt),
    index("cases_tour_idx").on(t.tourId, t.createdAt),
    index("cases_stop_idx").on(t.stopId, t.createdAt),
    index("cases_status_idx").on(t.status, t.createdAt),
    index("cases_category_idx").on(t.category, t.createdAt),
    index("cases_department_idx").on(t.departmentCode, t.createdAt),
    index("cases_logged_by_idx").on(t.loggedByUserId, t.createdAt),
  ],
);

/** A case's history: created, status changes, follow-up notes, delivery and the external system's status. */
export const caseEvents = sqliteTable(
  "case_events",
  {
    id: id(),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    at: createdAt(),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind", { enum: CASE_EVENT_KINDS }).notNull(),
    note: text("note"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [index("case_events_case_idx").on(t.caseId, t.at)],
);

/**
 * The outbox towards the external case system: one row per case to deliver, written in the
 * same transaction as the case, claimed and sent by the delivery worker.
 */
export const caseDeliveries = sqliteTable(
  "case_deliveries",
  {
    caseId: text("case_id")
      .primaryKey()
      .references(() => cases.id, { onDelete: "cascade" }),
    adapter: text("adapter", { enum: CASE_ADAPTERS }).notNull(),
    status: text("status", { enum: CASE_DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at").notNull(),
    claimedBy: text("claimed_by"),
    claimedAt: timestamp("claimed_at"),
    lastError: text("last_error"),
    /** Open311: the service_request_id, or the token until the id is known. */
    externalId: text("external_id"),
    externalToken: text("external_token"),
    /** The external system's status ("open", "closed"), as last polled. */
    externalStatus: text("external_status"),
    deliveredAt: timestamp("delivered_at"),
    lastPolledAt: timestamp("last_polled_at"),
    /**
     * Set when a send may have reached the receiver without our knowing (a timeout, a lost
     * connection, a worker that died mid-send): Open311 looks for the request from this time before
     * sending again. See docs/decisions/022-case-delivery-pacing-and-uncertain-outcomes.md.
     */
    outcomeUnknownSince: timestamp("outcome_unknown_since"),
  },
  (t) => [index("case_deliveries_due_idx").on(t.status, t.nextAttemptAt), index("case_deliveries_poll_idx").on(t.status, t.lastPolledAt)],
);

/**
 * The case system connection, editable by admins (one row). Environment variables, when set,
 * take precedence (see app/env.server.ts). Secrets are never shown back in the UI.
 */
export const caseSystemSettings = sqliteTable("case_system_settings", {
  id: text("id").primaryKey().default("default"),
  adapter: text("adapter", { enum: CASE_ADAPTERS }).notNull().default("none"),
  open311BaseUrl: text("open311_base_url"),
  open311ApiKey: text("open311_api_key"),
  open311JurisdictionId: text("open311_jurisdiction_id"),
  /** Our categories and departments → service codes, e.g. {"department:miljo": "023", "g:BSU": "011"}; the rest are matched by name. */
  open311ServiceCodes: text("open311_service_codes", { mode: "json" })
    .$type<Record<string, string>>()
    .notNull()
    .default(sql`'{}'`),
  webhookUrl: text("webhook_url"),
  webhookSecret: text("webhook_secret"),
  /** The case system's inbox, for the e-mail adapter (Artvise, a shared mailbox; issue 17). */
  emailTo: text("email_to"),
  maxAttempts: integer("max_attempts").notNull().default(8),
  /** How long to wait for the receiver's answer, in seconds (issue 12; ADR 022). */
  timeoutSeconds: integer("timeout_seconds").notNull().default(30),
  updatedAt: updatedAt(),
});

export const areasRelations = relations(areas, ({ many }) => ({ organizations: many(organizations), stops: many(stops) }));
export const toursRelations = relations(tours, ({ many }) => ({ stops: many(stops) }));
export const stopsRelations = relations(stops, ({ one, many }) => ({
  tour: one(tours, { fields: [stops.tourId], references: [tours.id] }),
  area: one(areas, { fields: [stops.areaId], references: [areas.id] }),
  organization: one(organizations, { fields: [stops.organizationId], references: [organizations.id] }),
  needs: many(stopNeeds),
  assignments: many(stopAssignments),
}));
export const stopAssignmentsRelations = relations(stopAssignments, ({ one }) => ({
  stop: one(stops, { fields: [stopAssignments.stopId], references: [stops.id] }),
  user: one(users, { fields: [stopAssignments.userId], references: [users.id] }),
}));
export const stopNeedsRelations = relations(stopNeeds, ({ one }) => ({
  stop: one(stops, { fields: [stopNeeds.stopId], references: [stops.id] }),
}));
export const organizationsRelations = relations(organizations, ({ one, many }) => ({
  area: one(areas, { fields: [organizations.areaId], references: [areas.id] }),
  contacts: many(contacts),
}));
export const contactsRelations = relations(contacts, ({ one }) => ({
  organization: one(organizations, { fields: [contacts.organizationId], references: [organizations.id] }),
}));
export const usersRelations = relations(users, ({ many }) => ({
  answerGroups: many(userAnswerGroups),
  advisorFunctions: many(userAdvisorFunctions),
}));
export const userAnswerGroupsRelations = relations(userAnswerGroups, ({ one }) => ({
  user: one(users, { fields: [userAnswerGroups.userId], references: [users.id] }),
}));
export const userAdvisorFunctionsRelations = relations(userAdvisorFunctions, ({ one }) => ({
  user: one(users, { fields: [userAdvisorFunctions.userId], references: [users.id] }),
}));

export type Area = typeof areas.$inferSelect;
export type Organization = typeof organizations.$inferSelect;
export type Contact = typeof contacts.$inferSelect;
export type User = typeof users.$inferSelect;
export type Tour = typeof tours.$inferSelect;
export type Stop = typeof stops.$inferSelect;
export type StopNeed = typeof stopNeeds.$inferSelect;
export type InvitationBatch = typeof invitationBatches.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type InvitationReply = typeof invitationReplies.$inferSelect;
export type OutboxMessage = typeof outboxMessages.$inferSelect;
export type StaffAbsence = typeof staffAbsences.$inferSelect;
export type StopAssignment = typeof stopAssignments.$inferSelect;
export type Department = typeof departments.$inferSelect;
export type QuestionTopic = typeof questionTopics.$inferSelect;
export type FieldQuestion = typeof fieldQuestions.$inferSelect;
export type Case = typeof cases.$inferSelect;
export type CaseEvent = typeof caseEvents.$inferSelect;
export type CaseDelivery = typeof caseDeliveries.$inferSelect;
export type CaseSystemSettings = typeof caseSystemSettings.$inferSelect;
export type MunicipalitySettings = typeof municipalitySettings.$inferSelect;

/**
 * Keys for the report's JSON API (/api/rapport, issue 7), made and revoked by admins for the
 * municipality's dashboards. Only the SHA-256 of a key is stored; the key is shown once.
 * See docs/decisions/018-report-exports-and-api.md.
 */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: id(),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull(),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at"),
    revokedAt: timestamp("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_unique").on(t.keyHash)],
);
export type ApiKey = typeof apiKeys.$inferSelect;

/**
 * Calendar invitations (issue 16): one per stop and person who was sent a meeting request, a
 * booked staff member or a contact of an organization whose visit was accepted. The UID stays
 * the same for the stop and person; SEQUENCE grows with every update sent. What was last sent is
 * kept, so a change that does not touch the time, place or title sends nothing. The answer from
 * the person's calendar (METHOD:REPLY) is kept in partstat.
 */
export const calendarInvites = sqliteTable(
  "calendar_invites",
  {
    id: id(),
    stopId: text("stop_id")
      .notNull()
      .references(() => stops.id, { onDelete: "cascade" }),
    /** "u:<userId>" for staff, "c:<invitationId>:<e-mail>" for an organization's contact. */
    attendeeKey: text("attendee_key").notNull(),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    invitationId: text("invitation_id").references(() => invitations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    uid: text("uid").notNull(),
    sequence: integer("sequence").notNull().default(0),
    status: text("status", { enum: ["active", "cancelled"] }).notNull(),
    sentSummary: text("sent_summary").notNull(),
    sentStartsAt: timestamp("sent_starts_at").notNull(),
    sentEndsAt: timestamp("sent_ends_at").notNull(),
    sentLocation: text("sent_location"),
    /** ACCEPTED, DECLINED or TENTATIVE from the person's calendar; null until they answer. */
    partstat: text("partstat", { enum: ["ACCEPTED", "DECLINED", "TENTATIVE"] }),
    repliedAt: timestamp("replied_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("calendar_invites_stop_attendee_unique").on(t.stopId, t.attendeeKey), uniqueIndex("calendar_invites_uid_unique").on(t.uid)],
);

export type CalendarInvite = typeof calendarInvites.$inferSelect;
