package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"vestnik/internal/content"
)

// ErrStale means the entry changed since the editor opened it.
var ErrStale = errors.New("store: entry changed since it was opened")

// Rendered is the HTML of a draft's Markdown: by language, and for each
// article by language.
type Rendered struct {
	Texts    map[string]string
	Articles []map[string]string
}

// Change says who saves and why, for the revision and the audit log.
type Change struct {
	UserID int64
	IP     netip.Addr
	Action string // "entry.create", "entry.update", "entry.restore", …
	Note   string
	// Summary is the audit line's; empty, it is the entry's title.
	Summary string
}

// Saved is what a save did.
type Saved struct {
	ID      int64
	Version int
	// Flagged lists the languages whose change marked the other languages
	// as needing an update; Quiet those changed without doing so (a
	// correction, by the saver's choice or content.Substantive's).
	Flagged, Quiet []string
	// Outdated lists the languages a save that flagged marked as needing
	// an update (not those behind already; none after other saves).
	Outdated []string
	// Unchanged: the draft was what the entry already held; nothing was
	// written (no revision, no version, no audit line).
	Unchanged bool
	// Working lists the live languages whose changes were kept as a
	// working copy: the public still reads the text as it was.
	Working []string
	// Dropped lists the live languages whose working copy was given up:
	// the form brought back the live text.
	Dropped []string
	// SharedChanged: the save changed what no working copy holds back
	// (content.Draft.SharedChanged), so it is live already on every
	// language's page.
	SharedChanged bool
	// ImagesLive lists the languages without a working copy whose own
	// lead image the save changed: live already, on their pages only.
	ImagesLive []string
	// InReview lists the languages in review (a translator's text waiting
	// for approval, or sent back) whose "update the other languages?" the
	// saver left to the default, which for them is no (reviewCorrections).
	InReview []string
	// WentLive lists the languages whose text the save put on the site
	// now: newly published, or live with changes (the form's, or its
	// working copy's) published. A live language left as it was, or one
	// whose changes wait for their time, is not among them.
	WentLive []string
}

