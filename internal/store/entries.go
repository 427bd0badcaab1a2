package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"vestnik/internal/content"
	"vestnik/internal/picture"
)

// visible is the one definition of "the public may see this text": its
// language is published, and its publish time has come (so scheduled
// items appear on the minute without a cron). Each language of an entry
// is published on its own: t is the translation in the language asked.
const visible = `t.status = 'published' AND t.published_at <= now()`

// visibleEntry: the entry is visible in at least one language (its
// summary state, kept by trigger, is the earliest published language).
const visibleEntry = `e.status = 'published' AND e.published_at <= now()`

// alternatesOf is the slug of each visible translation of entry e, by
// language: hreflang links and the language switcher. It comes as
// "lang slug" pairs joined by spaces (neither a code nor a slug has one),
// read by slugsDest: decoding a JSON object into the map was 2% of an
// uncached article's CPU.
const alternatesOf = `(SELECT string_agg(a.lang || ' ' || a.slug, ' ') FROM translations a
	WHERE a.entry_id = e.id AND a.status = 'published' AND a.published_at <= now())`

// slugsDest scans alternatesOf into a map (nil for NULL).
type slugsDest struct{ m *map[string]string }

func (d slugsDest) Scan(src any) error {
	*d.m = nil
	if src == nil {
		return nil
	}
	s, ok := src.(string)
	if !ok {
		return fmt.Errorf("store: language slugs: %T", src)
	}
	f := strings.Fields(s)
	if len(f)%2 != 0 {
		return fmt.Errorf("store: language slugs %q", s)
	}
	m := make(map[string]string, len(f)/2)
	for i := 0; i < len(f); i += 2 {
		m[f[i]] = f[i+1]
	}
	*d.m = m
	return nil
}

// itemColumnsUntil is the start of itemColumns, up to the item's text.
const itemColumnsUntil = `
	e.id, e.kind, t.status, t.published_at, coalesce(e.system_key, ''), e.version, e.created_at, e.updated_at,
	coalesce(t.lead_image_id, e.lead_image_id, 0),
	t.lang, t.title, t.slug, t.summary, `

const itemColumns = itemColumnsUntil + `t.body_html, t.revision, t.updated_at,
	` + alternatesOf + `,
	greatest(` + entryPublicAt + `, (SELECT max(a.published_at) FROM translations a
		WHERE a.entry_id = e.id AND a.status = 'published' AND a.published_at <= now()))`

// teaserColumns are itemColumns for lists, which show neither an item's
// text nor its other languages: BodyHTML stays empty and Alternates nil
// (fetching both took a third of a list query's time in Postgres), and
// PublicAt leaves out when the other languages went live.
const teaserColumns = itemColumnsUntil + `'', t.revision, t.updated_at, NULL::text, ` + entryPublicAt

// entryPublicAt is when what the public sees of entry e last changed
// through a write (kept by triggers, migration 00036); NULL on a row not
// updated since that migration, whose updated_at then still says it.
const entryPublicAt = `coalesce(e.public_at, e.updated_at)`

// itemDest is where the columns of itemColumns scan to, then more.
func itemDest(it *content.Item, more ...any) []any {
	return append(append(make([]any, 0, 18+len(more)), &it.ID, &it.Entry.Kind, &it.Status, &it.PublishedAt, &it.SystemKey, &it.Version,
		&it.CreatedAt, &it.Entry.UpdatedAt, &it.LeadImageID,
		&it.Lang, &it.Title, &it.Slug, &it.Summary, &it.BodyHTML, &it.Revision, &it.Translation.UpdatedAt,
		slugsDest{&it.Alternates}, &it.PublicAt), more...)
}

// itemScanned completes an item after its scan.
func itemScanned(it *content.Item) {
	it.EntryID = it.ID
	it.Translation.Kind = it.Entry.Kind
}

func scanItem(row pgx.CollectableRow) (content.Item, error) {
	var it content.Item
	err := scanRow(row, itemDest(&it)...)
	itemScanned(&it)
	return it, err
}

const listItemsSQL = `SELECT` + itemColumns + `
	FROM entries e JOIN translations t ON t.entry_id = e.id
	WHERE ` + visible + ` AND t.kind = $1 AND t.lang = $2
	ORDER BY t.published_at DESC, t.entry_id DESC
	LIMIT $3 OFFSET $4`

const countItemsSQL = `SELECT count(*) FROM translations t
	WHERE ` + visible + ` AND t.kind = $1 AND t.lang = $2`

