-- Free-text search in field questions (the question and the answer given), for the case list.
-- An external-content FTS5 table over field_questions, kept in step by triggers.
CREATE VIRTUAL TABLE `field_questions_fts` USING fts5(question, answer, content='field_questions', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `field_questions_fts_insert` AFTER INSERT ON `field_questions` BEGIN
  INSERT INTO field_questions_fts(rowid, question, answer) VALUES (new.rowid, new.question, coalesce(new.answer, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `field_questions_fts_delete` AFTER DELETE ON `field_questions` BEGIN
  INSERT INTO field_questions_fts(field_questions_fts, rowid, question, answer) VALUES ('delete', old.rowid, old.question, coalesce(old.answer, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `field_questions_fts_update` AFTER UPDATE OF question, answer ON `field_questions` BEGIN
  INSERT INTO field_questions_fts(field_questions_fts, rowid, question, answer) VALUES ('delete', old.rowid, old.question, coalesce(old.answer, ''));
  INSERT INTO field_questions_fts(rowid, question, answer) VALUES (new.rowid, new.question, coalesce(new.answer, ''));
END;
