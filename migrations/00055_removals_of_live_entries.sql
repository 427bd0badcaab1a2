-- +goose Up
-- Deleting an entry, or a language of it, is a removal only when it was
-- on the site: purging an entry from the trash (taken off when trashed,
-- and dated then) or deleting a draft re-dated its sitemap file and its
-- kind's lists for nothing, and crawlers fetched them again.
DROP TRIGGER content_removed ON entries;
CREATE TRIGGER content_removed AFTER DELETE ON entries FOR EACH ROW
    WHEN (OLD.status = 'published') EXECUTE FUNCTION content_removed();
DROP TRIGGER content_removed ON translations;
CREATE TRIGGER content_removed AFTER DELETE ON translations FOR EACH ROW
    WHEN (OLD.status = 'published') EXECUTE FUNCTION content_removed();

-- +goose Down
DROP TRIGGER content_removed ON translations;
CREATE TRIGGER content_removed AFTER DELETE ON translations FOR EACH ROW EXECUTE FUNCTION content_removed();
DROP TRIGGER content_removed ON entries;
CREATE TRIGGER content_removed AFTER DELETE ON entries FOR EACH ROW EXECUTE FUNCTION content_removed();