// SaveEntry stores a draft in one transaction: the entry (its version
// checked, so a second editor cannot silently overwrite the first), every
// translation, the issue's articles and editions, the slug history, a
// revision and the audit line.
func (s *Store) SaveEntry(ctx context.Context, d content.Draft, html Rendered, ch Change) (Saved, error) {
	var saved Saved
	// Published without a time: now, to the minute the form shows, so
	// saving the form again unchanged is recognised as unchanged.
	now := time.Now().Truncate(time.Minute)
	texts := make(map[string]content.Text, len(d.Texts))
	for lang, t := range d.Texts {
		if t.Status == content.StatusPublished && t.PublishAt.IsZero() {
			t.PublishAt = now
		}
		texts[lang] = t
	}
	d.Texts = texts
	// The snapshot keeps content, not the one-time choices of the save.
	inLine := false
	var publish []string // the languages whose working copies the save publishes
	for lang, t := range d.Texts {
		inLine = inLine || t.InLine
		if t.Publish {
			publish = append(publish, lang)
		}
	}
	snap := snapshotOf(d)
	opened := d.Version // the version the form was opened at
	err := s.InTx(ctx, func(tx *Store) error {
		saved = Saved{}
		if d.ID != 0 {
			// Saved meanwhile: the save goes on, on top of it, unless
			// it would write over what was saved (the row stays locked
			// to the end, so nothing lands between the check and the
			// save).
			v, err := tx.lockVersion(ctx, d, opened)
			if err != nil {
				return err
			}
			d.Version, snap.Version = v, v
		}
		if d.ID != 0 && !inLine {
			// A save that changes nothing makes no revision, no new
			// version and no audit line ("Publish changes" changes what
			// the public reads when a working copy is waiting).
			same, err := tx.unchanged(ctx, snap)
			if err == nil && same && len(publish) > 0 {
				var pending bool
				pending, err = tx.pending(ctx, d.ID, publish)
				same = !pending
			}
			if err != nil || same {
				saved = Saved{ID: d.ID, Version: d.Version, Unchanged: same}
				return err
			}
		}
		existed := d.ID != 0
		if existed {
			before, err := tx.shared(ctx, d)
			if err != nil {
				return err
			}
			saved.SharedChanged = d.SharedChanged(before)
		}
		var err error
		if saved.ID, saved.Version, err = tx.saveEntryRow(ctx, d, ch.UserID); err != nil {
			return err
		}
		d.ID = saved.ID
		if d.Kind == content.KindNewsletter && d.SendOnPublish {
			if err := tx.notMailingLive(ctx, d.ID); err != nil {
				return err
			}
		}
		// The texts waiting for review, read before the save decides
		// what becomes of them (an emptied language takes its review
		// with it).
		waiting, err := tx.waitingReviews(ctx, d.ID)
		if err != nil {
			return err
		}
		if saved.InReview, err = tx.reviewCorrections(ctx, d); err != nil {
			return err
		}
		texts, err := tx.saveTexts(ctx, d, html, ch.UserID)
		if err != nil {
			return err
		}
		saved.Flagged, saved.Quiet, saved.Dropped, snap.Live = texts.flagged, texts.quiet, texts.dropped, texts.live
		saved.WentLive = texts.wentLive
		saved.Working = slices.Sorted(maps.Keys(snap.Live))
		behind := texts.behind
		if d.Kind == content.KindNewsletter {
			arts, err := tx.saveIssue(ctx, d, html, texts.held, ch.UserID)
			if err != nil {
				return err
			}
			// A language flagged by its text or by an article's text.
			saved.Flagged = union(saved.Flagged, arts.flagged)
			saved.Quiet = slices.DeleteFunc(union(saved.Quiet, arts.quiet), func(l string) bool { return slices.Contains(saved.Flagged, l) })
			behind = union(behind, arts.behind)
			// The revision names the articles by their ids, a new one's
			// too: a later save from a form opened at this version finds
			// them (content.Draft.SharedChanged, an article removed
			// meanwhile).
			for i := range snap.Articles {
				if i < len(arts.ids) {
					snap.Articles[i].ID = arts.ids[i]
				}
			}
			saved.WentLive = union(saved.WentLive, arts.wentLive)
			// A language whose articles' changes wait has a working copy,
			// though its own text is the live one.
			for _, lang := range arts.working {
				if h, ok := texts.held[lang]; ok && !hasKey(snap.Live, lang) {
					if snap.Live == nil {
						snap.Live = map[string]content.Text{}
					}
					snap.Live[lang] = h.row
				}
			}
			saved.Dropped = slices.DeleteFunc(saved.Dropped, func(l string) bool { return slices.Contains(arts.working, l) })
			saved.Working = slices.Sorted(maps.Keys(snap.Live))
		}
		// The languages' own images, once every working copy this save
		// makes or keeps is there to hold its language's.
		imagesLive, err := tx.saveLangImages(ctx, d)
		if err != nil {
			return err
		}
		if existed {
			saved.ImagesLive = imagesLive
		}
		if snap.LiveImages, err = tx.liveImages(ctx, d.ID, saved.Working); err != nil {
			return err
		}
		if err := tx.endReviews(ctx, d.ID, waiting, reviewsEnded(d, saved), nullID(ch.UserID)); err != nil {
			return err
		}
		if len(saved.Flagged) > 0 {
			if saved.Outdated, err = tx.behindLangs(ctx, d.ID); err != nil {
				return err
			}
			saved.Outdated = slices.DeleteFunc(saved.Outdated, func(l string) bool { return slices.Contains(behind, l) })
		}
		snap.ID, snap.Version = saved.ID, saved.Version
		snapshot, err := json.Marshal(snap)
		if err != nil {
			return err
		}
		var author *int64
		if ch.UserID != 0 {
			author = &ch.UserID
		}
		if _, err := tx.db.Exec(ctx, `INSERT INTO revisions (entry_id, version, author_id, snapshot, note)
			VALUES ($1, $2, $3, $4, $5)`, d.ID, saved.Version, author, snapshot, ch.Note); err != nil {
			return mapErr("revision", err)
		}
		a := AuditEntry{UserID: author, Action: ch.Action, ObjectType: "entry", ObjectID: d.ID, Summary: ch.Summary}
		if a.Summary == "" {
			a.Summary = titleOf(d)
		}
		if ch.IP.IsValid() {
			a.IP = &ch.IP
		}
		return tx.Audit(ctx, a)
	})
	return saved, err
}

