-- +goose Up
-- A language's texts are searched alone (internal/store/search.go). In one
-- GIN index over (lang, search) a word is found by intersecting the
-- language's postings (every text in it) with the word's (every text in
-- any language that has it): counting "trafficking" among the Russian
-- texts, for the English search page's line about them, read every
-- English text's posting (6 ms at 100,000 texts, for no match). An index
-- per language holds only its own texts' words. A migration that adds a
-- language adds its two indexes too (TestSearchIndexesPerLanguage).
-- +goose StatementBegin
DO $$
DECLARE
    code text;
BEGIN
    FOR code IN SELECT l.code FROM languages l LOOP
        EXECUTE format('CREATE INDEX %I ON translations USING gin (search) WHERE lang = %L',
            'translations_search_' || code, code);
        EXECUTE format('CREATE INDEX %I ON translations USING gin (title_search) WHERE lang = %L',
            'translations_title_search_' || code, code);
    END LOOP;
END $$;
-- +goose StatementEnd
DROP INDEX translations_lang_search;
DROP INDEX translations_lang_title_search;

-- +goose Down
CREATE INDEX translations_lang_search ON translations USING gin (lang, search);
CREATE INDEX translations_lang_title_search ON translations USING gin (lang, title_search);
-- +goose StatementBegin
DO $$
DECLARE
    code text;
BEGIN
    FOR code IN SELECT l.code FROM languages l LOOP
        EXECUTE format('DROP INDEX IF EXISTS %I', 'translations_search_' || code);
        EXECUTE format('DROP INDEX IF EXISTS %I', 'translations_title_search_' || code);
    END LOOP;
END $$;
-- +goose StatementEnd
