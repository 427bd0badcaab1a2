-- +goose Up
-- Search reads the text readers read: the rendered HTML without its tags,
-- so snippets show no Markdown and link addresses are not indexed; and it
-- covers newsletter articles, weighted title above body, in their
-- language's configuration.

-- html_text is the text of sanitized, rendered HTML: tags become spaces,
-- the entities goldmark and bluemonday write are decoded, figure markers
-- (⟦figure:ID⟧, see internal/picture) and runs of spaces vanish.
-- +goose StatementBegin
CREATE FUNCTION html_text(h text) RETURNS text IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
    SELECT btrim(regexp_replace(
        replace(replace(replace(replace(replace(replace(
            regexp_replace(regexp_replace(h, '⟦figure:[0-9]+⟧', ' ', 'g'), '<[^>]*>', ' ', 'g'),
            '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#34;', '"'), '&#39;', ''''), '&amp;', '&'),
        '\s+', ' ', 'g'))
$$;
-- +goose StatementEnd

ALTER TABLE translations ADD COLUMN body_text text NOT NULL DEFAULT '';

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION translations_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cfg regconfig;
BEGIN
    SELECT ts_config INTO cfg FROM languages WHERE code = NEW.lang;
    NEW.body_text := html_text(NEW.body_html);
    NEW.search :=
        setweight(to_tsvector(cfg, coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector(cfg, coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector(cfg, NEW.body_text), 'C');
    RETURN NEW;
END
$$;
-- +goose StatementEnd
DROP TRIGGER translations_search ON translations;
CREATE TRIGGER translations_search BEFORE INSERT OR UPDATE OF title, summary, body_md, body_html, lang
    ON translations FOR EACH ROW EXECUTE FUNCTION translations_search_update();
UPDATE translations SET body_html = body_html;

ALTER TABLE newsletter_article_translations
    ADD COLUMN body_text text NOT NULL DEFAULT '',
    ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector;

-- +goose StatementBegin
CREATE FUNCTION article_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cfg regconfig;
BEGIN
    SELECT ts_config INTO cfg FROM languages WHERE code = NEW.lang;
    NEW.body_text := html_text(NEW.body_html);
    NEW.search :=
        setweight(to_tsvector(cfg, coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector(cfg, NEW.body_text), 'C');
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER article_search BEFORE INSERT OR UPDATE OF title, body_md, body_html, lang
    ON newsletter_article_translations FOR EACH ROW EXECUTE FUNCTION article_search_update();
UPDATE newsletter_article_translations SET body_html = body_html;
CREATE INDEX article_translations_lang_search ON newsletter_article_translations USING gin (lang, search);

-- +goose Down
DROP INDEX article_translations_lang_search;
DROP TRIGGER article_search ON newsletter_article_translations;
DROP FUNCTION article_search_update();
ALTER TABLE newsletter_article_translations DROP COLUMN search, DROP COLUMN body_text;
DROP TRIGGER translations_search ON translations;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION translations_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cfg regconfig;
BEGIN
    SELECT ts_config INTO cfg FROM languages WHERE code = NEW.lang;
    NEW.search :=
        setweight(to_tsvector(cfg, coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector(cfg, coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector(cfg, coalesce(NEW.body_md, '')), 'C');
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER translations_search BEFORE INSERT OR UPDATE OF title, summary, body_md, lang
    ON translations FOR EACH ROW EXECUTE FUNCTION translations_search_update();
ALTER TABLE translations DROP COLUMN body_text;
DROP FUNCTION html_text(text);
