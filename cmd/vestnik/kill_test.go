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
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"vestnik/internal/testdb"
)

// TestSIGKILLDuringSaves kills the server with SIGKILL again and again
// while an editor saves: every time, each entry is wholly the old version
// or wholly the new one — both languages, the version, the revision — and
// the next start is immediate.
func TestSIGKILLDuringSaves(t *testing.T) {
	pool, dbURL := testdb.NewWithURL(t)
	ctx := context.Background()
	bin := filepath.Join(t.TempDir(), "vestnik")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	base := "http://" + addr
	env := append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR="+addr, "BASE_URL="+base, "LOG_LEVEL=error")
	cmd := exec.Command(bin, "user", "create", "--email", "ed@example.org", "--role", "editor")
	cmd.Env, cmd.Stdin = env, strings.NewReader("a long enough password\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("user: %v\n%s", err, out)
	}
	start := func() (*exec.Cmd, time.Duration) {
		t.Helper()
		srv := exec.Command(bin, "serve")
		srv.Env = env
		began := time.Now()
		if err := srv.Start(); err != nil {
			t.Fatal(err)
		}
		for time.Since(began) < 10*time.Second {
			if res, err := http.Get(base + "/readyz"); err == nil {
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					return srv, time.Since(began)
				}
			}
			time.Sleep(10 * time.Millisecond)
		}
		srv.Process.Kill()
		t.Fatal("server did not start")
		return nil, 0
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	srv, _ := start()
	res, err := client.PostForm(base+"/admin/login", url.Values{"email": {"ed@example.org"}, "password": {"a long enough password"}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %v %v", res, err)
	}
	form := func(version int, mark string) url.Values {
		return url.Values{"kind": {"news"}, "version": {strconv.Itoa(version)}, "status": {"published"},
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
					}
				}
			}
		}()
		time.Sleep(time.Duration(40+rand.IntN(160)) * time.Millisecond)
		srv.Process.Signal(syscall.SIGKILL)
		srv.Wait()
		close(stop)
		saves += <-done
		check(round)
		var took time.Duration
		srv, took = start()
		if took > 3*time.Second {
			t.Errorf("round %d: restart took %v", round, took)
		}
	}
	srv.Process.Signal(syscall.SIGTERM)
	srv.Wait()
	if saves < 8 {
		t.Errorf("only %d saves completed across the rounds: the test did not exercise saving", saves)
	}
	t.Logf("%d saves across 8 kills; every entry whole", saves)
}

// TestSIGTERMUnderLoad: SIGTERM while clients keep requesting pages: every
// response that started completes without a server error, the process
// exits 0, and the next start is immediate.
func TestSIGTERMUnderLoad(t *testing.T) {
	_, dbURL := testdb.NewWithURL(t)
	bin := filepath.Join(t.TempDir(), "vestnik")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	env := append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR="+addr, "DEMO=true", "LOG_LEVEL=error", "CACHE_MB=0")
	run := func() (*exec.Cmd, time.Duration) {
		srv := exec.Command(bin, "serve")
		srv.Env = env
		began := time.Now()
		if err := srv.Start(); err != nil {
			t.Fatal(err)
		}
		for time.Since(began) < 20*time.Second {
			if res, err := http.Get("http://" + addr + "/readyz"); err == nil {
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					return srv, time.Since(began)
				}
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatal("no start")
		return nil, 0
	}
	srv, _ := run()
	type result struct {
		status int
		err    error
	}
	results := make(chan result, 100000)
	stop := make(chan struct{})
	var workers sync.WaitGroup
	for w := 0; w < 16; w++ {
		workers.Add(1)
		go func() {
			defer workers.Done()
			client := &http.Client{Timeout: 10 * time.Second}
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
			}
		}()
	}
	time.Sleep(500 * time.Millisecond)
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := srv.Wait(); err != nil {
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
		case r.err != nil && (strings.Contains(r.err.Error(), "connection refused") || strings.Contains(r.err.Error(), "EOF") && r.status == 0):
			refused++ // a new request after the listener closed
		default:
			t.Errorf("during shutdown: status %d, %v", r.status, r.err)
		}
	}
	if ok < 10 {
		t.Errorf("only %d requests served", ok)
	}
	_, took := run()
	t.Logf("%d served, %d refused after close; restart in %v", ok, refused, took.Round(time.Millisecond))
	if took > 3*time.Second {
		t.Errorf("restart took %v", took)
	}
}
