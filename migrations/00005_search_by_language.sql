-- Search looks in one language at a time: index (lang, search) together,
-- so a word common in English but absent from Russian costs nothing when
-- searched on the Russian site. btree_gin is a trusted extension: the
-- database's owner may create it.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX translations_lang_search ON translations USING gin (lang, search);
DROP INDEX translations_search;

-- The sitemap index groups entries by id range: read from the index alone.
CREATE INDEX entries_kind_id ON entries (kind, id) INCLUDE (status, published_at, updated_at);

-- +goose Down
DROP INDEX entries_kind_id;
CREATE INDEX translations_search ON translations USING gin (search);
DROP INDEX translations_lang_search;