// reviewsEnded says, by language, what a save did to the texts waiting
// for review that leave it without one: put live (Save and publish
// changes, or a draft published) or withdrawn (the live text put back in
// place of the submitted changes, or the text emptied and so removed).
// Any other save leaves a text waiting: an editor's polish, a schedule,
// an unpublish keeping the changes.
func reviewsEnded(d content.Draft, saved Saved) map[string]string {
	out := map[string]string{}
	for lang, t := range d.Texts {
		switch {
		case slices.Contains(saved.WentLive, lang):
			out[lang] = NoticePublished
		case t.Empty(), slices.Contains(saved.Dropped, lang):
			out[lang] = NoticeWithdrawn
		}
	}
	return out
}

// reviewCorrections answers "update the other languages?" for a language
// in review whose saver left it unanswered: no. A text in review is a
// translator's translation of the others, waiting for approval or sent
// back for more work; whoever changes it before it is approved is
// finishing that translation (an editor polishing it, the translator
// fixing what the review said), not changing what the entry says, so the
// other languages, the source among them, stay up to date. Left to
// content.Substantive, an editor's polish of a few words would mark the
// source, which the translation follows, as outdated. An editor who does
// change the meaning says so (UpdateYes). It sets the answer in d.Texts
// and returns those languages, in order.
func (s *Store) reviewCorrections(ctx context.Context, d content.Draft) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT lang FROM reviews WHERE entry_id = $1 ORDER BY lang`, d.ID)
	if err != nil {
		return nil, mapErr("reviews", err)
	}
	langs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, mapErr("reviews", err)
	}
	var out []string
	for _, lang := range langs {
		if t, ok := d.Texts[lang]; ok && !t.Empty() && t.Update == content.UpdateAuto {
			t.Update = content.UpdateNo
			d.Texts[lang] = t
			out = append(out, lang)
		}
	}
	return out, nil
}

// shared is the entry d saves over, as far as what every language shows:
// its shared lead image and, for an issue, its period, articles and
// editions.
func (s *Store) shared(ctx context.Context, d content.Draft) (content.Draft, error) {
	before := content.Draft{ID: d.ID, Kind: d.Kind}
	var lead *int64
	if err := s.db.QueryRow(ctx, `SELECT lead_image_id FROM entries WHERE id = $1`, d.ID).Scan(&lead); err != nil {
		return before, mapErr("lead image", err)
	}
	if lead != nil {
		before.LeadImageID = *lead
	}
	if d.Kind != content.KindNewsletter {
		return before, nil
	}
	return before, s.loadIssue(ctx, &before)
}

// saveLangImages gives each language of d its own lead image, or the
// shared one (NULL): in its working copy where it has one (made or kept
// by this save), to go live with the copy's text (publishCopy); else in
// the live text, at once, as the shared image is. A language the draft
// does not carry (one turned off) keeps its own. It returns the languages
// whose image changed where the public sees it.
func (s *Store) saveLangImages(ctx context.Context, d content.Draft) ([]string, error) {
	var live []string
	for _, lang := range slices.Sorted(maps.Keys(d.Texts)) {
		if d.Texts[lang].Empty() {
			continue // no translation (any more): nothing to show it
		}
		tag, err := s.db.Exec(ctx, `UPDATE translation_drafts SET lead_image_id = nullif($3, 0::bigint)
			WHERE entry_id = $1 AND lang = $2`, d.ID, lang, d.LangImages[lang])
		if err != nil {
			return live, mapErr("language image "+lang, err)
		}
		if tag.RowsAffected() > 0 {
			continue // waits with the copy
		}
		// A draft language's image changes too, but nobody sees it yet.
		var public bool
		err = s.db.QueryRow(ctx, `UPDATE translations t SET lead_image_id = nullif($3, 0::bigint)
			WHERE entry_id = $1 AND lang = $2 AND lead_image_id IS DISTINCT FROM nullif($3, 0::bigint)
			RETURNING `+visible, d.ID, lang, d.LangImages[lang]).Scan(&public)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
		case err != nil:
			return live, mapErr("language image "+lang, err)
		case public:
			live = append(live, lang)
		}
	}
	return live, nil
}

// liveImages is the own lead image the public sees now of each of langs
// of an entry that has one.
func (s *Store) liveImages(ctx context.Context, id int64, langs []string) (map[string]int64, error) {
	rows, err := s.db.Query(ctx, `SELECT lang, lead_image_id FROM translations
		WHERE entry_id = $1 AND lang = ANY($2) AND lead_image_id IS NOT NULL`, id, langs)
	if err != nil {
		return nil, mapErr("language images", err)
	}
	var out map[string]int64
	var lang string
	var mid int64
	_, err = pgx.ForEachRow(rows, []any{&lang, &mid}, func() error {
		if out == nil {
			out = map[string]int64{}
		}
		out[lang] = mid
		return nil
	})
	return out, mapErr("language images", err)
}

// unchanged reports whether d is what the entry's current version already
// holds (jsonb equality ignores key order and spacing).
func (s *Store) unchanged(ctx context.Context, d content.Draft) (bool, error) {
	snapshot, err := json.Marshal(d)
	if err != nil {
		return false, err
	}
	var same bool
	err = s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM revisions r JOIN entries e ON e.id = r.entry_id AND e.version = r.version
		WHERE r.entry_id = $1 AND r.version = $2 AND r.snapshot - '{Live,LiveImages}'::text[] = $3::jsonb)`, d.ID, d.Version, snapshot).Scan(&same)
	return same, mapErr("unchanged", err)
}

