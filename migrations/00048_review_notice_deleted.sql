-- +goose Up
-- A review notice can tell a translator that the entry holding the text
-- they submitted was deleted for good (from the trash): 'deleted'. Such a
-- notice names no entry, and must not: review_entry_id cascades, so the
-- notice queued as the entry goes would go with it; it is told by the
-- title the text had (review_title). Every other review notice names its
-- entry, as before. The checks are replaced NOT VALID, as in 00040 and
-- 00044: every row already queued satisfies them, and checking would read
-- the whole queue under the table's strongest lock.
ALTER TABLE mail_queue DROP CONSTRAINT mail_queue_review_event_check;
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_review_event_check
    CHECK (review_event IN ('submitted', 'returned', 'approved', 'published', 'withdrawn', 'deleted')) NOT VALID;
ALTER TABLE mail_queue DROP CONSTRAINT mail_queue_check;
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_check CHECK (CASE kind
    WHEN 'issue' THEN entry_id IS NOT NULL AND subscriber_id IS NOT NULL AND to_addr IS NULL
    WHEN 'test' THEN entry_id IS NOT NULL AND subscriber_id IS NULL AND to_addr IS NOT NULL
    WHEN 'review' THEN entry_id IS NULL AND subscriber_id IS NULL AND to_addr IS NOT NULL
        AND review_lang IS NOT NULL AND review_event IS NOT NULL
        AND (review_entry_id IS NULL) = (review_event = 'deleted')
    ELSE entry_id IS NULL AND subscriber_id IS NULL AND to_addr IS NOT NULL
END) NOT VALID;

-- +goose Down
-- The notices the code before this migration cannot write go with it.
DELETE FROM mail_queue WHERE kind = 'review' AND review_event = 'deleted';
ALTER TABLE mail_queue DROP CONSTRAINT mail_queue_check;
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_check CHECK (CASE kind
    WHEN 'issue' THEN entry_id IS NOT NULL AND subscriber_id IS NOT NULL AND to_addr IS NULL
    WHEN 'test' THEN entry_id IS NOT NULL AND subscriber_id IS NULL AND to_addr IS NOT NULL
    WHEN 'review' THEN entry_id IS NULL AND subscriber_id IS NULL AND to_addr IS NOT NULL
        AND review_entry_id IS NOT NULL AND review_lang IS NOT NULL AND review_event IS NOT NULL
    ELSE entry_id IS NULL AND subscriber_id IS NULL AND to_addr IS NOT NULL
END) NOT VALID;
ALTER TABLE mail_queue DROP CONSTRAINT mail_queue_review_event_check;
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_review_event_check
    CHECK (review_event IN ('submitted', 'returned', 'approved', 'published', 'withdrawn')) NOT VALID;
