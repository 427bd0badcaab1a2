-- +goose Up
-- An entry's author is who created it (the admin lists filter by author).
-- Entries made before the column was filled take the first person who
-- saved them; imported ones have none.
UPDATE entries e SET author_id = (SELECT r.author_id FROM revisions r
    WHERE r.entry_id = e.id AND r.author_id IS NOT NULL ORDER BY r.version LIMIT 1)
WHERE e.author_id IS NULL;
CREATE INDEX entries_author ON entries (author_id) WHERE author_id IS NOT NULL;

-- +goose Down
DROP INDEX entries_author;
