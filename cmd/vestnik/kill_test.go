package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"vestnik/internal/sitetest"
	"vestnik/internal/testdb"
)

// TestSIGKILLDuringSaves kills the server with SIGKILL again and again
// while an editor saves: every time, each entry is wholly the old version
// or wholly the new one — both languages, the version, the revision — and
// the next start is immediate.
func TestSIGKILLDuringSaves(t *testing.T) {
	t.Parallel()
	pool, dbURL := testdb.NewWithURL(t)
	ctx := context.Background()
	bin := binary(t)
	addr := freeAddr(t)
	base := "http://" + addr
	env := append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR="+addr, "BASE_URL="+base, "LOG_LEVEL=error")
	cmd := exec.Command(bin, "user", "create", "--email", "ed@example.org", "--role", "editor")
	cmd.Env, cmd.Stdin = env, strings.NewReader("a long enough password\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("user: %v\n%s", err, out)
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	srv := startServer(t, bin, addr, env, nil)
	res, err := client.PostForm(base+"/admin/login", url.Values{"email": {"ed@example.org"}, "password": {"a long enough password"}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %v %v", res, err)
	}
	form := func(version int, mark string) url.Values {
		return url.Values{"kind": {"news"}, "version": {strconv.Itoa(version)}, "status.en": {"published"}, "status.ru": {"published"}, "action": {"publish"},
			"title.en": {"Round " + mark}, "body.en": {strings.Repeat("English text "+mark+". ", 200)},
			"title.ru": {"Круг " + mark}, "body.ru": {strings.Repeat("Русский текст "+mark+". ", 200)}}
	}
	res, err = client.PostForm(base+"/admin/entries/new?kind=news", form(0, "0"))
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %v %v", res, err)
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), "/admin/entries/"), 10, 64)

	check := func(round int) {
		t.Helper()
		var version, lastRev int
		var en, ru string
		var snap []byte
		pool.QueryRow(ctx, `SELECT version FROM entries WHERE id = $1`, id).Scan(&version)
		pool.QueryRow(ctx, `SELECT title FROM translations WHERE entry_id = $1 AND lang = 'en'`, id).Scan(&en)
		pool.QueryRow(ctx, `SELECT title FROM translations WHERE entry_id = $1 AND lang = 'ru'`, id).Scan(&ru)
		pool.QueryRow(ctx, `SELECT version, snapshot FROM revisions WHERE entry_id = $1 ORDER BY version DESC LIMIT 1`, id).Scan(&lastRev, &snap)
		var d struct {
			Texts map[string]struct{ Title string }
		}
		json.Unmarshal(snap, &d)
		markEN, markRU := strings.TrimPrefix(en, "Round "), strings.TrimPrefix(ru, "Круг ")
		if markEN != markRU || version != lastRev || d.Texts["en"].Title != en || d.Texts["ru"].Title != ru {
			t.Fatalf("round %d: half-saved: en %q, ru %q, version %d, last revision %d (%q/%q)",
				round, en, ru, version, lastRev, d.Texts["en"].Title, d.Texts["ru"].Title)
		}
	}

	saves := 0
	for round := 1; round <= 8; round++ {
		stop := make(chan struct{})
		done := make(chan int)
		saved := make(chan struct{}, 1)
		go func() {
			n := 0
			for k := 0; ; k++ {
				select {
				case <-stop:
					done <- n
					return
				default:
				}
				var version int
				pool.QueryRow(ctx, `SELECT version FROM entries WHERE id = $1`, id).Scan(&version)
				if res, err := client.PostForm(base+"/admin/entries/"+strconv.FormatInt(id, 10), form(version, fmt.Sprintf("%d-%d", round, k))); err == nil {
					res.Body.Close()
					if res.StatusCode == http.StatusSeeOther {
						n++
						select {
						case saved <- struct{}{}:
						default:
						}
					}
				}
			}
		}()
		// Kill once saving is under way, after a random number of saves
		// (saves follow one another, so the kill lands in the middle of
		// one); a save that never completes would hang here only until
		// the deadline.
		for range 1 + rand.IntN(3) {
			select {
			case <-saved:
			case <-time.After(time.Minute):
				t.Fatalf("round %d: no save completed", round)
			}
		}
		srv.signal(t, syscall.SIGKILL)
		close(stop)
		saves += <-done
		check(round)
		srv = startServer(t, bin, addr, env, nil)
	}
	if err := srv.signal(t, syscall.SIGTERM); err != nil {
		t.Errorf("exit after SIGTERM: %v", err)
	}
	if saves < 8 {
		t.Errorf("only %d saves completed across the rounds: the test did not exercise saving", saves)
	}
	t.Logf("%d saves across 8 kills; every entry whole", saves)
}

// TestSIGTERMUnderLoad: SIGTERM while clients keep requesting pages: every
// response that started completes without a server error, the process
// exits 0, and the next start is immediate.
func TestSIGTERMUnderLoad(t *testing.T) {
	t.Parallel()
	_, dbURL := testdb.NewWithURL(t)
	bin := binary(t)
	addr := freeAddr(t)
	env := append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR="+addr, "DEMO=true", "LOG_LEVEL=error", "CACHE_MB=0")
	srv := startServer(t, bin, addr, env, nil)
	type result struct {
		status int
		err    error
	}
	results := make(chan result, 100000)
	var served atomic.Int64
	stop := make(chan struct{})
	var workers sync.WaitGroup
	for range 16 {
		workers.Add(1)
		go func() {
			defer workers.Done()
			client := &http.Client{Timeout: time.Minute}
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := client.Get("http://" + addr + "/ru/news/")
				if err != nil {
					results <- result{0, err}
					time.Sleep(5 * time.Millisecond)
					continue
				}
				_, err = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				results <- result{res.StatusCode, err}
				served.Add(1)
			}
		}()
	}
	// SIGTERM once the server is under load: some requests answered,
	// others on their way.
	sitetest.Eventually(t, time.Minute, "the server answers requests", func() bool { return served.Load() >= 20 })
	if err := srv.signal(t, syscall.SIGTERM); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	close(stop)
	workers.Wait()
	close(results)
	ok, refused := 0, 0
	for r := range results {
		switch {
		case r.err == nil && r.status == http.StatusOK:
			ok++
		case r.err != nil && r.status == 0 && (strings.Contains(r.err.Error(), "connection refused") ||
			strings.Contains(r.err.Error(), "EOF") || strings.Contains(r.err.Error(), "connection reset")):
			// A new request after the listener closed, or one sent on a
			// kept-alive connection the server closed as idle before it
			// read it: no response had started.
			refused++
		default:
			t.Errorf("during shutdown: status %d, %v", r.status, r.err)
		}
	}
	// The next start works on the same database and address (the
	// cleanup stops it).
	startServer(t, bin, addr, env, nil)
	t.Logf("%d served, %d refused after close", ok, refused)
}
