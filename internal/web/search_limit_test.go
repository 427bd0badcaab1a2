package web_test

import (
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"testing"

	"vestnik/internal/httpx"
	"vestnik/internal/pagecache"
	"vestnik/internal/sitetest"
)

// TestSearchLimit: a client may ask for so many searches a minute that
// the page cache does not answer (here 6, in bursts of 3); past that it
// gets a localized 429 with Retry-After, while another client (told apart
// behind a trusted proxy), the empty search page and cached results are
// still served.
func TestSearchLimit(t *testing.T) {
	t.Parallel()
	e := sitetest.NewWith(t, sitetest.Options{SearchPerMinute: 6, Cache: pagecache.New(8 << 20),
		TrustedProxies: httpx.Proxies{netip.MustParsePrefix("192.0.2.0/24")}})
	from := func(client, path string) *http.Response {
		return e.Get(path, "X-Forwarded-For", client)
	}
	for range 5 { // the empty search page costs nothing
		if res := from("203.0.113.7", "/en/search"); res.StatusCode != http.StatusOK {
			t.Fatalf("the search page: %d", res.StatusCode)
		}
	}
	for i, q := range []string{"hotline", "training", "migration"} {
		if res := from("203.0.113.7", "/en/search?q="+q); res.StatusCode != http.StatusOK {
			t.Fatalf("search %d: %d", i+1, res.StatusCode)
		}
	}
	res := from("203.0.113.7", "/en/search?q=shelter")
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the fourth uncached search a minute: %d", res.StatusCode)
	}
	if wait, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || wait < 1 || wait > 60 {
		t.Errorf("Retry-After %q", res.Header.Get("Retry-After"))
	}
	d := sitetest.ParseDoc(t, res)
	if d.Find("h1").Text() != "Too many searches" || d.Find("html").AttrOr("lang", "") != "en" {
		t.Errorf("the 429 page is not the site's page in English: %q", d.Find("h1").Text())
	}
	if got := d.Find(`.error-page input[name=q]`).AttrOr("value", ""); got != "shelter" {
		t.Errorf("the 429 page lost the query: %q", got)
	}
	if res := from("203.0.113.7", "/ru/search?q="+url.QueryEscape("приют")); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the limit is per client, not per language: %d", res.StatusCode)
	} else if sitetest.ParseDoc(t, res).Find("html").AttrOr("lang", "") != "ru" {
		t.Error("the Russian 429 page is not in Russian")
	}
	for _, path := range []string{"/en/search?q=hotline", "/en/search"} {
		if res := from("203.0.113.7", path); res.StatusCode != http.StatusOK {
			t.Errorf("%s (cached, or no search): %d", path, res.StatusCode)
		}
	}
	if res := from("198.51.100.9", "/en/search?q=shelter"); res.StatusCode != http.StatusOK {
		t.Errorf("another client: %d", res.StatusCode)
	}
}
