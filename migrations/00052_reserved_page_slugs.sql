-- +goose Up
-- A page saved with a slug the site later took for an address of its own
-- ("feed", since the site redirects the feed addresses readers guess) is
-- shadowed by that address: nobody can open it. Each such page gets the
-- slug a new page of that title would get now, the first of slug-2,
-- slug-3, … that no page of its language has or had, in its live text and in its
-- working copy. The site's own pages (the hotline page, slug "hotline")
-- keep theirs. The list is content's reserved slugs that a slug can be.
UPDATE translation_drafts d SET slug = (SELECT d.slug || '-' || n FROM generate_series(2, 10000) n
        WHERE NOT EXISTS (SELECT 1 FROM translations o WHERE o.lang = d.lang AND o.kind = 'page' AND o.slug = d.slug || '-' || n)
            AND NOT EXISTS (SELECT 1 FROM slug_history h WHERE h.lang = d.lang AND h.kind = 'page' AND h.slug = d.slug || '-' || n)
        ORDER BY n LIMIT 1)
    FROM entries e
    WHERE e.id = d.entry_id AND e.kind = 'page' AND e.system_key IS NULL
        AND d.slug = ANY ('{news,newsletters,hotline,sitemap,search,unavailable,feeds,static,media,admin,subscribe,subscription,feed}'::text[]);

UPDATE translations t SET slug = (SELECT t.slug || '-' || n FROM generate_series(2, 10000) n
        WHERE NOT EXISTS (SELECT 1 FROM translations o WHERE o.lang = t.lang AND o.kind = 'page' AND o.slug = t.slug || '-' || n)
            AND NOT EXISTS (SELECT 1 FROM slug_history h WHERE h.lang = t.lang AND h.kind = 'page' AND h.slug = t.slug || '-' || n)
        ORDER BY n LIMIT 1)
    FROM entries e
    WHERE e.id = t.entry_id AND t.kind = 'page' AND e.system_key IS NULL
        AND t.slug = ANY ('{news,newsletters,hotline,sitemap,search,unavailable,feeds,static,media,admin,subscribe,subscription,feed}'::text[]);

-- +goose Down
SELECT 1;
