package main

import (
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"vestnik/internal/sitetest"
	"vestnik/internal/testdb"
)

// TestLanguageFollowsEverywhere: turning a language on or off (here by
// another instance's write to the languages table) reaches a running
// server through the content notification, without a restart.
func TestLanguageFollowsEverywhere(t *testing.T) {
	t.Parallel()
	pool, dbURL := testdb.NewWithURL(t)
	bin := binary(t)
	addr := freeAddr(t)
	env := append(append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR="+addr, "DEMO=true", "LOG_LEVEL=error"), publicSite...)
	startServer(t, bin, addr, env, nil)
	status := func(path string) int {
		res, err := http.Get("http://" + addr + path)
		if err != nil {
			return 0
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := status("/tk/hotline"); got != http.StatusNotFound {
		t.Fatalf("Turkmen served while off: %d", got)
	}
	// Wait on the condition, as long as a busy machine may take.
	follow := func(what, path string, want int) {
		t.Helper()
		sitetest.Eventually(t, time.Minute, what+": "+path+" answers "+strconv.Itoa(want), func() bool { return status(path) == want })
	}
	if _, err := pool.Exec(t.Context(), `UPDATE languages SET enabled = true WHERE code = 'tk'`); err != nil {
		t.Fatal(err)
	}
	follow("turned on", "/tk/hotline", http.StatusOK)
	if _, err := pool.Exec(t.Context(), `UPDATE languages SET enabled = false WHERE code = 'tk'`); err != nil {
		t.Fatal(err)
	}
	follow("turned off", "/tk/hotline", http.StatusNotFound)
}
