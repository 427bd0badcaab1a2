// Package config reads Vestnik's configuration from the environment and
// validates it.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones without the system's database
)

// Config is everything the server needs to start.
type Config struct {
	DatabaseURL string
	Addr        string   // listen address, default 127.0.0.1:8080
	BaseURL     *url.URL // absolute URLs come only from here
	Dev         bool     // read templates and static files from disk
	Demo        bool     // load demo content into an empty database
	LogLevel    slog.Level
	// TrustedProxies are the addresses whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	// UploadLimit caps an uploaded file, in bytes.
	UploadLimit int64
	// CacheBytes bounds the rendered-page cache (CACHE_MB; 0 disables it).
	CacheBytes int64
	// FeedItems is how many of the newest items a feed carries
	// (FEED_ITEMS, 1–200, default 30).
	FeedItems int
	// SearchPerMinute is how many searches the page cache does not answer
	// one client may ask for a minute (SEARCH_PER_MINUTE, 1–10000,
	// default 30; bursts of half as many at once).
	SearchPerMinute int
	// MetricsToken, when set, lets a scraper that sends it as a bearer
	// token read /metrics from anywhere (METRICS_TOKEN); without it only
	// this machine may.
	MetricsToken string
	// CacheControl is the Cache-Control of public pages (CACHE_CONTROL).
	CacheControl string
	// CacheOutageMax is how long cached pages are served while this
	// instance cannot reach the database (CACHE_OUTAGE_MAX, default 5m).
	CacheOutageMax time.Duration
	// TrashDays is how long an entry stays in the trash before it is
	// deleted for good (TRASH_DAYS, default 30; 0 keeps it until someone
	// deletes it).
	TrashDays int
	// Location is the site's time zone: editors schedule and visitors read
	// dates in it (SITE_TIMEZONE, default Asia/Ashgabat).
	Location *time.Location

	ShutdownTimeout time.Duration

	// Mail configures outgoing email (mail.go).
	Mail
}