// pending reports whether any of langs of an entry has a working copy.
func (s *Store) pending(ctx context.Context, id int64, langs []string) (bool, error) {
	var p bool
	err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM translation_drafts WHERE entry_id = $1 AND lang = ANY($2))`, id, langs).Scan(&p)
	return p, mapErr("working copies", err)
}

// titleOf is the title the audit line gives an entry: the English, else
// the Russian, else the first in code order.
func titleOf(d content.Draft) string {
	for _, lang := range []string{"en", "ru"} {
		if t := d.Texts[lang]; t.Title != "" {
			return t.Title
		}
	}
	for _, lang := range slices.Sorted(maps.Keys(d.Texts)) {
		if t := d.Texts[lang]; t.Title != "" {
			return t.Title
		}
	}
	return ""
}

// lockedVersion locks an entry's row to the end of the transaction and
// returns its version: a save or an approval checks the version the form
// was read at against it, and nothing lands in between.
func (s *Store) lockedVersion(ctx context.Context, id int64) (int, error) {
	var version int
	err := s.db.QueryRow(ctx, `SELECT version FROM entries WHERE id = $1 FOR UPDATE`, id).Scan(&version)
	return version, mapErr(fmt.Sprintf("lock entry %d", id), err)
}

// lockVersion locks an entry's row for a save of d, made from a form
// opened at version opened, and returns the entry's version. A version
// other than opened is a save (or an approval) meanwhile: the save may go
// on over it when it leaves what changed as it now is (a translator's
// English over an editor's Russian), and is ErrStale when it would write
// over it (content.Draft.Overwrites: the same language's text, or the
// shared fields), or when a version's revision to compare is missing.
func (s *Store) lockVersion(ctx context.Context, d content.Draft, opened int) (int, error) {
	version, err := s.lockedVersion(ctx, d.ID)
	if err != nil {
		return 0, err
	}
	if version == opened {
		return version, nil
	}
	stale := fmt.Errorf("store: entry %d version %d (now %d): %w", d.ID, opened, version, ErrStale)
	if opened <= 0 || opened > version {
		return 0, stale
	}
	base, err := s.RevisionAt(ctx, d.ID, opened)
	if errors.Is(err, ErrNotFound) {
		return 0, stale
	}
	if err != nil {
		return 0, err
	}
	now, err := s.RevisionAt(ctx, d.ID, version)
	if errors.Is(err, ErrNotFound) {
		return 0, stale
	}
	if err != nil {
		return 0, err
	}
	if d.Overwrites(base.Draft, now.Draft) {
		return 0, stale
	}
	return version, nil
}

// saveEntryRow writes the entry's own row; its status and published_at
// follow its languages' (a trigger sums them up).
func (s *Store) saveEntryRow(ctx context.Context, d content.Draft, author int64) (int64, int, error) {
	if d.ID == 0 {
		var id int64
		err := s.db.QueryRow(ctx, `INSERT INTO entries (kind, lead_image_id, author_id)
			VALUES ($1, nullif($2, 0::bigint), nullif($3, 0::bigint)) RETURNING id`, d.Kind, d.LeadImageID, author).Scan(&id)
		return id, 1, mapErr("insert entry", err)
	}
	var version int
	err := s.db.QueryRow(ctx, `UPDATE entries SET lead_image_id = nullif($3, 0::bigint),
		version = version + 1, updated_at = now()
		WHERE id = $1 AND version = $2 RETURNING version`, d.ID, d.Version, d.LeadImageID).Scan(&version)
	if errors.Is(err, pgx.ErrNoRows) {
		var exists bool
		if err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM entries WHERE id = $1)`, d.ID).Scan(&exists); err != nil {
			return 0, 0, mapErr("entry exists", err)
		}
		if !exists {
			return 0, 0, fmt.Errorf("store: entry %d: %w", d.ID, ErrNotFound)
		}
		return 0, 0, fmt.Errorf("store: entry %d version %d: %w", d.ID, d.Version, ErrStale)
	}
	return d.ID, version, mapErr("update entry", err)
}

