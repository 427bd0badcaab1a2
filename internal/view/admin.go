package view

import (
	"slices"
	"strings"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/i18n"
)

// AdminUser is the logged-in user as the admin pages show them.
type AdminUser struct {
	ID    int64
	Email string
	Name  string
	Shown string // how the admin names them: their name, else their address
	Role  string
}

// AdminBase is the data every admin page has.
type AdminBase struct {
	T       *i18n.Localizer
	Lang    string
	Title   string
	Section string
	User    *AdminUser // nil on the login page
	IsAdmin bool
	// IsTranslator: the user edits only the texts of some languages.
	IsTranslator bool
	Flash        string // already translated
	// FlashLinks follow the message: the pages the action put on the
	// site, or their previews.
	FlashLinks []LinkGroup
	Languages  []Link // the admin's languages (Href set on the login page)
}

// LinkGroup is a label and the links it introduces ("View on the site:
// English, Russian"), and what it says of those it leaves out.
type LinkGroup struct {
	Label string
	Links []Link
	More  string // after the links: how many more there are ("and 3 more")
}

// Login is the data of the login page.
type Login struct {
	AdminBase
	Email string
	Next  string
	Error string
}

// Account is the data of the account page.
type Account struct {
	AdminBase
	Errors    map[string]string // field → translated message
	TwoFactor TwoFactor
	// Values are the forms' fields as stored or typed ("name",
	// "disable.code"), passwords aside.
	Values map[string]string
	// ReviewMail: the user is e-mailed about reviews.
	ReviewMail bool
}

// TwoFactor is an account's two-factor login as pages show it.
type TwoFactor struct {
	EnabledAt    *time.Time // nil: off
	Required     bool       // an admin requires it
	RecoveryLeft int        // unused recovery codes
}

// TOTPEnrol is the data of the page that sets up two-factor login.
type TOTPEnrol struct {
	AdminBase
	Started  bool   // a secret waits to be confirmed: show its QR code
	Secret   string // the same secret, for typing in, in groups of four
	Code     string // as typed
	Error    string
	Required bool // an admin requires it: nothing else opens before
}

// TOTPCodes is the data of the page that shows new recovery codes, once.
type TOTPCodes struct {
	AdminBase
	Codes []string
}

// TOTPLogin is the data of the login's second step.
type TOTPLogin struct {
	AdminBase
	Code  string
	Error string
}

// EntryRow is an entry in an admin list.
type EntryRow struct {
	ID     int64
	Kind   string
	Title  string
	Status string
	When   time.Time // publish time, or last change for drafts
	// Langs is each language's own state, in the site's order.
	Langs []LangStatus
	// Texts is, in the entry lists, each language's translation state.
	Texts []TextMark
	// Lang and LangName: the row is this language's text, not the whole
	// entry (a translator's dashboard).
	Lang, LangName string
}

// LangStatus is one language's publication in an admin list.
type LangStatus struct {
	Code   string
	Status string // draft, published, scheduled, unpublished
	// Changes: the live text has unpublished changes, which go live on
	// "Publish changes" ("pending") or by themselves at ChangesAt
	// ("scheduled"); "" when it has none.
	Changes   string
	ChangesAt time.Time
}

// TextMark is one language of an entry in a list, by its translation
// state as the translation board has it: missing, outdated, draft,
// review (waiting for review) or current.
type TextMark struct {
	Code, State string
}

// BoardCell is one language of an entry on the translation board.
type BoardCell struct {
	Lang  string
	State string // missing, current, outdated
}

// BoardRow is one entry on the translation board.
type BoardRow struct {
	EntryRow
	Cells []BoardCell
}

// Dashboard is the data of the admin's home.
type Dashboard struct {
	AdminBase
	Drafts, Scheduled, Recent []EntryRow
	BoardLangs                []string
	Board                     []BoardRow
	// BoardCounts are the board's states counted per language.
	BoardCounts []BoardCount
	// Reviews are the texts waiting for review, oldest first.
	Reviews []ReviewRow
	// Returned are the user's texts sent back to them, latest first.
	Returned    []ReviewRow
	Subscribers []SubscriberCount // per language
}

