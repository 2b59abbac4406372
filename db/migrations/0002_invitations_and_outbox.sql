CREATE TABLE `invitation_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`tour_id` text NOT NULL,
	`kind` text NOT NULL,
	`stop_id` text,
	`subject` text NOT NULL,
	`body_template` text NOT NULL,
	`deadline` text NOT NULL,
	`allow_other_time` integer DEFAULT true NOT NULL,
	`created_by_user_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tour_id`) REFERENCES `tours`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`stop_id`) REFERENCES `stops`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `invitation_batches_tour_idx` ON `invitation_batches` (`tour_id`);--> statement-breakpoint
CREATE TABLE `invitation_replies` (
	`id` text PRIMARY KEY NOT NULL,
	`invitation_id` text NOT NULL,
	`answer` text NOT NULL,
	`chosen_time_id` text,
	`suggested_time` text,
	`advisor_functions` text DEFAULT '[]' NOT NULL,
	`answer_groups` text DEFAULT '[]' NOT NULL,
	`attendees` integer,
	`message` text,
	`contact_name` text,
	`contact_phone` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`chosen_time_id`) REFERENCES `invitation_times`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitation_replies_invitation_unique` ON `invitation_replies` (`invitation_id`);--> statement-breakpoint
CREATE TABLE `invitation_times` (
	`id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`sort_order` integer NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `invitation_batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `invitation_times_batch_idx` ON `invitation_times` (`batch_id`);--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`token_hash` text,
	`token_expires_at` integer,
	`sent_at` integer,
	`opened_at` integer,
	`responded_at` integer,
	`revoked_at` integer,
	`reminder_sent_at` integer,
	`visit_reminder_sent_at` integer,
	`stop_id` text,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `invitation_batches`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`stop_id`) REFERENCES `stops`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitations_batch_idx` ON `invitations` (`batch_id`);--> statement-breakpoint
CREATE INDEX `invitations_organization_idx` ON `invitations` (`organization_id`);--> statement-breakpoint
CREATE INDEX `invitations_status_idx` ON `invitations` (`status`);--> statement-breakpoint
CREATE TABLE `outbox_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`html_body` text,
	`attachments` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claimed_by` text,
	`claimed_at` integer,
	`last_error` text,
	`sent_at` integer,
	`message_id` text,
	`related_type` text,
	`related_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox_messages` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_related_idx` ON `outbox_messages` (`related_type`,`related_id`);--> statement-breakpoint
CREATE INDEX `outbox_created_idx` ON `outbox_messages` (`created_at`);