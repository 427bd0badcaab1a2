-- +goose Up
-- 00053 began dating each sitemap file by its own entries' removals, with
-- none recorded: a file was dated by its kind's last removal until then,
-- and without it would go back to its entries' dates — older than a
-- crawler was told, so a crawler asking If-Modified-Since would keep an
-- address taken down before the upgrade. Each entry starts with its
-- kind's last removal, so every file keeps the date it had.
INSERT INTO entry_removals (entry_id, kind, removed_at)
    SELECT e.id, e.kind, r.removed_at FROM entries e JOIN content_removals r ON r.kind = e.kind
    ON CONFLICT (entry_id) DO UPDATE SET removed_at = greatest(entry_removals.removed_at, EXCLUDED.removed_at);

-- +goose Down
SELECT 1; -- the rows are dates only: 00053's down drops them
