CREATE TABLE `staff_absences` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`note` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "staff_absences_ends_after_start" CHECK("staff_absences"."ends_on" >= "staff_absences"."starts_on")
);
--> statement-breakpoint
CREATE INDEX `staff_absences_user_idx` ON `staff_absences` (`user_id`,`starts_on`);--> statement-breakpoint
CREATE TABLE `stop_assignments` (
	`id` text PRIMARY KEY NOT NULL,
	`stop_id` text NOT NULL,
	`user_id` text NOT NULL,
	`function_code` text,
	`group_code` text,
	`status` text DEFAULT 'requested' NOT NULL,
	`created_by_user_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`confirmed_at` integer,
	FOREIGN KEY (`stop_id`) REFERENCES `stops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`function_code`) REFERENCES `advisor_functions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_code`) REFERENCES `answer_groups`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "stop_assignments_one_role" CHECK(("stop_assignments"."function_code" is null) <> ("stop_assignments"."group_code" is null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stop_assignments_stop_user_unique` ON `stop_assignments` (`stop_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `stop_assignments_user_idx` ON `stop_assignments` (`user_id`);--> statement-breakpoint
ALTER TABLE `municipality_settings` ADD `travel_buffer_minutes` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE `municipality_settings` ADD `staffing_cutoff_hours` integer DEFAULT 48 NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `hourly` integer DEFAULT false NOT NULL;