// FromEnv reads the configuration from environment variables (getenv is
// os.Getenv in production; tests pass their own).
func FromEnv(getenv func(string) string) (*Config, error) {
	c := &Config{
		DatabaseURL:     getenv("DATABASE_URL"),
		Addr:            getenv("ADDR"),
		ShutdownTimeout: 20 * time.Second,
	}
	if c.Addr == "" {
		c.Addr = "127.0.0.1:8080"
	}
	var errs []error
	if c.DatabaseURL == "" {
		errs = append(errs, errors.New("DATABASE_URL is not set (make run and make test set it for the checkout's own database)"))
	}
	base := getenv("BASE_URL")
	if base == "" {
		base = "http://" + c.Addr
	}
	u, err := url.Parse(strings.TrimRight(base, "/"))
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "":
		errs = append(errs, fmt.Errorf("BASE_URL %q must be an absolute http(s) URL such as https://example.org", base))
	case u.Path != "":
		// The site is served at its root: a path would lead every
		// absolute link (canonical, feeds, mail) to a 404.
		errs = append(errs, fmt.Errorf("BASE_URL %q must be an origin without a path, such as https://example.org: the site is served at /", base))
	case u.Hostname() == "" || net.ParseIP(u.Hostname()).IsUnspecified():
		errs = append(errs, fmt.Errorf("set BASE_URL to the site's public address: ADDR %q names no host to link to", c.Addr))
	default:
		c.BaseURL = u
	}
	var berr error
	if c.Dev, berr = boolVar(getenv, "DEV"); berr != nil {
		errs = append(errs, berr)
	}
	if c.Demo, berr = boolVar(getenv, "DEMO"); berr != nil {
		errs = append(errs, berr)
	}
	for _, p := range strings.FieldsFunc(getenv("TRUSTED_PROXIES"), func(r rune) bool { return r == ',' || r == ' ' }) {
		pfx, err := netip.ParsePrefix(p)
		if err != nil {
			addr, aerr := netip.ParseAddr(p)
			if aerr != nil {
				errs = append(errs, fmt.Errorf("TRUSTED_PROXIES: %q is not an address or CIDR prefix", p))
				continue
			}
			pfx = netip.PrefixFrom(addr, addr.BitLen())
		}
		c.TrustedProxies = append(c.TrustedProxies, pfx)
	}
	tz := getenv("SITE_TIMEZONE")
	if tz == "" {
		tz = "Asia/Ashgabat"
	}
	if loc, err := time.LoadLocation(tz); err != nil {
		errs = append(errs, fmt.Errorf("SITE_TIMEZONE=%q: not a time zone such as Asia/Ashgabat", tz))
	} else {
		c.Location = loc
	}
	c.FeedItems = 30
	if v := getenv("FEED_ITEMS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			errs = append(errs, fmt.Errorf("FEED_ITEMS=%q: use a whole number from 1 to 200", v))
		}
		c.FeedItems = n
	}
	c.SearchPerMinute = 30
	if v := getenv("SEARCH_PER_MINUTE"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			errs = append(errs, fmt.Errorf("SEARCH_PER_MINUTE=%q: use a whole number from 1 to 10000", v))
		}
		c.SearchPerMinute = n
	}
	c.CacheBytes = 32 << 20
	if v := getenv("CACHE_MB"); v != "" {
		mb, err := strconv.Atoi(v)
		if err != nil || mb < 0 || mb > 64<<10 {
			errs = append(errs, fmt.Errorf("CACHE_MB=%q: use a whole number of megabytes (0 disables the cache)", v))
		}
		c.CacheBytes = int64(mb) << 20
	}
	c.CacheControl = getenv("CACHE_CONTROL")
	if err := checkCacheControl(c.CacheControl); err != nil {
		errs = append(errs, fmt.Errorf("CACHE_CONTROL=%q: %w (the default: public, max-age=0, s-maxage=60, stale-if-error=86400)", c.CacheControl, err))
	}
	c.MetricsToken = getenv("METRICS_TOKEN")
	if c.MetricsToken != "" && len(c.MetricsToken) < MinMetricsToken {
		errs = append(errs, fmt.Errorf("METRICS_TOKEN has %d characters: use at least %d, as a bearer token is guessed otherwise (try: openssl rand -hex 32)", len(c.MetricsToken), MinMetricsToken))
	}
	c.CacheOutageMax = 5 * time.Minute
	if v := getenv("CACHE_OUTAGE_MAX"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > 30*24*time.Hour {
			errs = append(errs, fmt.Errorf("CACHE_OUTAGE_MAX=%q: use a duration such as 5m or 1h", v))
		}
		c.CacheOutageMax = d
	}
	c.TrashDays = 30
	if v := getenv("TRASH_DAYS"); v != "" {
		days, err := strconv.Atoi(v)
		if err != nil || days < 0 || days > 3650 {
			errs = append(errs, fmt.Errorf("TRASH_DAYS=%q: use a whole number of days from 0 (never delete by itself) to 3650", v))
		}
		c.TrashDays = days
	}
	c.UploadLimit = 20 << 20
	if v := getenv("UPLOAD_LIMIT_MB"); v != "" {
		mb, err := strconv.Atoi(v)
		if err != nil || mb < 1 || mb > 1024 {
			errs = append(errs, fmt.Errorf("UPLOAD_LIMIT_MB=%q: use a whole number of megabytes from 1 to 1024", v))
		}
		c.UploadLimit = int64(mb) << 20
	}
	if lvl := getenv("LOG_LEVEL"); lvl != "" {
		if err := c.LogLevel.UnmarshalText([]byte(lvl)); err != nil {
			errs = append(errs, fmt.Errorf("LOG_LEVEL %q: use debug, info, warn or error", lvl))
		}
	}
	errs = append(errs, c.readMail(getenv)...)
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return c, nil
}

