-- +goose Up
-- A public page's Last-Modified is the date of the newest content it
-- shows. When an item leaves a list (unpublished, rescheduled, a
-- translation removed), the newest date left may be older than the one a
-- client already has: content_removals keeps, per kind, when that last
-- happened, so list pages never claim an older date than a page they
-- served before.
CREATE TABLE content_removals (
    kind       text PRIMARY KEY,
    removed_at timestamptz NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION content_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO content_removals (kind, removed_at) VALUES (OLD.kind, now())
        ON CONFLICT (kind) DO UPDATE SET removed_at = now();
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER content_unpublished AFTER UPDATE OF status, published_at ON entries FOR EACH ROW
    WHEN (OLD.status = 'published' AND (NEW.status <> 'published' OR NEW.published_at IS DISTINCT FROM OLD.published_at))
    EXECUTE FUNCTION content_removed();
CREATE TRIGGER content_removed AFTER DELETE ON entries FOR EACH ROW EXECUTE FUNCTION content_removed();
CREATE TRIGGER content_removed AFTER DELETE ON translations FOR EACH ROW EXECUTE FUNCTION content_removed();

-- +goose Down
DROP TRIGGER content_removed ON translations;
DROP TRIGGER content_removed ON entries;
DROP TRIGGER content_unpublished ON entries;
DROP FUNCTION content_removed();
DROP TABLE content_removals;