// ListItems returns one page of the visible entries of a kind in a language,
// newest first, and how many there are in all.
func (s *Store) ListItems(ctx context.Context, lang string, kind content.Kind, limit, offset int) ([]content.Item, int, error) {
	var total int
	if err := s.db.QueryRow(ctx, countItemsSQL, kind, lang).Scan(&total); err != nil {
		return nil, 0, mapErr("count "+string(kind), err)
	}
	rows, err := s.db.Query(ctx, listItemsSQL, kind, lang, limit, offset)
	if err != nil {
		return nil, 0, mapErr("list "+string(kind), err)
	}
	items, err := pgx.CollectRows(rows, scanItem)
	if err != nil {
		return nil, 0, mapErr("list "+string(kind), err)
	}
	return items, total, nil
}

// itemBySlugSQL is the visible entry of kind $1 with slug $3 in language
// $2, with its lead image (leadImageColumns).
const itemBySlugSQL = `SELECT` + itemColumns + `, ` + leadImageColumns + `
	FROM entries e JOIN translations t ON t.entry_id = e.id` + leadImageJoin + `
	WHERE ` + visible + ` AND t.kind = $1 AND t.lang = $2 AND t.slug = $3`

// ItemBySlug returns the visible entry of a kind with this slug in this
// language, and the images its page shows (lead image and figures) by ID.
// The lead image comes with the entry; the figures its text places, in a
// second query only when it places any: most articles then cost one
// round trip, not two (the images' query after the entry was a tenth of
// an uncached article's CPU). A batch of both statements cost an article
// without figures a statement more in Postgres; one statement for both
// cost more than two.
func (s *Store) ItemBySlug(ctx context.Context, lang string, kind content.Kind, slug string) (content.Item, map[int64]content.Image, error) {
	what := fmt.Sprintf("%s %s/%s", kind, lang, slug)
	rows, err := s.db.Query(ctx, itemBySlugSQL, kind, lang, slug)
	if err != nil {
		return content.Item{}, nil, mapErr(what, err)
	}
	images := map[int64]content.Image{}
	it, err := pgx.CollectExactlyOneRow(rows, scanTeaser(images))
	if err != nil {
		return it, nil, mapErr(what, err)
	}
	var figures []int64
	for _, id := range picture.Refs(it.BodyHTML) {
		if _, ok := images[id]; !ok && !slices.Contains(figures, id) {
			figures = append(figures, id)
		}
	}
	if len(figures) > 0 {
		more, err := s.Images(ctx, figures)
		if err != nil {
			return it, nil, err
		}
		maps.Copy(images, more)
	}
	return it, images, nil
}

const itemByKeySQL = `SELECT` + itemColumns + byKeyFrom

const byKeyFrom = `
	FROM entries e JOIN translations t ON t.entry_id = e.id
	WHERE ` + visible + ` AND e.system_key = $1 AND t.lang = $2`

// ItemByKey returns a visible page by its system key ("hotline", "about").
func (s *Store) ItemByKey(ctx context.Context, lang, key string) (content.Item, error) {
	rows, err := s.db.Query(ctx, itemByKeySQL, key, lang)
	if err != nil {
		return content.Item{}, mapErr("page "+key, err)
	}
	it, err := pgx.CollectExactlyOneRow(rows, scanItem)
	return it, mapErr("page "+key, err)
}

const alternatesSQL = `SELECT e.kind, coalesce(e.system_key, ''), ` + alternatesOf + `
	FROM entries e WHERE e.id = $1 AND ` + alternatesOf + ` IS NOT NULL`

// Alternates returns the kind, system key and the slug of each visible
// translation by language of an entry visible in some language.
func (s *Store) Alternates(ctx context.Context, id int64) (content.Kind, string, map[string]string, error) {
	var kind content.Kind
	var key string
	var alt map[string]string
	err := s.db.QueryRow(ctx, alternatesSQL, id).Scan(&kind, &key, slugsDest{&alt})
	return kind, key, alt, mapErr(fmt.Sprintf("entry %d", id), err)
}

const slugRedirectSQL = `SELECT t.slug
	FROM slug_history h
	JOIN translations t ON t.entry_id = h.entry_id AND t.lang = h.lang
	WHERE h.lang = $1 AND h.kind = $2 AND h.slug = $3 AND ` + visible

