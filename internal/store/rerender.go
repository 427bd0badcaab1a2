package store

import (
	"context"
	"fmt"
)

// rerendered are the tables whose Markdown the site keeps rendered, the
// columns that name a row, and the heading level their texts sit under
// (an issue's article under its h2; a page's text under its h1).
var rerendered = []struct {
	table, id string
	under     int
}{
	{"translations", "entry_id", 1},
	{"translation_drafts", "entry_id", 1},
	{"newsletter_article_translations", "article_id", 2},
	{"newsletter_article_drafts", "article_id", 2},
}

// Rerender renders every stored Markdown text again with render (the
// current renderer: after an upgrade that changed what it makes) and
// stores the HTML that differs, a batch at a time; it returns how many
// texts changed. Only body_html is written: no revision, no new date.
func (s *Store) Rerender(ctx context.Context, render func(md string, under int) (string, error)) (int, error) {
	changed := 0
	for _, t := range rerendered {
		var lastID int64
		lastLang := ""
		for {
			rows, err := s.db.Query(ctx, `SELECT `+t.id+`, lang, body_md, body_html FROM `+t.table+`
				WHERE (`+t.id+`, lang) > ($1, $2) ORDER BY `+t.id+`, lang LIMIT 500`, lastID, lastLang) // #nosec G202 -- names from rerendered
			if err != nil {
				return changed, mapErr("rerender "+t.table, err)
			}
			type row struct {
				id         int64
				lang, html string
			}
			var batch []row
			n := 0
			for rows.Next() {
				var r row
				var md, old string
				if err := rows.Scan(&r.id, &r.lang, &md, &old); err != nil {
					rows.Close()
					return changed, mapErr("rerender "+t.table, err)
				}
				n++
				lastID, lastLang = r.id, r.lang
				if r.html, err = render(md, t.under); err != nil {
					rows.Close()
					return changed, fmt.Errorf("store: rerender %s %d %s: %w", t.table, r.id, r.lang, err)
				}
				if r.html != old {
					batch = append(batch, r)
				}
			}
			if err := rows.Err(); err != nil {
				return changed, mapErr("rerender "+t.table, err)
			}
			for _, r := range batch {
				if _, err := s.db.Exec(ctx, `UPDATE `+t.table+` SET body_html = $3 WHERE `+t.id+` = $1 AND lang = $2`, // #nosec G202 -- names from rerendered
					r.id, r.lang, r.html); err != nil {
					return changed, mapErr("rerender "+t.table, err)
				}
			}
			changed += len(batch)
			if n < 500 {
				break
			}
		}
	}
	return changed, nil
}
