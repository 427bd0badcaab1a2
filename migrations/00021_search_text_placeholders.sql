-- +goose Up
-- The hotline placeholder ({{hotlines}}, see internal/view/hotlines.go)
-- is replaced by the numbers when a page is shown; search text and
-- snippets showed it as typed. html_text now leaves it out, like figure
-- markers.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION html_text(h text) RETURNS text IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
    SELECT btrim(regexp_replace(
        replace(replace(replace(replace(replace(replace(
            regexp_replace(regexp_replace(regexp_replace(h, '⟦figure:[0-9]+⟧', ' ', 'g'), '\{\{hotlines\}\}', ' ', 'g'), '<[^>]*>', ' ', 'g'),
            '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#34;', '"'), '&#39;', ''''), '&amp;', '&'),
        '\s+', ' ', 'g'))
$$;
-- +goose StatementEnd
UPDATE translations SET body_html = body_html WHERE body_html LIKE '%{{hotlines}}%';
UPDATE newsletter_article_translations SET body_html = body_html WHERE body_html LIKE '%{{hotlines}}%';

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION html_text(h text) RETURNS text IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
    SELECT btrim(regexp_replace(
        replace(replace(replace(replace(replace(replace(
            regexp_replace(regexp_replace(h, '⟦figure:[0-9]+⟧', ' ', 'g'), '<[^>]*>', ' ', 'g'),
            '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#34;', '"'), '&#39;', ''''), '&amp;', '&'),
        '\s+', ' ', 'g'))
$$;
-- +goose StatementEnd
UPDATE translations SET body_html = body_html WHERE body_html LIKE '%{{hotlines}}%';
UPDATE newsletter_article_translations SET body_html = body_html WHERE body_html LIKE '%{{hotlines}}%';
