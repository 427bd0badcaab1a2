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

-- +goose Down
DROP INDEX newsletter_article_drafts_figures;
DROP INDEX newsletter_article_translations_figures;
DROP INDEX translation_drafts_figures;
DROP INDEX translations_figures;
DROP FUNCTION media_figures(text);
