package config

import (
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFromEnv(t *testing.T) {
	t.Parallel()
	c, err := FromEnv(env(map[string]string{"DATABASE_URL": "postgres://u:secret@h/db"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.BaseURL.String() != "http://127.0.0.1:8080" || c.FeedItems != 30 {
		t.Errorf("defaults: addr %q base %q", c.Addr, c.BaseURL)
	}
	if got := c.LogValue().String(); strings.Contains(got, "secret") {
		t.Errorf("password logged: %s", got)
	}
	c, err = FromEnv(env(map[string]string{"DATABASE_URL": "x", "BASE_URL": "https://iom.example.org/", "DEV": "true"}))
	if err != nil || c.BaseURL.String() != "https://iom.example.org" || !c.Dev {
		t.Errorf("got %+v, %v", c, err)
	}
	if c, err := FromEnv(env(map[string]string{"DATABASE_URL": "x", "FEED_ITEMS": "50"})); err != nil || c.FeedItems != 50 || c.SearchPerMinute != 30 {
		t.Errorf("FEED_ITEMS=50: %d, %v (search per minute %d)", c.FeedItems, err, c.SearchPerMinute)
	}
	if c, err := FromEnv(env(map[string]string{"DATABASE_URL": "x", "ADDR": ":8080", "BASE_URL": "https://iom.example.org",
		"SECRET_KEY": strings.Repeat("k", 32), "SMTP_URL": "smtp://mail.example.org:587"})); err != nil || c.BaseURL.Host != "iom.example.org" {
		t.Errorf("a public site on every interface: %v", err)
	}
	if c, err := FromEnv(env(map[string]string{"DATABASE_URL": "x", "SEARCH_PER_MINUTE": "120"})); err != nil || c.SearchPerMinute != 120 {
		t.Errorf("SEARCH_PER_MINUTE=120: %d, %v", c.SearchPerMinute, err)
	}
	for _, bad := range []map[string]string{
		{},
		{"DATABASE_URL": "x", "BASE_URL": "/relative"},
		{"DATABASE_URL": "x", "BASE_URL": "ftp://x"},
		{"DATABASE_URL": "x", "DEV": "maybe"},
		{"DATABASE_URL": "x", "LOG_LEVEL": "loud"},
		{"DATABASE_URL": "x", "FEED_ITEMS": "0"},
		{"DATABASE_URL": "x", "FEED_ITEMS": "1000"},
		{"DATABASE_URL": "x", "FEED_ITEMS": "many"},
		{"DATABASE_URL": "x", "SEARCH_PER_MINUTE": "0"},
		{"DATABASE_URL": "x", "SEARCH_PER_MINUTE": "lots"},
		{"DATABASE_URL": "x", "BASE_URL": "https://iom.example.org/vestnik", "DEV": "true"},
		{"DATABASE_URL": "x", "ADDR": ":8080"},
		{"DATABASE_URL": "x", "ADDR": "0.0.0.0:8080"},
		{"DATABASE_URL": "x", "BASE_URL": "https://iom.example.org", "SECRET_KEY": strings.Repeat("k", 32)},
	} {
		if _, err := FromEnv(env(bad)); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

// TestRedact: the password is hidden in every form of connection string
// pgx takes.
func TestRedact(t *testing.T) {
	for dsn, want := range map[string]string{
		"postgres://u:pw@h/db":                              "postgres://u:xxxxx@h/db",
		"postgres://u@/db?host=%2Ftmp&password=QuerySecret": "postgres://u@/db?host=%2Ftmp&password=xxxxx",
		"host=/tmp user=u dbname=db password=KVSecret":      "host=/tmp user=u dbname=db password=xxxxx",
		"host=/tmp password = 'se cr\\'et' dbname=db":       "host=/tmp password = xxxxx dbname=db",
		"postgres://u@h/db":                                 "postgres://u@h/db",
	} {
		if got := Redact(dsn); got != want {
			t.Errorf("Redact(%q) = %q, want %q", dsn, got, want)
		}
	}
}

// TestCacheControl: CACHE_CONTROL is checked directive by directive at
// start ("garbage" went out on every public page).
func TestCacheControl(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{
		"",
		"public, max-age=0, s-maxage=60, stale-if-error=86400",
		"Public,Max-Age=300",
		"no-cache",
		`private="Set-Cookie", no-store`,
		"public, max-age=31536000, immutable",
		`max-age="60"`,
	} {
		if _, err := FromEnv(env(map[string]string{"DATABASE_URL": "x", "CACHE_CONTROL": ok})); err != nil {
			t.Errorf("CACHE_CONTROL=%q: %v", ok, err)
		}
	}
	for _, bad := range []string{
		"garbage",
		"public, max-age",
		"max-age=soon",
		"max-age=-1",
		"public=yes",
		"public, s-maxage=60, stale-if-eror=86400",
		"no-cache=Set-Cookie",
		"public\r\nSet-Cookie: x=1",
		"public,\nmax-age=60",
		"max-age=60\n",
	} {
		_, err := FromEnv(env(map[string]string{"DATABASE_URL": "x", "CACHE_CONTROL": bad}))
		if err == nil || !strings.Contains(err.Error(), "CACHE_CONTROL=") {
			t.Errorf("CACHE_CONTROL=%q: %v, want an error naming the variable", bad, err)
		}
	}
}

// TestMetricsToken: a bearer token short enough to guess is refused.
func TestMetricsToken(t *testing.T) {
	t.Parallel()
	if _, err := FromEnv(env(map[string]string{"DATABASE_URL": "x", "METRICS_TOKEN": strings.Repeat("t", MinMetricsToken)})); err != nil {
		t.Errorf("a token of %d characters: %v", MinMetricsToken, err)
	}
	for _, bad := range []string{"secret", strings.Repeat("t", MinMetricsToken-1)} {
		_, err := FromEnv(env(map[string]string{"DATABASE_URL": "x", "METRICS_TOKEN": bad}))
		if err == nil || !strings.Contains(err.Error(), "METRICS_TOKEN") || strings.Contains(err.Error(), bad) {
			t.Errorf("METRICS_TOKEN of %d characters: %v, want an error naming the variable, not the token", len(bad), err)
		}
	}
}
