CREATE TABLE `organization_kinds` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stop_kinds` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
-- The names every install starts with; the admin renames and deactivates them (Admin → Listor).
INSERT INTO `stop_kinds` (`code`, `name`, `sort_order`) VALUES ('village_visit', 'Byalagsbesök', 1), ('info_evening', 'Informationskväll', 2), ('fair', 'Mässa', 3), ('market', 'Marknad', 4), ('city_festival', 'Stadsfest', 5), ('other', 'Annat', 6);--> statement-breakpoint
INSERT INTO `organization_kinds` (`code`, `name`, `sort_order`) VALUES ('byalag', 'Byalag', 1), ('byaforening', 'Byaförening', 2), ('hembygdsforening', 'Hembygdsförening', 3), ('forening', 'Förening', 4), ('other', 'Annan organisation', 5);
