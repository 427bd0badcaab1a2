package sitetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/testdb"
)

// HTMLCheck checks pages as TestPublicHTML and TestAdminHTML want them:
// each has one h1 and never skips a heading level on the way down (h1 →
// h3 is what HTML checkers and Lighthouse flag), and all of them together
// are valid HTML by html-validate (https://html-validate.org), pinned in
// tools/html-validate and installed there by make test (npm ci), with
// its config there (the "standard" preset: the HTML standard's content
// models, attributes and nesting, plus the heading order).
type HTMLCheck struct {
	t     testing.TB
	tool  string            // tools/html-validate
	dir   string            // where the pages are written
	files []string          // in the order added
	names map[string]string // file → what the page is (its path)
}

// NewHTMLCheck fails the test at once when html-validate is not installed.
func NewHTMLCheck(t testing.TB) *HTMLCheck {
	t.Helper()
	root, err := testdb.CheckoutRoot()
	if err != nil {
		t.Fatal(err)
	}
	h := &HTMLCheck{t: t, tool: filepath.Join(root, "tools", "html-validate"), dir: t.TempDir(), names: map[string]string{}}
	if _, err := os.Stat(h.bin()); err != nil {
		t.Fatalf("html-validate is not installed (make test installs it: npm ci --prefix %s): %v", h.tool, err)
	}
	return h
}

func (h *HTMLCheck) bin() string {
	return filepath.Join(h.tool, "node_modules", ".bin", "html-validate")
}

// Add checks a page's headings now and keeps it for Validate; name says
// which page it is in the messages.
func (h *HTMLCheck) Add(name string, body []byte) {
	h.t.Helper()
	file := filepath.Join(h.dir, strconv.Itoa(len(h.files))+".html")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		h.t.Fatal(err)
	}
	h.files, h.names[file] = append(h.files, file), name
	d, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	if n := d.Find("h1").Length(); n != 1 {
		h.t.Errorf("%s: %d h1", name, n)
	}
	prev := 0
	d.Find("h1, h2, h3, h4, h5, h6").Each(func(_ int, s *goquery.Selection) {
		level := int(goquery.NodeName(s)[1] - '0')
		if level > prev+1 {
			h.t.Errorf("%s: %s %q follows h%d", name, goquery.NodeName(s), s.Text(), prev)
		}
		prev = level
	})
}

// Validate runs html-validate on every page added, with the config of
// tools/html-validate, and reports each error against its page.
func (h *HTMLCheck) Validate() {
	h.t.Helper()
	if len(h.files) == 0 {
		h.t.Fatal("no pages to validate")
	}
	// The report goes to a file: node may cut a long report to a pipe short.
	report := filepath.Join(h.dir, "report.json")
	cmd := exec.Command(h.bin(), append([]string{"--config", filepath.Join(h.tool, "htmlvalidate.json"), "--formatter", "json=" + report}, h.files...)...)
	stderr, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		h.t.Fatalf("html-validate: %v", err)
	}
	out, rerr := os.ReadFile(report)
	if rerr != nil {
		h.t.Fatalf("html-validate wrote no report: %v\n%s", err, stderr)
	}
	var reports []struct {
		FilePath string `json:"filePath"`
		Messages []struct {
			RuleID   string `json:"ruleId"`
			Severity int    `json:"severity"`
			Message  string `json:"message"`
			Line     int    `json:"line"`
			Selector string `json:"selector"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(out, &reports); err != nil && len(out) > 0 {
		h.t.Fatalf("html-validate output: %v\n%s", err, out)
	}
	failed := false
	for _, r := range reports {
		for _, m := range r.Messages {
			if m.Severity >= 2 {
				failed = true
				h.t.Errorf("%s line %d: %s (%s) at %s", h.names[r.FilePath], m.Line, m.Message, m.RuleID, m.Selector)
			}
		}
	}
	if err != nil && !failed {
		h.t.Fatalf("html-validate failed without reporting an error: %v\n%s", err, stderr)
	}
}
