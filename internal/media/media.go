// Package media owns the rules for uploaded files: the allowlist of types
// (PDF, JPEG, PNG, WebP, HEIC), recognizing a file by its bytes, the agreement
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
	HEIC = "image/heic" // phones' photos; kept as JPEG once decoded (internal/images)
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
	{HEIC, []string{".heic", ".heif"}, "HEIC", true},
}

func kindOf(contentType string) (kind, bool) {
	if contentType == "image/heif" {
		contentType = HEIC
	}
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

// tagNames are the elements a browser would run script from, load other
// content with, or use to dress a page as a link or form: inside image data
// and compressed PDF streams, whose random bytes often hold "<" and a
// letter, only these (with any byte after the name) count as markup.
var tagNames = []string{"!doctype", "!--", "?xml", "a", "area", "base", "body", "button", "details", "div", "embed",
	"form", "frame", "frameset", "head", "html", "iframe", "img", "input", "isindex", "link", "math", "meta", "object",
	"p", "script", "select", "span", "style", "svg", "table", "template", "textarea", "video", "audio", "source"}

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
	if hasMarkup(k, data) {
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
// which is how a PDF polyglot hides another format in front) and end with
// its %%EOF marker, which readers look for in the last kilobyte (a file cut
// short has none); an image's header must decode and agree with the type.
func wellFormed(k kind, data []byte) (width, height int, ok bool) {
	switch k.contentType {
	case PDF:
		tail := data[max(0, len(data)-1024):]
		return 0, 0, bytes.HasPrefix(data, []byte("%PDF-")) && bytes.Contains(tail, []byte("%%EOF"))
	case WebP:
		cfg, err := webp.DecodeConfig(bytes.NewReader(data))
		return cfg.Width, cfg.Height, err == nil && cfg.Width > 0 && cfg.Height > 0
	case HEIC:
		return 0, 0, true // no Go decoder reads its header: libvips decides (internal/images)
	default:
		cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
		return cfg.Width, cfg.Height, err == nil && "image/"+format == k.contentType && cfg.Width > 0 && cfg.Height > 0
	}
}

// hasMarkup reports whether the head of a file holds HTML. A PDF is served
// as uploaded, so its text is held to the rule a browser's tokenizer
// follows: "<" and then, after any white space, a letter, "!", "?" or "/"
// opens a tag, whatever its name; PDF's own "<<" dictionaries and "<0A1B>"
// hex strings (which can carry no attribute, so no script) are not tags.
// Random bytes hold "<" and a letter a few times in every 4 KiB, so the
// data of compressed PDF streams and of images is held to the tag names
// above instead (with any byte after the name: "<body\x0conload=" too)
// and to "javascript:". (Images are re-encoded before they are served.)
func hasMarkup(k kind, data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), sniffHead)])
	if bytes.Contains(head, []byte("javascript:")) {
		return true
	}
	if k.contentType != PDF {
		return namedTag(head)
	}
	for i := 0; i < len(head); i++ {
		if filtered, n := streamAt(head, i); n > 0 {
			end := min(i+n, len(head))
			if filtered && namedTag(head[i:end]) || !filtered && anyTag(head[i:end]) {
				return true
			}
			i = end - 1
			continue
		}
		if head[i] != '<' {
			continue
		}
		if i+1 < len(head) && head[i+1] == '<' { // a dictionary
			i++
			continue
		}
		if n := hexString(head[i:]); n > 0 {
			i += n - 1
			continue
		}
		if anyTag(head[i:]) {
			return true
		}
	}
	return false
}

// anyTag reports whether text holds a tag by the tokenizer's rule (see
// hasMarkup); at its start when it begins with "<".
func anyTag(text []byte) bool {
	for i := 0; i < len(text); i++ {
		if text[i] != '<' {
			continue
		}
		j := i + 1
		for j < len(text) && isSpace(text[j]) {
			j++
		}
		if j < len(text) && (text[j] >= 'a' && text[j] <= 'z' || text[j] == '!' || text[j] == '?' || text[j] == '/') {
			return true
		}
	}
	return false
}

// namedTag reports whether data holds one of tagNames opened or closed:
// "<" (and "/"), any white space, the name, then as tags go on: ">", or
// white space or "/" (a form feed too) and then an attribute or ">".
// Random bytes hold "<a" or "<p" and a byte or two more now and then, so
// after those short names only an attribute with a value ("href=",
// "onclick=") counts: without one they carry nothing.
func namedTag(data []byte) bool {
	for i := bytes.IndexByte(data, '<'); i >= 0; {
		j := i + 1
		for j < len(data) && (isSpace(data[j]) || data[j] == '/') {
			j++
		}
		for _, name := range tagNames {
			end := j + len(name)
			if !bytes.HasPrefix(data[j:], []byte(name)) {
				continue
			}
			switch {
			case name[0] == '!' || name[0] == '?':
				return true
			case end >= len(data) || isNameByte(data[end]):
			case data[end] == '>':
				// "<a>" or "<p>" alone carry nothing, and random bytes
				// hold them now and then.
				if len(name) >= 3 {
					return true
				}
			case isSpace(data[end]) || data[end] == '/':
				k := end
				for k < len(data) && (isSpace(data[k]) || data[k] == '/') {
					k++
				}
				if k < len(data) && data[k] == '>' && len(name) >= 3 {
					return true
				}
				// An attribute: for a short name, one with a value.
				a := k
				for a < len(data) && (data[a] >= 'a' && data[a] <= 'z' || data[a] == '-') {
					a++
				}
				if a > k && (len(name) >= 3 || a < len(data) && data[a] == '=') {
					return true
				}
			}
		}
		next := bytes.IndexByte(data[i+1:], '<')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// streamAt reports whether a PDF stream's data begins at i (just after its
// "stream" keyword and end of line), whether its dictionary names a /Filter
// (compressed: random bytes) or makes it an XMP metadata packet (XML of
// namespaced elements, "<x:xmpmeta>", "<rdf:RDF>", which PDF tools write
// near the start and PDF/A requires), either of which is held to the HTML
// tag names, and how long it is up to "endstream" (0: no stream begins at
// i).
func streamAt(head []byte, i int) (filtered bool, n int) {
	kw := []byte("stream")
	if i < len(kw)+1 || !bytes.Equal(head[i-len(kw)-1:i-1], kw) && !(i >= len(kw)+2 && bytes.Equal(head[i-len(kw)-2:i-2], kw) && head[i-2] == '\r') {
		return false, 0
	}
	if head[i-1] != '\n' {
		return false, 0
	}
	start := i - len(kw) - 1
	if head[i-2] == '\r' {
		start--
	}
	if start > 2 && bytes.HasSuffix(head[:start], []byte("end")) {
		return false, 0 // "endstream"
	}
	dict := head[max(0, bytes.LastIndex(head[:start], []byte("<<"))):start]
	n = bytes.Index(head[i:], []byte("endstream"))
	if n < 0 {
		n = len(head) - i
	}
	xmp := bytes.Contains(dict, []byte("/metadata")) && bytes.Contains(dict, []byte("/xml"))
	return bytes.Contains(dict, []byte("/filter")) || xmp, n
}

// hexString returns the length of a PDF hex string at the start of b
// ("<" hex digits and white space ">"), or 0.
func hexString(b []byte) int {
	for i := 1; i < len(b); i++ {
		switch c := b[i]; {
		case c == '>':
			return i + 1
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', isSpace(c):
		default:
			return 0
		}
	}
	return 0
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == ':'
}
