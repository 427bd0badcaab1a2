-- +goose Up
-- The site's main menu after "Home": the built-in sections (news,
-- newsletters, the hotline page) and any pages editors add, in their
-- order, each with an optional label per language (otherwise the
-- section's name or the page's title). A page shows in a language's menu
-- while it is live in that language.
CREATE TABLE menu_items (
    id         bigserial PRIMARY KEY,
    position   integer NOT NULL,
    section    text UNIQUE CHECK (section IN ('news', 'newsletters', 'hotline')),
    entry_id   bigint UNIQUE REFERENCES entries ON DELETE CASCADE,
    CHECK ((section IS NULL) <> (entry_id IS NULL))
);
CREATE TABLE menu_labels (
    item_id bigint NOT NULL REFERENCES menu_items ON DELETE CASCADE,
    lang    text NOT NULL REFERENCES languages ON UPDATE CASCADE ON DELETE CASCADE,
    label   text NOT NULL CHECK (label <> ''),
    PRIMARY KEY (item_id, lang)
);
INSERT INTO menu_items (position, section) VALUES (1, 'news'), (2, 'newsletters'), (3, 'hotline');
-- When the menu last changed (Last-Modified of every page, which shows
-- it): moved on by every change, removals included.
INSERT INTO settings (key, value) VALUES ('menu.changed', now()::text) ON CONFLICT (key) DO NOTHING;
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON menu_items FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();
CREATE TRIGGER notify_content AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON menu_labels FOR EACH STATEMENT EXECUTE FUNCTION notify_content_changed();

-- +goose Down
DELETE FROM settings WHERE key = 'menu.changed';
DROP TABLE menu_labels;
DROP TABLE menu_items;
