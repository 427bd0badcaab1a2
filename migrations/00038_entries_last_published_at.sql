-- +goose Up
-- A language that goes live by its scheduled time alone writes nothing,
-- so public_at (00036) does not move: readers take the newer of public_at
-- and the visible texts' publications. The sitemap index read only the
-- entry's row — published_at, its earliest language's, and public_at —
-- so a second language going live left the index's lastmod where the
-- first had put it. last_published_at is the newest publication time of
-- the entry's published languages, scheduled ones included, kept with the
-- entry's summary state (entries_sum_status, 00013): while it is past, it
-- is when the public last saw a language arrive, read from the entry's
-- row (in the index below); while it is still to come, the index reads
-- that entry's languages (a few entries: those with a language waiting).
--
-- NULL on the rows already there: they get a value only when it is later
-- than published_at (languages published at different times), which the
-- UPDATE below writes, rather than rewriting every row (the bench
-- database has 100,000 entries). Readers take NULL as published_at.
ALTER TABLE entries ADD COLUMN last_published_at timestamptz;

UPDATE entries e SET last_published_at = l.at
  FROM (SELECT entry_id, max(published_at) AS at FROM translations WHERE status = 'published' GROUP BY entry_id) l
 WHERE l.entry_id = e.id AND e.status = 'published' AND l.at > e.published_at;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION entries_sum_status() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    eid bigint;
    st text;
    at timestamptz;
    last_at timestamptz;
BEGIN
    IF TG_OP = 'DELETE' THEN eid := OLD.entry_id; ELSE eid := NEW.entry_id; END IF;
    SELECT CASE WHEN bool_or(status = 'published') THEN 'published'
                WHEN bool_or(status = 'unpublished') THEN 'unpublished'
                ELSE 'draft' END,
           min(published_at) FILTER (WHERE status = 'published'),
           max(published_at) FILTER (WHERE status = 'published')
      INTO st, at, last_at FROM translations WHERE entry_id = eid;
    IF st IS NULL THEN st := 'draft'; END IF;
    UPDATE entries SET status = st, published_at = CASE WHEN st = 'published' THEN at ELSE published_at END,
                       last_published_at = last_at
     WHERE entries.id = eid AND (status, published_at, last_published_at) IS DISTINCT FROM
           (st, CASE WHEN st = 'published' THEN at ELSE published_at END, last_at);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE INDEX entries_sitemap_live ON entries (kind, id) INCLUDE (published_at, public_at, updated_at, last_published_at) WHERE status = 'published';
DROP INDEX entries_sitemap_public;

-- +goose Down
CREATE INDEX entries_sitemap_public ON entries (kind, id) INCLUDE (published_at, public_at, updated_at) WHERE status = 'published';
DROP INDEX entries_sitemap_live;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION entries_sum_status() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    eid bigint;
    st text;
    at timestamptz;
BEGIN
    IF TG_OP = 'DELETE' THEN eid := OLD.entry_id; ELSE eid := NEW.entry_id; END IF;
    SELECT CASE WHEN bool_or(status = 'published') THEN 'published'
                WHEN bool_or(status = 'unpublished') THEN 'unpublished'
                ELSE 'draft' END,
           min(published_at) FILTER (WHERE status = 'published')
      INTO st, at FROM translations WHERE entry_id = eid;
    IF st IS NULL THEN st := 'draft'; END IF;
    UPDATE entries SET status = st, published_at = CASE WHEN st = 'published' THEN at ELSE published_at END
     WHERE entries.id = eid AND (status, published_at) IS DISTINCT FROM (st, CASE WHEN st = 'published' THEN at ELSE published_at END);
    RETURN NULL;
END
$$;
-- +goose StatementEnd
ALTER TABLE entries DROP COLUMN last_published_at;
