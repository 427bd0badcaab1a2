-- +goose Up
-- An account can be deleted (once disabled): what it did stays, credited
-- to no account, as what the command line did is. The three references
-- that blocked the delete let go of it instead. They are replaced NOT
-- VALID: the rows they hold were checked by the constraints they replace,
-- and checking again would read the tables whole under their strongest
-- lock. New and changed rows are checked.
ALTER TABLE media DROP CONSTRAINT media_uploaded_by_fkey,
    ADD CONSTRAINT media_uploaded_by_fkey FOREIGN KEY (uploaded_by) REFERENCES users ON DELETE SET NULL NOT VALID;
ALTER TABLE entries DROP CONSTRAINT entries_author_id_fkey,
    ADD CONSTRAINT entries_author_id_fkey FOREIGN KEY (author_id) REFERENCES users ON DELETE SET NULL NOT VALID;
ALTER TABLE revisions DROP CONSTRAINT revisions_author_id_fkey,
    ADD CONSTRAINT revisions_author_id_fkey FOREIGN KEY (author_id) REFERENCES users ON DELETE SET NULL NOT VALID;
-- The audit log is append-only and outlives the accounts it names: its
-- lines keep a deleted account's number (identities are never reused),
-- which the admin shows as a deleted account's.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_user_id_fkey;

-- +goose Down
-- Lines naming a deleted account keep their number: the reference is put
-- back NOT VALID, checking new lines only.
ALTER TABLE audit_log ADD CONSTRAINT audit_log_user_id_fkey FOREIGN KEY (user_id) REFERENCES users NOT VALID;
ALTER TABLE media DROP CONSTRAINT media_uploaded_by_fkey,
    ADD CONSTRAINT media_uploaded_by_fkey FOREIGN KEY (uploaded_by) REFERENCES users NOT VALID;
ALTER TABLE entries DROP CONSTRAINT entries_author_id_fkey,
    ADD CONSTRAINT entries_author_id_fkey FOREIGN KEY (author_id) REFERENCES users NOT VALID;
ALTER TABLE revisions DROP CONSTRAINT revisions_author_id_fkey,
    ADD CONSTRAINT revisions_author_id_fkey FOREIGN KEY (author_id) REFERENCES users NOT VALID;
