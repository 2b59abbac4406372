-- Issue 15 (ADR 028). The triggers and the backfill below were written out from stockholmDaySql (db/schema.ts) for the Swedish day.
CREATE TABLE `question_counts` (
	`stop_id` text NOT NULL,
	`day` text NOT NULL,
	`category` text NOT NULL,
	`department_code` text NOT NULL,
	`status` text NOT NULL,
	`area_id` text NOT NULL,
	`questions` integer NOT NULL,
	`answered_on_spot` integer NOT NULL,
	PRIMARY KEY(`stop_id`, `day`, `category`, `department_code`, `status`, `area_id`),
	FOREIGN KEY (`stop_id`) REFERENCES `stops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `question_counts_day_idx` ON `question_counts` (`day`);--> statement-breakpoint
CREATE TABLE `question_topic_counts` (
	`stop_id` text NOT NULL,
	`day` text NOT NULL,
	`topic` text NOT NULL,
	`area_id` text NOT NULL,
	`questions` integer NOT NULL,
	PRIMARY KEY(`stop_id`, `day`, `topic`, `area_id`),
	FOREIGN KEY (`stop_id`) REFERENCES `stops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `question_topic_counts_day_idx` ON `question_topic_counts` (`day`);
--> statement-breakpoint
-- The report's question figures, kept by triggers in the same transaction as every write (see question_counts in db/schema.ts).
-- A case counts with its question: adding, changing or removing either moves the counts.
CREATE TRIGGER question_counts_case_insert AFTER INSERT ON cases BEGIN
  INSERT INTO question_counts (stop_id, day, category, department_code, status, area_id, questions, answered_on_spot)
    SELECT q.stop_id, date((q.logged_at / 1000) + case when (q.logged_at / 1000) >= (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-03-31', '-6 days', 'weekday 0')) as integer) + 3600) and (q.logged_at / 1000) < (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-10-31', '-6 days', 'weekday 0')) as integer) + 3600) then 7200 else 3600 end, 'unixepoch'), NEW.category, coalesce(NEW.department_code, ''), NEW.status, coalesce(q.area_id, ''), 1, q.answered_on_spot
    FROM field_questions q WHERE q.id = NEW.question_id
    ON CONFLICT (stop_id, day, category, department_code, status, area_id) DO UPDATE
      SET questions = questions + excluded.questions, answered_on_spot = answered_on_spot + excluded.answered_on_spot;
  INSERT INTO question_topic_counts (stop_id, day, topic, area_id, questions)
    SELECT q.stop_id, date((q.logged_at / 1000) + case when (q.logged_at / 1000) >= (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-03-31', '-6 days', 'weekday 0')) as integer) + 3600) and (q.logged_at / 1000) < (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-10-31', '-6 days', 'weekday 0')) as integer) + 3600) then 7200 else 3600 end, 'unixepoch'), j.value, coalesce(q.area_id, ''), 1
    FROM field_questions q, json_each(q.topics) j WHERE q.id = NEW.question_id
    ON CONFLICT (stop_id, day, topic, area_id) DO UPDATE SET questions = questions + excluded.questions;
END;
--> statement-breakpoint
CREATE TRIGGER question_counts_case_delete AFTER DELETE ON cases BEGIN
  INSERT INTO question_counts (stop_id, day, category, department_code, status, area_id, questions, answered_on_spot)
    SELECT q.stop_id, date((q.logged_at / 1000) + case when (q.logged_at / 1000) >= (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-03-31', '-6 days', 'weekday 0')) as integer) + 3600) and (q.logged_at / 1000) < (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-10-31', '-6 days', 'weekday 0')) as integer) + 3600) then 7200 else 3600 end, 'unixepoch'), OLD.category, coalesce(OLD.department_code, ''), OLD.status, coalesce(q.area_id, ''), -1, -q.answered_on_spot
    FROM field_questions q WHERE q.id = OLD.question_id
    ON CONFLICT (stop_id, day, category, department_code, status, area_id) DO UPDATE
      SET questions = questions + excluded.questions, answered_on_spot = answered_on_spot + excluded.answered_on_spot;
  INSERT INTO question_topic_counts (stop_id, day, topic, area_id, questions)
    SELECT q.stop_id, date((q.logged_at / 1000) + case when (q.logged_at / 1000) >= (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-03-31', '-6 days', 'weekday 0')) as integer) + 3600) and (q.logged_at / 1000) < (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-10-31', '-6 days', 'weekday 0')) as integer) + 3600) then 7200 else 3600 end, 'unixepoch'), j.value, coalesce(q.area_id, ''), -1
    FROM field_questions q, json_each(q.topics) j WHERE q.id = OLD.question_id
    ON CONFLICT (stop_id, day, topic, area_id) DO UPDATE SET questions = questions + excluded.questions;
  DELETE FROM question_counts WHERE stop_id = (SELECT stop_id FROM field_questions WHERE id = OLD.question_id) AND questions = 0;
  DELETE FROM question_topic_counts WHERE stop_id = (SELECT stop_id FROM field_questions WHERE id = OLD.question_id) AND questions = 0;
