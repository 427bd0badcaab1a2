-- +goose Up
-- The site map's dates (internal/store/sitemap.go, ContentDates) are, per
-- language and kind, the newest publication or edit of a visible text. As
-- one aggregate over every text they read the whole table (300 ms at
-- 100,000 entries, on each uncached site map index and pages.xml). Per
-- language and kind, the newest publication is the first row of
-- translations_public and the newest edit the first visible row of this
-- index.
CREATE INDEX translations_updated ON translations (kind, lang, updated_at DESC) WHERE status = 'published';

-- +goose Down
DROP INDEX translations_updated;
