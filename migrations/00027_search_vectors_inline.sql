-- +goose Up
-- A search reads the search vector of every text it probes, counts and
-- ranks (internal/store/search.go). Stored out of line (TOAST), each read
-- was a lookup in the TOAST table's index and a fetch of its chunks: a
-- quarter of a common search's Postgres time at 100,000 texts. Kept in the
-- row, compressed, a read is a decompression; the bodies, larger and read
-- only for the page shown, go out of line instead. Rows written before
-- keep their storage until rewritten: the vectors are written again (the
-- same vectors; no change to announce, so the notifying triggers rest).
ALTER TABLE translations ALTER COLUMN search SET STORAGE MAIN, ALTER COLUMN title_search SET STORAGE MAIN;
ALTER TABLE newsletter_article_translations ALTER COLUMN search SET STORAGE MAIN, ALTER COLUMN title_search SET STORAGE MAIN;
ALTER TABLE translations DISABLE TRIGGER notify_entry;
ALTER TABLE newsletter_article_translations DISABLE TRIGGER notify_entry;
UPDATE translations SET search = search || ''::tsvector, title_search = title_search || ''::tsvector;
UPDATE newsletter_article_translations SET search = search || ''::tsvector, title_search = title_search || ''::tsvector;
ALTER TABLE translations ENABLE TRIGGER notify_entry;
ALTER TABLE newsletter_article_translations ENABLE TRIGGER notify_entry;

-- +goose Down
ALTER TABLE translations ALTER COLUMN search SET STORAGE EXTENDED, ALTER COLUMN title_search SET STORAGE EXTENDED;
ALTER TABLE newsletter_article_translations ALTER COLUMN search SET STORAGE EXTENDED, ALTER COLUMN title_search SET STORAGE EXTENDED;
