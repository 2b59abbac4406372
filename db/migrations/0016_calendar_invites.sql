CREATE TABLE `calendar_invites` (
	`id` text PRIMARY KEY NOT NULL,
	`stop_id` text NOT NULL,
	`attendee_key` text NOT NULL,
	`user_id` text,
	`invitation_id` text,
	`email` text NOT NULL,
	`uid` text NOT NULL,
	`sequence` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`sent_summary` text NOT NULL,
	`sent_starts_at` integer NOT NULL,
	`sent_ends_at` integer NOT NULL,
	`sent_location` text,
	`partstat` text,
	`replied_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`stop_id`) REFERENCES `stops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_invites_stop_attendee_unique` ON `calendar_invites` (`stop_id`,`attendee_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_invites_uid_unique` ON `calendar_invites` (`uid`);--> statement-breakpoint
ALTER TABLE `outbox_messages` ADD `calendar_method` text;--> statement-breakpoint
ALTER TABLE `outbox_messages` ADD `calendar_content` text;--> statement-breakpoint
ALTER TABLE `outbox_messages` ADD `calendar_filename` text;
--> statement-breakpoint
CREATE TRIGGER `data_version_calendar_invites_insert` AFTER INSERT ON `calendar_invites` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_calendar_invites_update` AFTER UPDATE ON `calendar_invites` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_calendar_invites_delete` AFTER DELETE ON `calendar_invites` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
