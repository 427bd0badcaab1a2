-- The content model of DESIGN.md: language-neutral entries, their
-- translations, newsletter issues, media, hotline numbers, slug history.

-- +goose Up

-- A language is data: adding Turkmenish means a row here and a locale file.
CREATE TABLE languages (
    code       text PRIMARY KEY CHECK (code ~ '^[a-z]{2,3}$'),
    name       text NOT NULL,                 -- its own name: "English", "Русский"
    ts_config  regconfig NOT NULL DEFAULT 'simple', -- text-search configuration
    position   int NOT NULL,
    is_default boolean NOT NULL DEFAULT false  -- x-default and fallback
);
CREATE UNIQUE INDEX languages_one_default ON languages (is_default) WHERE is_default;

INSERT INTO languages (code, name, ts_config, position, is_default) VALUES
    ('en', 'English', 'english', 1, true),
    ('ru', 'Русский', 'russian', 2, false);

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL,
    name          text NOT NULL DEFAULT '',
    role          text NOT NULL DEFAULT 'editor' CHECK (role IN ('admin', 'editor')),
    password_hash text NOT NULL DEFAULT '',
    disabled_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE media (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sha256       text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    filename     text NOT NULL,
    content_type text NOT NULL,
    size         bigint NOT NULL CHECK (size >= 0),
    width        int,
    height       int,
    data         bytea NOT NULL,
    uploaded_by  bigint REFERENCES users,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- status 'published' with published_at in the future is "scheduled".
CREATE TABLE entries (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('news', 'page', 'newsletter')),
    status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'unpublished')),
    published_at timestamptz,
    system_key   text UNIQUE,                 -- pages the site links to by role: 'hotline', 'about'
    version      int NOT NULL DEFAULT 1,      -- optimistic locking
    author_id    bigint REFERENCES users,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, kind),
    CHECK (status <> 'published' OR published_at IS NOT NULL)
);
CREATE INDEX entries_public ON entries (kind, published_at DESC, id DESC) WHERE status = 'published';

CREATE TABLE translations (
    entry_id        bigint NOT NULL,
    kind            text NOT NULL,
    lang            text NOT NULL REFERENCES languages ON UPDATE CASCADE,
    title           text NOT NULL CHECK (title <> ''),
    slug            text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    summary         text NOT NULL DEFAULT '',
    body_md         text NOT NULL DEFAULT '',
    body_html       text NOT NULL DEFAULT '',
    search          tsvector NOT NULL DEFAULT ''::tsvector,
    revision        int NOT NULL DEFAULT 1,   -- bumped on every change of this text
    -- The other language's revision this text was last brought in line with.
    source_lang     text REFERENCES languages,
    source_revision int,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entry_id, lang),
    FOREIGN KEY (entry_id, kind) REFERENCES entries (id, kind) ON DELETE CASCADE,
    UNIQUE (lang, kind, slug)
);
CREATE INDEX translations_search ON translations USING gin (search);

-- Each translation is indexed in its own language's configuration,
-- weighted title > summary > body.
-- +goose StatementBegin
CREATE FUNCTION translations_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
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

-- Old slugs answer 301 to the entry's current slug.
CREATE TABLE slug_history (
    lang       text NOT NULL REFERENCES languages ON UPDATE CASCADE,
    kind       text NOT NULL,
    slug       text NOT NULL,
    entry_id   bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (lang, kind, slug),
    FOREIGN KEY (entry_id, kind) REFERENCES entries (id, kind) ON DELETE CASCADE
);

CREATE TABLE newsletter_issues (
    entry_id bigint PRIMARY KEY,
    kind     text NOT NULL DEFAULT 'newsletter' CHECK (kind = 'newsletter'),
    period   date NOT NULL CHECK (extract(day FROM period) = 1),
    FOREIGN KEY (entry_id, kind) REFERENCES entries (id, kind) ON DELETE CASCADE
);

CREATE TABLE newsletter_articles (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entry_id bigint NOT NULL REFERENCES newsletter_issues ON DELETE CASCADE,
    position int NOT NULL,
    UNIQUE (entry_id, position) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE newsletter_article_translations (
    article_id bigint NOT NULL REFERENCES newsletter_articles ON DELETE CASCADE,
    lang       text NOT NULL REFERENCES languages ON UPDATE CASCADE,
    title      text NOT NULL CHECK (title <> ''),
    body_md    text NOT NULL DEFAULT '',
    body_html  text NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, lang)
);

-- One PDF edition per language of an issue.
CREATE TABLE newsletter_editions (
    entry_id bigint NOT NULL REFERENCES newsletter_issues ON DELETE CASCADE,
    lang     text NOT NULL REFERENCES languages ON UPDATE CASCADE,
    media_id bigint NOT NULL REFERENCES media,
    PRIMARY KEY (entry_id, lang)
);

CREATE TABLE hotlines (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    e164       text NOT NULL CHECK (e164 ~ '^\+[1-9][0-9]{6,14}$'),
    display    text NOT NULL,
    position   int NOT NULL,
    active     boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE hotline_translations (
    hotline_id bigint NOT NULL REFERENCES hotlines ON DELETE CASCADE,
    lang       text NOT NULL REFERENCES languages ON UPDATE CASCADE,
    label      text NOT NULL DEFAULT '',
    hours      text NOT NULL DEFAULT '',
    PRIMARY KEY (hotline_id, lang)
);

-- +goose Down
DROP TABLE hotline_translations, hotlines, newsletter_editions, newsletter_article_translations,
    newsletter_articles, newsletter_issues, slug_history, translations, entries, media, users, languages;
DROP FUNCTION translations_search_update();
