-- +goose Up
-- Photos: the stored bytes of an image are its master, re-encoded without
-- metadata (internal/images); its focal point, and its texts per language.
ALTER TABLE media
    ADD COLUMN focal_x real NOT NULL DEFAULT 0.5 CHECK (focal_x BETWEEN 0 AND 1),
    ADD COLUMN focal_y real NOT NULL DEFAULT 0.5 CHECK (focal_y BETWEEN 0 AND 1),
    -- Decorative images need no alt text (they are shown with alt="").
    ADD COLUMN decorative boolean NOT NULL DEFAULT false;

CREATE TABLE media_texts (
    media_id bigint NOT NULL REFERENCES media ON DELETE CASCADE,
    lang     text NOT NULL REFERENCES languages,
    alt      text NOT NULL DEFAULT '' CHECK (length(alt) <= 500),
    caption  text NOT NULL DEFAULT '' CHECK (length(caption) <= 1000),
    credit   text NOT NULL DEFAULT '' CHECK (length(credit) <= 300),
    PRIMARY KEY (media_id, lang)
);

-- The file as uploaded, kept only when the admins' setting says so; it is
-- never served.
CREATE TABLE media_originals (
    media_id     bigint PRIMARY KEY REFERENCES media ON DELETE CASCADE,
    filename     text NOT NULL,
    content_type text NOT NULL,
    data         bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- Renditions made on first request and kept, so any instance serves them;
-- spec is what internal/images made (w640.webp, c1200x630-f50x20.jpeg).
CREATE TABLE renditions (
    media_id     bigint NOT NULL REFERENCES media ON DELETE CASCADE,
    spec         text NOT NULL,
    content_type text NOT NULL,
    data         bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (media_id, spec)
);

ALTER TABLE entries ADD COLUMN lead_image_id bigint REFERENCES media ON DELETE RESTRICT;
CREATE INDEX entries_lead_image ON entries (lead_image_id) WHERE lead_image_id IS NOT NULL;

CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON media_texts
    FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();

-- +goose Down
DROP TRIGGER notify_content ON media_texts;
ALTER TABLE entries DROP COLUMN lead_image_id;
DROP TABLE renditions, media_originals, media_texts;
ALTER TABLE media DROP COLUMN focal_x, DROP COLUMN focal_y, DROP COLUMN decorative;
