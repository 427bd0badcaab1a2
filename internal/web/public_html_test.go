package web_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/sitetest"
)

// validator is html-validate (https://html-validate.org), pinned in
// tools/html-validate and installed there by make test (npm ci).
var validator = filepath.Join("..", "..", "tools", "html-validate")

// TestPublicHTML: every public page, in every language, is valid HTML
// (html-validate's "standard" preset: the HTML standard's content models,
// attributes and nesting, plus the heading order) and has one h1 and never
// skips a heading level on the way down (h1 → h3 is what HTML checkers and
// Lighthouse flag).
func TestPublicHTML(t *testing.T) {
	t.Parallel()
	bin := filepath.Join(validator, "node_modules", ".bin", "html-validate")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("html-validate is not installed (make test installs it: npm ci --prefix %s): %v", validator, err)
	}
	e := sitetest.New(t)
	// A text with what editors may type that the demo lacks: headings at
	// any level, a table and a code block.
	c, _ := e.Login("ed@example.org", "editor")
	form := sitetest.NewsForm("published")
	form.Set("title.en", "Everything Markdown can hold")
	form.Set("body.en", "# A top heading\r\n\r\nText.\r\n\r\n#### Too deep\r\n\r\n| City | Number |\r\n|---|---:|\r\n| Ashgabat | +993 12 46-35-14 |\r\n\r\n```\r\ncode\r\n```")
	sitetest.CreateEntry(t, c, "news", form)
	dir := t.TempDir()
	var files []string
	pages := map[string]string{} // file → path
	for _, lang := range e.Langs {
		paths := append(e.PublicPaths(lang), "/"+lang+"/feeds", "/"+lang+"/subscribe",
			"/"+lang+"/search?q="+url.QueryEscape("hotline OR линия"), "/"+lang+"/search", "/"+lang+"/no-such-page")
		for _, path := range paths {
			res := e.Get(path)
			if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d", path, res.StatusCode)
				continue
			}
			body, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, strconv.Itoa(len(files))+".html")
			if err := os.WriteFile(file, body, 0o600); err != nil {
				t.Fatal(err)
			}
			files, pages[file] = append(files, file), path
			d, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
			if err != nil {
				t.Fatal(err)
			}
			if n := d.Find("h1").Length(); n != 1 {
				t.Errorf("%s: %d h1", path, n)
			}
			prev := 0
			d.Find("h1, h2, h3, h4, h5, h6").Each(func(_ int, s *goquery.Selection) {
				level := int(goquery.NodeName(s)[1] - '0')
				if level > prev+1 {
					t.Errorf("%s: %s %q follows h%d", path, goquery.NodeName(s), s.Text(), prev)
				}
				prev = level
			})
		}
	}

	// The report goes to a file: node may cut a long report to a pipe short.
	report := filepath.Join(dir, "report.json")
	cmd := exec.Command(bin, append([]string{"--config", filepath.Join(validator, "htmlvalidate.json"), "--formatter", "json=" + report}, files...)...)
	stderr, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("html-validate: %v", err)
	}
	out, rerr := os.ReadFile(report)
	if rerr != nil {
		t.Fatalf("html-validate wrote no report: %v\n%s", err, stderr)
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
		t.Fatalf("html-validate output: %v\n%s", err, out)
	}
	for _, r := range reports {
		for _, m := range r.Messages {
			if m.Severity >= 2 {
				t.Errorf("%s line %d: %s (%s) at %s", pages[r.FilePath], m.Line, m.Message, m.RuleID, m.Selector)
			}
		}
	}
	if err != nil && !t.Failed() {
		t.Fatalf("html-validate failed without reporting an error: %v\n%s", err, stderr)
	}
}