// BoardCount is one language's line of the board's counts.
type BoardCount struct {
	Lang, Name                                        string
	Missing, Outdated, Draft, Review, Current, Photos int
}

// Board is the translation board page: one state in one language.
type Board struct {
	AdminBase
	// NoLanguages: the translator has no languages yet (the page says
	// whom to ask, and lists nothing).
	NoLanguages       bool
	Lang, State, Kind string
	Newest            bool
	Langs             []Link
	States            []string
	Rows              []BoardItem
	Paged             bool   // not the first page
	Next              string // the next page's URL, if there is one
}

// BoardItem is one entry on the board, with the date its state dates from.
type BoardItem struct {
	EntryRow
	Since time.Time
	// Photos: on the "photos" list, the entry's photos without an alt
	// text in the board's language, each leading to its page in the
	// media library, where the alt text is typed.
	Photos []BoardPhoto
}

// BoardPhoto is a photo to describe on the board.
type BoardPhoto struct {
	ID    int64
	Name  string // its file name
	Thumb string // a small crop's URL
}

// AdminError is the data of an admin error page.
type AdminError struct {
	AdminBase
	Status  int
	Heading string
	Message string
	// LoginHref logs in again and comes back (a session that ended).
	LoginHref string
}

// EntryEdit is the data of the side-by-side edit form.
type EntryEdit struct {
	AdminBase
	IsNew   bool
	ID      int64
	Kind    string
	Version int
	// Hotline: the entry is the hotline page's advice, which the live
	// preview shows as the hotline page (numbers, then the text).
	Hotline bool
	// Unsaved: the form holds what is not saved (a button filled it, or
	// the conflict page shows the editor's text), so leaving warns and no
	// kept copy is offered over it.
	Unsaved bool
	// AnyLive: some language is live, so a save may leave unpublished
	// changes and "Publish changes" applies.
	AnyLive bool
	// SendOnPublish: a newsletter issue is mailed when it goes live.
	SendOnPublish bool
	// Others tells, one line each, of the other users who have the entry
	// open or saved it after the version the form holds.
	Others []string
	// Period is the month as the form's field holds it
	// ("2011-12"); PeriodName the month in words, "" when not set.
	Period     string
	PeriodName string
	Langs      []EditLang
	Articles   []EditArticle
	PDFs       []content.Media
	Editions   []EditEdition
	Errors     map[string]string // field → translated message
	Meta       *EditMeta
	// LeadImageID is the lead image chosen (0: none); Images the photos
	// of the library to choose from, newest first.
	LeadImageID int64
	// CanCoverFromPDF: this server draws a PDF's first page, so a
	// newsletter's cover can be made from an edition in one click.
	CanCoverFromPDF bool
	Images          []ImageChoice
	// Photos are the photos the entry shows, for a translator (who has no
	// lead image section): each with its texts in their languages and a
	// link to its page, where they write them.
	Photos []EntryPhoto
}

// EntryPhoto is a photo an entry shows, with its texts in the languages
// the user translates.
type EntryPhoto struct {
	ID         int64
	Filename   string
	Thumb      string
	Lead       bool // the lead image (an issue's cover)
	Decorative bool // needs no alt text
	Texts      []PhotoText
}

// PhotoText is a photo's alt text and caption in one language.
type PhotoText struct {
	Lang, Name, Alt, Caption string
}

// Err returns the translated error of a field, or "".
func (e EntryEdit) Err(field string) string { return e.Errors[field] }

// LeadImageName is the message ID of what the entry's image is called: a
// newsletter issue's is its cover, a news item's or a page's its lead
// image. The two never share a word, in any language (the locale test
// TestImageTerms).
func LeadImageName(kind string) string {
	if kind == string(content.KindNewsletter) {
		return "admin.entry.cover"
	}
	return "admin.entry.lead_image"
}

// LeadImageName is the message ID of what this entry's image is called.
func (e EntryEdit) LeadImageName() string { return LeadImageName(e.Kind) }

// formMessages are the entry form's errors that are about the form as a
// whole, each shown at its top: no field is marked for them.
var formMessages = []string{"conflict", "size", "trash", "form"}

