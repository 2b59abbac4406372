CREATE TABLE `calendar_feed_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feed_keys_hash_unique` ON `calendar_feed_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `calendar_feed_keys_user_idx` ON `calendar_feed_keys` (`user_id`);--> statement-breakpoint
CREATE TABLE `stop_needs` (
	`id` text PRIMARY KEY NOT NULL,
	`stop_id` text NOT NULL,
	`function_code` text,
	`group_code` text,
	`count` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`stop_id`) REFERENCES `stops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`function_code`) REFERENCES `advisor_functions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_code`) REFERENCES `answer_groups`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "stop_needs_one_target" CHECK(("stop_needs"."function_code" is null) <> ("stop_needs"."group_code" is null)),
	CONSTRAINT "stop_needs_count_positive" CHECK("stop_needs"."count" > 0)
);
--> statement-breakpoint
CREATE INDEX `stop_needs_stop_idx` ON `stop_needs` (`stop_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `stop_needs_function_unique` ON `stop_needs` (`stop_id`,`function_code`) WHERE "stop_needs"."function_code" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `stop_needs_group_unique` ON `stop_needs` (`stop_id`,`group_code`) WHERE "stop_needs"."group_code" is not null;--> statement-breakpoint
CREATE TABLE `stops` (
	`id` text PRIMARY KEY NOT NULL,
	`tour_id` text NOT NULL,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`area_id` text,
	`organization_id` text,
	`venue_name` text,
	`venue_address` text,
	`lat` real NOT NULL,
	`lng` real NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text DEFAULT 'proposed' NOT NULL,
	`public_description` text,
	`internal_notes` text,
	`expected_visitors` integer,
	`actual_visitors` integer,
	`summary` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tour_id`) REFERENCES `tours`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "stops_ends_after_start" CHECK("stops"."ends_at" > "stops"."starts_at")
);
--> statement-breakpoint
CREATE INDEX `stops_tour_starts_idx` ON `stops` (`tour_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `stops_starts_idx` ON `stops` (`starts_at`);--> statement-breakpoint
CREATE INDEX `stops_status_starts_idx` ON `stops` (`status`,`starts_at`);--> statement-breakpoint
CREATE INDEX `stops_area_status_idx` ON `stops` (`area_id`,`status`,`starts_at`);--> statement-breakpoint
CREATE INDEX `stops_organization_idx` ON `stops` (`organization_id`);--> statement-breakpoint
CREATE TABLE `tours` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`focus` text DEFAULT '' NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`target_tags` text DEFAULT '[]' NOT NULL,
	`archived_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tours_starts_on_idx` ON `tours` (`starts_on`);