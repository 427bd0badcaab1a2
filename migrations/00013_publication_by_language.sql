-- +goose Up
-- Each language of an entry is published when it is ready: status and
-- publication time move to the translation. The entry's own status and
-- published_at remain as a summary kept by trigger (published when any
-- language is; published_at the earliest such time), for admin lists.
--
-- A live translation's text is what the public reads; an editor's saves
-- to it go to its working copy (translation_drafts) until "Publish
-- changes". Nothing public reads translation_drafts, so saving a working
-- copy notifies nothing.
ALTER TABLE translations
    ADD COLUMN status text CHECK (status IN ('draft', 'published', 'unpublished')),
    ADD COLUMN published_at timestamptz;
UPDATE translations t SET status = e.status, published_at = e.published_at FROM entries e WHERE e.id = t.entry_id;
ALTER TABLE translations
    ALTER COLUMN status SET NOT NULL,
    ADD CHECK (status <> 'published' OR published_at IS NOT NULL);

CREATE INDEX translations_public ON translations (kind, lang, published_at DESC, entry_id DESC) WHERE status = 'published';
CREATE INDEX translations_scheduled ON translations (published_at) WHERE status = 'published';

-- A translation inserted without a state of its own (imports, the demo,
-- the generator) takes its entry's.
-- +goose StatementBegin
CREATE FUNCTION translations_inherit_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS NULL THEN
        SELECT e.status, e.published_at INTO NEW.status, NEW.published_at FROM entries e WHERE e.id = NEW.entry_id;
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER translations_inherit_status BEFORE INSERT ON translations
    FOR EACH ROW EXECUTE FUNCTION translations_inherit_status();

-- The entry's summary state follows its languages.
-- +goose StatementBegin
CREATE FUNCTION entries_sum_status() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    eid bigint;
    st text;
    at timestamptz;
BEGIN
    IF TG_OP = 'DELETE' THEN eid := OLD.entry_id; ELSE eid := NEW.entry_id; END IF;
    SELECT CASE WHEN bool_or(status = 'published') THEN 'published'
                WHEN bool_or(status = 'unpublished') THEN 'unpublished'
                ELSE 'draft' END,
           min(published_at) FILTER (WHERE status = 'published')
      INTO st, at FROM translations WHERE entry_id = eid;
    IF st IS NULL THEN st := 'draft'; END IF;
    UPDATE entries SET status = st, published_at = CASE WHEN st = 'published' THEN at ELSE published_at END
     WHERE entries.id = eid AND (status, published_at) IS DISTINCT FROM (st, CASE WHEN st = 'published' THEN at ELSE published_at END);
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER entries_sum_status AFTER INSERT OR DELETE OR UPDATE OF status, published_at ON translations
    FOR EACH ROW EXECUTE FUNCTION entries_sum_status();

-- A language leaving its list (unpublished, rescheduled) is a removal.
CREATE TRIGGER content_unpublished AFTER UPDATE OF status, published_at ON translations FOR EACH ROW
    WHEN (OLD.status = 'published' AND (NEW.status <> 'published' OR NEW.published_at IS DISTINCT FROM OLD.published_at))
    EXECUTE FUNCTION content_removed();

CREATE TABLE translation_drafts (
    entry_id  bigint NOT NULL,
    lang      text NOT NULL,
    title     text NOT NULL CHECK (title <> ''),
    slug      text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    summary   text NOT NULL DEFAULT '',
    body_md   text NOT NULL DEFAULT '',
    body_html text NOT NULL DEFAULT '',
    -- When the changes go live by themselves (NULL: on "Publish changes").
    publish_at timestamptz,
    saved_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entry_id, lang),
    FOREIGN KEY (entry_id, lang) REFERENCES translations (entry_id, lang) ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX translation_drafts_due ON translation_drafts (publish_at) WHERE publish_at IS NOT NULL;

-- +goose Down
DROP TABLE translation_drafts;
DROP TRIGGER content_unpublished ON translations;
DROP TRIGGER entries_sum_status ON translations;
DROP FUNCTION entries_sum_status();
DROP TRIGGER translations_inherit_status ON translations;
DROP FUNCTION translations_inherit_status();
DROP INDEX translations_scheduled;
DROP INDEX translations_public;
ALTER TABLE translations DROP COLUMN published_at, DROP COLUMN status;
