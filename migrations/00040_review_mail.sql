-- +goose Up
-- Review notifications by e-mail: a text submitted for review tells the
-- editors and admins, sending it back or approving it tells its
-- translator. They go through mail_queue as a fourth kind, 'review',
-- queued in the same transaction as the review change. mail_queue.entry_id
-- refers to newsletter_issues (issues and tests), so a notice names its
-- entry in a column of its own; lang stays the language the message is
-- written in (the recipient's admin language), review_lang is the text's.
-- requested_by is who acted (submitted, sent back, approved); the comment
-- sent back is kept on the row, as the review's own comment is replaced
-- when the text comes back. Finished notices are purged like
-- confirmations (kind <> 'issue') and never carried by an archive.

-- Everyone starts with the notices on; the account page turns them off.
ALTER TABLE users ADD COLUMN review_mail boolean NOT NULL DEFAULT true;

ALTER TABLE mail_queue
    ADD COLUMN review_entry_id bigint,
    ADD COLUMN review_lang     text,
    ADD COLUMN review_event    text,
    ADD COLUMN review_comment  text NOT NULL DEFAULT '';

-- The constraints are added NOT VALID: every row already queued is an
-- issue, a test or a confirmation with the new columns NULL, which they
-- allow, and checking would read the whole queue (a row per subscriber
-- for every issue ever sent) under the table's strongest lock, the mail
-- sender and the send page waiting. New and changed rows are checked.
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_review_entry_id_fkey
    FOREIGN KEY (review_entry_id) REFERENCES entries ON DELETE CASCADE NOT VALID;
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_review_lang_fkey
    FOREIGN KEY (review_lang) REFERENCES languages ON UPDATE CASCADE NOT VALID;
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_review_event_check
    CHECK (review_event IN ('submitted', 'returned', 'approved')) NOT VALID;
ALTER TABLE mail_queue DROP CONSTRAINT mail_queue_kind_check;
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_kind_check CHECK (kind IN ('confirm', 'issue', 'test', 'review')) NOT VALID;
ALTER TABLE mail_queue DROP CONSTRAINT mail_queue_check;
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_check CHECK (CASE kind
    WHEN 'issue' THEN entry_id IS NOT NULL AND subscriber_id IS NOT NULL AND to_addr IS NULL
    WHEN 'test' THEN entry_id IS NOT NULL AND subscriber_id IS NULL AND to_addr IS NOT NULL
    WHEN 'review' THEN entry_id IS NULL AND subscriber_id IS NULL AND to_addr IS NOT NULL
        AND review_entry_id IS NOT NULL AND review_lang IS NOT NULL AND review_event IS NOT NULL
    ELSE entry_id IS NULL AND subscriber_id IS NULL AND to_addr IS NOT NULL
END) NOT VALID;
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_review_check
    CHECK (kind = 'review' OR (review_entry_id IS NULL AND review_lang IS NULL AND review_event IS NULL)) NOT VALID;

-- +goose Down
DELETE FROM mail_queue WHERE kind = 'review';
ALTER TABLE mail_queue DROP CONSTRAINT mail_queue_review_check;
ALTER TABLE mail_queue DROP CONSTRAINT mail_queue_check;
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_check CHECK (CASE kind
    WHEN 'issue' THEN entry_id IS NOT NULL AND subscriber_id IS NOT NULL AND to_addr IS NULL
    WHEN 'test' THEN entry_id IS NOT NULL AND subscriber_id IS NULL AND to_addr IS NOT NULL
    ELSE entry_id IS NULL AND subscriber_id IS NULL AND to_addr IS NOT NULL
END);
ALTER TABLE mail_queue DROP CONSTRAINT mail_queue_kind_check;
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_kind_check CHECK (kind IN ('confirm', 'issue', 'test'));
ALTER TABLE mail_queue DROP COLUMN review_entry_id, DROP COLUMN review_lang, DROP COLUMN review_event, DROP COLUMN review_comment;
ALTER TABLE users DROP COLUMN review_mail;
