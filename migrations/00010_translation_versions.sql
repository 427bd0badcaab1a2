-- +goose Up
-- "Outdated" means the meaning changed. A translation's revision now
-- moves only when a save says its change matters to the other languages
-- (by default: when it is substantive; see content.Substantive); the text
-- as it stood at each revision is kept, so a translator can see what
-- changed in the source since the translation was last brought in line.
CREATE TABLE translation_versions (
    entry_id  bigint NOT NULL,
    lang      text NOT NULL,
    revision  int NOT NULL,
    title     text NOT NULL,
    summary   text NOT NULL,
    body_md   text NOT NULL,
    saved_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entry_id, lang, revision),
    FOREIGN KEY (entry_id, lang) REFERENCES translations (entry_id, lang) ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO translation_versions (entry_id, lang, revision, title, summary, body_md, saved_at)
    SELECT entry_id, lang, revision, title, summary, body_md, updated_at FROM translations;

-- Adding a translation no longer makes the others outdated: a language a
-- text has never been compared with counts as in line at its current
-- revision.
UPDATE translations t SET synced = t.synced || coalesce((
    SELECT jsonb_object_agg(o.lang, o.revision) FROM translations o
    WHERE o.entry_id = t.entry_id AND o.lang <> t.lang AND NOT t.synced ? o.lang), '{}');

-- +goose Down
DROP TABLE translation_versions;