// SlugRedirect returns the current slug of the visible entry that once had
// this slug, so its old URL can answer 301.
func (s *Store) SlugRedirect(ctx context.Context, lang string, kind content.Kind, slug string) (string, error) {
	var current string
	err := s.db.QueryRow(ctx, slugRedirectSQL, lang, kind, slug).Scan(&current)
	return current, mapErr("old slug "+slug, err)
}

// SlugElsewhere returns the entry of kind that a visible translation in
// one of the languages others calls slug: an address whose language was
// changed by hand ("/ru/news/<the English slug>"). (The languages are
// named, not "any but this one", so the lookup is the unique index's.)
func (s *Store) SlugElsewhere(ctx context.Context, others []string, kind content.Kind, slug string) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `SELECT t.entry_id FROM translations t
		WHERE t.lang = ANY($1) AND t.kind = $2 AND t.slug = $3 AND `+visible+` ORDER BY t.lang LIMIT 1`, others, kind, slug).Scan(&id)
	return id, mapErr("slug elsewhere "+slug, err)
}

// NewEntry is an entry to create with its translations.
type NewEntry struct {
	Kind         content.Kind
	Status       content.Status
	PublishedAt  time.Time
	SystemKey    string
	LeadImageID  int64                 // 0: none
	Translations []content.Translation // BodyHTML already rendered
}

const insertEntrySQL = `INSERT INTO entries (kind, status, published_at, system_key, created_at, updated_at, public_at, lead_image_id)
	VALUES ($1, $2, $3, nullif($4, ''), coalesce($3, now()), coalesce($3, now()), coalesce($3, now()), nullif($5, 0::bigint)) RETURNING id`

const insertTranslationSQL = `INSERT INTO translations
	(entry_id, kind, lang, title, slug, summary, body_md, body_html, created_at, updated_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, now()), coalesce($9, now()))`

const syncAllSQL = `UPDATE translations t SET synced = coalesce((SELECT jsonb_object_agg(o.lang, o.revision)
	FROM translations o WHERE o.entry_id = t.entry_id AND o.lang <> t.lang), '{}') WHERE t.entry_id = $1`

// CreateEntry inserts an entry and its translations in one transaction.
// The entry is dated as published (demo content, tests): its texts going
// live with it keep that date (keepingDates).
func (s *Store) CreateEntry(ctx context.Context, ne NewEntry) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *Store) error {
		return tx.keepingDates(ctx, func() error { return tx.createEntry(ctx, ne, &id) })
	})
	return id, err
}

func (s *Store) createEntry(ctx context.Context, ne NewEntry, id *int64) error {
	var published *time.Time
	if !ne.PublishedAt.IsZero() {
		published = &ne.PublishedAt
	}
	if err := s.db.QueryRow(ctx, insertEntrySQL, ne.Kind, ne.Status, published, ne.SystemKey, ne.LeadImageID).Scan(id); err != nil {
		return mapErr("insert entry", err)
	}
	for _, t := range ne.Translations {
		if _, err := s.db.Exec(ctx, insertTranslationSQL, *id, ne.Kind, t.Lang, t.Title, t.Slug,
			t.Summary, t.BodyMD, t.BodyHTML, published); err != nil {
			return mapErr(fmt.Sprintf("insert translation %s/%s", t.Lang, t.Slug), err)
		}
	}
	// Written together, the texts are in line with one another.
	if _, err := s.db.Exec(ctx, syncAllSQL, *id); err != nil {
		return mapErr("sync translations", err)
	}
	if ne.Kind == content.KindNewsletter {
		return nil // CreateNewsletter records it whole, articles and all
	}
	return s.firstRevision(ctx, *id)
}

// keepingDates runs fn, in s's transaction, with the setting
// vestnik.keep_dates on: what fn writes carries its own dates (a
// restore, demo content), and the triggers that date public changes
// (migration 00036) leave entries.public_at as fn writes it. The setting
// is as it was again after fn.
func (s *Store) keepingDates(ctx context.Context, fn func() error) error {
	var was string
	if err := s.db.QueryRow(ctx, `SELECT coalesce(current_setting('vestnik.keep_dates', true), '')`).Scan(&was); err != nil {
		return mapErr("keep dates", err)
	}
	if was == "on" {
		return fn()
	}
	if _, err := s.db.Exec(ctx, `SELECT set_config('vestnik.keep_dates', 'on', true)`); err != nil {
		return mapErr("keep dates", err)
	}
	if err := fn(); err != nil {
		return err
	}
	_, err := s.db.Exec(ctx, `SELECT set_config('vestnik.keep_dates', $1, true)`, was)
	return mapErr("keep dates", err)
}

