-- +goose Up
-- A review notice names its recipient's account, not only the address it
-- had when queued: the notice goes to the address the account has when it
-- is sent, one that changed hands meanwhile reaches nobody else, and a
-- deleted account's notices go with it. Notices queued before keep being
-- matched by address. The reference is added NOT VALID: every row queued
-- so far has none, and checking would read the whole queue under the
-- table's strongest lock.
ALTER TABLE mail_queue ADD COLUMN review_user_id bigint;
ALTER TABLE mail_queue ADD CONSTRAINT mail_queue_review_user_id_fkey
    FOREIGN KEY (review_user_id) REFERENCES users ON DELETE CASCADE NOT VALID;

-- +goose Down
ALTER TABLE mail_queue DROP COLUMN review_user_id;
