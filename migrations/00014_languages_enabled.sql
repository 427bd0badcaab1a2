-- +goose Up
-- Languages are turned on and off from the admin; every instance follows
-- at once (the languages table notifies 'vestnik_content'). A disabled
-- language keeps its content, but the site does not serve it.
ALTER TABLE languages ADD COLUMN enabled boolean NOT NULL DEFAULT true;
ALTER TABLE languages ADD CHECK (enabled OR NOT is_default);

-- Turkmen, the state language, ships with its locale files, off until an
-- admin turns it on. Full-text search uses the 'simple' configuration
-- (PostgreSQL has no Turkmen stemmer): whole words, lower-cased.
INSERT INTO languages (code, name, ts_config, position, is_default, enabled)
    VALUES ('tk', 'Türkmençe', 'simple', 3, false, false)
    ON CONFLICT (code) DO NOTHING;

-- +goose Down
DELETE FROM languages WHERE code = 'tk' AND NOT EXISTS (SELECT 1 FROM translations WHERE lang = 'tk');
ALTER TABLE languages DROP COLUMN enabled;
