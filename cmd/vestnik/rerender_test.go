package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"vestnik/internal/testdb"
)

// TestRerender: texts saved by an older renderer (here: a heading stored
// as an h1, a table not yet in its scrolling box) are rendered again by
// `vestnik rerender`, news texts and issue articles alike, each under its
// own heading level; a second run changes nothing.
func TestRerender(t *testing.T) {
	t.Parallel()
	pool, dbURL := testdb.NewDemoWithURL(t)
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `UPDATE translations SET body_md = '# Heading', body_html = '<h1>Heading</h1>'
		WHERE (entry_id, lang) = (SELECT entry_id, lang FROM translations WHERE kind = 'news' ORDER BY entry_id LIMIT 1)`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE newsletter_article_translations SET body_md = E'# Part\n\n| a | b |\n|---|---|\n| 1 | 2 |', body_html = '<h1>Part</h1>'
		WHERE (article_id, lang) = (SELECT article_id, lang FROM newsletter_article_translations ORDER BY article_id LIMIT 1)`); err != nil {
		t.Fatal(err)
	}
	run := func() string {
		cmd := exec.Command(binary(t), "rerender")
		cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("rerender: %v\n%s", err, out)
		}
		return string(out)
	}
	if out := run(); !strings.Contains(out, "rendered again; texts changed: 2") {
		t.Errorf("first run: %s", out)
	}
	var news, article string
	pool.QueryRow(ctx, `SELECT body_html FROM translations WHERE body_md = '# Heading'`).Scan(&news)
	pool.QueryRow(ctx, `SELECT body_html FROM newsletter_article_translations WHERE body_md LIKE '# Part%'`).Scan(&article)
	if !strings.Contains(news, "<h2>Heading</h2>") || !strings.Contains(article, "<h3>Part</h3>") || !strings.Contains(article, `class="table-scroll"`) {
		t.Errorf("after: news %q, article %q", news, article)
	}
	if out := run(); !strings.Contains(out, "rendered again; texts changed: 0") {
		t.Errorf("second run: %s", out)
	}
}