END;
--> statement-breakpoint
CREATE TRIGGER question_counts_case_update AFTER UPDATE OF question_id, category, department_code, status ON cases BEGIN
  INSERT INTO question_counts (stop_id, day, category, department_code, status, area_id, questions, answered_on_spot)
    SELECT q.stop_id, date((q.logged_at / 1000) + case when (q.logged_at / 1000) >= (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-03-31', '-6 days', 'weekday 0')) as integer) + 3600) and (q.logged_at / 1000) < (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-10-31', '-6 days', 'weekday 0')) as integer) + 3600) then 7200 else 3600 end, 'unixepoch'), OLD.category, coalesce(OLD.department_code, ''), OLD.status, coalesce(q.area_id, ''), -1, -q.answered_on_spot
    FROM field_questions q WHERE q.id = OLD.question_id
    ON CONFLICT (stop_id, day, category, department_code, status, area_id) DO UPDATE
      SET questions = questions + excluded.questions, answered_on_spot = answered_on_spot + excluded.answered_on_spot;
  INSERT INTO question_topic_counts (stop_id, day, topic, area_id, questions)
    SELECT q.stop_id, date((q.logged_at / 1000) + case when (q.logged_at / 1000) >= (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-03-31', '-6 days', 'weekday 0')) as integer) + 3600) and (q.logged_at / 1000) < (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-10-31', '-6 days', 'weekday 0')) as integer) + 3600) then 7200 else 3600 end, 'unixepoch'), j.value, coalesce(q.area_id, ''), -1
    FROM field_questions q, json_each(q.topics) j WHERE q.id = OLD.question_id
    ON CONFLICT (stop_id, day, topic, area_id) DO UPDATE SET questions = questions + excluded.questions;
  INSERT INTO question_counts (stop_id, day, category, department_code, status, area_id, questions, answered_on_spot)
    SELECT q.stop_id, date((q.logged_at / 1000) + case when (q.logged_at / 1000) >= (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-03-31', '-6 days', 'weekday 0')) as integer) + 3600) and (q.logged_at / 1000) < (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-10-31', '-6 days', 'weekday 0')) as integer) + 3600) then 7200 else 3600 end, 'unixepoch'), NEW.category, coalesce(NEW.department_code, ''), NEW.status, coalesce(q.area_id, ''), 1, q.answered_on_spot
    FROM field_questions q WHERE q.id = NEW.question_id
    ON CONFLICT (stop_id, day, category, department_code, status, area_id) DO UPDATE
      SET questions = questions + excluded.questions, answered_on_spot = answered_on_spot + excluded.answered_on_spot;
  INSERT INTO question_topic_counts (stop_id, day, topic, area_id, questions)
    SELECT q.stop_id, date((q.logged_at / 1000) + case when (q.logged_at / 1000) >= (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-03-31', '-6 days', 'weekday 0')) as integer) + 3600) and (q.logged_at / 1000) < (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-10-31', '-6 days', 'weekday 0')) as integer) + 3600) then 7200 else 3600 end, 'unixepoch'), j.value, coalesce(q.area_id, ''), 1
    FROM field_questions q, json_each(q.topics) j WHERE q.id = NEW.question_id
    ON CONFLICT (stop_id, day, topic, area_id) DO UPDATE SET questions = questions + excluded.questions;
  DELETE FROM question_counts WHERE stop_id = (SELECT stop_id FROM field_questions WHERE id = OLD.question_id) AND questions = 0;
  DELETE FROM question_topic_counts WHERE stop_id = (SELECT stop_id FROM field_questions WHERE id = OLD.question_id) AND questions = 0;
  DELETE FROM question_counts WHERE stop_id = (SELECT stop_id FROM field_questions WHERE id = NEW.question_id) AND questions = 0;
  DELETE FROM question_topic_counts WHERE stop_id = (SELECT stop_id FROM field_questions WHERE id = NEW.question_id) AND questions = 0;
