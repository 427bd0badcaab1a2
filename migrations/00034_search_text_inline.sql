-- +goose Up
-- html_text put a space for every tag, so text around inline markup came
-- apart in snippets and search: "<strong>hotline</strong>, call" was
-- "hotline , call", and "<em>Hot</em>line" two words. Inline elements
-- (emphasis, links, code, marks) now leave no space, as a browser shows
-- them; other tags still separate words.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION html_text(h text) RETURNS text IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
    SELECT btrim(regexp_replace(
        replace(replace(replace(replace(replace(replace(
            regexp_replace(regexp_replace(regexp_replace(regexp_replace(h,
                '⟦figure:[0-9]+⟧', ' ', 'g'), '\{\{hotlines\}\}', ' ', 'g'),
                '</?(a|abbr|b|bdi|cite|code|del|em|i|ins|kbd|mark|q|s|small|span|strong|sub|sup|u)(\s[^>]*)?>', '', 'g'),
                '<[^>]*>', ' ', 'g'),
            '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#34;', '"'), '&#39;', ''''), '&amp;', '&'),
        '\s+', ' ', 'g'))
$$;
-- +goose StatementEnd
UPDATE translations SET body_html = body_html
    WHERE body_html ~ '</(a|abbr|b|bdi|cite|code|del|em|i|ins|kbd|mark|q|s|small|span|strong|sub|sup|u)>';
UPDATE newsletter_article_translations SET body_html = body_html
    WHERE body_html ~ '</(a|abbr|b|bdi|cite|code|del|em|i|ins|kbd|mark|q|s|small|span|strong|sub|sup|u)>';

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION html_text(h text) RETURNS text IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
    SELECT btrim(regexp_replace(
        replace(replace(replace(replace(replace(replace(
            regexp_replace(regexp_replace(regexp_replace(h, '⟦figure:[0-9]+⟧', ' ', 'g'), '\{\{hotlines\}\}', ' ', 'g'), '<[^>]*>', ' ', 'g'),
            '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#34;', '"'), '&#39;', ''''), '&amp;', '&'),
        '\s+', ' ', 'g'))
$$;
-- +goose StatementEnd
UPDATE translations SET body_html = body_html
    WHERE body_html ~ '</(a|abbr|b|bdi|cite|code|del|em|i|ins|kbd|mark|q|s|small|span|strong|sub|sup|u)>';
UPDATE newsletter_article_translations SET body_html = body_html
    WHERE body_html ~ '</(a|abbr|b|bdi|cite|code|del|em|i|ins|kbd|mark|q|s|small|span|strong|sub|sup|u)>';
