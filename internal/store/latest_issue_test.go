package store_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"vestnik/internal/store"
	"vestnik/internal/testdb"
)

// TestLatestIssueReadsOneIssue: the home page's latest issue is found by
// walking the issues by period, latest first, until a visible one — not
// by reading every issue to sort them (a site with an issue a month has
// hundreds after some years) — and it is the latest visible one.
func TestLatestIssueReadsOneIssue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	// 300 monthly issues; the latest is not published in English yet.
	if _, err := pool.Exec(ctx, `
		WITH e AS (INSERT INTO entries (kind, status, published_at)
			SELECT 'newsletter', 'published', now() - (301 - g) * interval '1 day' FROM generate_series(1, 300) g RETURNING id),
		n AS (SELECT id, row_number() OVER (ORDER BY id) AS g FROM e),
		i AS (INSERT INTO newsletter_issues (entry_id, period) SELECT id, date '2030-01-01' + (g::int - 1) * interval '1 month' FROM n)
		INSERT INTO translations (entry_id, kind, lang, title, slug, body_md, body_html, status, published_at)
		SELECT id, 'newsletter', 'en', 'Issue ' || g, 'issue-' || g, 'text', '<p>text</p>',
			CASE WHEN g = 300 THEN 'draft' ELSE 'published' END, CASE WHEN g < 300 THEN now() - interval '1 day' END FROM n`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `ANALYZE newsletter_issues, entries, translations`); err != nil {
		t.Fatal(err)
	}
	front, err := store.New(pool).Front(ctx, "en", 5)
	if err != nil {
		t.Fatal(err)
	}
	if front.Issue == nil || front.Issue.Title != "Issue 299" {
		t.Fatalf("latest issue %+v, want Issue 299", front.Issue)
	}
	// Its plan, generic as the prepared statement runs it.
	plan := genericPlan(t, pool, store.SideSQL, "en")
	lines := strings.Split(plan, "\n")
	if !strings.Contains(plan, "newsletter_issues_period") || strings.Contains(plan, "Sort") {
		t.Errorf("the latest issue is not read in the order of the issues by period:\n%s", plan)
	}
	// (PostgreSQL 18 prints rows=2.00.)
	read := regexp.MustCompile(`on newsletter_issues \S+ \(actual rows=(\d+)`)
	for _, l := range lines {
		if m := read.FindStringSubmatch(l); m != nil {
			if n, _ := strconv.Atoi(m[1]); n > 2 {
				t.Errorf("read %d issues, not the two latest:\n%s", n, plan)
			}
		}
	}
}
