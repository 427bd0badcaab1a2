-- +goose Up
-- An entry had one lead image for every language (entries.lead_image_id),
-- so an issue's Russian page showed the cover made from its English PDF
-- edition. A language may now have its own: translations.lead_image_id,
-- NULL where the language shows the entry's shared one (every existing
-- row, so adding the column rewrites nothing). Readers take
-- coalesce(t.lead_image_id, e.lead_image_id).
-- The reference is added NOT VALID: checking it would read every text
-- under the table's strongest lock, for a column that is NULL in all.
ALTER TABLE translations ADD COLUMN lead_image_id bigint;
ALTER TABLE translations ADD CONSTRAINT translations_lead_image_id_fkey
    FOREIGN KEY (lead_image_id) REFERENCES media ON DELETE RESTRICT NOT VALID;
-- Which texts show a photo as their own lead image: a photo's edit moves
-- their dates (media_made_public), its usage page lists them, and a
-- delete checks the reference; only the few rows that have one.
CREATE INDEX translations_lead_image ON translations (lead_image_id) WHERE lead_image_id IS NOT NULL;

-- A language's own lead image is part of what its page, lists and feeds
-- show: changing it moves public_at as a change of its text does
-- (migration 00036), and as a new shared lead image does.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION translations_public_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.title, OLD.slug, OLD.summary, OLD.body_md, OLD.status, OLD.published_at, OLD.lead_image_id)
        IS NOT DISTINCT FROM (NEW.title, NEW.slug, NEW.summary, NEW.body_md, NEW.status, NEW.published_at, NEW.lead_image_id) THEN
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
-- +goose StatementEnd
DROP TRIGGER translations_public_at ON translations;
CREATE TRIGGER translations_public_at AFTER INSERT OR DELETE OR UPDATE OF title, slug, summary, body_md, status, published_at, lead_image_id
    ON translations FOR EACH ROW EXECUTE FUNCTION translations_public_at();

-- A photo edited (its texts, focal point, file) moves the dates of the
-- entries that show it as a language's own lead image too (migrations
-- 00039 and 00042).
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION media_made_public(mid bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('vestnik.keep_dates', true) = 'on' THEN
        RETURN;
    END IF;
    -- Once per entry and transaction (now() is the transaction's start).
    UPDATE entries e SET public_at = now()
     WHERE (e.public_at IS NULL OR e.public_at < now())
       AND e.id IN (
           SELECT l.id FROM entries l WHERE l.lead_image_id = mid
           UNION
           SELECT tl.entry_id FROM translations tl WHERE tl.lead_image_id = mid
           UNION
           SELECT t.entry_id FROM translations t
            WHERE t.status = 'published' AND strpos(t.body_md, '](media:') > 0 AND media_figures(t.body_md) @> ARRAY[mid]
           UNION
           -- Articles: a few per issue, read as they are.
           SELECT a.entry_id FROM newsletter_article_translations m JOIN newsletter_articles a ON a.id = m.article_id
            WHERE strpos(m.body_md, '](media:' || mid || ')') > 0
           UNION
           SELECT ed.entry_id FROM newsletter_editions ed WHERE ed.media_id = mid)
       AND EXISTS (SELECT 1 FROM translations v WHERE v.entry_id = e.id AND v.status = 'published' AND v.published_at <= now());
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION media_made_public(mid bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('vestnik.keep_dates', true) = 'on' THEN
        RETURN;
    END IF;
    -- Once per entry and transaction (now() is the transaction's start).
    UPDATE entries e SET public_at = now()
     WHERE (e.public_at IS NULL OR e.public_at < now())
       AND e.id IN (
           SELECT l.id FROM entries l WHERE l.lead_image_id = mid
           UNION
           SELECT t.entry_id FROM translations t
            WHERE t.status = 'published' AND strpos(t.body_md, '](media:') > 0 AND media_figures(t.body_md) @> ARRAY[mid]
           UNION
           -- Articles: a few per issue, read as they are.
           SELECT a.entry_id FROM newsletter_article_translations m JOIN newsletter_articles a ON a.id = m.article_id
            WHERE strpos(m.body_md, '](media:' || mid || ')') > 0
           UNION
           SELECT ed.entry_id FROM newsletter_editions ed WHERE ed.media_id = mid)
       AND EXISTS (SELECT 1 FROM translations v WHERE v.entry_id = e.id AND v.status = 'published' AND v.published_at <= now());
END
$$;
-- +goose StatementEnd
DROP TRIGGER translations_public_at ON translations;
CREATE TRIGGER translations_public_at AFTER INSERT OR DELETE OR UPDATE OF title, slug, summary, body_md, status, published_at
    ON translations FOR EACH ROW EXECUTE FUNCTION translations_public_at();
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION translations_public_at() RETURNS trigger LANGUAGE plpgsql AS $$
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
-- +goose StatementEnd
DROP INDEX translations_lead_image;
ALTER TABLE translations DROP COLUMN lead_image_id;
