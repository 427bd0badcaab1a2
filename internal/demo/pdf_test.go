package demo

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// checkPDF parses the xref table of a PDF produced by PDF and fails the
// test if the file's structure is not what readers expect.
func checkPDF(t *testing.T, pdf []byte) {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.4\n")) {
		t.Fatalf("does not start with %%PDF-1.4: %q", pdf[:min(len(pdf), 20)])
	}
	if !bytes.HasSuffix(pdf, []byte("%%EOF\n")) {
		t.Fatalf("does not end with %%%%EOF: %q", pdf[max(0, len(pdf)-20):])
	}

	m := regexp.MustCompile(`\nstartxref\n(\d+)\n%%EOF\n$`).FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no startxref before the end-of-file marker")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if xref <= 0 || xref >= len(pdf) || !bytes.HasPrefix(pdf[xref:], []byte("xref\n")) {
		t.Fatalf("startxref %d does not point at the xref keyword", xref)
	}

	rest := pdf[xref+len("xref\n"):]
	nl := bytes.IndexByte(rest, '\n')
	var first, count int
	if _, err := fmt.Sscanf(string(rest[:nl]), "%d %d", &first, &count); err != nil || first != 0 {
		t.Fatalf("bad xref subsection header %q", rest[:nl])
	}
	entries := rest[nl+1:]
	if len(entries) < 20*count {
		t.Fatalf("xref table truncated: %d entries announced", count)
	}
	for i := 0; i < count; i++ {
		e := string(entries[20*i : 20*i+20])
		if !regexp.MustCompile(`^\d{10} \d{5} [fn] \n$`).MatchString(e) {
			t.Fatalf("xref entry %d is not 20 bytes in the standard form: %q", i, e)
		}
		if i == 0 {
			if e != "0000000000 65535 f \n" {
				t.Errorf("xref entry 0 = %q, want the free-list head", e)
			}
			continue
		}
		if e[17] != 'n' {
			t.Errorf("object %d is marked free", i)
			continue
		}
		off, _ := strconv.Atoi(e[:10])
		want := fmt.Sprintf("%d 0 obj\n", i)
		if off <= 0 || off >= len(pdf) || pdf[off-1] != '\n' ||
			!bytes.HasPrefix(pdf[off:], []byte(want)) {
			t.Errorf("xref offset %d of object %d does not start a %q line", off, i, want)
		}
	}
	after := entries[20*count:]
	if !bytes.HasPrefix(after, []byte("trailer\n")) {
		t.Fatalf("no trailer after the xref table: %q", after[:min(len(after), 20)])
	}
	trailer := string(after)
	if !strings.Contains(trailer, fmt.Sprintf("/Size %d ", count)) {
		t.Errorf("trailer lacks /Size %d: %q", count, trailer)
	}
	if !strings.Contains(trailer, "/Root 1 0 R") {
		t.Errorf("trailer lacks /Root: %q", trailer)
	}

	// The stream's /Length must match the bytes between the keywords.
	sm := regexp.MustCompile(`(?s)/Length (\d+) >>\nstream\n(.*?)\nendstream`).FindSubmatch(pdf)
	if sm == nil {
		t.Fatal("no content stream")
	}
	if n, _ := strconv.Atoi(string(sm[1])); n != len(sm[2]) {
		t.Errorf("stream /Length %d, actual %d", n, len(sm[2]))
	}
}

func TestPDFStructure(t *testing.T) {
	t.Parallel()
	pdf := PDF("IOM CA Newsletter - December 2011", []string{
		"Turkmenistan: Strengthening the capacity of law enforcement agencies",
		"",
		"Hotline: +993 12 46-35-14",
	})
	checkPDF(t, pdf)
	for _, want := range []string{
		"/BaseFont /Helvetica",
		"/F1 18 Tf",
		"(IOM CA Newsletter - December 2011) Tj",
		"/F1 11 Tf",
		"(Hotline: +993 12 46-35-14) Tj",
	} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestPDFEmpty(t *testing.T) {
	t.Parallel()
	checkPDF(t, PDF("", nil))
}

func TestPDFEscape(t *testing.T) {
	t.Parallel()
	pdf := PDF(`Title (draft) \ v2`, []string{`a) b( c\d`, "caf\u00e9 \u2013 \u0416"})
	checkPDF(t, pdf)
	for _, want := range []string{
		`(Title \(draft\) \\ v2) Tj`,
		`(a\) b\( c\\d) Tj`,
		`(caf\351 \226 ?) Tj`,
	} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestPDFLongInput(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("counter-trafficking ", 40)
	lines := make([]string, 200)
	for i := range lines {
		lines[i] = long
	}
	pdf := PDF(long, lines)
	checkPDF(t, pdf)
	if n := bytes.Count(pdf, []byte("/Type /Page ")); n != 1 {
		t.Errorf("%d pages, want 1", n)
	}
	// Every printed line must start inside the page.
	for _, m := range regexp.MustCompile(`Tf \d+ (-?[\d.]+) Td`).FindAllSubmatch(pdf, -1) {
		if y, _ := strconv.ParseFloat(string(m[1]), 64); y < 0 || y > pdfPageHeight {
			t.Errorf("line placed at y=%v, off the page", y)
		}
	}
}

func TestPDFDeterministic(t *testing.T) {
	t.Parallel()
	a := PDF("x", []string{"y"})
	b := PDF("x", []string{"y"})
	if !bytes.Equal(a, b) {
		t.Error("same input gave different output")
	}
}

func TestDemoEditions(t *testing.T) {
	t.Parallel()
	for _, nl := range newsletters {
		for lang, ed := range nl.Editions {
			for _, s := range append([]string{ed.Title}, ed.Lines...) {
				for _, r := range s {
					if r > 0x7e || (r < 0x20) {
						t.Errorf("%s edition: non-ASCII %q in %q", lang, r, s)
						break
					}
				}
			}
			checkPDF(t, PDF(ed.Title, ed.Lines))
		}
	}
}
