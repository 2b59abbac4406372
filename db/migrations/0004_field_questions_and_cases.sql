CREATE TABLE `case_counters` (
	`year` integer PRIMARY KEY NOT NULL,
	`last` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `case_deliveries` (
	`case_id` text PRIMARY KEY NOT NULL,
	`adapter` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claimed_by` text,
	`claimed_at` integer,
	`last_error` text,
	`external_id` text,
	`external_token` text,
	`external_status` text,
	`delivered_at` integer,
	`last_polled_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `case_deliveries_due_idx` ON `case_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `case_deliveries_poll_idx` ON `case_deliveries` (`status`,`last_polled_at`);--> statement-breakpoint
CREATE TABLE `case_events` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`actor_user_id` text,
	`kind` text NOT NULL,
	`note` text,
	`details` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `case_events_case_idx` ON `case_events` (`case_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `case_system_settings` (
	`id` text PRIMARY KEY DEFAULT 'default' NOT NULL,
	`adapter` text DEFAULT 'none' NOT NULL,
	`open311_base_url` text,
	`open311_api_key` text,
	`open311_jurisdiction_id` text,
	`open311_service_codes` text DEFAULT '{}' NOT NULL,
	`webhook_url` text,
	`webhook_secret` text,
	`max_attempts` integer DEFAULT 8 NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`year` integer NOT NULL,
	`seq` integer NOT NULL,
	`question_id` text NOT NULL,
	`status` text NOT NULL,
	`tour_id` text NOT NULL,
	`stop_id` text NOT NULL,
	`category` text NOT NULL,
	`department_code` text,
	`logged_by_user_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`question_id`) REFERENCES `field_questions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tour_id`) REFERENCES `tours`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`stop_id`) REFERENCES `stops`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`department_code`) REFERENCES `departments`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`logged_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_number_unique` ON `cases` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_year_seq_unique` ON `cases` (`year`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_question_unique` ON `cases` (`question_id`);--> statement-breakpoint
CREATE INDEX `cases_created_idx` ON `cases` (`created_at`);--> statement-breakpoint
CREATE INDEX `cases_tour_idx` ON `cases` (`tour_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_stop_idx` ON `cases` (`stop_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_status_idx` ON `cases` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_category_idx` ON `cases` (`category`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_department_idx` ON `cases` (`department_code`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_logged_by_idx` ON `cases` (`logged_by_user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `departments` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE `field_questions` (
	`id` text PRIMARY KEY NOT NULL,
	`stop_id` text NOT NULL,
	`logged_by_user_id` text,
	`logged_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`question` text NOT NULL,
	`group_code` text,
	`function_code` text,
	`topics` text DEFAULT '[]' NOT NULL,
	`answered_on_spot` integer NOT NULL,
	`answer` text,
	`department_code` text,
	`reply_wanted` integer DEFAULT false NOT NULL,
	`contact_name` text,
	`contact_phone` text,
	`contact_email` text,
	`area_id` text,
	`lat` real,
	`lng` real,
	FOREIGN KEY (`stop_id`) REFERENCES `stops`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`logged_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`group_code`) REFERENCES `answer_groups`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`function_code`) REFERENCES `advisor_functions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_code`) REFERENCES `departments`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "field_questions_one_category" CHECK("field_questions"."group_code" is null or "field_questions"."function_code" is null)
);
--> statement-breakpoint
CREATE INDEX `field_questions_stop_idx` ON `field_questions` (`stop_id`,`logged_at`);--> statement-breakpoint
CREATE INDEX `field_questions_user_idx` ON `field_questions` (`logged_by_user_id`,`logged_at`);--> statement-breakpoint
CREATE INDEX `field_questions_logged_idx` ON `field_questions` (`logged_at`);--> statement-breakpoint
CREATE TABLE `question_topics` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
