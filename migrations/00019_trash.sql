-- +goose Up
-- Deleting an entry puts it in the trash: off the site (every language
-- unpublished), out of the admin's lists, restorable from the trash page.
ALTER TABLE entries ADD COLUMN deleted_at timestamptz;
CREATE INDEX entries_trash ON entries (deleted_at DESC) WHERE deleted_at IS NOT NULL;

-- +goose Down
DROP INDEX entries_trash;
ALTER TABLE entries DROP COLUMN deleted_at;
