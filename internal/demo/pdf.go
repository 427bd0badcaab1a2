package demo

import (
	"bytes"
	"fmt"
	"strings"
)

// Page geometry of the generated PDF (A4, in PostScript points).
const (
	pdfPageWidth  = 595
	pdfPageHeight = 842
	pdfMargin     = 56
	pdfTitleSize  = 18
	pdfBodySize   = 11
)

// PDF returns a minimal, valid single-page PDF 1.4 document (A4) that
// prints title in 18 pt Helvetica followed by lines in 11 pt Helvetica,
// one below the other. Long lines are wrapped at word boundaries; lines
// that do not fit on the page are dropped. An empty line leaves a blank
// line.
//
// Helvetica is one of the standard Type1 fonts, so nothing is embedded
// and the text is encoded in WinAnsiEncoding: callers should pass ASCII.
// Latin-1 characters and common typographic punctuation (dashes, curly
// quotes, ellipsis, bullet) are mapped to their WinAnsi codes, anything
// else is printed as '?'. The characters '(', ')' and '\' are escaped.
//
// The cross-reference table lists the byte offset of every object, and
// the trailer names the catalog, so that strict readers accept the file.
// The output is deterministic: the same input gives the same bytes.
func PDF(title string, lines []string) []byte {
	content := pdfContent(title, lines)

	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "+
			"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
			pdfPageWidth, pdfPageHeight),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	}

	var b bytes.Buffer
	// The binary comment tells transfer tools the file is not plain text.
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, obj := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, obj)
	}

	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n", len(objects)+1)
	// Each entry is exactly 20 bytes, ending in space and line feed.
	b.WriteString("0000000000 65535 f \n")
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n",
		len(objects)+1, xref)
	return b.Bytes()
}

// pdfContent returns the page's content stream: one text object per
// printed line, placed from the top margin down.
func pdfContent(title string, lines []string) string {
	var b strings.Builder
	y := float64(pdfPageHeight - pdfMargin - pdfTitleSize)
	put := func(size int, text string) {
		fmt.Fprintf(&b, "BT /F1 %d Tf %d %.1f Td (%s) Tj ET\n",
			size, pdfMargin, y, pdfEscape(text))
	}

	for _, l := range pdfWrap(title, pdfTitleSize) {
		put(pdfTitleSize, l)
		y -= pdfTitleSize * 1.3
	}
	y -= pdfBodySize // gap between the title and the lines

	for _, line := range lines {
		for _, l := range pdfWrap(line, pdfBodySize) {
			if y < pdfMargin {
				return strings.TrimSuffix(b.String(), "\n")
			}
			if l != "" {
				put(pdfBodySize, l)
			}
			y -= pdfBodySize * 1.4
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// pdfWrap splits s into lines that fit the text width at the given font
// size, breaking at spaces. Widths are estimated from an average glyph
// width, which is enough for short demo texts; a single word longer
// than a line is left whole.
func pdfWrap(s string, size int) []string {
	limit := int(float64(pdfPageWidth-2*pdfMargin) / (float64(size) * 0.52))
	words := strings.Fields(s)
	if len(words) == 0 {
		return []string{""}
	}
	var out []string
	cur := words[0]
	for _, w := range words[1:] {
		if len([]rune(cur))+1+len([]rune(w)) > limit {
			out = append(out, cur)
			cur = w
			continue
		}
		cur += " " + w
	}
	return append(out, cur)
}

// pdfWinAnsi maps the non-Latin-1 characters that WinAnsiEncoding has to
// their codes.
var pdfWinAnsi = map[rune]byte{
	'€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92,
	'“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '™': 0x99,
}

// pdfEscape encodes s as the body of a PDF literal string in
// WinAnsiEncoding, escaping the delimiters and the backslash and writing
// bytes outside printable ASCII as octal escapes.
func pdfEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		var c byte
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
			continue
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
			continue
		case r >= 0xa0 && r <= 0xff:
			c = byte(r)
		case pdfWinAnsi[r] != 0:
			c = pdfWinAnsi[r]
		default:
			c = '?' // includes control characters such as tabs
		}
		if c < 0x80 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "\\%03o", c)
		}
	}
	return b.String()
}