const hasContentSQL = `SELECT EXISTS (SELECT 1 FROM entries) OR EXISTS (SELECT 1 FROM hotlines) OR EXISTS (SELECT 1 FROM media)`

// HasContent reports whether the database holds any content at all.
func (s *Store) HasContent(ctx context.Context) (bool, error) {
	var has bool
	err := s.db.QueryRow(ctx, hasContentSQL).Scan(&has)
	return has, mapErr("has content", err)
}

// Cursor is a position in a newest-first list: keyset pagination, so a page
// deep in the archive costs what the first one does.
type Cursor struct {
	At time.Time
	ID int64
}

// String encodes a cursor for a URL: "<unix microseconds>-<id>".
func (c Cursor) String() string {
	return fmt.Sprintf("%d-%d", c.At.UnixMicro(), c.ID)
}

// ParseCursor decodes String's output; anything else is an error.
func ParseCursor(s string) (Cursor, error) {
	var us, id int64
	if len(s) > 40 {
		return Cursor{}, ErrNotFound
	}
	if _, err := fmt.Sscanf(s, "%d-%d", &us, &id); err != nil || id < 1 || us < 0 || fmt.Sprintf("%d-%d", us, id) != s {
		return Cursor{}, ErrNotFound
	}
	return Cursor{At: time.UnixMicro(us), ID: id}, nil
}

// CursorOf is the cursor of an item.
func CursorOf(it content.Item) Cursor { return Cursor{At: it.PublishedAt, ID: it.ID} }

// The queries of ItemsPage end without their LIMIT: it is written into
// the text (limitSQL), not passed as a parameter. With LIMIT $n, Postgres
// cannot price a generic plan and plans every execution afresh, which
// cost more than running the query (0.36 ms of planning for 0.1 ms of
// execution on the 100,000-entry bench database). They read the items
// with their lead images (leadImageColumns): lists show thumbnails.
const (
	newestItemsSQL = itemsPageSQL + `
	ORDER BY t.published_at DESC, t.entry_id DESC`
	olderItemsSQL = itemsPageSQL + ` AND (t.published_at, t.entry_id) < ($3, $4)
	ORDER BY t.published_at DESC, t.entry_id DESC`
	newerItemsSQL = itemsPageSQL + ` AND (t.published_at, t.entry_id) > ($3, $4)
	ORDER BY t.published_at, t.entry_id`
)

// itemsPageSQL is the visible items of kind $1 in language $2.
const itemsPageSQL = `SELECT` + teaserColumns + `, ` + leadImageColumns + `
	FROM entries e JOIN translations t ON t.entry_id = e.id` + leadImageJoin + `
	WHERE ` + visible + ` AND t.kind = $1 AND t.lang = $2`

// limitSQL ends a query with a LIMIT of n rows, written into its text.
// n comes from the code (a page size), never from a request.
func limitSQL(query string, n int) string { return query + "\n\tLIMIT " + strconv.Itoa(n) }

// TeaserPage is a page of items as lists show them (teaserColumns), with
// their lead images.
type TeaserPage struct {
	Items []content.Item
	// Images are the items' lead images, by ID (and the lead image of the
	// item read past the page to learn that there is More).
	Images map[int64]content.Image
	More   bool // the list goes on in the direction asked
}

// scanTeaser scans an item and its lead image (leadImageColumns), which
// it adds to images. The rows of a result are scanned into one place: a
// list's rows cost one allocation of it and of its destinations, not one
// each.
func scanTeaser(images map[int64]content.Image) pgx.RowToFunc[content.Item] {
	r := new(teaserRow)
	r.dest = itemDest(&r.it, r.im.leadDest()...)
	return func(row pgx.CollectableRow) (content.Item, error) {
		r.it, r.im = content.Item{}, imageFields{}
		err := scanRow(row, r.dest...)
		itemScanned(&r.it)
		keepImage(&r.im, images)
		return r.it, err
	}
}

// teaserRow is where scanTeaser scans a row to.
type teaserRow struct {
	it   content.Item
	im   imageFields
	dest []any
}

