-- +goose Up
-- Pages show a photo as it is now: its texts (alt, caption, credit), its
-- focal point (the crops' addresses) and whether it is decorative are
-- read when a page is rendered, as are its bytes' address (a replaced
-- file). A change to them emptied the page cache but moved no page's date
-- (entries.public_at, 00036), so browsers and crawlers revalidating were
-- told "304 Not Modified" of pages whose HTML had changed. The triggers
-- below move public_at of the visible entries that show the file: as
-- their lead image (their pages, and the lists and feeds with their
-- teasers), as a figure in a text or an issue's article (a line
-- ![…](media:ID)), or as an issue's PDF edition.

-- The files a text places (media:ID references: figures; a stray link is
-- refused at save, and counting one too moves a date for nothing worse).
-- +goose StatementBegin
CREATE FUNCTION media_refs(md text) RETURNS bigint[] IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql AS $$
    SELECT coalesce(array_agg(DISTINCT m[1]::bigint), '{}') FROM regexp_matches(md, '\]\(media:(\d{1,18})\)', 'g') AS m
$$;
-- +goose StatementEnd

-- Which live texts place a file, without reading every text: only texts
-- with a reference at all are in the index.
CREATE INDEX translations_media_refs ON translations USING gin (media_refs(body_md))
    WHERE status = 'published' AND strpos(body_md, '](media:') > 0;

-- +goose StatementBegin
CREATE FUNCTION media_made_public(mid bigint) RETURNS void LANGUAGE plpgsql AS $$
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
            WHERE t.status = 'published' AND strpos(t.body_md, '](media:') > 0 AND media_refs(t.body_md) @> ARRAY[mid]
           UNION
           -- Articles: a few per issue, read as they are.
           SELECT a.entry_id FROM newsletter_article_translations m JOIN newsletter_articles a ON a.id = m.article_id
            WHERE strpos(m.body_md, '](media:' || mid || ')') > 0
           UNION
           SELECT ed.entry_id FROM newsletter_editions ed WHERE ed.media_id = mid)
       AND EXISTS (SELECT 1 FROM translations v WHERE v.entry_id = e.id AND v.status = 'published' AND v.published_at <= now());
END
$$;

-- A text in a language that had none, or none of its fields set, shows
-- as no text at all: adding or removing an empty one changes nothing.
CREATE FUNCTION media_public_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'media' THEN
        PERFORM media_made_public(NEW.id);
    ELSIF TG_OP = 'UPDATE' THEN
        IF (OLD.alt, OLD.caption, OLD.credit) IS DISTINCT FROM (NEW.alt, NEW.caption, NEW.credit) THEN
            PERFORM media_made_public(NEW.media_id);
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        IF (NEW.alt, NEW.caption, NEW.credit) IS DISTINCT FROM ('', '', '') THEN
            PERFORM media_made_public(NEW.media_id);
        END IF;
    ELSIF (OLD.alt, OLD.caption, OLD.credit) IS DISTINCT FROM ('', '', '') THEN
        PERFORM media_made_public(OLD.media_id);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER media_public_at AFTER INSERT OR DELETE OR UPDATE OF alt, caption, credit ON media_texts
    FOR EACH ROW EXECUTE FUNCTION media_public_at();
CREATE TRIGGER media_public_at AFTER UPDATE OF sha256, focal_x, focal_y, decorative ON media
    FOR EACH ROW WHEN ((OLD.sha256, OLD.focal_x, OLD.focal_y, OLD.decorative) IS DISTINCT FROM (NEW.sha256, NEW.focal_x, NEW.focal_y, NEW.decorative))
    EXECUTE FUNCTION media_public_at();

-- +goose Down
DROP TRIGGER media_public_at ON media;
DROP TRIGGER media_public_at ON media_texts;
DROP FUNCTION media_public_at();
DROP FUNCTION media_made_public(bigint);
DROP INDEX translations_media_refs;
DROP FUNCTION media_refs(text);
