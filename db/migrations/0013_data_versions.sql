-- Issue 15 (db/data-groups.ts): a version per group of tables, bumped by a trigger on every insert, update and delete.
CREATE TABLE `data_versions` (
	`grp` text PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `data_versions` (`grp`) VALUES ('places'), ('tours'), ('questions'), ('lists'), ('people');
--> statement-breakpoint
CREATE TRIGGER `data_version_areas_insert` AFTER INSERT ON `areas` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'places'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_areas_update` AFTER UPDATE ON `areas` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'places'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_areas_delete` AFTER DELETE ON `areas` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'places'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_organizations_insert` AFTER INSERT ON `organizations` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'places'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_organizations_update` AFTER UPDATE ON `organizations` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'places'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_organizations_delete` AFTER DELETE ON `organizations` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'places'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_contacts_insert` AFTER INSERT ON `contacts` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'places'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_contacts_update` AFTER UPDATE ON `contacts` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'places'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_contacts_delete` AFTER DELETE ON `contacts` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'places'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_tours_insert` AFTER INSERT ON `tours` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_tours_update` AFTER UPDATE ON `tours` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_tours_delete` AFTER DELETE ON `tours` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_stops_insert` AFTER INSERT ON `stops` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_stops_update` AFTER UPDATE ON `stops` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_stops_delete` AFTER DELETE ON `stops` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_stop_needs_insert` AFTER INSERT ON `stop_needs` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_stop_needs_update` AFTER UPDATE ON `stop_needs` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_stop_needs_delete` AFTER DELETE ON `stop_needs` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_stop_assignments_insert` AFTER INSERT ON `stop_assignments` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_stop_assignments_update` AFTER UPDATE ON `stop_assignments` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_stop_assignments_delete` AFTER DELETE ON `stop_assignments` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_staff_absences_insert` AFTER INSERT ON `staff_absences` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_staff_absences_update` AFTER UPDATE ON `staff_absences` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_staff_absences_delete` AFTER DELETE ON `staff_absences` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_invitation_batches_insert` AFTER INSERT ON `invitation_batches` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_invitation_batches_update` AFTER UPDATE ON `invitation_batches` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_invitation_batches_delete` AFTER DELETE ON `invitation_batches` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_invitation_times_insert` AFTER INSERT ON `invitation_times` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_invitation_times_update` AFTER UPDATE ON `invitation_times` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_invitation_times_delete` AFTER DELETE ON `invitation_times` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_invitations_insert` AFTER INSERT ON `invitations` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_invitations_update` AFTER UPDATE ON `invitations` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_invitations_delete` AFTER DELETE ON `invitations` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_invitation_replies_insert` AFTER INSERT ON `invitation_replies` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_invitation_replies_update` AFTER UPDATE ON `invitation_replies` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_invitation_replies_delete` AFTER DELETE ON `invitation_replies` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'tours'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_field_questions_insert` AFTER INSERT ON `field_questions` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_field_questions_update` AFTER UPDATE ON `field_questions` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_field_questions_delete` AFTER DELETE ON `field_questions` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_cases_insert` AFTER INSERT ON `cases` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_cases_update` AFTER UPDATE ON `cases` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_cases_delete` AFTER DELETE ON `cases` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_case_events_insert` AFTER INSERT ON `case_events` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_case_events_update` AFTER UPDATE ON `case_events` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_case_events_delete` AFTER DELETE ON `case_events` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_case_deliveries_insert` AFTER INSERT ON `case_deliveries` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_case_deliveries_update` AFTER UPDATE ON `case_deliveries` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_case_deliveries_delete` AFTER DELETE ON `case_deliveries` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_case_counters_insert` AFTER INSERT ON `case_counters` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_case_counters_update` AFTER UPDATE ON `case_counters` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_case_counters_delete` AFTER DELETE ON `case_counters` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_question_counts_insert` AFTER INSERT ON `question_counts` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_question_counts_update` AFTER UPDATE ON `question_counts` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_question_counts_delete` AFTER DELETE ON `question_counts` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_question_topic_counts_insert` AFTER INSERT ON `question_topic_counts` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_question_topic_counts_update` AFTER UPDATE ON `question_topic_counts` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_question_topic_counts_delete` AFTER DELETE ON `question_topic_counts` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'questions'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_municipality_settings_insert` AFTER INSERT ON `municipality_settings` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_municipality_settings_update` AFTER UPDATE ON `municipality_settings` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_municipality_settings_delete` AFTER DELETE ON `municipality_settings` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_case_system_settings_insert` AFTER INSERT ON `case_system_settings` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_case_system_settings_update` AFTER UPDATE ON `case_system_settings` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_case_system_settings_delete` AFTER DELETE ON `case_system_settings` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_answer_groups_insert` AFTER INSERT ON `answer_groups` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_answer_groups_update` AFTER UPDATE ON `answer_groups` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_answer_groups_delete` AFTER DELETE ON `answer_groups` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_advisor_functions_insert` AFTER INSERT ON `advisor_functions` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_advisor_functions_update` AFTER UPDATE ON `advisor_functions` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_advisor_functions_delete` AFTER DELETE ON `advisor_functions` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_departments_insert` AFTER INSERT ON `departments` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_departments_update` AFTER UPDATE ON `departments` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_departments_delete` AFTER DELETE ON `departments` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_question_topics_insert` AFTER INSERT ON `question_topics` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_question_topics_update` AFTER UPDATE ON `question_topics` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_question_topics_delete` AFTER DELETE ON `question_topics` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_stop_kinds_insert` AFTER INSERT ON `stop_kinds` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_stop_kinds_update` AFTER UPDATE ON `stop_kinds` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_stop_kinds_delete` AFTER DELETE ON `stop_kinds` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_organization_kinds_insert` AFTER INSERT ON `organization_kinds` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_organization_kinds_update` AFTER UPDATE ON `organization_kinds` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_organization_kinds_delete` AFTER DELETE ON `organization_kinds` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'lists'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_users_insert` AFTER INSERT ON `users` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'people'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_users_update` AFTER UPDATE ON `users` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'people'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_users_delete` AFTER DELETE ON `users` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'people'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_user_answer_groups_insert` AFTER INSERT ON `user_answer_groups` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'people'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_user_answer_groups_update` AFTER UPDATE ON `user_answer_groups` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'people'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_user_answer_groups_delete` AFTER DELETE ON `user_answer_groups` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'people'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_user_advisor_functions_insert` AFTER INSERT ON `user_advisor_functions` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'people'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_user_advisor_functions_update` AFTER UPDATE ON `user_advisor_functions` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'people'; END;
--> statement-breakpoint
CREATE TRIGGER `data_version_user_advisor_functions_delete` AFTER DELETE ON `user_advisor_functions` BEGIN UPDATE `data_versions` SET `version` = `version` + 1 WHERE `grp` = 'people'; END;
