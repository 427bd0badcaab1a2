-- +goose Up
-- The translation board lists the live entries that show a photo without
-- an alt text in a language (internal/store/board.go, BoardPhotos). A text
-- shows a photo by a figure line, ![…](media:ID), in its Markdown (the
-- pattern of internal/picture's Refs); finding the texts that place some
-- photos would read every text without an index of the photos each text
-- places. Only the texts that place one are indexed (the predicate), so
-- the indexes are as small as the texts with figures, and a save of any
-- other text reads no pattern.
-- +goose StatementBegin
CREATE FUNCTION media_figures(md text) RETURNS bigint[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT f[1]::bigint), '{}')
    FROM regexp_matches(md, '^[ \t]*!\[[^]\n]*\]\(media:([0-9]{1,18})\)[ \t]*$', 'gn') AS f
$$;
-- +goose StatementEnd
CREATE INDEX translations_figures ON translations
    USING gin (media_figures(body_md)) WHERE strpos(body_md, '](media:') > 0;
CREATE INDEX translation_drafts_figures ON translation_drafts
    USING gin (media_figures(body_md)) WHERE strpos(body_md, '](media:') > 0;
CREATE INDEX newsletter_article_translations_figures ON newsletter_article_translations
    USING gin (media_figures(body_md)) WHERE strpos(body_md, '](media:') > 0;
CREATE INDEX newsletter_article_drafts_figures ON newsletter_article_drafts
    USING gin (media_figures(body_md)) WHERE strpos(body_md, '](media:') > 0;

-- One index of the photos a text places, not two: a photo's edit finds
-- the live texts showing it (migration 00039's media_made_public) through
-- this one too, which its own (of media_refs, any media:ID reference, in
-- published texts) duplicated on every save of a text.
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
DROP INDEX translations_media_refs;
DROP FUNCTION media_refs(text);

-- +goose Down
-- +goose StatementBegin
CREATE FUNCTION media_refs(md text) RETURNS bigint[] IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql AS $$
    SELECT coalesce(array_agg(DISTINCT m[1]::bigint), '{}') FROM regexp_matches(md, '\]\(media:(\d{1,18})\)', 'g') AS m
$$;
CREATE OR REPLACE FUNCTION media_made_public(mid bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('vestnik.keep_dates', true) = 'on' THEN
        RETURN;
    END IF;
    UPDATE entries e SET public_at = now()
     WHERE (e.public_at IS NULL OR e.public_at < now())
       AND e.id IN (
           SELECT l.id FROM entries l WHERE l.lead_image_id = mid
           UNION
           SELECT t.entry_id FROM translations t
            WHERE t.status = 'published' AND strpos(t.body_md, '](media:') > 0 AND media_refs(t.body_md) @> ARRAY[mid]
           UNION
           SELECT a.entry_id FROM newsletter_article_translations m JOIN newsletter_articles a ON a.id = m.article_id
            WHERE strpos(m.body_md, '](media:' || mid || ')') > 0
           UNION
           SELECT ed.entry_id FROM newsletter_editions ed WHERE ed.media_id = mid)
       AND EXISTS (SELECT 1 FROM translations v WHERE v.entry_id = e.id AND v.status = 'published' AND v.published_at <= now());
END
$$;
-- +goose StatementEnd
CREATE INDEX translations_media_refs ON translations USING gin (media_refs(body_md))
    WHERE status = 'published' AND strpos(body_md, '](media:') > 0;
DROP INDEX newsletter_article_drafts_figures;
DROP INDEX newsletter_article_translations_figures;
DROP INDEX translation_drafts_figures;
DROP INDEX translations_figures;
DROP FUNCTION media_figures(text);