// textsSaved is what saveTexts did, language by language.
type textsSaved struct {
	flagged, quiet []string                // as Saved's
	wentLive       []string                // as Saved's
	dropped        []string                // working copies given up
	behind         []string                // languages behind another before the save
	live           map[string]content.Text // the live texts working copies hold back
	held           map[string]heldText     // the live languages the save did not change for the public
}

// heldText is a live language whose changes a save held back (its working
// copy), or whose publication alone it changed (KeepCopies): its articles'
// texts are held back with it (saveIssue).
type heldText struct {
	row       content.Text // the live text
	revision  int          // its revision before the save
	changesAt *time.Time   // when the changes go live by themselves
}

// saveTexts writes every language's text and publication. A language's
// revision moves on only when its change matters to the others (the
// saver's Update, or content.Substantive by default); the others then
// count as outdated until brought in line. A language that was live and
// stays live keeps its public text: the save goes to its working copy,
// unless the text says Publish; a working copy typed back to the live
// text is given up (dropCopy).
func (s *Store) saveTexts(ctx context.Context, d content.Draft, html Rendered, by int64) (out textsSaved, err error) {
	type old struct {
		text     content.Text // the editor's latest: the working copy, else the live row
		row      content.Text // the translations row (the public's, when live), with its publication
		wasLive  bool
		hasCopy  bool // it has a working copy (text is the copy)
		revision int
		base     *int // the live text's revision when its working copy began
		outdated bool // behind another language before this save
		changed  bool // its meaning changed, or it caught up: now in line
	}
	current := map[string]*old{}
	rows, err := s.db.Query(ctx, `SELECT t.lang, t.title, t.slug, t.summary, t.body_md, t.revision, `+outdatedSQL+`,
		t.status, t.published_at, t.status = 'published' AND t.published_at <= now(), w.entry_id IS NOT NULL,
		coalesce(w.title, ''), coalesce(w.slug, ''), coalesce(w.summary, ''), coalesce(w.body_md, ''), w.base_revision
		FROM translations t LEFT JOIN translation_drafts w USING (entry_id, lang)
		WHERE t.entry_id = $1 FOR UPDATE OF t`, d.ID)
	if err != nil {
		return out, mapErr("translations", err)
	}
	for rows.Next() {
		o := &old{}
		var lang string
		var w content.Text
		var at *time.Time
		if err := rows.Scan(&lang, &o.row.Title, &o.row.Slug, &o.row.Summary, &o.row.Body, &o.revision, &o.outdated,
			&o.row.Status, &at, &o.wasLive, &o.hasCopy, &w.Title, &w.Slug, &w.Summary, &w.Body, &o.base); err != nil {
			rows.Close()
			return out, mapErr("translations", err)
		}
		if at != nil {
			o.row.PublishAt = *at
		}
		o.text = o.row
		if o.hasCopy {
			o.text = w
		}
		current[lang] = o
	}
	if err := rows.Err(); err != nil {
		return out, mapErr("translations", err)
	}
	// Remove languages the editor emptied. A language the draft does not
	// carry at all (one turned off, so not in the form) is kept.
	for lang := range current {
		if t, ok := d.Texts[lang]; ok && t.Empty() {
			if _, err := s.db.Exec(ctx, `DELETE FROM translations WHERE entry_id = $1 AND lang = $2`, d.ID, lang); err != nil {
				return out, mapErr("delete translation", err)
			}
			delete(current, lang)
		}
	}
	// Working copies given up first (the live text typed back), and the
	// marks their changes put on the other languages with them, before
	// any language's change is weighed against those marks.
	for _, lang := range slices.Sorted(maps.Keys(d.Texts)) {
		if o := current[lang]; o != nil && o.hasCopy && o.wasLive && o.row.Says(d.Texts[lang]) {
			if err := s.dropCopy(ctx, d.ID, lang, o.base, o.revision); err != nil {
				return out, err
			}
			out.dropped = append(out.dropped, lang)
		}
	}
	if len(out.dropped) > 0 {
		behind, err := s.outdatedLangs(ctx, d.ID)
		if err != nil {
			return out, err
		}
		for lang, o := range current {
			o.outdated = slices.Contains(behind, lang)
		}
	}
	for lang, o := range current {
		if o.outdated {
			out.behind = append(out.behind, lang)
		}
	}
	var added []string
	revisions := map[string]int{}
	now := time.Now()
	for _, lang := range slices.Sorted(maps.Keys(d.Texts)) {
		t := d.Texts[lang]
		if t.Empty() {
			continue
		}
		var at *time.Time
		if !t.PublishAt.IsZero() {
			at = &t.PublishAt
		}
		o := current[lang]
		rev := 1
		working := false // the save goes to the working copy
		keep := false    // the save changes the live text's publication only
		if o == nil {
			err = s.db.QueryRow(ctx, `INSERT INTO translations (entry_id, kind, lang, title, slug, summary, body_md, body_html, status, published_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING revision`,
				d.ID, d.Kind, lang, t.Title, t.Slug, t.Summary, t.Body, html.Texts[lang], t.Status, at).Scan(&rev)
			added = append(added, lang)
			current[lang] = &old{changed: true}
			if t.Status == content.StatusPublished && !t.PublishAt.After(now) {
				out.wentLive = append(out.wentLive, lang)
			}
		} else {
			changed := !o.text.Says(t)
			rev = o.revision
			if slices.Contains(out.dropped, lang) {
				changed = false // the live text again (above)
			}
			if changed && len(current) > 1 {
				switch t.Update {
				case content.UpdateYes:
					rev++
				case content.UpdateAuto:
					// An outdated translation that changes is catching
					// up, not news for the others.
					if !o.outdated && content.Substantive(o.text, t) {
						rev++
					}
				}
				if rev > o.revision {
					out.flagged = append(out.flagged, lang)
				} else {
					out.quiet = append(out.quiet, lang)
				}
			}
			o.changed = rev > o.revision || (changed && o.outdated)
			// A live language that stays published keeps its public text
			// and publication: the save is its working copy, live on
			// "Publish changes" or, with a future time, at that time.
			scheduled := t.Status == content.StatusPublished && t.PublishAt.After(now)
			working = o.wasLive && t.Status == content.StatusPublished && (!t.Publish || scheduled)
			if working {
				var changesAt *time.Time
				if scheduled {
					changesAt = &t.PublishAt
				}
				err = s.saveWorkingCopy(ctx, d, lang, t, o.row, o.revision, html.Texts[lang], changesAt, by)
				if err == nil && !o.row.Says(t) {
					if out.live == nil {
						out.live = map[string]content.Text{}
					}
					out.live[lang] = o.row
				}
				if err == nil {
					_, err = s.db.Exec(ctx, `UPDATE translations SET revision = $3 WHERE entry_id = $1 AND lang = $2`, d.ID, lang, rev)
				}
				out.hold(lang, heldText{row: o.row, revision: o.revision, changesAt: changesAt})
			} else if o.hasCopy && (d.KeepCopies || t.Status != content.StatusPublished) {
				// Only the publication changes (Unpublish, Publish
				// again), or a text taken down (not live) is saved:
				// the text the public read stays in the row, with its
				// own date, and the working copy waits on, with what
				// the save changed; else the save would make the copy
				// (a translator's, unreviewed) what Publish again puts
				// back.
				if !d.KeepCopies && !o.text.Says(t) {
					err = s.saveWorkingCopy(ctx, d, lang, t, o.row, o.revision, html.Texts[lang], nil, by)
				}
				keep = true
				row := o.row
				row.Status = t.Status
				if err == nil {
					_, err = s.db.Exec(ctx, `UPDATE translations SET revision = $3, status = $4,
					published_at = CASE WHEN $4 = 'published' THEN coalesce(published_at, now()) ELSE published_at END
					WHERE entry_id = $1 AND lang = $2`, d.ID, lang, rev, row.Status)
				}
				if out.live == nil {
					out.live = map[string]content.Text{}
				}
				out.live[lang] = row
				out.hold(lang, heldText{row: o.row, revision: o.revision})
			} else {
				_, err = s.db.Exec(ctx, `UPDATE translations SET revision = $3,
					updated_at = CASE WHEN (title, slug, summary, body_md) IS DISTINCT FROM ($4, $5, $6, $7) THEN now() ELSE updated_at END,
					title = $4, slug = $5, summary = $6, body_md = $7, body_html = $8, status = $9, published_at = $10
					WHERE entry_id = $1 AND lang = $2`,
					d.ID, lang, rev, t.Title, t.Slug, t.Summary, t.Body, html.Texts[lang], t.Status, at)
				if err == nil {
					_, err = s.db.Exec(ctx, `DELETE FROM translation_drafts WHERE entry_id = $1 AND lang = $2`, d.ID, lang)
				}
				if err == nil && t.Status == content.StatusPublished {
					err = s.settleReturned(ctx, d.ID, lang, nullID(by))
				}
				if t.Status == content.StatusPublished && !t.PublishAt.After(now) && (!o.wasLive || !o.row.Says(t)) {
					out.wentLive = append(out.wentLive, lang)
				}
			}
		}
		var pgErr *pgconn.PgError
		var taken *SlugTakenError
		switch {
		case errors.As(err, &pgErr) && pgErr.Code == "23505":
			return out, &SlugTakenError{Lang: lang}
		case errors.As(err, &taken):
			return out, err
		case err != nil:
			return out, mapErr("save translation "+lang, err)
		}
		revisions[lang] = rev
		// The text as it stands at this revision: what a translator who
		// brings another language in line with it now has seen.
		if _, err := s.db.Exec(ctx, `INSERT INTO translation_versions (entry_id, lang, revision, title, summary, body_md)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (entry_id, lang, revision) DO UPDATE SET title = $4, summary = $5, body_md = $6, saved_at = now()`,
			d.ID, lang, rev, t.Title, t.Summary, t.Body); err != nil {
			return out, mapErr("translation version", err)
		}
		if working || keep {
			continue // the public URL stays until the changes are published
		}
		old := t.Slug
		if o != nil {
			old = o.row.Slug
		}
		if err := s.moveSlug(ctx, d.ID, lang, string(d.Kind), old, t.Slug); err != nil {
			return out, err
		}
	}
	// A text whose meaning changed, a new one, an outdated one that was
	// edited (the translator caught up), or one marked as checked is now
	// in line with every other language of the form as it stands; with a
	// language the form does not carry (turned off), it stays as it was.
	for lang, o := range current {
		if !o.changed && !d.Texts[lang].InLine {
			continue
		}
		synced := maps.Clone(revisions)
		delete(synced, lang)
		if _, err := s.db.Exec(ctx, `UPDATE translations SET synced = synced || $3 WHERE entry_id = $1 AND lang = $2`, d.ID, lang, synced); err != nil {
			return out, mapErr("synced", err)
		}
	}
	// Adding a translation leaves the others as they were: in line with it.
	for _, lang := range added {
		if _, err := s.db.Exec(ctx, `UPDATE translations SET synced = synced || jsonb_build_object($2::text, $3::int)
			WHERE entry_id = $1 AND lang <> $2`, d.ID, lang, revisions[lang]); err != nil {
			return out, mapErr("synced", err)
		}
	}
	return out, nil
}