END;
--> statement-breakpoint
CREATE TRIGGER question_counts_question_update AFTER UPDATE OF stop_id, logged_at, area_id, answered_on_spot, topics ON field_questions BEGIN
  INSERT INTO question_counts (stop_id, day, category, department_code, status, area_id, questions, answered_on_spot)
    SELECT OLD.stop_id, date((OLD.logged_at / 1000) + case when (OLD.logged_at / 1000) >= (cast(strftime('%s', date(strftime('%Y', (OLD.logged_at / 1000), 'unixepoch') || '-03-31', '-6 days', 'weekday 0')) as integer) + 3600) and (OLD.logged_at / 1000) < (cast(strftime('%s', date(strftime('%Y', (OLD.logged_at / 1000), 'unixepoch') || '-10-31', '-6 days', 'weekday 0')) as integer) + 3600) then 7200 else 3600 end, 'unixepoch'), c.category, coalesce(c.department_code, ''), c.status, coalesce(OLD.area_id, ''), -1, -OLD.answered_on_spot
    FROM cases c WHERE c.question_id = OLD.id
    ON CONFLICT (stop_id, day, category, department_code, status, area_id) DO UPDATE
      SET questions = questions + excluded.questions, answered_on_spot = answered_on_spot + excluded.answered_on_spot;
  INSERT INTO question_topic_counts (stop_id, day, topic, area_id, questions)
    SELECT OLD.stop_id, date((OLD.logged_at / 1000) + case when (OLD.logged_at / 1000) >= (cast(strftime('%s', date(strftime('%Y', (OLD.logged_at / 1000), 'unixepoch') || '-03-31', '-6 days', 'weekday 0')) as integer) + 3600) and (OLD.logged_at / 1000) < (cast(strftime('%s', date(strftime('%Y', (OLD.logged_at / 1000), 'unixepoch') || '-10-31', '-6 days', 'weekday 0')) as integer) + 3600) then 7200 else 3600 end, 'unixepoch'), j.value, coalesce(OLD.area_id, ''), -1
    FROM cases c, json_each(OLD.topics) j WHERE c.question_id = OLD.id
    ON CONFLICT (stop_id, day, topic, area_id) DO UPDATE SET questions = questions + excluded.questions;
  INSERT INTO question_counts (stop_id, day, category, department_code, status, area_id, questions, answered_on_spot)
    SELECT NEW.stop_id, date((NEW.logged_at / 1000) + case when (NEW.logged_at / 1000) >= (cast(strftime('%s', date(strftime('%Y', (NEW.logged_at / 1000), 'unixepoch') || '-03-31', '-6 days', 'weekday 0')) as integer) + 3600) and (NEW.logged_at / 1000) < (cast(strftime('%s', date(strftime('%Y', (NEW.logged_at / 1000), 'unixepoch') || '-10-31', '-6 days', 'weekday 0')) as integer) + 3600) then 7200 else 3600 end, 'unixepoch'), c.category, coalesce(c.department_code, ''), c.status, coalesce(NEW.area_id, ''), 1, NEW.answered_on_spot
    FROM cases c WHERE c.question_id = NEW.id
    ON CONFLICT (stop_id, day, category, department_code, status, area_id) DO UPDATE
      SET questions = questions + excluded.questions, answered_on_spot = answered_on_spot + excluded.answered_on_spot;
  INSERT INTO question_topic_counts (stop_id, day, topic, area_id, questions)
    SELECT NEW.stop_id, date((NEW.logged_at / 1000) + case when (NEW.logged_at / 1000) >= (cast(strftime('%s', date(strftime('%Y', (NEW.logged_at / 1000), 'unixepoch') || '-03-31', '-6 days', 'weekday 0')) as integer) + 3600) and (NEW.logged_at / 1000) < (cast(strftime('%s', date(strftime('%Y', (NEW.logged_at / 1000), 'unixepoch') || '-10-31', '-6 days', 'weekday 0')) as integer) + 3600) then 7200 else 3600 end, 'unixepoch'), j.value, coalesce(NEW.area_id, ''), 1
    FROM cases c, json_each(NEW.topics) j WHERE c.question_id = NEW.id
    ON CONFLICT (stop_id, day, topic, area_id) DO UPDATE SET questions = questions + excluded.questions;
  DELETE FROM question_counts WHERE stop_id = OLD.stop_id AND questions = 0;
  DELETE FROM question_topic_counts WHERE stop_id = OLD.stop_id AND questions = 0;
