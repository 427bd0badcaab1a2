-- +goose Up
-- A search's query, parsed in its language's configuration
-- (websearch_to_tsquery: "phrases", -exclusion, OR), with the other stem
-- of a Russian word whose vowel drops when it is inflected: the Snowball
-- stemmer keeps "звонок" and "отец" whole but stems "звонков", "звонка"
-- to "звонк" and "отца" to "отц", so neither form found the other. A
-- stem ending in a consonant, "о" or "е" and "к" or "ц" also matches
-- without the vowel; one ending in a consonant and "к" or "ц" also with
-- "о" or "е" before it (a form the language lacks matches nothing). Only
-- "к" and "ц": the fleeting vowel of "-ок", "-ек", "-ец" is the common
-- case (звонок, рынок, ребёнок, отец, образец, иностранец), and a wider
-- rule would join unrelated words. A stem needs a vowel before the
-- letters changed ("сок" stays whole). Other languages' queries are
-- parsed as they were.
-- +goose StatementBegin
CREATE FUNCTION search_query(cfg regconfig, query text) RETURNS tsquery
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    q tsquery := websearch_to_tsquery(cfg, query);
    lexeme text;
    forms text[];
    c constant text := '[бвгджзклмнпрстфхчшщ]';
    v constant text := '[аеиоуыэюя]';
BEGIN
    IF cfg <> 'russian'::regconfig THEN
        RETURN q;
    END IF;
    -- The query's lexemes, as quoted in its text ('it''s'); one with a
    -- quote or a backslash in it is no Russian word and is left alone.
    FOR lexeme IN SELECT DISTINCT m[1] FROM regexp_matches(q::text, '''((?:[^''\\]|''''|\\.)+)''', 'g') m
            WHERE m[1] !~ '[''\\]' LOOP
        IF lexeme ~ ('^.*' || v || '.*' || c || '[ое][кц]$') THEN
            forms := ARRAY[regexp_replace(lexeme, '[ое]([кц])$', '\1')];
        ELSIF lexeme ~ ('^.*' || v || '.*' || c || '[кц]$') THEN
            forms := ARRAY[regexp_replace(lexeme, '([кц])$', 'о\1'), regexp_replace(lexeme, '([кц])$', 'е\1')];
        ELSE
            CONTINUE;
        END IF;
        q := ts_rewrite(q, ('''' || lexeme || '''')::tsquery,
            (SELECT string_agg('''' || f || '''', ' | ') FROM unnest(lexeme || forms) f)::tsquery);
    END LOOP;
    RETURN q;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION search_query(regconfig, text);