func (out *textsSaved) hold(lang string, h heldText) {
	if out.held == nil {
		out.held = map[string]heldText{}
	}
	out.held[lang] = h
}

// dropCopy is a working copy given up: its text is the live text again.
// The languages in line with the live text when the working copy began
// (base) are in line again, whatever the changes marked; the language's
// own revision stays where the changes took it, and a language behind the
// live text already stays behind. (A language brought in line with the
// changes themselves counts as in line too, though it now says what the
// live text no longer does: nothing marks it the other way.)
func (s *Store) dropCopy(ctx context.Context, id int64, lang string, base *int, rev int) error {
	if base == nil || *base >= rev {
		return nil // no changes that marked anyone
	}
	_, err := s.db.Exec(ctx, `UPDATE translations SET synced = synced || jsonb_build_object($2::text, $3::int)
		WHERE entry_id = $1 AND lang <> $2 AND coalesce((synced ->> $2)::int, 0) >= $4`, id, lang, rev, *base)
	return mapErr("synced", err)
}

// outdatedSQL is true for a translation t that another language moved on
// from since it was last in line.
const outdatedSQL = `EXISTS (SELECT 1 FROM translations o WHERE o.entry_id = t.entry_id AND o.lang <> t.lang
	AND o.revision > coalesce((t.synced ->> o.lang)::int, 0))`