// ItemsPage returns up to limit visible items of a kind in a language,
// with their lead images, newest first: older than before, or newer than
// after, or the newest when both are nil.
func (s *Store) ItemsPage(ctx context.Context, lang string, kind content.Kind, before, after *Cursor, limit int) (TeaserPage, error) {
	var rows pgx.Rows
	var err error
	switch {
	case after != nil:
		rows, err = s.db.Query(ctx, limitSQL(newerItemsSQL, limit+1), kind, lang, after.At, after.ID)
	case before != nil:
		rows, err = s.db.Query(ctx, limitSQL(olderItemsSQL, limit+1), kind, lang, before.At, before.ID)
	default:
		rows, err = s.db.Query(ctx, limitSQL(newestItemsSQL, limit+1), kind, lang)
	}
	if err != nil {
		return TeaserPage{}, mapErr("items page", err)
	}
	p := TeaserPage{Images: map[int64]content.Image{}}
	p.Items, err = pgx.AppendRows(make([]content.Item, 0, limit+1), rows, scanTeaser(p.Images))
	if err != nil {
		return TeaserPage{}, mapErr("items page", err)
	}
	if p.More = len(p.Items) > limit; p.More {
		p.Items = p.Items[:limit]
	}
	if after != nil {
		slices.Reverse(p.Items)
	}
	return p, nil
}

// CountItems counts the visible items of a kind in a language.
func (s *Store) CountItems(ctx context.Context, lang string, kind content.Kind) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, countItemsSQL, kind, lang).Scan(&n)
	return n, mapErr("count", err)
}

// EntryRow is an entry in an admin list: its title in the asked-for
// language (or any other it has).
type EntryRow struct {
	ID          int64
	Kind        content.Kind
	Status      content.Status
	Title       string
	PublishedAt *time.Time
	UpdatedAt   time.Time
	Langs       map[string]TextState
	SystemKey   string // a page the site links to by role ("hotline")
}

// Scheduled reports whether the entry is published with a future time.
func (r EntryRow) Scheduled() bool {
	return r.Status == content.StatusPublished && r.PublishedAt != nil && r.PublishedAt.After(time.Now())
}

const entryRowColumns = `e.id, e.kind, e.status,
	coalesce((SELECT t.title FROM translations t WHERE t.entry_id = e.id AND t.lang = $1),
	         (SELECT t.title FROM translations t JOIN languages l ON l.code = t.lang WHERE t.entry_id = e.id
	          ORDER BY l.is_default DESC, l.position LIMIT 1), ''),
	e.published_at, e.updated_at,
	(SELECT jsonb_object_agg(t.lang, jsonb_build_object('Revision', t.revision, 'Synced', t.synced, 'UpdatedAt', t.updated_at,
	        'Status', t.status, 'PublishedAt', t.published_at, 'Behind', t.outdated_since IS NOT NULL,
	        'Pending', w.entry_id IS NOT NULL, 'ChangesAt', w.publish_at,
	        'Review', EXISTS (SELECT 1 FROM reviews r WHERE r.entry_id = t.entry_id AND r.lang = t.lang AND r.state = 'waiting')))
	 FROM translations t LEFT JOIN translation_drafts w ON w.entry_id = t.entry_id AND w.lang = t.lang
	 WHERE t.entry_id = e.id), coalesce(e.system_key, '')`

// scheduledChanges is the condition that the working copy w of the text
// t goes live by itself at its time (PublishDue's: a text taken down
// keeps its copy waiting).
const scheduledChanges = `w.publish_at IS NOT NULL AND t.status = 'published'`

// withChanges is the condition that entry e has a live text with
// unpublished changes (a working copy), to go live on "Publish changes"
// or at their time.
const withChanges = `EXISTS (SELECT 1 FROM translation_drafts w JOIN translations t ON t.entry_id = w.entry_id AND t.lang = w.lang
	WHERE w.entry_id = e.id AND ` + visible + `)`

func scanEntryRow(row pgx.CollectableRow) (EntryRow, error) {
	var r EntryRow
	err := row.Scan(&r.ID, &r.Kind, &r.Status, &r.Title, &r.PublishedAt, &r.UpdatedAt, &r.Langs, &r.SystemKey)
	if r.Langs == nil {
		r.Langs = map[string]TextState{}
	}
	return r, err
}

// EntryFilter picks entries for an admin list.
type EntryFilter struct {
	Kind  content.Kind // "" for all
	Which string       // "drafts" (not those waiting for review), "scheduled", "recent" or "" for all
	Limit int
	// The admin list's search and filters: words of a title in any
	// language, the entry's state ("draft", "scheduled", "published",
	// "unpublished", or "changes": a live text has unpublished changes),
	// the month it was published (or created) — Month is that month's
	// first instant in the site's zone —, a language it has a text in,
	// and its author.
	Query, Status string
	Month         time.Time
	Lang          string
	AuthorID      int64
}

