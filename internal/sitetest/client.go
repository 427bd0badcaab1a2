package sitetest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// Client is a browser stand-in: it keeps cookies (Secure ones too: the
// test server is plain HTTP in-process) and sends the Sec-Fetch-Site and
// Origin headers a browser sends on a same-origin form post.
type Client struct {
	Env     *Env
	Cookies map[string]*http.Cookie
	Remote  string // RemoteAddr of its requests
}

// Client returns a new client without cookies.
func (e *Env) Client() *Client {
	return &Client{Env: e, Cookies: map[string]*http.Cookie{}, Remote: "192.0.2.10:5555"}
}

// Do sends a request through the real router; headers are name, value
// pairs.
func (c *Client) Do(method, path string, body io.Reader, contentType string, headers ...string) *http.Response {
	c.Env.T.Helper()
	req := httptest.NewRequest(method, path, body)
	req.RemoteAddr = c.Remote
	req.Host = "vestnik.example.org"
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if method != http.MethodGet && method != http.MethodHead {
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("Origin", BaseURL)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	for _, ck := range c.Cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	rec := httptest.NewRecorder()
	c.Env.Srv.ServeHTTP(rec, req)
	res := rec.Result()
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.Cookies, ck.Name)
		} else {
			c.Cookies[ck.Name] = ck
		}
	}
	return res
}

// Get sends a GET.
func (c *Client) Get(path string) *http.Response { return c.Do(http.MethodGet, path, nil, "") }

// Post sends a form; headers are name, value pairs (they may override
// Sec-Fetch-Site or Origin).
func (c *Client) Post(path string, form url.Values, headers ...string) *http.Response {
	return c.Do(http.MethodPost, path, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", headers...)
}

// Page GETs a page, checks its status and parses it.
func (c *Client) Page(path string, want int) *goquery.Document {
	c.Env.T.Helper()
	res := c.Get(path)
	if res.StatusCode != want {
		body, _ := io.ReadAll(res.Body)
		c.Env.T.Fatalf("GET %s: %d, want %d\n%.2000s", path, res.StatusCode, want, body)
	}
	return ParseDoc(c.Env.T, res)
}

// TurnLanguage turns a language of the site on or off as an admin does
// on the languages page (c must be logged in as one).
func (c *Client) TurnLanguage(code string, on bool) {
	c.Env.T.Helper()
	f := FormOf(c.Page("/admin/languages", http.StatusOK), `form[data-language="`+code+`"]`)
	f.Del("enabled")
	if on {
		f.Set("enabled", "1")
	}
	if res := c.Post("/admin/languages/"+code, f); res.StatusCode != http.StatusSeeOther {
		c.Env.T.Fatalf("language %s on=%v: %d", code, on, res.StatusCode)
	}
}
