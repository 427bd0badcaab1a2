-- +goose Up
-- Who changed an issue's article text in a working copy last (the drafts
-- of migration 00037), as translation_drafts.saved_by says for a text:
-- "Save and publish changes" leaves a translator's changes to the review
-- (internal/admin/entry_publish.go), and a language whose own text is
-- the live one holds its articles' changes only here, its working copy
-- made again by whoever saves next.
ALTER TABLE newsletter_article_drafts ADD COLUMN saved_by bigint REFERENCES users ON DELETE SET NULL;

-- +goose Down
ALTER TABLE newsletter_article_drafts DROP COLUMN saved_by;