// Public reports whether this is a public site: served over https and not
// in DEV mode. A public site needs its production settings (SECRET_KEY,
// SMTP_URL) whatever else is set: DEMO=true loads demo content, it does
// not make a public site less careful. Nor does a public site log a
// password: its first admin comes from `vestnik user create`.
func (c *Config) Public() bool {
	return c.BaseURL != nil && c.BaseURL.Scheme == "https" && !c.Dev
}

// MinMetricsToken is the fewest characters METRICS_TOKEN may have.
const MinMetricsToken = 32

// cacheDirectives are the Cache-Control directives of a response (RFC 9111
// and RFC 5861, 8246, 9111's must-understand), each with the argument it
// takes: seconds, an optional quoted list of fields, or none.
var cacheDirectives = map[string]string{
	"max-age": "seconds", "s-maxage": "seconds", "stale-while-revalidate": "seconds", "stale-if-error": "seconds",
	"private": "fields", "no-cache": "fields",
	"public": "", "no-store": "", "no-transform": "", "must-revalidate": "", "proxy-revalidate": "",
	"must-understand": "", "immutable": "",
}

// checkCacheControl checks a Cache-Control value (CACHE_CONTROL) directive
// by directive: a typo would otherwise go out on every public page, where
// caches ignore what they do not know.
func checkCacheControl(v string) error {
	if v == "" {
		return nil
	}
	if strings.ContainsAny(v, "\r\n") {
		return errors.New("one line, please: a header's value cannot hold a line break")
	}
	for d := range strings.SplitSeq(v, ",") {
		d = strings.TrimSpace(d)
		if d == "" {
			continue
		}
		name, arg, hasArg := strings.Cut(d, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		kind, known := cacheDirectives[name]
		arg = strings.TrimSpace(arg)
		switch {
		case !known:
			return fmt.Errorf("%q is not a Cache-Control directive of a response (public, private, no-cache, no-store, max-age=N, s-maxage=N, stale-while-revalidate=N, stale-if-error=N, must-revalidate, proxy-revalidate, no-transform, immutable)", d)
		case kind == "seconds":
			if _, err := strconv.ParseUint(strings.Trim(arg, `"`), 10, 31); !hasArg || err != nil {
				return fmt.Errorf("%s needs a whole number of seconds, as in %s=60", name, name)
			}
		case kind == "fields":
			if hasArg && (len(arg) < 2 || arg[0] != '"' || arg[len(arg)-1] != '"') {
				return fmt.Errorf("%s takes no value, or a quoted list of header names", name)
			}
		case hasArg:
			return fmt.Errorf("%s takes no value", name)
		}
	}
	return nil
}

func boolVar(getenv func(string) string, name string) (bool, error) {
	switch strings.ToLower(getenv(name)) {
	case "", "0", "false", "no", "off":
		return false, nil
	case "1", "true", "yes", "on":
		return true, nil
	}
	return false, fmt.Errorf("%s=%q: use true or false", name, getenv(name))
}

// LogValue keeps the database password out of the logs.
func (c *Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("database_url", Redact(c.DatabaseURL)),
		slog.String("addr", c.Addr),
		slog.String("base_url", c.BaseURL.String()),
		slog.Bool("dev", c.Dev),
		slog.Bool("demo", c.Demo),
		slog.String("smtp_url", c.smtpName()),
		slog.Int("mail_rate", c.MailRate),
	)
}

// Redact hides the password of a connection string in each form pgx
// takes: in a URL's user part or its query (password=), and in the
// key=value form (password=secret or password='se cret').
func Redact(dsn string) string {
	if !strings.Contains(dsn, "://") {
		return keyValuePassword.ReplaceAllString(dsn, "${1}xxxxx")
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparseable)"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

var keyValuePassword = regexp.MustCompile(`(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)`)

// Getenv is os.Getenv, for main.
var Getenv = os.Getenv