// EntryRows lists entries for the admin, titles in lang.
func (s *Store) EntryRows(ctx context.Context, lang string, f EntryFilter) ([]EntryRow, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	where, order := "e.deleted_at IS NULL", "e.updated_at DESC, e.id DESC"
	switch f.Which {
	case "trash":
		where, order = "e.deleted_at IS NOT NULL", "e.deleted_at DESC, e.id DESC"
	case "drafts":
		// A draft submitted for review is on the list of reviews, not
		// here: it waits for an editor's approval, not for more writing.
		where += ` AND EXISTS (SELECT 1 FROM translations t WHERE t.entry_id = e.id AND t.status = 'draft'
			AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.entry_id = t.entry_id AND r.lang = t.lang AND r.state = 'waiting'))`
	case "scheduled":
		// Any language waiting for its time, or changes to a live text
		// waiting for theirs (a working copy with a publish time, which
		// PublishDue puts live), soonest first.
		soon := `least((SELECT min(t.published_at) FROM translations t WHERE t.entry_id = e.id AND t.status = 'published' AND t.published_at > now()),
			(SELECT min(w.publish_at) FROM translation_drafts w JOIN translations t USING (entry_id, lang)
			 WHERE w.entry_id = e.id AND ` + scheduledChanges + `))`
		where, order = soon+" IS NOT NULL", soon+", e.id"
	case "recent":
		where, order = visibleEntry, "e.published_at DESC, e.id DESC"
	}
	args := []any{lang, string(f.Kind), f.Limit}
	if f.Query != "" {
		args = append(args, containsPattern(f.Query))
		where += fmt.Sprintf(" AND EXISTS (SELECT 1 FROM translations t WHERE t.entry_id = e.id AND "+foldYo("t.title")+" ILIKE $%d)", len(args))
	}
	switch f.Status {
	case "draft", "unpublished":
		args = append(args, f.Status)
		where += fmt.Sprintf(" AND e.status = $%d", len(args))
	case "published":
		where += " AND " + visibleEntry
	case "scheduled":
		where += " AND e.status = 'published' AND e.published_at > now()"
	case "changes":
		where += " AND " + withChanges
	}
	if !f.Month.IsZero() {
		args = append(args, f.Month, f.Month.AddDate(0, 1, 0))
		where += fmt.Sprintf(" AND coalesce(e.published_at, e.created_at) >= $%d AND coalesce(e.published_at, e.created_at) < $%d", len(args)-1, len(args))
	}
	if f.Lang != "" {
		args = append(args, f.Lang)
		where += fmt.Sprintf(" AND EXISTS (SELECT 1 FROM translations t WHERE t.entry_id = e.id AND t.lang = $%d)", len(args))
	}
	if f.AuthorID != 0 {
		args = append(args, f.AuthorID)
		where += fmt.Sprintf(" AND e.author_id = $%d", len(args))
	}
	rows, err := s.db.Query(ctx, `SELECT `+entryRowColumns+` FROM entries e
		WHERE ($2 = '' OR e.kind = $2) AND `+where+` ORDER BY `+order+` LIMIT $3`, args...)
	if err != nil {
		return nil, mapErr("entry rows", err)
	}
	out, err := pgx.CollectRows(rows, scanEntryRow)
	return out, mapErr("entry rows", err)
}

// TextRow is one language's text of an entry in a list of texts.
type TextRow struct {
	EntryID     int64
	Kind        content.Kind
	Lang, Title string
	Status      content.Status
	PublishedAt *time.Time
	UpdatedAt   time.Time
	// Pending and ChangesAt: a live text's unpublished changes (TextState).
	Pending   bool
	ChangesAt *time.Time
}

// textRowsWhich are TextRows' lists: their condition on the text t and
// their order.
var textRowsWhich = map[string]struct{ where, order string }{
	// Not those waiting for review, as EntryRows' drafts.
	"drafts": {`t.status = 'draft' AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.entry_id = t.entry_id AND r.lang = t.lang AND r.state = 'waiting')`,
		"t.updated_at DESC, t.entry_id DESC"},
	// A text waiting for its time, or a live one's changes waiting for
	// theirs.
	"scheduled": {"(t.status = 'published' AND t.published_at > now() OR " + scheduledChanges + ")",
		"least(CASE WHEN t.published_at > now() THEN t.published_at END, w.publish_at), t.entry_id"},
	"recent": {visible, "t.published_at DESC, t.entry_id DESC"},
}

