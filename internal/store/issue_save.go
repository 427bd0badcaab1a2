package store

import (
	"context"
	"maps"
	"slices"
	"time"
	"vestnik/internal/content"

	"github.com/jackc/pgx/v5"
)

// articleText is one language's text of a saved article, as the save
// found it.
type articleText struct {
	title, body string // the editor's latest: the working copy's, else the live text
	live        bool   // the public's text exists (liveTitle, liveBody)
	liveTitle   string
	liveBody    string
	copy        bool // a working copy holds changes to it
	revision    int
	synced      map[string]int
	outdated    bool // behind another language of the article
}

// articlesSaved is what saveIssue did to the articles' texts, language by
// language: as textsSaved's, and the languages whose articles' changes
// wait in working copies.
type articlesSaved struct {
	flagged, quiet, behind []string
	wentLive, working      []string
	ids                    []int64 // the articles' ids, in the draft's order (a new one's as inserted)
}

// saveIssue writes the issue's period, articles and editions. An
// article's texts are outdated as an entry's are (saveTexts): a text's
// revision moves on only when its change matters to the other languages
// — the saver's choice for that language (Text.Update), or
// content.Substantive by default — and the article's other languages
// then count as outdated until brought in line: by a change of their
// own, or by "in line" ticked for their language.
//
// The texts of a language the save held back (held: live, its changes in
// a working copy) go to the articles' working copies, which go live with
// the language's (publishCopy); the articles themselves, their order and
// the editions are the issue's, live at once. A language whose articles
// have changes waiting gets a working copy of its own, though its text is
// the live one, so that "Publish changes", review and its time find them.
func (s *Store) saveIssue(ctx context.Context, d content.Draft, html Rendered, held map[string]heldText, by int64) (out articlesSaved, err error) {
	if _, err := s.db.Exec(ctx, `INSERT INTO newsletter_issues (entry_id, period, send_on_publish) VALUES ($1, $2, $3)
		ON CONFLICT (entry_id) DO UPDATE SET period = EXCLUDED.period, send_on_publish = EXCLUDED.send_on_publish`,
		d.ID, d.Period, d.SendOnPublish); err != nil {
		return out, mapErr("issue", err)
	}
	current, err := s.articleTexts(ctx, d.ID)
	if err != nil {
		return out, err
	}
	// The languages written live lose their articles' working copies: the
	// form's texts are what goes live.
	var unheld []string
	for lang := range d.Texts {
		if !hasKey(held, lang) {
			unheld = append(unheld, lang)
		}
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM newsletter_article_drafts w USING newsletter_articles a
		WHERE a.id = w.article_id AND a.entry_id = $1 AND w.lang = ANY($2)`, d.ID, unheld); err != nil {
		return out, mapErr("article working copies", err)
	}
	now := time.Now()
	flagged, quiet, behind, wentLive := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	// went records that a text of lang changed for the public: it did
	// when lang is live now.
	went := func(lang string) {
		if t := d.Texts[lang]; t.Status == content.StatusPublished && !t.PublishAt.After(now) {
			wentLive[lang] = true
		}
	}
	for _, texts := range current {
		for lang, o := range texts {
			if o.outdated {
				behind[lang] = true
			}
		}
	}
	// Articles: keep those still listed (in the new order), add new ones,
	// drop the rest.
	keep := []int64{}
	for i, a := range d.Articles {
		id := a.ID
		if id != 0 {
			tag, err := s.db.Exec(ctx, `UPDATE newsletter_articles SET position = $3 WHERE id = $1 AND entry_id = $2`, id, d.ID, i+1)
			if err != nil {
				return out, mapErr("article", err)
			}
			if tag.RowsAffected() == 0 {
				id = 0 // not this issue's: treat as new
			}
		}
		if id == 0 {
			if err := s.db.QueryRow(ctx, `INSERT INTO newsletter_articles (entry_id, position) VALUES ($1, $2) RETURNING id`,
				d.ID, i+1).Scan(&id); err != nil {
				return out, mapErr("article", err)
			}
		}
		keep = append(keep, id)
		old := current[id] // nil for a new article
		// The languages the draft carries are written; one it does not
		// (turned off, so not in the form) keeps its text.
		revisions := map[string]int{}
		for lang, o := range old {
			if _, carried := a.Title[lang]; !carried && o.live {
				revisions[lang] = o.revision
			}
		}
		var added, caught []string
		for _, lang := range slices.Sorted(maps.Keys(a.Title)) {
			title, body := a.Title[lang], a.Body[lang]
			o, had := old[lang] // a text, live or in a working copy
			gone := title == "" && body == ""
			if gone && !had {
				continue
			}
			var rendered string
			if i < len(html.Articles) {
				rendered = html.Articles[i][lang]
			}
			isHeld := hasKey(held, lang)
			switch {
			case isHeld:
				// The public keeps reading the live text; the working
				// copy holds the form's, unless it says the same.
				if o.live && title == o.liveTitle && body == o.liveBody || !o.live && gone {
					if o.copy {
						if _, err := s.db.Exec(ctx, `DELETE FROM newsletter_article_drafts WHERE article_id = $1 AND lang = $2`, id, lang); err != nil {
							return out, mapErr("article working copy", err)
						}
						// Changes given up, the live text back: no news
						// for the other languages.
						if o.live {
							revisions[lang] = o.revision
						}
						continue
					}
				} else if _, err := s.db.Exec(ctx, `INSERT INTO newsletter_article_drafts (article_id, lang, title, body_md, body_html, saved_by)
					VALUES ($1, $2, $3, $4, $5, nullif($6, 0::bigint))
					ON CONFLICT (article_id, lang) DO UPDATE SET title = $3, body_md = $4, body_html = $5,
						-- Whose changes they are: the last to change them.
						saved_by = CASE WHEN (newsletter_article_drafts.title, newsletter_article_drafts.body_md) IS DISTINCT FROM ($3, $4)
							THEN EXCLUDED.saved_by ELSE newsletter_article_drafts.saved_by END`,
					id, lang, title, body, rendered, by); err != nil {
					return out, mapErr("article working copy", err)
				}
				if !o.live {
					continue // a text the changes add: in line with the others when it goes live
				}
				if gone {
					revisions[lang] = o.revision // the live text stays until the changes go
					continue
				}
			case gone:
				if o.live {
					if _, err := s.db.Exec(ctx, `DELETE FROM newsletter_article_translations WHERE article_id = $1 AND lang = $2`,
						id, lang); err != nil {
						return out, mapErr("article texts", err)
					}
					went(lang)
				}
				continue
			case !o.live:
				if _, err := s.db.Exec(ctx, `INSERT INTO newsletter_article_translations (article_id, lang, title, body_md, body_html)
					VALUES ($1, $2, $3, $4, $5)`, id, lang, title, body, rendered); err != nil {
					return out, mapErr("article text", err)
				}
				revisions[lang] = 0
				added = append(added, lang)
				went(lang)
				continue
			}
			rev := o.revision
			was, now := content.Text{Title: o.title, Body: o.body}, content.Text{Title: title, Body: body}
			if changed := o.title != title || o.body != body; changed && len(old) > 1 {
				switch d.Texts[lang].Update {
				case content.UpdateYes:
					rev++
				case content.UpdateAuto:
					// An outdated text that changes is catching up.
					if !o.outdated && content.Substantive(was, now) {
						rev++
					}
				}
				if rev > o.revision {
					flagged[lang] = true
				} else {
					quiet[lang] = true
				}
				if rev > o.revision || o.outdated {
					caught = append(caught, lang)
				}
			}
			if d.Texts[lang].InLine {
				caught = append(caught, lang)
			}
			if isHeld {
				_, err = s.db.Exec(ctx, `UPDATE newsletter_article_translations SET revision = $3 WHERE article_id = $1 AND lang = $2`,
					id, lang, rev)
			} else {
				_, err = s.db.Exec(ctx, `UPDATE newsletter_article_translations SET title = $3, body_md = $4, body_html = $5, revision = $6
					WHERE article_id = $1 AND lang = $2`, id, lang, title, body, rendered, rev)
				if title != o.liveTitle || body != o.liveBody {
					went(lang)
				}
			}
			if err != nil {
				return out, mapErr("article text", err)
			}
			revisions[lang] = rev
		}
		// A text whose meaning changed, one that caught up or was marked
		// as checked, and a new one are in line with every other language
		// of the article as it now stands; the others are in line with a
		// new one.
		for _, lang := range slices.Concat(caught, added) {
			synced := maps.Clone(revisions)
			delete(synced, lang)
			if _, err := s.db.Exec(ctx, `UPDATE newsletter_article_translations SET synced = synced || $3 WHERE article_id = $1 AND lang = $2`,
				id, lang, synced); err != nil {
				return out, mapErr("article synced", err)
			}
		}
		for _, lang := range added {
			if _, err := s.db.Exec(ctx, `UPDATE newsletter_article_translations SET synced = synced || jsonb_build_object($2::text, $3::int)
				WHERE article_id = $1 AND lang <> $2`, id, lang, revisions[lang]); err != nil {
				return out, mapErr("article synced", err)
			}
		}
	}
	out.ids = keep
	if _, err := s.db.Exec(ctx, `DELETE FROM newsletter_articles WHERE entry_id = $1 AND NOT (id = ANY($2))`, d.ID, keep); err != nil {
		return out, mapErr("articles", err)
	}
	if out.working, err = s.copyForArticles(ctx, d.ID, held, by); err != nil {
		return out, err
	}
	out.flagged = slices.Sorted(maps.Keys(flagged))
	out.quiet = slices.Sorted(maps.Keys(quiet))
	out.behind = slices.Sorted(maps.Keys(behind))
	out.wentLive = slices.Sorted(maps.Keys(wentLive))
	return out, s.saveEditions(ctx, d)
}

// copyForArticles gives each held language whose articles have changes
// waiting a working copy, the live text's, where it has none (its own
// text is as live); it returns the languages whose articles have changes
// waiting.
func (s *Store) copyForArticles(ctx context.Context, entryID int64, held map[string]heldText, by int64) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT DISTINCT w.lang FROM newsletter_article_drafts w
		JOIN newsletter_articles a ON a.id = w.article_id WHERE a.entry_id = $1 ORDER BY 1`, entryID)
	if err != nil {
		return nil, mapErr("article working copies", err)
	}
	langs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, mapErr("article working copies", err)
	}
	for _, lang := range langs {
		h, ok := held[lang]
		if !ok {
			continue // not in the form (turned off): as it was
		}
		if _, err := s.db.Exec(ctx, `INSERT INTO translation_drafts (entry_id, lang, title, slug, summary, body_md, body_html,
				publish_at, base_revision, saved_by, lead_image_id)
			SELECT entry_id, lang, title, slug, summary, body_md, body_html, $3, $4, nullif($5, 0::bigint), lead_image_id
			FROM translations WHERE entry_id = $1 AND lang = $2
			ON CONFLICT (entry_id, lang) DO NOTHING`, entryID, lang, h.changesAt, h.revision, by); err != nil {
			return nil, mapErr("working copy", err)
		}
	}
	return langs, nil
}

