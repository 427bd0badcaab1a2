-- +goose Up
-- entries.updated_at is when an editor last saved the entry (the admin's
-- "recently edited" order); it moved the public dates too (Last-Modified,
-- the sitemap index's lastmod), so a save held back in a working copy
-- (translation_drafts) told browsers and crawlers that a page had changed
-- when visitors saw nothing new. public_at is when what the public sees of
-- the entry last changed through a write: a text going live, leaving, or
-- its live text changing, in any language (the others' pages link to it);
-- a new lead image; a live issue's period, articles and editions. The
-- triggers below keep it, whatever code path writes. A text that goes
-- live by its publication time alone writes nothing: readers take the
-- newer of public_at and the visible texts' published_at.
--
-- Added without a default and left NULL on the rows already there, so
-- adding it rewrites nothing (the bench database has 100,000 entries):
-- readers take coalesce(public_at, updated_at), and the first update of
-- a row, before anything else moves its updated_at, freezes public_at at
-- the old updated_at (entries_public_at below). New rows get now().
ALTER TABLE entries ADD COLUMN public_at timestamptz;
ALTER TABLE entries ALTER COLUMN public_at SET DEFAULT now();

-- A restore, the demo content and generated archives write entries with
-- their own dates: with vestnik.keep_dates on in their transaction, the
-- texts, articles and editions written after the entry leave public_at
-- as written.
-- +goose StatementBegin
CREATE FUNCTION entry_made_public(eid bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('vestnik.keep_dates', true) = 'on' THEN
        RETURN;
    END IF;
    -- Once per entry and transaction (now() is the transaction's start).
    UPDATE entries SET public_at = now() WHERE id = eid AND (public_at IS NULL OR public_at < now());
END
$$;

CREATE FUNCTION entries_public_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.public_at IS NULL THEN
        NEW.public_at := OLD.updated_at;
    END IF;
    IF NEW.lead_image_id IS DISTINCT FROM OLD.lead_image_id AND current_setting('vestnik.keep_dates', true) IS DISTINCT FROM 'on' THEN
        NEW.public_at := now();
    END IF;
    RETURN NEW;
END
$$;

-- A text counts when it is visible before or after the change (the
-- definition of internal/store's visible); the columns are those that
-- move translations.updated_at, and its publication. body_html alone
-- changes only when every text is rendered again (vestnik rerender).
CREATE FUNCTION translations_public_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.title, OLD.slug, OLD.summary, OLD.body_md, OLD.status, OLD.published_at)
        IS NOT DISTINCT FROM (NEW.title, NEW.slug, NEW.summary, NEW.body_md, NEW.status, NEW.published_at) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.status = 'published' AND OLD.published_at <= now() THEN
        PERFORM entry_made_public(OLD.entry_id);
    ELSIF TG_OP <> 'DELETE' AND NEW.status = 'published' AND NEW.published_at <= now() THEN
        PERFORM entry_made_public(NEW.entry_id);
    END IF;
    RETURN NULL;
END
$$;

-- An issue's period and the order of its articles show in every language
-- it is live in; an article's text and an edition in their own.
CREATE FUNCTION issues_public_at() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
    eid bigint;
    of_lang text;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF TG_TABLE_NAME = 'newsletter_issues' THEN
        IF TG_OP = 'UPDATE' AND OLD.period = NEW.period THEN
            RETURN NULL;
        END IF;
        eid := r.entry_id;
    ELSIF TG_TABLE_NAME = 'newsletter_articles' THEN
        IF TG_OP = 'UPDATE' AND OLD.position = NEW.position THEN
            RETURN NULL;
        END IF;
        eid := r.entry_id;
    ELSIF TG_TABLE_NAME = 'newsletter_article_translations' THEN
        IF TG_OP = 'UPDATE' AND (OLD.title, OLD.body_md) IS NOT DISTINCT FROM (NEW.title, NEW.body_md) THEN
            RETURN NULL;
        END IF;
        -- Gone when the article's own deletion cascades here: that
        -- deletion counted already.
        SELECT a.entry_id INTO eid FROM newsletter_articles a WHERE a.id = r.article_id;
        of_lang := r.lang;
    ELSE
        eid := r.entry_id;
        of_lang := r.lang;
    END IF;
    IF EXISTS (SELECT 1 FROM translations t WHERE t.entry_id = eid AND (of_lang IS NULL OR t.lang = of_lang)
               AND t.status = 'published' AND t.published_at <= now()) THEN
        PERFORM entry_made_public(eid);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER entries_public_at BEFORE UPDATE ON entries
    FOR EACH ROW EXECUTE FUNCTION entries_public_at();
CREATE TRIGGER translations_public_at AFTER INSERT OR DELETE OR UPDATE OF title, slug, summary, body_md, status, published_at
    ON translations FOR EACH ROW EXECUTE FUNCTION translations_public_at();
CREATE TRIGGER issues_public_at AFTER UPDATE OF period ON newsletter_issues
    FOR EACH ROW EXECUTE FUNCTION issues_public_at();
CREATE TRIGGER issues_public_at AFTER INSERT OR DELETE OR UPDATE OF position ON newsletter_articles
    FOR EACH ROW EXECUTE FUNCTION issues_public_at();
CREATE TRIGGER issues_public_at AFTER INSERT OR DELETE OR UPDATE OF title, body_md ON newsletter_article_translations
    FOR EACH ROW EXECUTE FUNCTION issues_public_at();
CREATE TRIGGER issues_public_at AFTER INSERT OR DELETE OR UPDATE ON newsletter_editions
    FOR EACH ROW EXECUTE FUNCTION issues_public_at();

-- The sitemap index's newest change per id range (internal/store/sitemap.go,
-- SitemapChunks) now reads public_at: an index-only scan of each range, as
-- entries_sitemap gave with updated_at (kept here for the rows whose
-- public_at is still NULL).
CREATE INDEX entries_sitemap_public ON entries (kind, id) INCLUDE (published_at, public_at, updated_at) WHERE status = 'published';
DROP INDEX entries_sitemap;

-- +goose Down
CREATE INDEX entries_sitemap ON entries (kind, id) INCLUDE (published_at, updated_at) WHERE status = 'published';
DROP INDEX entries_sitemap_public;
DROP TRIGGER issues_public_at ON newsletter_editions;
DROP TRIGGER issues_public_at ON newsletter_article_translations;
DROP TRIGGER issues_public_at ON newsletter_articles;
DROP TRIGGER issues_public_at ON newsletter_issues;
DROP TRIGGER translations_public_at ON translations;
DROP TRIGGER entries_public_at ON entries;
DROP FUNCTION issues_public_at();
DROP FUNCTION translations_public_at();
DROP FUNCTION entries_public_at();
DROP FUNCTION entry_made_public(bigint);
ALTER TABLE entries DROP COLUMN public_at;