// outdatedLangs are the languages of an entry that need an update.
func (s *Store) outdatedLangs(ctx context.Context, id int64) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT t.lang FROM translations t WHERE t.entry_id = $1 AND `+outdatedSQL+` ORDER BY t.lang`, id)
	if err != nil {
		return nil, mapErr("outdated", err)
	}
	langs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return langs, mapErr("outdated", err)
}

// behindLangs are the languages of an entry that need an update: their
// text, or their text of one of an issue's articles (the outdated_since
// the triggers of migrations 00015 and 00035 keep).
func (s *Store) behindLangs(ctx context.Context, id int64) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT lang FROM translations WHERE entry_id = $1 AND outdated_since IS NOT NULL ORDER BY lang`, id)
	if err != nil {
		return nil, mapErr("outdated", err)
	}
	langs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return langs, mapErr("outdated", err)
}

// union is the sorted languages of a and b, each once.
func union(a, b []string) []string {
	return slices.Compact(slices.Sorted(slices.Values(slices.Concat(a, b))))
}

// saveWorkingCopy keeps t as the working copy of a live text (row); a
// working copy that says what the live text says is no working copy. A
// new slug must be free now, so publishing the changes cannot fail on it.
func (s *Store) saveWorkingCopy(ctx context.Context, d content.Draft, lang string, t, row content.Text, base int, html string, at *time.Time, by int64) error {
	if row.Says(t) {
		_, err := s.db.Exec(ctx, `DELETE FROM translation_drafts WHERE entry_id = $1 AND lang = $2`, d.ID, lang)
		return err
	}
	if t.Slug != row.Slug {
		var taken bool
		if err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM translations WHERE lang = $1 AND kind = $2 AND slug = $3 AND entry_id <> $4)`,
			lang, d.Kind, t.Slug, d.ID).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return &SlugTakenError{Lang: lang}
		}
	}
	// A new copy begins with the live image (saveLangImages then sets
	// the form's choice), so it holds the whole state it puts live.
	_, err := s.db.Exec(ctx, `INSERT INTO translation_drafts (entry_id, lang, title, slug, summary, body_md, body_html, publish_at, base_revision, saved_by,
			lead_image_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, nullif($10, 0::bigint),
			(SELECT lead_image_id FROM translations WHERE entry_id = $1 AND lang = $2))
		ON CONFLICT (entry_id, lang) DO UPDATE SET title = $3, slug = $4, summary = $5, body_md = $6, body_html = $7,
			publish_at = $8, saved_at = now(),
			-- Whose changes they are: the last to change them.
			saved_by = CASE WHEN (translation_drafts.title, translation_drafts.slug, translation_drafts.summary, translation_drafts.body_md)
				IS DISTINCT FROM ($3, $4, $5, $6) THEN EXCLUDED.saved_by ELSE translation_drafts.saved_by END`,
		d.ID, lang, t.Title, t.Slug, t.Summary, t.Body, html, at, base, by)
	return err
}

// notMailingLive is what ticking "send when it goes live" on an issue
// means for its languages live already: they went live before, so they
// are not mailed by it (the Send page mails them, with its test and
// confirmation) — they are recorded as handled in issue_mailings. Only
// when the box was not ticked before this save; run before the texts
// are saved, so a language going live in this very save is mailed.
func (s *Store) notMailingLive(ctx context.Context, id int64) error {
	_, err := s.db.Exec(ctx, `INSERT INTO issue_mailings (entry_id, lang)
		SELECT t.entry_id, t.lang FROM translations t JOIN newsletter_issues n USING (entry_id)
		WHERE t.entry_id = $1 AND NOT n.send_on_publish AND t.status = 'published' AND t.published_at <= now()
		ON CONFLICT DO NOTHING`, id)
	return mapErr("issue mail", err)
}
