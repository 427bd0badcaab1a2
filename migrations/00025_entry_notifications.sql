-- +goose Up
-- A change to one entry's content says which entry (payload 'entry:ID'),
-- so each instance drops only the pages that may show it: its own pages
-- and every page showing no single entry (lists, home pages, feeds,
-- sitemaps, search). Anything else still says only its table, which
-- drops everything; so does an entry in the site menu (every page shows
-- its title) and a transaction that changes more than 100 rows of
-- entries (an import): after 100 notifications, one '*' ends them.
-- +goose StatementBegin
CREATE FUNCTION notify_entry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
    entry bigint;
    n integer;
BEGIN
    n := coalesce(nullif(current_setting('vestnik.notified', true), ''), '0')::integer;
    IF n > 100 THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('vestnik.notified', (n + 1)::text, true);
    IF n = 100 THEN
        PERFORM pg_notify('vestnik_content', '*');
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF TG_TABLE_NAME = 'entries' THEN
        entry := r.id;
    ELSIF TG_TABLE_NAME = 'newsletter_article_translations' THEN
        SELECT a.entry_id INTO entry FROM newsletter_articles a WHERE a.id = r.article_id;
    ELSE
        entry := r.entry_id;
    END IF;
    IF entry IS NULL OR EXISTS (SELECT 1 FROM menu_items m WHERE m.entry_id = entry) THEN
        PERFORM pg_notify('vestnik_content', TG_TABLE_NAME);
    ELSE
        PERFORM pg_notify('vestnik_content', 'entry:' || entry);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

DROP TRIGGER notify_content ON entries;
DROP TRIGGER notify_content ON translations;
DROP TRIGGER notify_content ON slug_history;
DROP TRIGGER notify_content ON newsletter_issues;
DROP TRIGGER notify_content ON newsletter_articles;
DROP TRIGGER notify_content ON newsletter_article_translations;
DROP TRIGGER notify_content ON newsletter_editions;
CREATE TRIGGER notify_entry AFTER INSERT OR UPDATE OR DELETE ON entries FOR EACH ROW EXECUTE FUNCTION notify_entry_changed();
CREATE TRIGGER notify_entry AFTER INSERT OR UPDATE OR DELETE ON translations FOR EACH ROW EXECUTE FUNCTION notify_entry_changed();
CREATE TRIGGER notify_entry AFTER INSERT OR UPDATE OR DELETE ON slug_history FOR EACH ROW EXECUTE FUNCTION notify_entry_changed();
CREATE TRIGGER notify_entry AFTER INSERT OR UPDATE OR DELETE ON newsletter_issues FOR EACH ROW EXECUTE FUNCTION notify_entry_changed();
CREATE TRIGGER notify_entry AFTER INSERT OR UPDATE OR DELETE ON newsletter_articles FOR EACH ROW EXECUTE FUNCTION notify_entry_changed();
CREATE TRIGGER notify_entry AFTER INSERT OR UPDATE OR DELETE ON newsletter_article_translations FOR EACH ROW EXECUTE FUNCTION notify_entry_changed();
CREATE TRIGGER notify_entry AFTER INSERT OR UPDATE OR DELETE ON newsletter_editions FOR EACH ROW EXECUTE FUNCTION notify_entry_changed();
-- Emptying a table changes everything.
CREATE TRIGGER notify_content AFTER TRUNCATE ON entries FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER TRUNCATE ON translations FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER TRUNCATE ON slug_history FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER TRUNCATE ON newsletter_issues FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER TRUNCATE ON newsletter_articles FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER TRUNCATE ON newsletter_article_translations FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER TRUNCATE ON newsletter_editions FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();

-- +goose Down
DROP TRIGGER notify_content ON entries;
DROP TRIGGER notify_content ON translations;
DROP TRIGGER notify_content ON slug_history;
DROP TRIGGER notify_content ON newsletter_issues;
DROP TRIGGER notify_content ON newsletter_articles;
DROP TRIGGER notify_content ON newsletter_article_translations;
DROP TRIGGER notify_content ON newsletter_editions;
DROP TRIGGER notify_entry ON entries;
DROP TRIGGER notify_entry ON translations;
DROP TRIGGER notify_entry ON slug_history;
DROP TRIGGER notify_entry ON newsletter_issues;
DROP TRIGGER notify_entry ON newsletter_articles;
DROP TRIGGER notify_entry ON newsletter_article_translations;
DROP TRIGGER notify_entry ON newsletter_editions;
DROP FUNCTION notify_entry_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON entries FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON translations FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON slug_history FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON newsletter_issues FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON newsletter_articles FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON newsletter_article_translations FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON newsletter_editions FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
