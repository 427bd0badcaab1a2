package demo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// generateSQL makes news items in both languages inside the database, from
// word lists, one every 37 minutes back from now, so a bench has a large
// archive without fixtures in git. The search vectors come from the same
// trigger as editors' saves.
const generateSQL = `
WITH words AS (
	SELECT ARRAY['migration','hotline','training','border','officers','workshop','trafficking','prevention',
	             'protection','labour','travel','consular','shelter','return','reintegration','campaign','youth',
	             'seminar','cooperation','assistance','victims','prosecutors','awareness','leaflets','Ashgabat',
	             'Dashoguz','Mary','Lebap','Balkan','Turkmenbashi','partners','project','experts','guidelines'] AS en,
	       ARRAY['миграция','горячая','линия','обучение','граница','сотрудники','семинар','торговля','людьми',
	             'профилактика','защита','трудовой','поездка','консульский','приют','возвращение','реинтеграция',
	             'кампания','молодёжь','сотрудничество','помощь','жертвы','прокуроры','информирование','листовки',
	             'Ашхабад','Дашогуз','Мары','Лебап','Балкан','Туркменбаши','партнёры','проект','эксперты'] AS ru
), new_entries AS (
	INSERT INTO entries (kind, status, published_at, created_at, updated_at, public_at)
	SELECT 'news', 'published', t, t, t, t
	FROM generate_series(1, $1::int) g, LATERAL (SELECT $2::timestamptz - g * interval '37 minutes' AS t) ts
	RETURNING id
), texts AS (
	SELECT e.id, l.lang, w.en, w.ru,
	       (SELECT string_agg((CASE l.lang WHEN 'en' THEN w.en ELSE w.ru END)[1 + abs(hashtext(e.id::text || ':t' || k)) % 34], ' ')
	        FROM generate_series(1, 8) k) AS title,
	       (SELECT string_agg((CASE l.lang WHEN 'en' THEN w.en ELSE w.ru END)[1 + abs(hashtext(e.id::text || ':' || k)) % 34], ' ')
	        FROM generate_series(1, 300) k) AS body
	FROM new_entries e CROSS JOIN words w CROSS JOIN (VALUES ('en'), ('ru')) l(lang)
)
INSERT INTO translations (entry_id, kind, lang, title, slug, summary, body_md, body_html, synced, created_at, updated_at)
SELECT id, 'news', lang, initcap(title), 'item-' || id || '-' || lang,
       left(body, 160), body, '<p>' || body || '</p>',
       CASE lang WHEN 'en' THEN '{"ru": 1}'::jsonb ELSE '{"en": 1}'::jsonb END, now(), now()
FROM texts`

// Generate adds n published news items in English and Russian, in
// batches, on a connection of its own without the pool's statement
// timeout, which is for requests: a batch on a busy machine takes longer.
// (The timeout is off from the connection's start: set off in each
// transaction, the statement setting it, on a loaded machine, could run
// out of time itself.) Then it vacuums and analyzes the tables it filled.
func Generate(ctx context.Context, pool *pgxpool.Pool, n int, progress func(done int)) error {
	cfg := pool.Config().ConnConfig.Copy()
	cfg.RuntimeParams["statement_timeout"] = "0"
	// Commits flushed before the vacuum below: it marks a page all
	// visible only when its rows' commits are hinted, and a commit not yet
	// flushed (synchronous_commit off, as in the dev cluster) cannot be.
	cfg.RuntimeParams["synchronous_commit"] = "on"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("demo: generate: %w", err)
	}
	defer conn.Close(ctx)
	const batch = 5000
	for done := 0; done < n; done += batch {
		size := min(batch, n-done)
		if err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			// Items dated as published: their texts, written with them,
			// leave entries.public_at as written (migration 00036).
			if _, err := tx.Exec(ctx, "SET LOCAL vestnik.keep_dates = on"); err != nil {
				return err
			}
			var start string
			if err := tx.QueryRow(ctx, `SELECT (coalesce(min(published_at), now()))::text FROM entries`).Scan(&start); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, generateSQL, size, start)
			return err
		}); err != nil {
			return fmt.Errorf("demo: generate: %w", err)
		}
		if progress != nil {
			progress(done + size)
		}
	}
	// Vacuumed as well as analyzed, as a site's archive is: the bulk
	// insert leaves the newest fifth of the rows below autovacuum's insert
	// threshold, and with the visibility map that incomplete the planner
	// prices index-only scans (the search's walk of titles by date) as
	// heap fetches and walks the table instead: twice the search's
	// database time on a freshly generated bench database.
	if _, err := conn.Exec(ctx, `VACUUM (ANALYZE) entries, translations, translation_gaps`); err != nil {
		return fmt.Errorf("demo: generate: %w", err)
	}
	return nil
}
