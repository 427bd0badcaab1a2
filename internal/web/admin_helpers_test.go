package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/accounts"
	"vestnik/internal/store"
)

// testPassword is the password of the users tests create.
const testPassword = "correct horse battery staple"

// client is a browser stand-in for admin tests: it keeps cookies (Secure
// ones too: the test server is plain HTTP in-process) and sends the
// Sec-Fetch-Site header a browser sends on a same-origin form post.
type client struct {
	e       *env
	cookies map[string]*http.Cookie
	remote  string // RemoteAddr of its requests
}

func (e *env) client() *client {
	return &client{e: e, cookies: map[string]*http.Cookie{}, remote: "192.0.2.10:5555"}
}

// do sends a request through the real router; headers are name, value pairs.
func (c *client) do(method, path string, body io.Reader, contentType string, headers ...string) *http.Response {
	c.e.t.Helper()
	req := httptest.NewRequest(method, path, body)
	req.RemoteAddr = c.remote
	req.Host = "vestnik.example.org"
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if method != http.MethodGet && method != http.MethodHead {
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("Origin", baseURL)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	for _, ck := range c.cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	rec := httptest.NewRecorder()
	c.e.srv.ServeHTTP(rec, req)
	res := rec.Result()
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck
		}
	}
	return res
}

func (c *client) get(path string) *http.Response { return c.do(http.MethodGet, path, nil, "") }

// post sends a form; headers are name, value pairs (they may override
// Sec-Fetch-Site or Origin).
func (c *client) post(path string, form url.Values, headers ...string) *http.Response {
	return c.do(http.MethodPost, path, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", headers...)
}

// page GETs a page, checks its status and parses it.
func (c *client) page(path string, want int) *goquery.Document {
	c.e.t.Helper()
	res := c.get(path)
	if res.StatusCode != want {
		body, _ := io.ReadAll(res.Body)
		c.e.t.Fatalf("GET %s: %d, want %d\n%.2000s", path, res.StatusCode, want, body)
	}
	d, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return d
}

// doc parses a response.
func doc(t *testing.T, res *http.Response) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// user creates an account with testPassword.
func (e *env) user(email, role string) store.User {
	e.t.Helper()
	u, _, err := accounts.Create(context.Background(), e.st, accounts.Actor{}, email, "", role, testPassword, "en")
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// login logs a new client in as a new user of the role.
func (e *env) login(email, role string) (*client, store.User) {
	e.t.Helper()
	u := e.user(email, role)
	c := e.client()
	res := c.post("/admin/login", url.Values{"email": {email}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		body, _ := io.ReadAll(res.Body)
		e.t.Fatalf("login %s: %d\n%.1000s", email, res.StatusCode, body)
	}
	return c, u
}

// formOf collects the fields of a page's form as a browser would submit
// it (without any submit button's value).
func formOf(d *goquery.Document, selector string) url.Values {
	v := url.Values{}
	d.Find(selector).Find("input, textarea, select").Each(func(_ int, s *goquery.Selection) {
		name, ok := s.Attr("name")
		if !ok || name == "" {
			return
		}
		switch goquery.NodeName(s) {
		case "textarea":
			v.Add(name, strings.TrimPrefix(s.Text(), "\n"))
		case "select":
			opt := s.Find("option[selected]")
			if opt.Length() == 0 {
				opt = s.Find("option").First()
			}
			val, _ := opt.Attr("value")
			v.Add(name, val)
		default:
			typ, _ := s.Attr("type")
			if typ == "checkbox" || typ == "radio" {
				if _, checked := s.Attr("checked"); !checked {
					return
				}
			}
			if typ == "submit" || typ == "button" || typ == "file" {
				return
			}
			val, _ := s.Attr("value")
			v.Add(name, val)
		}
	})
	return v
}