END;
--> statement-breakpoint
CREATE TRIGGER question_counts_question_delete BEFORE DELETE ON field_questions BEGIN
  INSERT INTO question_counts (stop_id, day, category, department_code, status, area_id, questions, answered_on_spot)
    SELECT OLD.stop_id, date((OLD.logged_at / 1000) + case when (OLD.logged_at / 1000) >= (cast(strftime('%s', date(strftime('%Y', (OLD.logged_at / 1000), 'unixepoch') || '-03-31', '-6 days', 'weekday 0')) as integer) + 3600) and (OLD.logged_at / 1000) < (cast(strftime('%s', date(strftime('%Y', (OLD.logged_at / 1000), 'unixepoch') || '-10-31', '-6 days', 'weekday 0')) as integer) + 3600) then 7200 else 3600 end, 'unixepoch'), c.category, coalesce(c.department_code, ''), c.status, coalesce(OLD.area_id, ''), -1, -OLD.answered_on_spot
    FROM cases c WHERE c.question_id = OLD.id
    ON CONFLICT (stop_id, day, category, department_code, status, area_id) DO UPDATE
      SET questions = questions + excluded.questions, answered_on_spot = answered_on_spot + excluded.answered_on_spot;
  INSERT INTO question_topic_counts (stop_id, day, topic, area_id, questions)
    SELECT OLD.stop_id, date((OLD.logged_at / 1000) + case when (OLD.logged_at / 1000) >= (cast(strftime('%s', date(strftime('%Y', (OLD.logged_at / 1000), 'unixepoch') || '-03-31', '-6 days', 'weekday 0')) as integer) + 3600) and (OLD.logged_at / 1000) < (cast(strftime('%s', date(strftime('%Y', (OLD.logged_at / 1000), 'unixepoch') || '-10-31', '-6 days', 'weekday 0')) as integer) + 3600) then 7200 else 3600 end, 'unixepoch'), j.value, coalesce(OLD.area_id, ''), -1
    FROM cases c, json_each(OLD.topics) j WHERE c.question_id = OLD.id
    ON CONFLICT (stop_id, day, topic, area_id) DO UPDATE SET questions = questions + excluded.questions;
  DELETE FROM question_counts WHERE stop_id = OLD.stop_id AND questions = 0;
  DELETE FROM question_topic_counts WHERE stop_id = OLD.stop_id AND questions = 0;
END;
--> statement-breakpoint
-- The counts of the questions already logged.
INSERT INTO question_counts (stop_id, day, category, department_code, status, area_id, questions, answered_on_spot)
  SELECT q.stop_id, date((q.logged_at / 1000) + case when (q.logged_at / 1000) >= (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-03-31', '-6 days', 'weekday 0')) as integer) + 3600) and (q.logged_at / 1000) < (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-10-31', '-6 days', 'weekday 0')) as integer) + 3600) then 7200 else 3600 end, 'unixepoch'), c.category, coalesce(c.department_code, ''), c.status, coalesce(q.area_id, ''), count(*), sum(q.answered_on_spot)
  FROM field_questions q JOIN cases c ON c.question_id = q.id
  GROUP BY 1, 2, 3, 4, 5, 6;
--> statement-breakpoint
INSERT INTO question_topic_counts (stop_id, day, topic, area_id, questions)
  SELECT q.stop_id, date((q.logged_at / 1000) + case when (q.logged_at / 1000) >= (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-03-31', '-6 days', 'weekday 0')) as integer) + 3600) and (q.logged_at / 1000) < (cast(strftime('%s', date(strftime('%Y', (q.logged_at / 1000), 'unixepoch') || '-10-31', '-6 days', 'weekday 0')) as integer) + 3600) then 7200 else 3600 end, 'unixepoch'), j.value, coalesce(q.area_id, ''), count(*)
  FROM field_questions q JOIN cases c ON c.question_id = q.id, json_each(q.topics) j
  GROUP BY 1, 2, 3, 4;
