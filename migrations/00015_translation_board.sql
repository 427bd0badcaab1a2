-- +goose Up
-- The translation board lists every entry's state in a language, paged,
-- oldest problem first. "Outdated" (another language moved on since this
-- text was last in line with it) is kept as a date by trigger, so the
-- board reads it from an index instead of comparing revisions row by row.
ALTER TABLE translations ADD COLUMN outdated_since timestamptz;

-- +goose StatementBegin
CREATE FUNCTION translations_outdated() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER translations_outdated AFTER INSERT OR DELETE OR UPDATE OF revision, synced ON translations
    FOR EACH ROW EXECUTE FUNCTION translations_outdated();

-- Backfill: since the newest change of a language it lags behind.
UPDATE translations t SET outdated_since = (
    SELECT max(o.updated_at) FROM translations o WHERE o.entry_id = t.entry_id AND o.lang <> t.lang
       AND o.revision > coalesce((t.synced ->> o.lang)::int, 0));

-- "Missing" is kept as rows too: absence cannot be indexed, and walking
-- every entry to find the few without a language costs a scan of the
-- archive. A gap is an entry without a text in a language, since then.
CREATE TABLE translation_gaps (
    entry_id bigint NOT NULL REFERENCES entries ON DELETE CASCADE,
    lang     text NOT NULL REFERENCES languages ON UPDATE CASCADE ON DELETE CASCADE,
    kind     text NOT NULL,
    since    timestamptz NOT NULL,
    PRIMARY KEY (entry_id, lang)
);
INSERT INTO translation_gaps (entry_id, lang, kind, since)
    SELECT e.id, l.code, e.kind, e.created_at FROM entries e CROSS JOIN languages l
    WHERE NOT EXISTS (SELECT 1 FROM translations t WHERE t.entry_id = e.id AND t.lang = l.code);
CREATE INDEX translation_gaps_board ON translation_gaps (lang, since, entry_id);

-- +goose StatementBegin
CREATE FUNCTION translation_gaps_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO translation_gaps (entry_id, lang, kind, since) SELECT NEW.id, l.code, NEW.kind, NEW.created_at FROM languages l;
    RETURN NULL;
END
$$;
CREATE FUNCTION translation_gaps_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        DELETE FROM translation_gaps WHERE entry_id = NEW.entry_id AND lang = NEW.lang;
    ELSE
        -- Not when the entry itself is going (the cascade removes its texts).
        INSERT INTO translation_gaps (entry_id, lang, kind, since)
            SELECT OLD.entry_id, OLD.lang, OLD.kind, now() WHERE EXISTS (SELECT 1 FROM entries WHERE id = OLD.entry_id)
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
CREATE FUNCTION translation_gaps_language() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO translation_gaps (entry_id, lang, kind, since)
        SELECT e.id, NEW.code, e.kind, e.created_at FROM entries e
        WHERE NOT EXISTS (SELECT 1 FROM translations t WHERE t.entry_id = e.id AND t.lang = NEW.code);
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER translation_gaps AFTER INSERT ON entries FOR EACH ROW EXECUTE FUNCTION translation_gaps_entry();
CREATE TRIGGER translation_gaps AFTER INSERT OR DELETE ON translations FOR EACH ROW EXECUTE FUNCTION translation_gaps_text();
CREATE TRIGGER translation_gaps AFTER INSERT ON languages FOR EACH ROW EXECUTE FUNCTION translation_gaps_language();

CREATE INDEX translations_board_outdated ON translations (lang, outdated_since, entry_id) WHERE outdated_since IS NOT NULL;
CREATE INDEX translations_board_draft ON translations (lang, created_at, entry_id) WHERE status = 'draft';
CREATE INDEX translations_board_updated ON translations (lang, updated_at, entry_id);
-- The planner needs the new column's statistics to pick the partial indexes.
ANALYZE translations;
ANALYZE translation_gaps;

-- +goose Down
DROP TABLE translation_gaps;
DROP FUNCTION translation_gaps_entry();
DROP FUNCTION translation_gaps_text();
DROP FUNCTION translation_gaps_language();
DROP INDEX translations_board_updated;
DROP INDEX translations_board_draft;
DROP INDEX translations_board_outdated;
DROP TRIGGER translations_outdated ON translations;
DROP FUNCTION translations_outdated();
ALTER TABLE translations DROP COLUMN outdated_since;
