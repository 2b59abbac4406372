CREATE TABLE `planner_notices` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`tour_id` text,
	`stop_id` text,
	`text` text NOT NULL,
	`href` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tour_id`) REFERENCES `tours`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`stop_id`) REFERENCES `stops`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `planner_notices_at_idx` ON `planner_notices` (`created_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `chosen_tour_id` text REFERENCES tours(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `users` ADD `notice_email` text DEFAULT 'immediate' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `notices_seen_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `digest_sent_at` integer;