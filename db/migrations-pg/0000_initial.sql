CREATE TABLE "advisor_functions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"advisor_title" text NOT NULL,
	"sort_order" bigint NOT NULL,
	"active" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "answer_groups" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"sort_order" bigint NOT NULL,
	"active" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_by_user_id" text,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"last_used_at" bigint,
	"revoked_at" bigint
);
--> statement-breakpoint
CREATE TABLE "areas" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"population" bigint,
	"population_year" bigint,
	"geometry_geojson" text,
	"tags" text DEFAULT '[]' NOT NULL,
	"notes" text,
	"stat_code" text,
	"source" text,
	"position_estimated" integer DEFAULT 0 NOT NULL,
	"archived_at" bigint,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"updated_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" text PRIMARY KEY NOT NULL,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"actor_user_id" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"details" text
);
--> statement-breakpoint
CREATE TABLE "calendar_feed_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"revoked_at" bigint
);
--> statement-breakpoint
CREATE TABLE "calendar_invites" (
	"id" text PRIMARY KEY NOT NULL,
	"stop_id" text NOT NULL,
	"attendee_key" text NOT NULL,
	"user_id" text,
	"invitation_id" text,
	"email" text NOT NULL,
	"uid" text NOT NULL,
	"sequence" bigint DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"sent_summary" text NOT NULL,
	"sent_starts_at" bigint NOT NULL,
	"sent_ends_at" bigint NOT NULL,
	"sent_location" text,
	"partstat" text,
	"replied_at" bigint,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"updated_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_counters" (
	"year" bigint PRIMARY KEY NOT NULL,
	"last" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_deliveries" (
	"case_id" text PRIMARY KEY NOT NULL,
	"adapter" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" bigint DEFAULT 0 NOT NULL,
	"next_attempt_at" bigint NOT NULL,
	"claimed_by" text,
	"claimed_at" bigint,
	"last_error" text,
	"external_id" text,
	"external_token" text,
	"external_status" text,
	"delivered_at" bigint,
	"last_polled_at" bigint,
	"outcome_unknown_since" bigint
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"actor_user_id" text,
	"kind" text NOT NULL,
	"note" text,
	"details" text
);
--> statement-breakpoint
CREATE TABLE "case_system_settings" (
	"id" text PRIMARY KEY DEFAULT 'default' NOT NULL,
	"adapter" text DEFAULT 'none' NOT NULL,
	"open311_base_url" text,
	"open311_api_key" text,
	"open311_jurisdiction_id" text,
	"open311_service_codes" text DEFAULT '{}' NOT NULL,
	"webhook_url" text,
	"webhook_secret" text,
	"email_to" text,
	"max_attempts" bigint DEFAULT 8 NOT NULL,
	"timeout_seconds" bigint DEFAULT 30 NOT NULL,
	"updated_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"year" bigint NOT NULL,
	"seq" bigint NOT NULL,
	"question_id" text NOT NULL,
	"status" text NOT NULL,
	"tour_id" text NOT NULL,
	"stop_id" text NOT NULL,
	"category" text NOT NULL,
	"department_code" text,
	"logged_by_user_id" text,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"updated_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"name" text NOT NULL,
	"role" text,
	"email" text,
	"phone" text,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"updated_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_versions" (
	"grp" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sort_order" bigint DEFAULT 0 NOT NULL,
	"active" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "field_questions" (
	"id" text PRIMARY KEY NOT NULL,
	"stop_id" text NOT NULL,
	"logged_by_user_id" text,
	"logged_at" bigint NOT NULL,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"question" text NOT NULL,
	"group_code" text,
	"function_code" text,
	"topics" text DEFAULT '[]' NOT NULL,
	"answered_on_spot" integer NOT NULL,
	"answer" text,
	"department_code" text,
	"reply_wanted" integer DEFAULT 0 NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"contact_email" text,
	"area_id" text,
	"lat" double precision,
	"lng" double precision,
	CONSTRAINT "field_questions_one_category" CHECK ("group_code" is null or "function_code" is null)
);
--> statement-breakpoint
CREATE TABLE "invitation_batches" (
	"id" text PRIMARY KEY NOT NULL,
	"tour_id" text NOT NULL,
	"kind" text NOT NULL,
	"stop_id" text,
	"subject" text NOT NULL,
	"body_template" text NOT NULL,
	"deadline" text NOT NULL,
	"allow_other_time" integer DEFAULT 1 NOT NULL,
	"created_by_user_id" text,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitation_replies" (
	"id" text PRIMARY KEY NOT NULL,
	"invitation_id" text NOT NULL,
	"answer" text NOT NULL,
	"chosen_time_id" text,
	"suggested_time" text,
	"advisor_functions" text DEFAULT '[]' NOT NULL,
	"answer_groups" text DEFAULT '[]' NOT NULL,
	"attendees" bigint,
	"message" text,
	"contact_name" text,
	"contact_phone" text,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"updated_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitation_times" (
	"id" text PRIMARY KEY NOT NULL,
	"batch_id" text NOT NULL,
	"starts_at" bigint NOT NULL,
	"ends_at" bigint NOT NULL,
	"sort_order" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"batch_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"token_hash" text,
	"token_expires_at" bigint,
	"sent_at" bigint,
	"opened_at" bigint,
	"responded_at" bigint,
	"revoked_at" bigint,
	"reminder_sent_at" bigint,
	"visit_reminder_sent_at" bigint,
	"stop_id" text,
	"version" bigint DEFAULT 0 NOT NULL,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"updated_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "municipality_settings" (
	"id" text PRIMARY KEY DEFAULT 'default' NOT NULL,
	"name" text NOT NULL,
	"office_name" text NOT NULL,
	"office_address" text NOT NULL,
	"office_lat" double precision NOT NULL,
	"office_lng" double precision NOT NULL,
	"map_center_lat" double precision NOT NULL,
	"map_center_lng" double precision NOT NULL,
	"map_zoom" bigint NOT NULL,
	"boundary_geojson" text,
	"travel_buffer_minutes" bigint DEFAULT 30 NOT NULL,
	"staffing_cutoff_hours" bigint DEFAULT 48 NOT NULL,
	"contact_retention_days" bigint DEFAULT 30 NOT NULL,
	"municipality_code" text,
	"setup_completed_at" bigint,
	"updated_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oidc_logins" (
	"state_hash" text PRIMARY KEY NOT NULL,
	"code_verifier" text NOT NULL,
	"nonce" text NOT NULL,
	"redirect_to" text NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organization_kinds" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sort_order" bigint NOT NULL,
	"active" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"area_id" text NOT NULL,
	"website" text,
	"notes" text,
	"archived_at" bigint,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"updated_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"html_body" text,
	"attachments" text DEFAULT '[]' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" bigint DEFAULT 0 NOT NULL,
	"next_attempt_at" bigint NOT NULL,
	"claimed_by" text,
	"claimed_at" bigint,
	"last_error" text,
	"sent_at" bigint,
	"message_id" text,
	"related_type" text,
	"related_id" text,
	"calendar_method" text,
	"calendar_content" text,
	"calendar_filename" text,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "planner_notices" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"tour_id" text,
	"stop_id" text,
	"text" text NOT NULL,
	"href" text,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "question_counts" (
	"stop_id" text NOT NULL,
	"day" text NOT NULL,
	"category" text NOT NULL,
	"department_code" text NOT NULL,
	"status" text NOT NULL,
	"area_id" text NOT NULL,
	"questions" bigint NOT NULL,
	"answered_on_spot" bigint NOT NULL,
	CONSTRAINT "question_counts_stop_id_day_category_department_code_status_area_id_pk" PRIMARY KEY("stop_id","day","category","department_code","status","area_id")
);
--> statement-breakpoint
CREATE TABLE "question_topic_counts" (
	"stop_id" text NOT NULL,
	"day" text NOT NULL,
	"topic" text NOT NULL,
	"area_id" text NOT NULL,
	"questions" bigint NOT NULL,
	CONSTRAINT "question_topic_counts_stop_id_day_topic_area_id_pk" PRIMARY KEY("stop_id","day","topic","area_id")
);
--> statement-breakpoint
CREATE TABLE "question_topics" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sort_order" bigint DEFAULT 0 NOT NULL,
	"active" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_hits" (
	"id" text PRIMARY KEY NOT NULL,
	"bucket" text NOT NULL,
	"key_hash" text NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_year_versions" (
	"year" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"oidc_id_token" text
);
--> statement-breakpoint
CREATE TABLE "staff_absences" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"starts_on" text NOT NULL,
	"ends_on" text NOT NULL,
	"note" text,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	CONSTRAINT "staff_absences_ends_after_start" CHECK ("ends_on" >= "starts_on")
);
--> statement-breakpoint
CREATE TABLE "stop_assignments" (
	"id" text PRIMARY KEY NOT NULL,
	"stop_id" text NOT NULL,
	"user_id" text NOT NULL,
	"function_code" text,
	"group_code" text,
	"status" text DEFAULT 'requested' NOT NULL,
	"created_by_user_id" text,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"confirmed_at" bigint,
	CONSTRAINT "stop_assignments_one_role" CHECK (("function_code" is null) <> ("group_code" is null))
);
--> statement-breakpoint
CREATE TABLE "stop_kinds" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sort_order" bigint NOT NULL,
	"active" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stop_needs" (
	"id" text PRIMARY KEY NOT NULL,
	"stop_id" text NOT NULL,
	"function_code" text,
	"group_code" text,
	"count" bigint DEFAULT 1 NOT NULL,
	CONSTRAINT "stop_needs_one_target" CHECK (("function_code" is null) <> ("group_code" is null)),
	CONSTRAINT "stop_needs_count_positive" CHECK ("count" > 0)
);
--> statement-breakpoint
CREATE TABLE "stops" (
	"id" text PRIMARY KEY NOT NULL,
	"tour_id" text NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"area_id" text,
	"organization_id" text,
	"venue_name" text,
	"venue_address" text,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"starts_at" bigint NOT NULL,
	"ends_at" bigint NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"public_description" text,
	"internal_notes" text,
	"expected_visitors" bigint,
	"actual_visitors" bigint,
	"summary" text,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"updated_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	CONSTRAINT "stops_ends_after_start" CHECK ("ends_at" > "starts_at")
);
--> statement-breakpoint
CREATE TABLE "tours" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"focus" text DEFAULT '' NOT NULL,
	"starts_on" text NOT NULL,
	"ends_on" text NOT NULL,
	"target_tags" text DEFAULT '[]' NOT NULL,
	"archived_at" bigint,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"updated_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_advisor_functions" (
	"user_id" text NOT NULL,
	"function_code" text NOT NULL,
	CONSTRAINT "user_advisor_functions_user_id_function_code_pk" PRIMARY KEY("user_id","function_code")
);
--> statement-breakpoint
CREATE TABLE "user_answer_groups" (
	"user_id" text NOT NULL,
	"group_code" text NOT NULL,
	CONSTRAINT "user_answer_groups_user_id_group_code_pk" PRIMARY KEY("user_id","group_code")
);
--> statement-breakpoint
CREATE TABLE "user_identities" (
	"issuer" text NOT NULL,
	"subject" text NOT NULL,
	"user_id" text NOT NULL,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"last_login_at" bigint,
	CONSTRAINT "user_identities_issuer_subject_pk" PRIMARY KEY("issuer","subject")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"active" integer DEFAULT 1 NOT NULL,
	"hourly" integer DEFAULT 0 NOT NULL,
	"last_login_at" bigint,
	"chosen_tour_id" text,
	"notice_email" text DEFAULT 'immediate' NOT NULL,
	"notices_seen_at" bigint,
	"digest_sent_at" bigint,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"updated_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feed_keys" ADD CONSTRAINT "calendar_feed_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_invites" ADD CONSTRAINT "calendar_invites_stop_id_stops_id_fk" FOREIGN KEY ("stop_id") REFERENCES "public"."stops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_invites" ADD CONSTRAINT "calendar_invites_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_invites" ADD CONSTRAINT "calendar_invites_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_deliveries" ADD CONSTRAINT "case_deliveries_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_question_id_field_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."field_questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_tour_id_tours_id_fk" FOREIGN KEY ("tour_id") REFERENCES "public"."tours"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_stop_id_stops_id_fk" FOREIGN KEY ("stop_id") REFERENCES "public"."stops"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_department_code_departments_code_fk" FOREIGN KEY ("department_code") REFERENCES "public"."departments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_logged_by_user_id_users_id_fk" FOREIGN KEY ("logged_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_questions" ADD CONSTRAINT "field_questions_stop_id_stops_id_fk" FOREIGN KEY ("stop_id") REFERENCES "public"."stops"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_questions" ADD CONSTRAINT "field_questions_logged_by_user_id_users_id_fk" FOREIGN KEY ("logged_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_questions" ADD CONSTRAINT "field_questions_group_code_answer_groups_code_fk" FOREIGN KEY ("group_code") REFERENCES "public"."answer_groups"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_questions" ADD CONSTRAINT "field_questions_function_code_advisor_functions_code_fk" FOREIGN KEY ("function_code") REFERENCES "public"."advisor_functions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_questions" ADD CONSTRAINT "field_questions_department_code_departments_code_fk" FOREIGN KEY ("department_code") REFERENCES "public"."departments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_questions" ADD CONSTRAINT "field_questions_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_batches" ADD CONSTRAINT "invitation_batches_tour_id_tours_id_fk" FOREIGN KEY ("tour_id") REFERENCES "public"."tours"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_batches" ADD CONSTRAINT "invitation_batches_stop_id_stops_id_fk" FOREIGN KEY ("stop_id") REFERENCES "public"."stops"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_batches" ADD CONSTRAINT "invitation_batches_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_replies" ADD CONSTRAINT "invitation_replies_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_replies" ADD CONSTRAINT "invitation_replies_chosen_time_id_invitation_times_id_fk" FOREIGN KEY ("chosen_time_id") REFERENCES "public"."invitation_times"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_times" ADD CONSTRAINT "invitation_times_batch_id_invitation_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."invitation_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_batch_id_invitation_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."invitation_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_stop_id_stops_id_fk" FOREIGN KEY ("stop_id") REFERENCES "public"."stops"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner_notices" ADD CONSTRAINT "planner_notices_tour_id_tours_id_fk" FOREIGN KEY ("tour_id") REFERENCES "public"."tours"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner_notices" ADD CONSTRAINT "planner_notices_stop_id_stops_id_fk" FOREIGN KEY ("stop_id") REFERENCES "public"."stops"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_counts" ADD CONSTRAINT "question_counts_stop_id_stops_id_fk" FOREIGN KEY ("stop_id") REFERENCES "public"."stops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_topic_counts" ADD CONSTRAINT "question_topic_counts_stop_id_stops_id_fk" FOREIGN KEY ("stop_id") REFERENCES "public"."stops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_absences" ADD CONSTRAINT "staff_absences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stop_assignments" ADD CONSTRAINT "stop_assignments_stop_id_stops_id_fk" FOREIGN KEY ("stop_id") REFERENCES "public"."stops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stop_assignments" ADD CONSTRAINT "stop_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stop_assignments" ADD CONSTRAINT "stop_assignments_function_code_advisor_functions_code_fk" FOREIGN KEY ("function_code") REFERENCES "public"."advisor_functions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stop_assignments" ADD CONSTRAINT "stop_assignments_group_code_answer_groups_code_fk" FOREIGN KEY ("group_code") REFERENCES "public"."answer_groups"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stop_assignments" ADD CONSTRAINT "stop_assignments_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stop_needs" ADD CONSTRAINT "stop_needs_stop_id_stops_id_fk" FOREIGN KEY ("stop_id") REFERENCES "public"."stops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stop_needs" ADD CONSTRAINT "stop_needs_function_code_advisor_functions_code_fk" FOREIGN KEY ("function_code") REFERENCES "public"."advisor_functions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stop_needs" ADD CONSTRAINT "stop_needs_group_code_answer_groups_code_fk" FOREIGN KEY ("group_code") REFERENCES "public"."answer_groups"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stops" ADD CONSTRAINT "stops_tour_id_tours_id_fk" FOREIGN KEY ("tour_id") REFERENCES "public"."tours"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stops" ADD CONSTRAINT "stops_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stops" ADD CONSTRAINT "stops_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_advisor_functions" ADD CONSTRAINT "user_advisor_functions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_advisor_functions" ADD CONSTRAINT "user_advisor_functions_function_code_advisor_functions_code_fk" FOREIGN KEY ("function_code") REFERENCES "public"."advisor_functions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_answer_groups" ADD CONSTRAINT "user_answer_groups_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_answer_groups" ADD CONSTRAINT "user_answer_groups_group_code_answer_groups_code_fk" FOREIGN KEY ("group_code") REFERENCES "public"."answer_groups"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_chosen_tour_id_tours_id_fk" FOREIGN KEY ("chosen_tour_id") REFERENCES "public"."tours"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_unique" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "areas_name_idx" ON "areas" USING btree ("name");--> statement-breakpoint
CREATE INDEX "audit_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feed_keys_hash_unique" ON "calendar_feed_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "calendar_feed_keys_user_idx" ON "calendar_feed_keys" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_invites_stop_attendee_unique" ON "calendar_invites" USING btree ("stop_id","attendee_key");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_invites_uid_unique" ON "calendar_invites" USING btree ("uid");--> statement-breakpoint
CREATE INDEX "case_deliveries_due_idx" ON "case_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "case_deliveries_poll_idx" ON "case_deliveries" USING btree ("status","last_polled_at");--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_number_unique" ON "cases" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_year_seq_unique" ON "cases" USING btree ("year","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_question_unique" ON "cases" USING btree ("question_id");--> statement-breakpoint
CREATE INDEX "cases_created_idx" ON "cases" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "cases_tour_idx" ON "cases" USING btree ("tour_id","created_at");--> statement-breakpoint
CREATE INDEX "cases_stop_idx" ON "cases" USING btree ("stop_id","created_at");--> statement-breakpoint
CREATE INDEX "cases_status_idx" ON "cases" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "cases_category_idx" ON "cases" USING btree ("category","created_at");--> statement-breakpoint
CREATE INDEX "cases_department_idx" ON "cases" USING btree ("department_code","created_at");--> statement-breakpoint
CREATE INDEX "cases_logged_by_idx" ON "cases" USING btree ("logged_by_user_id","created_at");--> statement-breakpoint
CREATE INDEX "contacts_organization_idx" ON "contacts" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "field_questions_stop_idx" ON "field_questions" USING btree ("stop_id","logged_at");--> statement-breakpoint
CREATE INDEX "field_questions_user_idx" ON "field_questions" USING btree ("logged_by_user_id","logged_at");--> statement-breakpoint
CREATE INDEX "field_questions_logged_idx" ON "field_questions" USING btree ("logged_at");--> statement-breakpoint
CREATE INDEX "field_questions_contact_idx" ON "field_questions" USING btree ("id") WHERE "contact_name" is not null or "contact_phone" is not null or "contact_email" is not null;--> statement-breakpoint
CREATE INDEX "invitation_batches_tour_idx" ON "invitation_batches" USING btree ("tour_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invitation_replies_invitation_unique" ON "invitation_replies" USING btree ("invitation_id");--> statement-breakpoint
CREATE INDEX "invitation_times_batch_idx" ON "invitation_times" USING btree ("batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_unique" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invitations_batch_idx" ON "invitations" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "invitations_organization_idx" ON "invitations" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "invitations_status_idx" ON "invitations" USING btree ("status");--> statement-breakpoint
CREATE INDEX "oidc_logins_expires_idx" ON "oidc_logins" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "organizations_area_idx" ON "organizations" USING btree ("area_id");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox_messages" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "outbox_related_idx" ON "outbox_messages" USING btree ("related_type","related_id");--> statement-breakpoint
CREATE INDEX "outbox_created_idx" ON "outbox_messages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "planner_notices_at_idx" ON "planner_notices" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "question_counts_day_idx" ON "question_counts" USING btree ("day");--> statement-breakpoint
CREATE INDEX "question_topic_counts_day_idx" ON "question_topic_counts" USING btree ("day");--> statement-breakpoint
CREATE INDEX "rate_limit_lookup_idx" ON "rate_limit_hits" USING btree ("bucket","key_hash","at");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "staff_absences_user_idx" ON "staff_absences" USING btree ("user_id","starts_on");--> statement-breakpoint
CREATE UNIQUE INDEX "stop_assignments_stop_user_unique" ON "stop_assignments" USING btree ("stop_id","user_id");--> statement-breakpoint
CREATE INDEX "stop_assignments_user_idx" ON "stop_assignments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "stop_assignments_requested_idx" ON "stop_assignments" USING btree ("stop_id") WHERE "status" = 'requested';--> statement-breakpoint
CREATE INDEX "stop_needs_stop_idx" ON "stop_needs" USING btree ("stop_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stop_needs_function_unique" ON "stop_needs" USING btree ("stop_id","function_code") WHERE "function_code" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "stop_needs_group_unique" ON "stop_needs" USING btree ("stop_id","group_code") WHERE "group_code" is not null;--> statement-breakpoint
CREATE INDEX "stops_tour_starts_idx" ON "stops" USING btree ("tour_id","starts_at");--> statement-breakpoint
CREATE INDEX "stops_starts_idx" ON "stops" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "stops_status_starts_idx" ON "stops" USING btree ("status","starts_at");--> statement-breakpoint
CREATE INDEX "stops_area_status_idx" ON "stops" USING btree ("area_id","status","starts_at");--> statement-breakpoint
CREATE INDEX "stops_organization_idx" ON "stops" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "tours_starts_on_idx" ON "tours" USING btree ("starts_on");--> statement-breakpoint
CREATE INDEX "user_identities_user_idx" ON "user_identities" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_unique" ON "users" USING btree ("email");