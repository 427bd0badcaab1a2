package view

import "time"

// MediaLibrary is the data of the media library: the upload form and the
// files, newest first.
type MediaLibrary struct {
	AdminBase
	Query  string     // the search, as typed
	Kind   string     // the type filter: "", "photo" or "pdf"
	Rows   []MediaRow // the files found
	Error  string     // translated: why an upload was refused
	Limit  string     // the upload limit, formatted: "20 MB"
	Accept string     // the file input's accept attribute
	// KeepOriginals is the admins' setting (shown to admins only): keep
	// uploaded photos' original files, never served, beside their masters.
	KeepOriginals bool
}

// MediaRow is a file in the media library's list.
type MediaRow struct {
	ID       int64
	Filename string
	Type     string // short: "PDF", "JPEG"
	Size     int64
	When     time.Time
	URL      string // its public path: /media/{sha256}/{filename}
	Thumb    string // a photo's square thumbnail; "" for other files
	Alt      string // a photo's alt text in the admin's language
}

// MediaItem is the data of the page of one file.
type MediaItem struct {
	AdminBase
	MediaRow
	ContentType   string
	SHA256        string
	Width, Height int // 0 when unknown or not an image
	IsImage       bool
	UploadedBy    string
	Markdown      string // how to link it from a text
	// NotPublic: the PDF edition of an issue not yet published; its public
	// address answers 404 until then (staff open it through the admin).
	NotPublic    bool
	Uses         []MediaUse
	Error        string // translated: why it was not deleted
	ReplaceError string // translated: why its file was not replaced
	// Images only: the preview, the focal point in percent, whether it is
	// decorative, and its texts in every site language.
	Preview        string // a rendition's path
	FocusX, FocusY string // in percent, as typed
	Decorative     bool
	Texts          []ImageTextForm
	Errors         map[string]string // field → translated message
}

// Err returns the translated error of a field, or "".
func (m MediaItem) Err(field string) string { return m.Errors[field] }

// ImageTextForm is an image's alt text, caption and credit in one language.
type ImageTextForm struct {
	Lang, Name           string
	Alt, Caption, Credit string
	Editable             bool // the user writes this language (a translator: theirs only)
}

// MediaUse is an entry (in one language) that uses a file.
type MediaUse struct {
	EntryID  int64
	Lang     string
	LangName string
	Title    string
	NeedsAlt bool // a published text shows the photo: it needs its alt text
}

// HotlineList is the data of the hotline numbers' list.
type HotlineList struct {
	AdminBase
	Langs []Link // the site's languages, for the columns
	Rows  []HotlineRow
	// OneActive: a single number is on show, so hiding it hides the
	// banner (the button asks first).
	OneActive bool
}

// HotlineRow is a hotline number in the list.
type HotlineRow struct {
	ID          int64
	E164        string
	Display     string
	Active      bool
	First, Last bool // at the top or the bottom of the list
	Texts       []HotlineText
}

// HotlineText is a hotline number's label and hours in one language.
type HotlineText struct {
	Lang, Name   string
	Label, Hours string
}

// HotlineEdit is the data of a hotline number's form.
type HotlineEdit struct {
	AdminBase
	IsNew   bool
	ID      int64
	E164    string // as typed
	Display string
	Active  bool
	// OnlyShown: it is the one number on show (unticking hides the banner).
	OnlyShown bool
	Texts     []HotlineText     // every site language, in order
	Errors    map[string]string // field → translated message
}

// Err returns the translated error of a field, or "".
func (h HotlineEdit) Err(field string) string { return h.Errors[field] }
