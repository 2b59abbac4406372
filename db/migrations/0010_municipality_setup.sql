ALTER TABLE `advisor_functions` ADD `active` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `answer_groups` ADD `active` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `municipality_settings` ADD `municipality_code` text;--> statement-breakpoint
ALTER TABLE `municipality_settings` ADD `setup_completed_at` integer;--> statement-breakpoint
-- Installs from before the set-up were loaded with Helsingborg's reference data at start: they are set up.
UPDATE `municipality_settings` SET `setup_completed_at` = cast(unixepoch('subsec') * 1000 as integer), `municipality_code` = '1283' WHERE `setup_completed_at` IS NULL;
