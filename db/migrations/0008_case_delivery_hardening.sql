ALTER TABLE `case_deliveries` ADD `outcome_unknown_since` integer;--> statement-breakpoint
ALTER TABLE `case_system_settings` ADD `timeout_seconds` integer DEFAULT 30 NOT NULL;