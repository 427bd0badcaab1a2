// Package picture says which renditions of a photo exist and how pages
// use them: the width ladder and the crops (Spec, each with its URL), the
// <picture> and <figure> markup with srcset, sizes, width and height, and
// the figures editors place in their texts. It makes no pixels
// (internal/images does) and reads no database.
package picture

import (
	"math"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"vestnik/internal/content"
)

// Format is a rendition's file format.
type Format string

// The formats renditions are made in: WebP, and JPEG for browsers without.
const (
	WebP Format = "webp"
	JPEG Format = "jpeg"
)

// ContentType is the format's media type.
func (f Format) ContentType() string { return "image/" + string(f) }

// Widths is the ladder of widths images are served at; never wider than
// their master.
var Widths = []int{320, 640, 960, 1280, 1920}

// Crop is a shape an image is cut to, round its focal point.
type Crop struct{ W, H int }

// The crops pages use.
var (
	Thumb     = Crop{480, 360}   // list thumbnails, 4:3 (240 × 180 shown at 2×)
	SmallSq   = Crop{240, 240}   // the media library's grid
	Social    = Crop{1200, 630}  // og:image, twitter:image
	Square    = Crop{1200, 1200} // 1:1, 4:3 and 16:9 for search engines' article results
	FourThree = Crop{1200, 900}
	Wide      = Crop{1200, 675}
	crops     = []Crop{Thumb, SmallSq, Social, Square, FourThree, Wide}
)

// Spec says what a rendition is: Width wide, and with Height set, cut to
// Width × Height round the focal point (FocusX, FocusY: fractions of the
// image's width and height, in hundredths).
type Spec struct {
	Width, Height  int
	FocusX, FocusY float64
	Format         Format
}

// WidthSpec is the rendition w wide in a format.
func WidthSpec(w int, f Format) Spec { return Spec{Width: w, Format: f} }

// CropSpec is a crop of im in a format, round its focal point.
func CropSpec(im content.Image, c Crop, f Format) Spec {
	return Spec{Width: c.W, Height: c.H, FocusX: pct(im.FocusX), FocusY: pct(im.FocusY), Format: f}
}

// pct rounds a fraction to hundredths, as specs carry it.
func pct(f float64) float64 { return math.Round(max(0, min(1, f))*100) / 100 }

// String is the spec as URLs and the renditions table name it:
// "w640.webp", "c1200x630-f50x20.jpeg".
func (s Spec) String() string {
	// Written without fmt: a list page asks for two of these per teaser.
	if s.Height == 0 {
		return "w" + strconv.Itoa(s.Width) + "." + string(s.Format)
	}
	return "c" + strconv.Itoa(s.Width) + "x" + strconv.Itoa(s.Height) +
		"-f" + strconv.Itoa(int(math.Round(s.FocusX*100))) + "x" + strconv.Itoa(int(math.Round(s.FocusY*100))) +
		"." + string(s.Format)
}

var specPattern = regexp.MustCompile(`^(?:w(\d{2,4})|c(\d{2,4})x(\d{2,4})-f(\d{1,3})x(\d{1,3}))\.(webp|jpeg)$`)

// Parse reads a spec from a URL: only the ladder's widths and the crops
// above, in hundredths of a focal point, are specs; anything else is not.
func Parse(s string) (Spec, bool) {
	m := specPattern.FindStringSubmatch(s)
	if m == nil {
		return Spec{}, false
	}
	atoi := func(v string) int { n, _ := strconv.Atoi(v); return n }
	sp := Spec{Format: Format(m[6])}
	if m[1] != "" {
		sp.Width = atoi(m[1])
		return sp, slices.Contains(Widths, sp.Width) && sp.String() == s
	}
	sp.Width, sp.Height = atoi(m[2]), atoi(m[3])
	fx, fy := atoi(m[4]), atoi(m[5])
	sp.FocusX, sp.FocusY = float64(fx)/100, float64(fy)/100
	return sp, fx <= 100 && fy <= 100 && slices.Contains(crops, Crop{sp.Width, sp.Height}) && sp.String() == s
}

// Size is what a rendition of an image w × h made by the spec measures:
// never larger than the image; a crop keeps its shape and shrinks instead.
func (s Spec) Size(w, h int) (int, int) {
	if s.Height == 0 {
		if s.Width >= w {
			return w, h
		}
		return s.Width, max(1, int(math.Round(float64(h)*float64(s.Width)/float64(w))))
	}
	scale := min(1, float64(w)/float64(s.Width), float64(h)/float64(s.Height))
	return max(1, int(float64(s.Width)*scale)), max(1, int(float64(s.Height)*scale))
}

// URL is the path of an image's rendition: it names the master's content
// and the spec, so it never changes and may be cached for ever.
func URL(im content.Image, s Spec) string {
	base := strings.TrimSuffix(im.Filename, path.Ext(im.Filename))
	if base == "" {
		base = "image"
	}
	return "/img/" + im.SHA256 + "/" + s.String() + "/" + url.PathEscape(base) + "." + extOf(s.Format)
}

func extOf(f Format) string {
	if f == JPEG {
		return "jpg"
	}
	return string(f)
}
