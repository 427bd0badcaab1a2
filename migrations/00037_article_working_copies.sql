-- +goose Up
-- An issue's article texts join their language's working copy. A live
-- language's text has been held back until "Publish changes", approval or
-- its time (translation_drafts, migration 00013); its articles' texts were
-- written live on every save, so a translator's or an editor's plain Save
-- changed what subscribers read. Now a live language's article texts go
-- here, beside the language's working copy, and go live with it
-- (internal/store/editing.go, saveIssue and publishCopy). A row with an
-- empty title and text takes the article's text in that language away
-- when the changes go live. The article's revision and line with its
-- other languages stay on newsletter_article_translations, as a text's
-- stay on translations while its working copy waits.
CREATE TABLE newsletter_article_drafts (
    article_id bigint NOT NULL REFERENCES newsletter_articles ON DELETE CASCADE,
    lang       text NOT NULL REFERENCES languages ON UPDATE CASCADE,
    title      text NOT NULL DEFAULT '',
    body_md    text NOT NULL DEFAULT '',
    body_html  text NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, lang)
);

-- Who saved a working copy last: "Save and publish changes" leaves a
-- translator's changes that were never submitted for review to the review
-- (internal/admin/entry_edit.go), as bulk publishing does those waiting.
ALTER TABLE translation_drafts ADD COLUMN saved_by bigint REFERENCES users ON DELETE SET NULL;

-- +goose Down
ALTER TABLE translation_drafts DROP COLUMN saved_by;
DROP TABLE newsletter_article_drafts;
