CREATE TABLE `report_year_versions` (
	`year` text PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER report_year_question_counts_insert AFTER INSERT ON question_counts BEGIN
  INSERT INTO report_year_versions (year, version) VALUES (substr(NEW.day, 1, 4), 1)
    ON CONFLICT (year) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER report_year_question_counts_update AFTER UPDATE ON question_counts BEGIN
  INSERT INTO report_year_versions (year, version)
    SELECT substr(NEW.day, 1, 4), 1 UNION SELECT substr(OLD.day, 1, 4), 1 WHERE true
    ON CONFLICT (year) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER report_year_question_counts_delete AFTER DELETE ON question_counts BEGIN
  INSERT INTO report_year_versions (year, version) VALUES (substr(OLD.day, 1, 4), 1)
    ON CONFLICT (year) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER report_year_question_topic_counts_insert AFTER INSERT ON question_topic_counts BEGIN
  INSERT INTO report_year_versions (year, version) VALUES (substr(NEW.day, 1, 4), 1)
    ON CONFLICT (year) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER report_year_question_topic_counts_update AFTER UPDATE ON question_topic_counts BEGIN
  INSERT INTO report_year_versions (year, version)
    SELECT substr(NEW.day, 1, 4), 1 UNION SELECT substr(OLD.day, 1, 4), 1 WHERE true
    ON CONFLICT (year) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER report_year_question_topic_counts_delete AFTER DELETE ON question_topic_counts BEGIN
  INSERT INTO report_year_versions (year, version) VALUES (substr(OLD.day, 1, 4), 1)
    ON CONFLICT (year) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER report_year_stop_update AFTER UPDATE OF status, tour_id ON stops
WHEN (OLD.status = 'cancelled') IS NOT (NEW.status = 'cancelled') OR OLD.tour_id IS NOT NEW.tour_id BEGIN
  INSERT INTO report_year_versions (year, version)
    SELECT DISTINCT substr(day, 1, 4), 1 FROM question_counts WHERE stop_id = NEW.id
    ON CONFLICT (year) DO UPDATE SET version = version + 1;
END;
