-- +goose Up
-- Search ranks every match (internal/store/search.go). When a query
-- matches many documents, a cheap order picks the candidates ranked
-- exactly: documents whose title matches first, then the newest. These
-- indexes make that order cheap to read: the matches in a title (GIN on
-- the title's part of the search vector), and a language's published
-- texts newest first, for walking when a word is everywhere.
CREATE INDEX translations_lang_title_search ON translations USING gin (lang, ts_filter(search, '{a}'));
CREATE INDEX translations_lang_published ON translations (lang, published_at DESC, entry_id DESC) WHERE status = 'published';

-- +goose Down
DROP INDEX translations_lang_published;
DROP INDEX translations_lang_title_search;
