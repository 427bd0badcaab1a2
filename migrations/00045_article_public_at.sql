-- +goose Up
-- An article added to a live issue moved the issue's public_at (00036)
-- though visitors saw nothing new: a live language's article texts wait
-- in working copies (newsletter_article_drafts, 00037) until its changes
-- go live, and an article shows in a language only with a text in it. So
-- an article row by itself changes nothing public: its texts do (their
-- trigger below counts each going live), and so does moving or dropping
-- an article that shows in a live language. Which one shows is read
-- before the row changes (BEFORE), while a dropped article still has its
-- texts: the cascade takes them after, when their own trigger no longer
-- finds the issue.
-- +goose StatementBegin
CREATE FUNCTION articles_public_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.position = NEW.position THEN
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM newsletter_article_translations m
               JOIN translations t ON t.entry_id = OLD.entry_id AND t.lang = m.lang
               WHERE m.article_id = OLD.id AND t.status = 'published' AND t.published_at <= now()) THEN
        PERFORM entry_made_public(OLD.entry_id);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

-- As in 00036 without the articles' branch, which articles_public_at
-- takes over.
CREATE OR REPLACE FUNCTION issues_public_at() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
    eid bigint;
    of_lang text;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF TG_TABLE_NAME = 'newsletter_issues' THEN
        IF TG_OP = 'UPDATE' AND OLD.period = NEW.period THEN
            RETURN NULL;
        END IF;
        eid := r.entry_id;
    ELSIF TG_TABLE_NAME = 'newsletter_article_translations' THEN
        IF TG_OP = 'UPDATE' AND (OLD.title, OLD.body_md) IS NOT DISTINCT FROM (NEW.title, NEW.body_md) THEN
            RETURN NULL;
        END IF;
        -- Gone when the article's own deletion cascades here: that
        -- deletion counted already (articles_public_at).
        SELECT a.entry_id INTO eid FROM newsletter_articles a WHERE a.id = r.article_id;
        of_lang := r.lang;
    ELSE
        eid := r.entry_id;
        of_lang := r.lang;
    END IF;
    IF EXISTS (SELECT 1 FROM translations t WHERE t.entry_id = eid AND (of_lang IS NULL OR t.lang = of_lang)
               AND t.status = 'published' AND t.published_at <= now()) THEN
        PERFORM entry_made_public(eid);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

DROP TRIGGER issues_public_at ON newsletter_articles;
CREATE TRIGGER articles_public_at BEFORE DELETE OR UPDATE OF position ON newsletter_articles
    FOR EACH ROW EXECUTE FUNCTION articles_public_at();

-- +goose Down
DROP TRIGGER articles_public_at ON newsletter_articles;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION issues_public_at() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
    eid bigint;
    of_lang text;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF TG_TABLE_NAME = 'newsletter_issues' THEN
        IF TG_OP = 'UPDATE' AND OLD.period = NEW.period THEN
            RETURN NULL;
        END IF;
        eid := r.entry_id;
    ELSIF TG_TABLE_NAME = 'newsletter_articles' THEN
        IF TG_OP = 'UPDATE' AND OLD.position = NEW.position THEN
            RETURN NULL;
        END IF;
        eid := r.entry_id;
    ELSIF TG_TABLE_NAME = 'newsletter_article_translations' THEN
        IF TG_OP = 'UPDATE' AND (OLD.title, OLD.body_md) IS NOT DISTINCT FROM (NEW.title, NEW.body_md) THEN
            RETURN NULL;
        END IF;
        -- Gone when the article's own deletion cascades here: that
        -- deletion counted already.
        SELECT a.entry_id INTO eid FROM newsletter_articles a WHERE a.id = r.article_id;
        of_lang := r.lang;
    ELSE
        eid := r.entry_id;
        of_lang := r.lang;
    END IF;
    IF EXISTS (SELECT 1 FROM translations t WHERE t.entry_id = eid AND (of_lang IS NULL OR t.lang = of_lang)
               AND t.status = 'published' AND t.published_at <= now()) THEN
        PERFORM entry_made_public(eid);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER issues_public_at AFTER INSERT OR DELETE OR UPDATE OF position ON newsletter_articles
    FOR EACH ROW EXECUTE FUNCTION issues_public_at();
DROP FUNCTION articles_public_at();