// Marked reports whether an error is shown beside one of the form's
// fields, for the summary at the top to point to. The form's own messages
// (formMessages) and a review's, beside its buttons, mark no field to
// correct: "correct the fields marked below" would send the editor looking
// for one (asked to save before approving, say, with nothing wrong).
func (e EntryEdit) Marked() bool {
	for field := range e.Errors {
		if !slices.Contains(formMessages, field) && !strings.HasPrefix(field, "review.") {
			return true
		}
	}
	return false
}

// ImageChoice is a photo of the media library in a picker.
type ImageChoice struct {
	ID       int64
	Filename string
	Thumb    string // a small rendition's path
	Alt      string // in the admin's language
}

// EditLang is one language's column of the edit form.
type EditLang struct {
	Code, Name string
	Text       content.Text
	// LeadImageID is the language's own lead image (an issue's cover),
	// 0 when it shows the shared one.
	LeadImageID int64
	State       string // missing, current, outdated
	PublicURL   string // where it is live, if it is
	// The language's own publication: the form's choice and time, and a
	// line saying where it stands ("Live with unpublished changes").
	StatusChoice, PublishAt, Publication string
	// Pending: the live text has unpublished changes; PendingChanges
	// shows them against the live text.
	Pending        bool
	PendingChanges []DiffField
	// Editable: the user may change this language (a translator only
	// their own); the others show read-only.
	Editable bool
	// Review is the language's review, if it is waiting or was sent back.
	Review *LangReview
	// AltMissing names the photos that stopped its approval: shown
	// without an alt text in this language. Each links to its page.
	AltMissing []PhotoLink
	// StartFrom offers to start an empty text from another language's:
	// its code and name.
	StartFrom, StartFromName string
	// Others: other languages are saved, so a change of this one may
	// need them updated (the form asks).
	Others bool
	// SourceChanges shows, for an outdated text, what changed in each
	// other language since it was last brought in line.
	SourceChanges []SourceChange
	// ArticlesBehind: the language's text of an issue's article needs an
	// update (the article says which).
	ArticlesBehind bool
}

// PhotoLink names a photo of the media library, for a link to its page.
type PhotoLink struct {
	ID       int64
	Filename string
}

// SourceChange is what changed in one language since a translation of it
// was last brought in line.
type SourceChange struct {
	Lang, Name string
	Fields     []DiffField // only the changed ones
	Missing    bool        // the earlier text was not kept (older data)
}

// EditArticle is one newsletter article in the form.
type EditArticle struct {
	Index, Position int
	ID              int64
	Texts           []EditArticleText
}

// EditArticleText is an article's text in one language.
type EditArticleText struct {
	Lang, Name, Title, Body string
	Editable                bool // see EditLang.Editable
	// Outdated says, translated, that the text needs an update and which
	// languages moved on; "" when it is in line.
	Outdated string
}

// EditEdition is the PDF edition picked for a language.
type EditEdition struct {
	Lang, Name string
	MediaID    int64
	// PDFs are the library's PDFs, this language's first.
	PDFs []content.Media
}

// EditMeta is what the edit page shows about the saved entry.
type EditMeta struct {
	DeletedAt   *time.Time // in the trash since
	Status      string
	StatusLine  string // translated: "Draft", "Scheduled for 1 March 2026, 09:00", "Published"
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt *time.Time
	// PublishAgain names the languages taken off the site, which Publish
	// again puts back ("English, Russian").
	PublishAgain string
}

// EntryList is the data of an admin list of entries.
type EntryList struct {
	AdminBase
	Kind  string
	Rows  []EntryRow
	Langs []string
	// The search and filters as given, and the authors to filter by.
	Query, Status, Month, Language, Author string
	Authors                                []Option
	// MonthError says how to write a month typed as something else (a
	// text box where the browser has no month field); the list is then
	// not filtered by month.
	MonthError string
	// Back is this list's address with its filters, for the bulk actions
	// to come back to.
	Back string
	// TrashDays: the trash deletes its entries for good after so many
	// days (0: never by itself); TrashedUntil, when the newest entry it
	// shows was trashed ("Empty the trash" takes none trashed since).
	TrashDays    int
	TrashedUntil string
}

// Option is an option of a select.
type Option struct {
	Value, Label string
}

