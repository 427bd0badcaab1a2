// Package content holds Vestnik's domain types and the pure rules about
// them: kinds, statuses, languages, slugs and URLs. It knows no SQL and no
// HTTP.
package content

import (
	"time"
)

// Kind is what an entry is.
type Kind string

// The kinds of entry.
const (
	KindNews       Kind = "news"
	KindPage       Kind = "page"
	KindNewsletter Kind = "newsletter"
)

// Kinds are every kind (the entries table's check allows these).
var Kinds = []Kind{KindNews, KindPage, KindNewsletter}

// Status is where an entry is in its life. An entry that is published with
// a publish time in the future is scheduled.
type Status string

// The statuses of an entry.
const (
	StatusDraft       Status = "draft"
	StatusPublished   Status = "published"
	StatusUnpublished Status = "unpublished"
)

// Language is a language the site is published in.
type Language struct {
	Code     string // "en", "ru"
	Name     string // its own name: "English", "Русский"
	TSConfig string // PostgreSQL text-search configuration
	Default  bool   // the x-default language
	Enabled  bool   // served by the site (a disabled one keeps its content)
	Position int    // order on the site
}

// Entry is a language-neutral piece of content with its translations.
type Entry struct {
	ID          int64
	Kind        Kind
	Status      Status
	PublishedAt time.Time
	SystemKey   string
	Version     int
	CreatedAt   time.Time
	// UpdatedAt is when an editor last saved the entry, a save held back
	// in a working copy included: the admin's "recently edited" order.
	UpdatedAt time.Time
	// PublicAt is when what the public sees of the entry last changed:
	// a text went live or left, a live text or the lead image changed.
	// Public dates (Last-Modified) read it, never UpdatedAt. Filled for
	// items only; a list's item leaves out its other languages' dates.
	PublicAt time.Time
	// LeadImageID is the entry's lead image (0: none).
	LeadImageID int64
}

// Translation is one language's text of an entry.
type Translation struct {
	EntryID   int64
	Kind      Kind
	Lang      string
	Title     string
	Slug      string
	Summary   string
	BodyMD    string
	BodyHTML  string
	Revision  int
	UpdatedAt time.Time
}

// Item is a published entry as a visitor sees it in one language: the entry,
// its text in that language, and the languages it exists in.
type Item struct {
	Entry
	Translation
	// Alternates maps each language the entry is published in (this one
	// included) to the translation's slug there.
	Alternates map[string]string
}

// Newsletter is a newsletter issue in one language.
type Newsletter struct {
	Item
	Period   time.Time
	Articles []Article
	Edition  *Media // the PDF edition in this language, nil when none
}

// Article is one article of a newsletter issue in one language.
type Article struct {
	ID       int64
	Position int
	Title    string
	BodyHTML string
}

// Media is an uploaded file, without its bytes.
type Media struct {
	ID          int64
	SHA256      string
	Filename    string
	ContentType string
	Size        int64
	CreatedAt   time.Time
}

// Image is a photo of the media library as pages show it: its master's
// size, its focal point (fractions of its width and height) and its texts
// per language.
type Image struct {
	Media
	Width, Height  int
	FocusX, FocusY float64
	// Decorative images need no alt text: they are shown with alt="".
	Decorative bool
	Texts      map[string]ImageText
}

// ImageText is an image's alt text, caption and credit in one language.
type ImageText struct {
	Alt, Caption, Credit string
}

// Hotline is a hotline number in one language.
type Hotline struct {
	ID      int64
	E164    string
	Display string
	Label   string
	Hours   string
}
