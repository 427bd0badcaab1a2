-- +goose Up
-- Which sitemap file lost an entry: content_removals dates a removal per
-- kind, so one unpublished news item re-dated every news sitemap file and
-- a crawler trusting lastmod fetched them all again. entry_removals keeps
-- when each entry last left the public site (taken down, rescheduled, a
-- language removed, deleted), by entry: a file of an id range is dated by
-- its own entries' removals. A row outlives its entry (no foreign key):
-- the file that listed a deleted entry changed too.
CREATE TABLE entry_removals (
    entry_id   bigint PRIMARY KEY,
    kind       text NOT NULL,
    removed_at timestamptz NOT NULL
);
CREATE INDEX entry_removals_kind ON entry_removals (kind, entry_id) INCLUDE (removed_at);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION content_removed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    id bigint;
BEGIN
    INSERT INTO content_removals (kind, removed_at) VALUES (OLD.kind, now())
        ON CONFLICT (kind) DO UPDATE SET removed_at = now();
    IF TG_TABLE_NAME = 'entries' THEN
        id := OLD.id;
    ELSE
        id := OLD.entry_id;
    END IF;
    INSERT INTO entry_removals (entry_id, kind, removed_at) VALUES (id, OLD.kind, now())
        ON CONFLICT (entry_id) DO UPDATE SET kind = EXCLUDED.kind, removed_at = now();
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION content_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO content_removals (kind, removed_at) VALUES (OLD.kind, now())
        ON CONFLICT (kind) DO UPDATE SET removed_at = now();
    RETURN NULL;
END
$$;
-- +goose StatementEnd
DROP TABLE entry_removals;
