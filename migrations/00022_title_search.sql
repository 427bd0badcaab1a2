-- +goose Up
-- The cheap order of many search matches puts title matches first
-- (internal/store/search.go). Reading them from the weighted search
-- vector meant decompressing it for every row walked; a title's own small
-- vector is read as it is.
ALTER TABLE translations ADD COLUMN title_search tsvector NOT NULL DEFAULT ''::tsvector;
ALTER TABLE newsletter_article_translations ADD COLUMN title_search tsvector NOT NULL DEFAULT ''::tsvector;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION translations_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cfg regconfig;
BEGIN
    SELECT ts_config INTO cfg FROM languages WHERE code = NEW.lang;
    NEW.body_text := html_text(NEW.body_html);
    NEW.title_search := to_tsvector(cfg, coalesce(NEW.title, ''));
    NEW.search :=
        setweight(NEW.title_search, 'A') ||
        setweight(to_tsvector(cfg, coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector(cfg, NEW.body_text), 'C');
    RETURN NEW;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION article_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cfg regconfig;
BEGIN
    SELECT ts_config INTO cfg FROM languages WHERE code = NEW.lang;
    NEW.body_text := html_text(NEW.body_html);
    NEW.title_search := to_tsvector(cfg, coalesce(NEW.title, ''));
    NEW.search :=
        setweight(NEW.title_search, 'A') ||
        setweight(to_tsvector(cfg, NEW.body_text), 'C');
    RETURN NEW;
END
$$;
-- +goose StatementEnd

-- The title's part of each search vector is the title's vector (weights
-- aside, which matching ignores).
UPDATE translations SET title_search = ts_filter(search, '{a}');
UPDATE newsletter_article_translations SET title_search = ts_filter(search, '{a}');
DROP INDEX translations_lang_title_search;
CREATE INDEX translations_lang_title_search ON translations USING gin (lang, title_search);

-- +goose Down
DROP INDEX translations_lang_title_search;
CREATE INDEX translations_lang_title_search ON translations USING gin (lang, ts_filter(search, '{a}'));
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
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION article_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
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
ALTER TABLE newsletter_article_translations DROP COLUMN title_search;
ALTER TABLE translations DROP COLUMN title_search;
