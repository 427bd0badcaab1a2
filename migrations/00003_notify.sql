-- Every change to what the public site shows notifies 'vestnik_content',
-- so each Vestnik instance drops its rendered-page cache. The trigger is on
-- the tables, so no write path can forget it; Postgres delivers the
-- notification when the transaction commits, and folds duplicates.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION notify_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('vestnik_content', TG_TABLE_NAME);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON languages FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON entries FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON translations FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON slug_history FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON newsletter_issues FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON newsletter_articles FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON newsletter_article_translations FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON newsletter_editions FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON media FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hotlines FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hotline_translations FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();

-- Keyset pagination of public lists and the next scheduled publication.
CREATE INDEX entries_scheduled ON entries (published_at) WHERE status = 'published';

-- +goose Down
DROP INDEX entries_scheduled;
DROP FUNCTION notify_content_changed() CASCADE;