// TextRows lists texts in the languages langs, of entries out of the
// trash, up to limit, for a translator's dashboard, whose work is texts,
// not entries: which is "drafts" (the latest change first), "scheduled"
// (published, or changed, at a time to come, the soonest first) or "recent" (live,
// the latest published first).
func (s *Store) TextRows(ctx context.Context, which string, langs []string, limit int) ([]TextRow, error) {
	w, ok := textRowsWhich[which]
	if !ok {
		return nil, fmt.Errorf("store: text list %q: %w", which, ErrNotFound)
	}
	rows, err := s.db.Query(ctx, `SELECT t.entry_id, t.kind, t.lang, t.title, t.status, t.published_at, t.updated_at,
		w.entry_id IS NOT NULL, w.publish_at
		FROM translations t JOIN entries e ON e.id = t.entry_id AND e.deleted_at IS NULL
		LEFT JOIN translation_drafts w ON w.entry_id = t.entry_id AND w.lang = t.lang
		WHERE t.lang = ANY($1) AND `+w.where+` ORDER BY `+w.order+` LIMIT $2`, langs, limit)
	if err != nil {
		return nil, mapErr("text rows", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (TextRow, error) {
		var r TextRow
		err := row.Scan(&r.EntryID, &r.Kind, &r.Lang, &r.Title, &r.Status, &r.PublishedAt, &r.UpdatedAt, &r.Pending, &r.ChangesAt)
		return r, err
	})
	return out, mapErr("text rows", err)
}

// TrashEntry puts an entry in the trash: every language unpublished, out
// of the admin's lists; RestoreEntry takes it out again (its languages
// stay unpublished until an editor publishes them). Each is a revision of
// the entry (newRevision), as a save is.
func (s *Store) TrashEntry(ctx context.Context, id int64, a AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		tag, err := tx.db.Exec(ctx, `UPDATE entries SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`, id)
		if err != nil {
			return mapErr("trash", err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("store: entry %d: %w", id, ErrNotFound)
		}
		if _, err := tx.db.Exec(ctx, `UPDATE translations SET status = 'unpublished' WHERE entry_id = $1 AND status = 'published'`, id); err != nil {
			return mapErr("trash", err)
		}
		if err := tx.newRevision(ctx, id, a.UserID, NoteTrashed); err != nil {
			return err
		}
		return tx.Audit(ctx, a)
	})
}

// TrashNewest is when the entry last put in the trash went there (zero
// when the trash is empty): what the trash page shows is all that was
// trashed until then, and emptying it takes no more (EmptyTrash).
func (s *Store) TrashNewest(ctx context.Context) (time.Time, error) {
	var at *time.Time
	err := s.db.QueryRow(ctx, `SELECT max(deleted_at) FROM entries`).Scan(&at)
	if err != nil || at == nil {
		return time.Time{}, mapErr("trash newest", err)
	}
	return *at, nil
}

// ErrSystemPage means an entry is a page the site links to by its role
// (the hotline page): it can be trashed and restored, not deleted for good.
var ErrSystemPage = errors.New("store: a page the site links to by its role")

// DeleteEntry removes an entry in the trash for good: its texts, working
// copies, revisions, old addresses, reviews and review notices and, for
// an issue, its articles, editions and mail records go with it (the
// foreign keys cascade); the media library keeps its files, the audit
// line its title, and the translators of its texts waiting for review
// or sent back to them are told (NoticeDeleted). An entry not in the
// trash is ErrNotFound; a page the site links to by role, ErrSystemPage.
func (s *Store) DeleteEntry(ctx context.Context, id int64, a AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		return tx.deleteEntry(ctx, id, a)
	})
}

