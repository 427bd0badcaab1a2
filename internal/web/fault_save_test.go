package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"vestnik/internal/sitetest"
)

// TestBackendKilledMidSave: the database connection of a save is killed
// in the middle of its transaction. The editor gets the form back with a
// message and every character; nothing half-saved exists. The failure is
// logged once, on the request's own line, with its cause.
func TestBackendKilledMidSave(t *testing.T) {
	t.Parallel()
	var log lockedBuffer
	e := sitetest.NewWith(t, sitetest.Options{Log: &log})
	ctx := context.Background()
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	form := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	form.Set("title.en", "Half-saved title")
	form.Set("title.ru", "Наполовину сохранённый заголовок")
	form.Set("body.ru", "Текст, который нельзя потерять.\n\nВторой абзац.")

	// Hold the translations table against writers, so the save stops inside
	// its transaction, after it changed the entry row.
	lock, err := e.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock.Exec(ctx, `LOCK TABLE translations IN SHARE MODE`); err != nil {
		t.Fatal(err)
	}
	done := make(chan *http.Response, 1)
	go func() { done <- c.Post(path, form) }()
	var pid int
	sitetest.Eventually(t, time.Minute, "the save waits on the lock", func() bool {
		e.Pool.QueryRow(ctx, `SELECT pid FROM pg_stat_activity WHERE datname = current_database()
			AND wait_event_type = 'Lock' AND state = 'active' LIMIT 1`).Scan(&pid)
		return pid != 0
	})
	if pid == 0 {
		t.Fatal("the save never waited on the lock")
	}
	if _, err := e.Pool.Exec(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	res := <-done
	lock.Rollback(ctx)
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("status %d", res.StatusCode)
	}
	// The request's line is written as its handler returns, which may be
	// just after the client has the answer.
	rid := res.Header.Get("X-Request-Id")
	var lines []map[string]any
	sitetest.Eventually(t, time.Minute, "the save's request is logged", func() bool {
		log.mu.Lock()
		defer log.mu.Unlock()
		lines = nil
		for line := range strings.Lines(log.b.String()) {
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("a log line is not JSON: %q", line)
			}
			if rec["request_id"] == rid || rec["msg"] == "save failed" {
				lines = append(lines, rec)
			}
		}
		return slices.ContainsFunc(lines, func(rec map[string]any) bool { return rec["msg"] == "request" })
	})
	if len(lines) != 1 || lines[0]["status"] != float64(http.StatusServiceUnavailable) || lines[0]["err"] == nil {
		t.Errorf("the failed save's log lines: %v; want one, the request's, with its status and err", lines)
	}
	d := sitetest.ParseDoc(t, res)
	if d.Find(".form-error").Text() == "" {
		t.Errorf("no message: %s", d.Find("main").Text())
	}
	got := sitetest.FormOf(d, "#entry-form")
	for _, k := range []string{"title.en", "title.ru", "body.ru"} {
		if got.Get(k) != form.Get(k) {
			t.Errorf("%s lost: %q", k, got.Get(k))
		}
	}
	// Nothing of it reached the database: not the entry row, not a title.
	var version, titles, revisions int
	e.Pool.QueryRow(ctx, `SELECT version FROM entries WHERE id = $1`, id).Scan(&version)
	e.Pool.QueryRow(ctx, `SELECT count(*) FROM translations WHERE entry_id = $1 AND title LIKE '%алф%' OR title LIKE 'Half%'`, id).Scan(&titles)
	e.Pool.QueryRow(ctx, `SELECT count(*) FROM revisions WHERE entry_id = $1`, id).Scan(&revisions)
	if version != 1 || titles != 0 || revisions != 1 {
		t.Errorf("half-saved: version %d, %d new titles, %d revisions", version, titles, revisions)
	}
	// And the same form saves once the database is back.
	if res := c.Post(path, got); res.StatusCode != http.StatusSeeOther {
		t.Errorf("retry: %d", res.StatusCode)
	}
}
