-- +goose Up
-- A review notice names every language its event took in: a translator
-- who submits Russian and Turkmen at once, or an editor whose one save
-- publishes both, makes one message per recipient, not one per language.
-- review_langs holds them in the site's order; review_lang stays the
-- first (its foreign key and mail_queue_check keep holding), and a row
-- queued before this migration, with review_langs NULL, is read as its
-- one language. review_title is the text's title when queued: a notice
-- that a text was withdrawn by deleting it has nothing left to read it
-- from when it is sent.
--
-- Two events join: 'published' (an editor put a text waiting for review
-- on the site without the review: Save and publish changes, or its
-- scheduled time) and 'withdrawn' (an editor gave up the submitted
-- changes, or removed the text). The check is added NOT VALID, as in
-- 00040: every row already queued satisfies it, and checking would read
-- the whole queue under the table's strongest lock. Adding a column
-- without a default, or with a constant one, rewrites nothing.
ALTER TABLE mail_queue
    ADD COLUMN review_langs text[],
    ADD COLUMN review_title text NOT NULL DEFAULT '';
ALTER TABLE mail_queue DROP CONSTRAINT mail_queue_review_event_check;
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_review_event_check
    CHECK (review_event IN ('submitted', 'returned', 'approved', 'published', 'withdrawn')) NOT VALID;

-- +goose Down
-- The events the code before this migration cannot write go with it; a
-- notice of several languages is left naming its first.
DELETE FROM mail_queue WHERE kind = 'review' AND review_event IN ('published', 'withdrawn');
ALTER TABLE mail_queue DROP CONSTRAINT mail_queue_review_event_check;
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_review_event_check
    CHECK (review_event IN ('submitted', 'returned', 'approved')) NOT VALID;
ALTER TABLE mail_queue DROP COLUMN review_langs, DROP COLUMN review_title;
