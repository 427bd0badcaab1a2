-- +goose Up
-- A search for common words orders the texts whose title matches by date
-- and ranks the newest of them (internal/store/search.go). Through the
-- GIN index on title_search that meant visiting every matching row of the
-- wide translations table (4,100 rows, as many pages, 15 ms for a common
-- Russian phrase at 100,000 texts). This index holds what that ordering
-- reads — language, date, id and the title's vector — so walking it
-- newest first reads no table row at all (3.5 ms for the same search).
CREATE INDEX translations_title_walk ON translations (lang, published_at DESC, entry_id DESC)
    INCLUDE (title_search) WHERE status = 'published';

-- +goose Down
DROP INDEX translations_title_walk;
