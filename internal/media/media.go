// Package media owns the rules for uploaded files: the allowlist of types
// (PDF, JPEG, PNG, WebP), recognizing a file by its bytes, the agreement
// between a name's extension and the content, and the server-made names
// files are stored under. It is pure: no SQL, no HTTP.
package media

import (
	"bytes"
	"image"
	_ "image/jpeg" // registers the JPEG decoder for image.DecodeConfig
	_ "image/png"  // registers the PNG decoder for image.DecodeConfig
	"strings"

	"github.com/gabriel-vasile/mimetype"
	"golang.org/x/image/webp"
)

// Content types on the allowlist.
const (
	PDF  = "application/pdf"
	JPEG = "image/jpeg"
	PNG  = "image/png"
	WebP = "image/webp"
)

// kind is an allowed type: its content type, its extensions (the first is
// the one a stored name gets), and whether it is an image.
type kind struct {
	contentType string
	exts        []string
	label       string
	image       bool
}

var kinds = []kind{
	{PDF, []string{".pdf"}, "PDF", false},
	{JPEG, []string{".jpg", ".jpeg"}, "JPEG", true},
	{PNG, []string{".png"}, "PNG", true},
	{WebP, []string{".webp"}, "WebP", true},
}

func kindOf(contentType string) (kind, bool) {
	for _, k := range kinds {
		if k.contentType == contentType {
			return k, true
		}
	}
	return kind{}, false
}

func kindOfExt(ext string) (kind, bool) {
	for _, k := range kinds {
		for _, e := range k.exts {
			if e == ext {
				return k, true
			}
		}
	}
	return kind{}, false
}

// Accept is the value of a file input's accept attribute: the allowed
// extensions and types.
func Accept() string {
	var parts []string
	for _, k := range kinds {
		parts = append(parts, k.exts...)
	}
	for _, k := range kinds {
		parts = append(parts, k.contentType)
	}
	return strings.Join(parts, ",")
}

// Label is a short human name of a content type: "PDF", "JPEG"; other types
// as they are.
func Label(contentType string) string {
	if k, ok := kindOf(contentType); ok {
		return k.label
	}
	return contentType
}

// IsImage reports whether files of the content type can be shown with <img>.
func IsImage(contentType string) bool {
	k, ok := kindOf(contentType)
	return ok && k.image
}

// Message IDs of the reasons a file is refused (in locales/media.*.toml).
const (
	MsgEmpty    = "admin.media.err.empty"
	MsgType     = "admin.media.err.type"
	MsgMismatch = "admin.media.err.mismatch"
	MsgMarkup   = "admin.media.err.markup"
	MsgDamaged  = "admin.media.err.damaged"
)

// RefusedError says why a file is not accepted. MessageID is a message ID;
// Ext and Detected are its template data (the name's extension and the
// type the bytes are).
type RefusedError struct {
	MessageID string
	Ext       string
	Detected  string
}

func (e *RefusedError) Error() string {
	return "media: refused (" + e.MessageID + "): extension " + e.Ext + ", content " + e.Detected
}

// Info is what Inspect learned about an accepted file.
type Info struct {
	ContentType string
	Filename    string // the server-made name, with the type's extension
	Width       int    // images only; 0 for PDFs
	Height      int
}

// sniffHead is how much of a file's start is searched for HTML: more than
// the 1445 bytes a browser sniffs, where a polyglot has to put its markup.
const sniffHead = 4096

// markup is what makes a file's head readable as a web page or script.
// The tags are followed by a space, '>' or '/', so binary data is very
// unlikely to contain them by chance; XMP metadata (<x:xmpmeta, <rdf:…)
// does not match.
var markup = []string{"<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<svg", "<object",
	"<embed", "<meta", "<img", "<style", "<form", "<?xml-stylesheet"}

// Inspect decides whether a file may be uploaded: its bytes must be one of
// the allowed types, its name's extension must say the same type, and its
// head must hold no HTML. It returns a *RefusedError otherwise. Images must
// have a readable header, which gives their dimensions.
func Inspect(name string, data []byte) (Info, error) {
	ext := Ext(name)
	if len(data) == 0 {
		return Info{}, &RefusedError{MessageID: MsgEmpty, Ext: ext}
	}
	detected := detect(data)
	k, ok := kindOf(detected)
	if !ok {
		return Info{}, &RefusedError{MessageID: MsgType, Ext: ext, Detected: detected}
	}
	if byExt, ok := kindOfExt(ext); !ok || byExt.contentType != k.contentType {
		return Info{}, &RefusedError{MessageID: MsgMismatch, Ext: ext, Detected: detected}
	}
	if hasMarkup(data) {
		return Info{}, &RefusedError{MessageID: MsgMarkup, Ext: ext, Detected: detected}
	}
	w, h, ok := wellFormed(k, data)
	if !ok {
		return Info{}, &RefusedError{MessageID: MsgDamaged, Ext: ext, Detected: detected}
	}
	info := Info{ContentType: k.contentType, Filename: SafeName(name, k.contentType), Width: w, Height: h}
	return info, nil
}

// detect names the type of data by its magic bytes, without parameters.
// A subtype of an allowed type (an animated PNG) counts as that type.
func detect(data []byte) string {
	m := mimetype.Detect(data)
	for a := m; a != nil; a = a.Parent() {
		if _, ok := kindOf(a.String()); ok {
			return a.String()
		}
	}
	t, _, _ := strings.Cut(m.String(), ";")
	return strings.TrimSpace(t)
}

// wellFormed checks more than the magic bytes: a PDF must start with its
// signature (mimetype also accepts one anywhere in the first kilobyte,
// which is how a PDF polyglot hides another format in front), and an
// image's header must decode and agree with the type.
func wellFormed(k kind, data []byte) (width, height int, ok bool) {
	switch k.contentType {
	case PDF:
		return 0, 0, bytes.HasPrefix(data, []byte("%PDF-"))
	case WebP:
		cfg, err := webp.DecodeConfig(bytes.NewReader(data))
		return cfg.Width, cfg.Height, err == nil && cfg.Width > 0 && cfg.Height > 0
	default:
		cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
		return cfg.Width, cfg.Height, err == nil && "image/"+format == k.contentType && cfg.Width > 0 && cfg.Height > 0
	}
}

func hasMarkup(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), sniffHead)])
	for _, m := range markup {
		for i := 0; ; {
			j := bytes.Index(head[i:], []byte(m))
			if j < 0 {
				break
			}
			end := i + j + len(m)
			if end >= len(head) || strings.IndexByte(" \t\r\n>/", head[end]) >= 0 {
				return true
			}
			i = end
		}
	}
	return false
}
