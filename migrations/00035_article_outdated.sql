-- +goose Up
-- A newsletter article's texts are outdated the way an entry's are: each
-- language's text of an article has a revision, moved on only when a save
-- says its change matters to the other languages, and the revisions of
-- the article's other languages it was last brought in line with
-- (internal/store/editing.go, saveIssue). Both columns have constant
-- defaults, so adding them rewrites nothing: every text already written
-- is at revision 0 and in line with the others (a language a text was
-- never compared with counts as in line at revision 0).
ALTER TABLE newsletter_article_translations
    ADD COLUMN revision int NOT NULL DEFAULT 0,
    ADD COLUMN synced jsonb NOT NULL DEFAULT '{}';

-- The board reads "outdated" from translations.outdated_since (migration
-- 00015): a language of an issue is now outdated when its text is, or
-- when its text of any of the issue's articles is.
-- +goose StatementBegin
CREATE FUNCTION translations_refresh_outdated(eid bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE translations t SET outdated_since = CASE WHEN x.outdated THEN now() END
      FROM (SELECT s.lang,
                   EXISTS (SELECT 1 FROM translations o WHERE o.entry_id = s.entry_id AND o.lang <> s.lang
                           AND o.revision > coalesce((s.synced ->> o.lang)::int, 0))
                OR EXISTS (SELECT 1 FROM newsletter_articles a
                           JOIN newsletter_article_translations m ON m.article_id = a.id AND m.lang = s.lang
                           JOIN newsletter_article_translations o ON o.article_id = a.id AND o.lang <> m.lang
                           WHERE a.entry_id = s.entry_id AND o.revision > coalesce((m.synced ->> o.lang)::int, 0)) AS outdated
              FROM translations s WHERE s.entry_id = eid) x
     WHERE t.entry_id = eid AND t.lang = x.lang AND (t.outdated_since IS NOT NULL) <> x.outdated;
END
$$;

CREATE OR REPLACE FUNCTION translations_outdated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM translations_refresh_outdated(OLD.entry_id);
    ELSE
        PERFORM translations_refresh_outdated(NEW.entry_id);
    END IF;
    RETURN NULL;
END
$$;

-- An article's text: its issue, unless the article is going with it (the
-- article's own trigger then refreshes the issue).
CREATE FUNCTION article_translations_outdated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    eid bigint;
    aid bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN aid := OLD.article_id; ELSE aid := NEW.article_id; END IF;
    SELECT a.entry_id INTO eid FROM newsletter_articles a WHERE a.id = aid;
    IF eid IS NOT NULL THEN
        PERFORM translations_refresh_outdated(eid);
    END IF;
    RETURN NULL;
END
$$;

-- A removed article takes its texts' lag with it; not when the entry
-- itself is going.
CREATE FUNCTION articles_outdated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM entries WHERE id = OLD.entry_id) THEN
        PERFORM translations_refresh_outdated(OLD.entry_id);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER article_translations_outdated AFTER INSERT OR DELETE ON newsletter_article_translations
    FOR EACH ROW EXECUTE FUNCTION article_translations_outdated();
-- Saves rewrite every article text; only a moved revision or line counts.
CREATE TRIGGER article_translations_outdated_update AFTER UPDATE OF revision, synced ON newsletter_article_translations
    FOR EACH ROW WHEN (OLD.revision IS DISTINCT FROM NEW.revision OR OLD.synced IS DISTINCT FROM NEW.synced)
    EXECUTE FUNCTION article_translations_outdated();
CREATE TRIGGER articles_outdated AFTER DELETE ON newsletter_articles
    FOR EACH ROW EXECUTE FUNCTION articles_outdated();

-- +goose Down
DROP TRIGGER articles_outdated ON newsletter_articles;
DROP TRIGGER article_translations_outdated_update ON newsletter_article_translations;
DROP TRIGGER article_translations_outdated ON newsletter_article_translations;
DROP FUNCTION articles_outdated();
DROP FUNCTION article_translations_outdated();
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION translations_outdated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    eid bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN eid := OLD.entry_id; ELSE eid := NEW.entry_id; END IF;
    UPDATE translations t SET outdated_since = CASE WHEN x.outdated THEN now() END
      FROM (SELECT s.lang, EXISTS (SELECT 1 FROM translations o WHERE o.entry_id = s.entry_id AND o.lang <> s.lang
                                   AND o.revision > coalesce((s.synced ->> o.lang)::int, 0)) AS outdated
              FROM translations s WHERE s.entry_id = eid) x
     WHERE t.entry_id = eid AND t.lang = x.lang AND (t.outdated_since IS NOT NULL) <> x.outdated;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
DROP FUNCTION translations_refresh_outdated(bigint);
-- Languages behind only in an article are in line again.
UPDATE translations t SET outdated_since = NULL WHERE t.outdated_since IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM translations o WHERE o.entry_id = t.entry_id AND o.lang <> t.lang
                   AND o.revision > coalesce((t.synced ->> o.lang)::int, 0));
ALTER TABLE newsletter_article_translations DROP COLUMN synced, DROP COLUMN revision;