func (s *Store) deleteEntry(ctx context.Context, id int64, a AuditEntry) error {
	var system bool
	err := s.db.QueryRow(ctx, `SELECT system_key IS NOT NULL FROM entries WHERE id = $1 AND deleted_at IS NOT NULL FOR UPDATE`, id).Scan(&system)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("store: entry %d in the trash: %w", id, ErrNotFound)
	}
	if err != nil {
		return mapErr("delete entry", err)
	}
	if system {
		return fmt.Errorf("store: entry %d: %w", id, ErrSystemPage)
	}
	// The texts waiting for review, or sent back to their translators for
	// more work, go with the entry, and the notices queued about them:
	// their translators are told, by a notice that names no entry, so it
	// stays.
	waiting, err := s.reviewsIn(ctx, id, "waiting", "returned")
	if err != nil {
		return err
	}
	ended := make(map[string]string, len(waiting))
	for lang := range waiting {
		ended[lang] = NoticeDeleted
	}
	if err := s.endReviews(ctx, id, waiting, ended, a.UserID); err != nil {
		return err
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM entries WHERE id = $1`, id); err != nil {
		return mapErr("delete entry", err)
	}
	return s.Audit(ctx, a)
}

// EmptyTrash removes for good the entries in the trash since before
// (DeleteEntry; pages the site links to by role stay), each in its own
// step with an audit line a naming it, a hundred looked up at a time; it
// returns how many went.
func (s *Store) EmptyTrash(ctx context.Context, before time.Time, a AuditEntry) (int, error) {
	n := 0
	for {
		got, more, err := s.emptyTrash(ctx, before, a)
		n += got
		if err != nil || !more {
			return n, err
		}
	}
}

// emptyTrashBatch is how many entries emptyTrash looks up at once.
const emptyTrashBatch = 100

// emptyTrash is one batch of EmptyTrash; more says another may follow.
func (s *Store) emptyTrash(ctx context.Context, before time.Time, a AuditEntry) (n int, more bool, err error) {
	rows, err := s.db.Query(ctx, `SELECT e.id, coalesce((SELECT t.title FROM translations t JOIN languages l ON l.code = t.lang
			WHERE t.entry_id = e.id ORDER BY l.is_default DESC, l.position LIMIT 1), '')
		FROM entries e WHERE e.deleted_at < $1 AND e.system_key IS NULL ORDER BY e.deleted_at LIMIT $2`, before, emptyTrashBatch)
	if err != nil {
		return 0, false, mapErr("empty trash", err)
	}
	type old struct {
		id    int64
		title string
	}
	due, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (old, error) {
		var o old
		return o, row.Scan(&o.id, &o.title)
	})
	if err != nil {
		return 0, false, mapErr("empty trash", err)
	}
	for _, o := range due {
		a.ObjectType, a.ObjectID, a.Summary = "entry", o.id, o.title
		err := s.DeleteEntry(ctx, o.id, a)
		switch {
		case errors.Is(err, ErrNotFound): // restored or deleted meanwhile
		case err != nil:
			return n, false, err
		default:
			n++
		}
	}
	return n, len(due) == emptyTrashBatch, nil
}

// The notes of the revisions that trash and restore make.
const (
	NoteTrashed   = "trashed"
	NoteUntrashed = "untrashed"
)

// RestoreEntry takes an entry out of the trash.
func (s *Store) RestoreEntry(ctx context.Context, id int64, a AuditEntry) error {
	return s.InTx(ctx, func(tx *Store) error {
		tag, err := tx.db.Exec(ctx, `UPDATE entries SET deleted_at = NULL WHERE id = $1 AND deleted_at IS NOT NULL`, id)
		if err != nil {
			return mapErr("untrash", err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("store: entry %d: %w", id, ErrNotFound)
		}
		if err := tx.newRevision(ctx, id, a.UserID, NoteUntrashed); err != nil {
			return err
		}
		return tx.Audit(ctx, a)
	})
}

// LivePage is a language of an entry that the public can read now, with
// what the public reads there: its title and the slug of its address.
type LivePage struct {
	EntryID   int64
	Kind      content.Kind
	SystemKey string
	Lang      string
	Title     string
	Slug      string
}

// Path is the page's address on the site.
func (p LivePage) Path() string { return content.EntryPath(p.Lang, p.Kind, p.Slug, p.SystemKey) }

// LivePages lists, in one query, the pages of entries ids that the
// public can read now (visible, out of the trash), by entry and language:
// what an admin's message after a publish links to. Each is the live text
// (translations), never a working copy waiting to be published.
func (s *Store) LivePages(ctx context.Context, ids []int64) ([]LivePage, error) {
	rows, err := s.db.Query(ctx, `SELECT e.id, e.kind, coalesce(e.system_key, ''), t.lang, t.title, t.slug
		FROM entries e JOIN translations t ON t.entry_id = e.id
		WHERE e.id = ANY($1) AND e.deleted_at IS NULL AND `+visible+`
		ORDER BY e.id, t.lang`, ids)
	if err != nil {
		return nil, mapErr("live pages", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (LivePage, error) {
		var p LivePage
		err := row.Scan(&p.EntryID, &p.Kind, &p.SystemKey, &p.Lang, &p.Title, &p.Slug)
		return p, err
	})
	return out, mapErr("live pages", err)
}