// articleTexts reads an issue's article texts, by article and language:
// the live texts, each with whether it is behind another language of its
// article, and the working copies' changes to them.
func (s *Store) articleTexts(ctx context.Context, entryID int64) (map[int64]map[string]articleText, error) {
	rows, err := s.db.Query(ctx, `SELECT m.article_id, m.lang, m.title, m.body_md, m.revision, m.synced,
		EXISTS (SELECT 1 FROM newsletter_article_translations o WHERE o.article_id = m.article_id AND o.lang <> m.lang
		        AND o.revision > coalesce((m.synced ->> o.lang)::int, 0))
		FROM newsletter_articles a JOIN newsletter_article_translations m ON m.article_id = a.id
		WHERE a.entry_id = $1 FOR UPDATE OF m`, entryID)
	if err != nil {
		return nil, mapErr("article texts", err)
	}
	defer rows.Close()
	out := map[int64]map[string]articleText{}
	for rows.Next() {
		var id int64
		var lang string
		t := articleText{live: true}
		if err := rows.Scan(&id, &lang, &t.liveTitle, &t.liveBody, &t.revision, &t.synced, &t.outdated); err != nil {
			return nil, mapErr("article texts", err)
		}
		t.title, t.body = t.liveTitle, t.liveBody
		if out[id] == nil {
			out[id] = map[string]articleText{}
		}
		out[id][lang] = t
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr("article texts", err)
	}
	rows, err = s.db.Query(ctx, `SELECT w.article_id, w.lang, w.title, w.body_md
		FROM newsletter_articles a JOIN newsletter_article_drafts w ON w.article_id = a.id
		WHERE a.entry_id = $1 FOR UPDATE OF w`, entryID)
	if err != nil {
		return nil, mapErr("article working copies", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var lang, title, body string
		if err := rows.Scan(&id, &lang, &title, &body); err != nil {
			return nil, mapErr("article working copies", err)
		}
		if out[id] == nil {
			out[id] = map[string]articleText{}
		}
		t := out[id][lang]
		t.title, t.body, t.copy = title, body, true
		out[id][lang] = t
	}
	return out, mapErr("article working copies", rows.Err())
}

// hasKey reports whether m has key k.
func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}

// saveEditions writes an issue's PDF editions.
func (s *Store) saveEditions(ctx context.Context, d content.Draft) error {
	// Editions of the languages on the site (the form's) and of those the
	// draft names are replaced; a language turned off keeps its edition.
	if _, err := s.db.Exec(ctx, `DELETE FROM newsletter_editions WHERE entry_id = $1
		AND (lang = ANY($2) OR lang IN (SELECT code FROM languages WHERE enabled))`,
		d.ID, slices.Collect(maps.Keys(d.Editions))); err != nil {
		return mapErr("editions", err)
	}
	for lang, mid := range d.Editions {
		if mid == 0 {
			continue
		}
		if _, err := s.db.Exec(ctx, `INSERT INTO newsletter_editions (entry_id, lang, media_id) VALUES ($1, $2, $3)`, d.ID, lang, mid); err != nil {
			return mapErr("edition "+lang, err)
		}
	}
	return nil
}