// Conflict is the data of the page shown when another editor saved the
// entry first: their version as saved, and the editor's own as typed,
// ready to save over theirs on purpose.
type Conflict struct {
	EntryEdit
	Theirs      []EditLang
	TheirAuthor string
	TheirTime   time.Time
	// BaseVersion is the version the editor's form was opened at.
	BaseVersion int
	// Fields are those both editors changed, to decide one by one;
	// ConflictKeys names them for the form; Unchosen: a save came without
	// a choice for each. Merged lists the fields only they changed, taken
	// into the editor's version.
	Fields       []ConflictField
	ConflictKeys string
	Unchosen     bool
	Merged       []string
	// Removed names the articles of the editor's version that theirs
	// removed: saved from this page, they come back (RemovedNote says so;
	// a translator's save leaves them out, and its note says that).
	Removed     []string
	RemovedNote string
}

// ConflictField is one field both editors changed.
type ConflictField struct {
	Key, Label, Theirs, Chosen string
	Diff                       DiffField // theirs on the left, mine on the right
}

// RevisionList is the data of an entry's revisions page.
type RevisionList struct {
	AdminBase
	ID        int64
	Kind      string
	Revisions []RevisionRow
	// From and To are the two revisions the compare form has chosen:
	// the one before the current and the current.
	From, To int
}

// RevisionRow is one revision in the list.
type RevisionRow struct {
	Version   int
	Author    string
	Note      string
	CreatedAt time.Time
	Current   bool
}

// RevisionDiff is the data of a revision compared with the current entry.
type RevisionDiff struct {
	AdminBase
	ID      int64
	Version int
	Current int
	Author  string
	When    time.Time
	Fields  []DiffField
}

// RevisionCompare is the data of two revisions of an entry compared:
// From the older (left), To the newer (right).
type RevisionCompare struct {
	AdminBase
	ID                   int64
	From, To             int
	FromAuthor, ToAuthor string
	FromWhen, ToWhen     time.Time
	Fields               []DiffField // only the changed ones
}

// DiffField is one field compared side by side.
type DiffField struct {
	Label       string
	Left, Right []DiffLine
	Changed     bool
}

// DiffLine is a line of a side-by-side diff; Op is "same", "del" or "add".
type DiffLine struct {
	Op   string
	Text string
	// Parts, when set, is Text word by word against its counterpart on
	// the other side: Op "same", "del" or "add" each.
	Parts []DiffLine
}

// Languages is the admin's languages page.
type Languages struct {
	AdminBase
	Rows      []LanguageRow
	TSConfigs []string // the database's text-search configurations
}

// LanguageRow is one language's form, as stored or as typed.
type LanguageRow struct {
	Code, Name, Position, TSConfig string
	Default, Enabled               bool
	// Shipped: Vestnik has its locale files, so it can be served.
	Shipped bool
	// InAdminLang is its name in the admin's language.
	InAdminLang string
	Errors      map[string]string // field → message
}

// Err is the message for a field, or "".
func (l LanguageRow) Err(field string) string { return l.Errors[field] }

// LangReview is one language's review in the editor.
type LangReview struct {
	Waiting     bool // else sent back
	By          string
	At          time.Time
	Comment     string
	CommentedBy string
	Draft       string // a comment typed for the translator, not sent yet
}

// ReviewRow is a text waiting for review on the dashboard.
type ReviewRow struct {
	EntryID        int64
	Lang, LangName string
	Title, By      string
	At             time.Time
	Comment        string // why it was sent back
}

// MenuList is the data of the site menu's page.
type MenuList struct {
	AdminBase
	Langs []Link
	Rows  []MenuRow
	// Add are what can go into the menu: pages not in it, and built-in
	// sections taken out ("section:news", "page:12").
	Add []Option
}

// MenuRow is an item of the menu with its label in each language.
type MenuRow struct {
	ID          int64
	Name        string // in the admin's language
	EntryID     int64  // a page's, to edit it
	First, Last bool
	Labels      []MenuLabel
	Error       string // translated: why the labels were not saved
}

// MenuLabel is an item's label in one language: the editors' (Value),
// and what shows without one (Default; "" for a page not live there).
type MenuLabel struct {
	Lang, Name, Value, Default string
}
