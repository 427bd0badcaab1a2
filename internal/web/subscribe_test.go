package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"vestnik/internal/httpx"
	"vestnik/internal/mail"
	"vestnik/internal/mailtest"
	"vestnik/internal/pagecache"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

var siteLink = regexp.MustCompile(regexp.QuoteMeta(sitetest.BaseURL) + `(/\S+)`)

// linkIn finds the site path (with its query) in a text that contains part.
func linkIn(t *testing.T, text, part string) string {
	t.Helper()
	for _, m := range siteLink.FindAllStringSubmatch(text, -1) {
		if strings.Contains(m[1], part) {
			return m[1]
		}
	}
	t.Fatalf("no link with %q in\n%s", part, text)
	return ""
}

// mailClient sends what a mail provider's server sends: no cookies, no
// Origin, no Sec-Fetch-Site.
func mailClient(e *sitetest.MailEnv, method, target string, body io.Reader, contentType string) *http.Response {
	req := httptest.NewRequest(method, target, body)
	req.RemoteAddr = "203.0.113.25:40000"
	req.Host = "vestnik.example.org"
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	e.Srv.ServeHTTP(rec, req)
	return rec.Result()
}

// TestSubscribeDoubleOptIn: the footer's form sends a signed link in the
// chosen language; nothing is stored until the link's button is pressed;
// the link's page is the same for everyone and opening it changes
// nothing; tampered, expired and stale links do not subscribe.
func TestSubscribeDoubleOptIn(t *testing.T) {
	t.Parallel()
	// With the page cache on: a page reached by a signed link must not
	// leak one subscriber's data to another.
	e := sitetest.NewMail(t, pagecache.New(8<<20))
	c := e.Client()
	d := c.Page("/en/hotline", http.StatusOK)
	form := d.Find(`footer form.subscribe-box[method=post][action="/en/subscribe"]`)
	if form.Find(`input[type=email][name=email][required]`).Length() != 1 || form.Find(`select[name=lang] option`).Length() != 2 ||
		sitetest.Attr(form.Find(`select[name=lang] option[selected]`), "value") != "en" || form.Find(`label[for=subscribe-email]`).Length() != 1 {
		t.Fatalf("footer form: %s", must(form.Html()))
	}
	// The newsletter pages have it too, in their language.
	nl, _ := e.Store.LatestNewsletter(context.Background(), "ru")
	if d := c.Page("/ru/newsletters/"+nl.Slug, http.StatusOK); d.Find(`footer form.subscribe-box[action="/ru/subscribe"]`).Length() != 1 {
		t.Error("no sign-up form on the Russian newsletter page")
	}

	for _, bad := range []string{"", "ana", "ana@localhost", "Ana <ana@example.org>", "ana@example.org, bob@example.org", "ana@@example.org", strings.Repeat("a", 250) + "@example.org"} {
		res := c.Post("/en/subscribe", url.Values{"email": {bad}, "lang": {"ru"}})
		d := sitetest.Expect(t, "sign-up with "+bad, res, http.StatusUnprocessableEntity)
		if d.Find(".form-error").Length() != 1 || sitetest.Attr(d.Find(`input[name=email]`), "value") != bad {
			t.Errorf("%q: no error shown beside the typed address", bad)
		}
	}
	res := c.Post("/en/subscribe", url.Values{"email": {" Ana.Petrova@Example.org "}, "lang": {"ru"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/en/subscribe/sent" {
		t.Fatalf("sign-up: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	c.Page("/en/subscribe/sent", http.StatusOK)
	if n := sitetest.Count(e.Env, `SELECT count(*) FROM subscribers`); n != 0 {
		t.Fatalf("%d subscribers before confirming", n)
	}
	msgs := e.SMTP.Wait(t, 1, time.Minute)
	m := msgs[0]
	if m.Rcpt[0] != "Ana.Petrova@Example.org" || m.Subject() != "Подтвердите подписку на бюллетень МОМ" || m.Header.Get("Content-Language") != "ru" {
		t.Fatalf("confirmation: to %v, %q, %s", m.Rcpt, m.Subject(), m.Header.Get("Content-Language"))
	}
	link := linkIn(t, m.Text(), "/ru/subscribe/confirm?t=")
	if !strings.Contains(m.HTML(), sitetest.BaseURL+strings.ReplaceAll(link, "&", "&amp;")) {
		t.Error("the HTML part lacks the link")
	}

	// Opening the link (as a mail scanner would) shows a button and
	// changes nothing; the page does not depend on the link.
	d = c.Page(link, http.StatusOK)
	if d.Find(`form.subscribe-confirm[method=post]`).Length() != 1 || d.Find(`form.subscribe-confirm[action]`).Length() != 0 {
		t.Fatalf("confirmation page: %s", must(d.Find("main").Html()))
	}
	if strings.Contains(must(d.Html()), "Ana.Petrova") || sitetest.Count(e.Env, `SELECT count(*) FROM subscribers`) != 0 {
		t.Fatal("opening the link showed the address or subscribed")
	}
	if sitetest.Attr(d.Find(`meta[name=robots]`), "content") != "noindex" {
		t.Error("the confirmation page may be indexed")
	}
	// Pressing the button (the form posts to its own address) subscribes.
	d = sitetest.Expect(t, "confirm", c.Post(link, url.Values{}), http.StatusOK)
	if d.Find("h1").Text() != "Вы подписаны" || !strings.Contains(d.Find("main").Text(), "Ana.Petrova@Example.org") {
		t.Fatalf("confirmed page: %s", must(d.Find("main").Html()))
	}
	manage := sitetest.Attr(d.Find(`main a[href^="/ru/subscription?t="]`), "href")
	sub := e.Subscriber("ana.petrova@example.org")
	if sub.Status != store.SubscriberActive || sub.Lang != "ru" || sub.Email != "Ana.Petrova@Example.org" || manage == "" {
		t.Fatalf("subscriber %+v, manage link %q", sub, manage)
	}
	// Confirming twice is harmless.
	sitetest.Expect(t, "confirm again", c.Post(link, url.Values{}), http.StatusOK)
	if n := sitetest.Count(e.Env, `SELECT count(*) FROM subscribers`); n != 1 {
		t.Errorf("%d subscribers", n)
	}
	// Another visitor opening another link gets the same page: nothing of
	// Ana's is cached for them.
	other := e.Client()
	other.Remote = "198.51.100.7:1234"
	if d := other.Page("/ru/subscribe/confirm?t=x", http.StatusOK); strings.Contains(must(d.Html()), "Ana") {
		t.Error("a personal page was served from the cache")
	}
	if d := other.Page(manage, http.StatusOK); strings.Contains(must(d.Html()), "Ana") {
		t.Error("the manage page shows the address before any action")
	}

	// Tampered, expired and stale links.
	tampered := link[:len(link)-3] + "AAA"
	sitetest.Expect(t, "tampered", c.Post(tampered, url.Values{}), http.StatusBadRequest)
	expired := "/en/subscribe/confirm?t=" + url.QueryEscape(e.Signer.ConfirmToken(mail.Confirmation{
		Email: "late@example.org", Lang: "en", Issued: time.Now().Add(-mail.ConfirmTTL - time.Minute)}))
	sitetest.Expect(t, "expired", c.Post(expired, url.Values{}), http.StatusGone)
	if _, err := e.Store.Unsubscribe(context.Background(), sub.ID); err != nil {
		t.Fatal(err)
	}
	sitetest.Expect(t, "confirmation older than the unsubscribe", c.Post(link, url.Values{}), http.StatusGone)
	if s := e.Subscriber("ana.petrova@example.org"); s.Status != store.SubscriberUnsubscribed {
		t.Errorf("a stale link resubscribed: %+v", s)
	}
}

func must(s string, err error) string {
	if err != nil {
		panic(err)
	}
	return s
}

// TestSubscribeThrottle: repeated sign-ups for one address send at most
// three confirmations a day; one client gets ten sign-ups an hour, then
// 429 with Retry-After. Neither tells whether an address is subscribed.
func TestSubscribeThrottle(t *testing.T) {
	t.Parallel()
	e := sitetest.NewMail(t, nil)
	c := e.Client()
	for i := range 5 {
		if res := c.Post("/en/subscribe", url.Values{"email": {"flood@example.org"}, "lang": {"en"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-up %d: %d", i, res.StatusCode)
		}
	}
	e.SMTP.Wait(t, 3, time.Minute)
	for i := range 5 {
		if res := c.Post("/ru/subscribe", url.Values{"email": {"person" + strconv.Itoa(i) + "@example.org"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-up %d: %d", i, res.StatusCode)
		}
	}
	res := c.Post("/ru/subscribe", url.Values{"email": {"eleventh@example.org"}})
	d := sitetest.Expect(t, "eleventh sign-up", res, http.StatusTooManyRequests)
	if ra, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || ra < 1 || ra > 3601 {
		t.Errorf("Retry-After %q", res.Header.Get("Retry-After"))
	}
	if !strings.Contains(d.Find(".form-error").Text(), "минут") {
		t.Errorf("throttled page: %q", d.Find("main").Text())
	}
	if got := d.Find(`.subscribe-form input[name=email]`).AttrOr("value", ""); got != "eleventh@example.org" {
		t.Errorf("the throttled page lost the address: %q", got)
	}
	// Another client is not affected.
	other := e.Client()
	other.Remote = "198.51.100.9:4444"
	if res := other.Post("/en/subscribe", url.Values{"email": {"someone@example.org"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("another client: %d", res.StatusCode)
	}
	e.SMTP.Wait(t, 9, time.Minute)
	e.QueueDone(t) // nothing more will arrive
	if n := len(e.SMTP.To("flood@example.org")); n != 3 {
		t.Errorf("flood@ received %d confirmations, want 3", n)
	}
	if n := len(e.SMTP.To("eleventh@example.org")); n != 0 {
		t.Errorf("the throttled sign-up was sent")
	}
	// The Russian page's sign-ups without a language choice are in Russian.
	if m := e.SMTP.To("person0@example.org"); len(m) != 1 || m[0].Header.Get("Content-Language") != "ru" {
		t.Errorf("person0: %v", m)
	}
	if n := sitetest.Count(e.Env, `SELECT count(*) FROM subscribe_requests WHERE email_hash LIKE '%@%'`); n != 0 {
		t.Error("addresses kept in the throttle table")
	}
}

// sendIssue queues the December 2011 issue in its languages and waits for
// n messages.
func sendIssue(e *sitetest.MailEnv, n int) []*mailtest.Message {
	e.T.Helper()
	nl, err := e.Store.LatestNewsletter(context.Background(), "en")
	if err != nil {
		e.T.Fatal(err)
	}
	if _, err := e.Store.EnqueueIssue(context.Background(), nl.ID, []string{"en", "ru"}, 0, store.AuditEntry{Action: "newsletter.send"}); err != nil {
		e.T.Fatal(err)
	}
	return e.SMTP.Wait(e.T, n, 10*time.Second)
}

// TestOneClickUnsubscribe: every issue carries RFC 8058 headers; the mail
// provider's POST (no cookies, no Origin) unsubscribes at once, in either
// form encoding; the visible link leads to a page to change the language
// or unsubscribe, without logging in.
func TestOneClickUnsubscribe(t *testing.T) {
	t.Parallel()
	e := sitetest.NewMail(t, nil)
	ctx := context.Background()
	for _, s := range [][2]string{{"alice@example.org", "en"}, {"boris@example.org", "ru"}, {"erased@example.org", "en"}} {
		if _, err := e.Store.Subscribe(ctx, s[0], s[1], time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	sendIssue(e, 3)
	alice := e.SMTP.To("alice@example.org")[0]
	lu := alice.Header.Get("List-Unsubscribe")
	if !strings.HasPrefix(lu, "<"+sitetest.BaseURL+"/en/subscription/unsubscribe?t=") || !strings.HasSuffix(lu, ">") ||
		alice.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Fatalf("headers: %q, %q", lu, alice.Header.Get("List-Unsubscribe-Post"))
	}
	oneClick := strings.TrimPrefix(strings.Trim(lu, "<>"), sitetest.BaseURL)
	// The visible link, in both parts.
	manage := linkIn(t, alice.Text(), "/en/subscription?t=")
	if !strings.Contains(alice.HTML(), `href="`+sitetest.BaseURL+manage+`"`) {
		t.Error("no visible manage link in the HTML part")
	}

	// Opening the List-Unsubscribe address in a browser changes nothing.
	d := e.Doc(oneClick, http.StatusOK)
	if sitetest.Attr(d.Find(`form.unsubscribe input[name=List-Unsubscribe]`), "value") != "One-Click" {
		t.Errorf("unsubscribe page: %s", must(d.Find("main").Html()))
	}
	if s := e.Subscriber("alice@example.org"); s.Status != store.SubscriberActive {
		t.Fatal("GET unsubscribed")
	}
	// The body is required.
	if res := mailClient(e, http.MethodPost, oneClick, strings.NewReader(""), "application/x-www-form-urlencoded"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("POST without the body: %d", res.StatusCode)
	}
	// The RFC 8058 POST, as a mail provider sends it.
	res := mailClient(e, http.MethodPost, oneClick, strings.NewReader("List-Unsubscribe=One-Click"), "application/x-www-form-urlencoded")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("one-click: %d", res.StatusCode)
	}
	if s := e.Subscriber("alice@example.org"); s.Status != store.SubscriberUnsubscribed || s.UnsubscribedAt == nil {
		t.Fatalf("alice: %+v", s)
	}
	// Again: still fine.
	if res := mailClient(e, http.MethodPost, oneClick, strings.NewReader("List-Unsubscribe=One-Click"), "application/x-www-form-urlencoded"); res.StatusCode != http.StatusOK {
		t.Errorf("second one-click: %d", res.StatusCode)
	}
	// multipart/form-data, as RFC 8058 also allows.
	boris := e.SMTP.To("boris@example.org")[0]
	if boris.Subject() == alice.Subject() || boris.Header.Get("Content-Language") != "ru" {
		t.Errorf("boris got %q", boris.Subject())
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("List-Unsubscribe", "One-Click")
	mw.Close()
	borisURL := strings.TrimPrefix(strings.Trim(boris.Header.Get("List-Unsubscribe"), "<>"), sitetest.BaseURL)
	if res := mailClient(e, http.MethodPost, borisURL, &buf, mw.FormDataContentType()); res.StatusCode != http.StatusOK {
		t.Fatalf("multipart one-click: %d", res.StatusCode)
	}
	if s := e.Subscriber("boris@example.org"); s.Status != store.SubscriberUnsubscribed {
		t.Errorf("boris: %+v", s)
	}
	// A browser's cross-site POST is still refused; a forged token too.
	req := httptest.NewRequest(http.MethodPost, oneClick, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	rec := httptest.NewRecorder()
	e.Srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("cross-site browser POST: %d", rec.Code)
	}
	if res := mailClient(e, http.MethodPost, "/en/subscription/unsubscribe?t=forged.token", strings.NewReader("List-Unsubscribe=One-Click"),
		"application/x-www-form-urlencoded"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("forged token: %d", res.StatusCode)
	}
	// An erased subscriber's link still answers "unsubscribed".
	erased := e.Subscriber("erased@example.org")
	if err := e.Store.EraseSubscriber(ctx, erased.ID, store.AuditEntry{Action: "subscriber.erase"}); err != nil {
		t.Fatal(err)
	}
	erasedURL := strings.TrimPrefix(strings.Trim(e.SMTP.To("erased@example.org")[0].Header.Get("List-Unsubscribe"), "<>"), sitetest.BaseURL)
	if res := mailClient(e, http.MethodPost, erasedURL, strings.NewReader("List-Unsubscribe=One-Click"), "application/x-www-form-urlencoded"); res.StatusCode != http.StatusOK {
		t.Errorf("erased subscriber's one-click: %d", res.StatusCode)
	}

	// The manage page: the same for everyone until the subscriber acts.
	c := e.Client()
	d = c.Page(manage, http.StatusOK)
	if d.Find(`form.subscription-lang[method=post]:not([action]) input[name=lang]`).Length() != 2 || strings.Contains(must(d.Html()), "alice") {
		t.Fatalf("manage page: %s", must(d.Find("main").Html()))
	}
	d = sitetest.Expect(t, "resubscribe", c.Post(manage, url.Values{"action": {"resubscribe"}}), http.StatusOK)
	if !strings.Contains(d.Find(".status").Text(), "alice@example.org") || e.Subscriber("alice@example.org").Status != store.SubscriberActive {
		t.Errorf("after resubscribing: %q", d.Find("main").Text())
	}
	d = sitetest.Expect(t, "change language", c.Post(manage, url.Values{"action": {"lang"}, "lang": {"ru"}}), http.StatusOK)
	if s := e.Subscriber("alice@example.org"); s.Lang != "ru" || !strings.Contains(d.Find(".status").Text(), "in Russian") {
		t.Errorf("after the language change: %+v %q", s, d.Find(".status").Text())
	}
	sitetest.Expect(t, "bad language", c.Post(manage, url.Values{"action": {"lang"}, "lang": {"xx"}}), http.StatusBadRequest)
	d = sitetest.Expect(t, "unsubscribe", c.Post(manage, url.Values{"action": {"unsubscribe"}}), http.StatusOK)
	if s := e.Subscriber("alice@example.org"); s.Status != store.SubscriberUnsubscribed || d.Find("h1").Text() != "You are unsubscribed" {
		t.Errorf("after unsubscribing: %+v", s)
	}
	// Unsubscribed, a language change promises nothing it will not do.
	d = sitetest.Expect(t, "change language, unsubscribed", c.Post(manage, url.Values{"action": {"lang"}, "lang": {"en"}}), http.StatusOK)
	if s := e.Subscriber("alice@example.org"); s.Lang != "en" || strings.Contains(d.Find(".flash").Text(), "you receive") ||
		!strings.Contains(d.Find(".flash").Text(), "subscribe again") {
		t.Errorf("unsubscribed, after the language change: %+v %q", s, d.Find(".flash").Text())
	}
	sitetest.Expect(t, "forged manage link", c.Post("/en/subscription?t=bQo1.AAAAAAAAAAAAAAAAAAAAAA", url.Values{}), http.StatusBadRequest)
	sitetest.Expect(t, "erased subscriber's manage link", c.Post(linkIn(t, e.SMTP.To("erased@example.org")[0].Text(), "/en/subscription?t="), url.Values{}), http.StatusNotFound)

	// A new issue reaches nobody who left.
	before := len(e.SMTP.Messages())
	nl, _ := e.Store.LatestNewsletter(ctx, "en")
	q, err := e.Store.EnqueueIssue(ctx, nl.ID, []string{"en", "ru"}, 0, store.AuditEntry{Action: "newsletter.send"})
	if err != nil || q["en"]+q["ru"] != 0 {
		t.Errorf("queued %v %v", q, err)
	}
	e.QueueDone(t)
	if len(e.SMTP.Messages()) != before {
		t.Error("mail after unsubscribing")
	}
}

// TestSubscribeConcurrentConfirm: two clicks at once make one subscriber.
func TestSubscribeConcurrentConfirm(t *testing.T) {
	t.Parallel()
	e := sitetest.NewMail(t, nil)
	if res := e.Client().Post("/en/subscribe", url.Values{"email": {"twice@example.org"}, "lang": {"en"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-up: %d", res.StatusCode)
	}
	link := linkIn(t, e.SMTP.Wait(t, 1, time.Minute)[0].Text(), "/en/subscribe/confirm?t=")
	var wg sync.WaitGroup
	codes := make([]int, 4)
	for i := range codes {
		wg.Go(func() {
			c := e.Client()
			res := c.Post(link, url.Values{})
			codes[i] = res.StatusCode
		})
	}
	wg.Wait()
	for _, code := range codes {
		if code != http.StatusOK {
			t.Errorf("codes %v", codes)
		}
	}
	if n := sitetest.Count(e.Env, `SELECT count(*) FROM subscribers`); n != 1 {
		t.Errorf("%d subscribers", n)
	}
}

// TestSubscribeThrottleByPrefix: behind a trusted proxy, 25 sign-ups from
// 25 addresses of one IPv6 /64 are one client's: ten pass, then 429.
func TestSubscribeThrottleByPrefix(t *testing.T) {
	t.Parallel()
	e := sitetest.NewWith(t, sitetest.Options{TrustedProxies: httpx.Proxies{netip.MustParsePrefix("10.0.0.0/8")}})
	c := e.Client()
	c.Remote = "10.1.2.3:4000"
	passed := 0
	for i := range 25 {
		res := c.Do(http.MethodPost, "/en/subscribe", strings.NewReader(url.Values{"email": {fmt.Sprintf("p%d@example.org", i)}}.Encode()),
			"application/x-www-form-urlencoded", "X-Forwarded-For", fmt.Sprintf("2001:db8:77:88:%x::%x", i*7, i+1))
		switch res.StatusCode {
		case http.StatusSeeOther:
			passed++
		case http.StatusTooManyRequests:
		default:
			t.Fatalf("sign-up %d: %d", i, res.StatusCode)
		}
	}
	if passed != 10 {
		t.Errorf("%d of 25 sign-ups from one /64 passed, want 10", passed)
	}
	// Another /64 behind the same proxy is another client.
	res := c.Do(http.MethodPost, "/en/subscribe", strings.NewReader(url.Values{"email": {"q@example.org"}}.Encode()),
		"application/x-www-form-urlencoded", "X-Forwarded-For", "2001:db8:77:89::1")
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("another /64: %d", res.StatusCode)
	}
}

// TestSubscriptionLinksOutliveLanguage: a language turned off keeps its
// subscribers' signed links working: they go on, token and method kept,
// in the default language.
func TestSubscriptionLinksOutliveLanguage(t *testing.T) {
	t.Parallel()
	e := sitetest.NewMail(t, nil)
	if _, err := e.Store.Subscribe(context.Background(), "boris@example.org", "ru", time.Now()); err != nil {
		t.Fatal(err)
	}
	sendIssue(e, 1)
	boris := e.SMTP.To("boris@example.org")[0]
	oneClick := strings.TrimPrefix(strings.Trim(boris.Header.Get("List-Unsubscribe"), "<>"), sitetest.BaseURL)
	manage := linkIn(t, boris.Text(), "/ru/subscription?t=")
	// A sign-up in Russian before it is turned off.
	if res := e.Client().Post("/ru/subscribe", url.Values{"email": {"vera@example.org"}, "lang": {"ru"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-up: %d", res.StatusCode)
	}
	e.SMTP.Wait(t, 2, time.Minute)
	confirm := linkIn(t, e.SMTP.To("vera@example.org")[0].Text(), "/ru/subscribe/confirm?t=")

	admin, _ := e.Login("chief@example.org", "admin")
	admin.TurnLanguage("ru", false)
	if res := e.Get("/ru/"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("Russian still served: %d", res.StatusCode)
	}
	res := e.Get(manage)
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusTemporaryRedirect || loc != "/en/"+strings.TrimPrefix(manage, "/ru/") {
		t.Fatalf("manage link: %d → %q", res.StatusCode, loc)
	}
	e.Doc(res.Header.Get("Location"), http.StatusOK)
	res = mailClient(e, http.MethodPost, oneClick, strings.NewReader("List-Unsubscribe=One-Click"), "application/x-www-form-urlencoded")
	if res.StatusCode != http.StatusTemporaryRedirect {
		t.Fatalf("one-click: %d", res.StatusCode)
	}
	if res := mailClient(e, http.MethodPost, res.Header.Get("Location"), strings.NewReader("List-Unsubscribe=One-Click"), "application/x-www-form-urlencoded"); res.StatusCode != http.StatusOK {
		t.Fatalf("one-click, followed: %d", res.StatusCode)
	}
	if s := e.Subscriber("boris@example.org"); s.Status != store.SubscriberUnsubscribed {
		t.Errorf("boris: %+v", s)
	}
	// A sign-up made in Russian before it was turned off is confirmed,
	// in the language chosen.
	res = e.Get(confirm)
	if res.StatusCode != http.StatusTemporaryRedirect {
		t.Fatalf("confirm link: %d", res.StatusCode)
	}
	d := sitetest.Expect(t, "confirm with Russian off", e.Client().Post(res.Header.Get("Location"), url.Values{}), http.StatusOK)
	if s := e.Subscriber("vera@example.org"); s.Lang != "ru" || s.Status != store.SubscriberActive {
		t.Errorf("vera: %+v, page %q", s, d.Find("main").Text())
	}
}

// TestSubscribeConfirmAfterErasure: erasing a subscriber wins over the
// confirmation links mailed to the address before: pressing one (within
// its 48 hours) subscribes nobody and says, in the link's language, that
// the link no longer works. A sign-up made after the erasure subscribes.
func TestSubscribeConfirmAfterErasure(t *testing.T) {
	t.Parallel()
	e := sitetest.NewMail(t, nil)
	ctx := context.Background()
	c := e.Client()
	for i, lang := range []string{"en", "ru"} {
		if res := c.Post("/"+lang+"/subscribe", url.Values{"email": {"gone@example.org"}, "lang": {lang}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-up in %s: %d", lang, res.StatusCode)
		}
		e.SMTP.Wait(t, i+1, time.Minute)
	}
	msgs := e.SMTP.To("gone@example.org")
	en, ru := linkIn(t, msgs[0].Text(), "/en/subscribe/confirm?t="), linkIn(t, msgs[1].Text(), "/ru/subscribe/confirm?t=")
	sitetest.Expect(t, "confirm", c.Post(en, url.Values{}), http.StatusOK)
	sub := e.Subscriber("gone@example.org")
	if err := e.Store.EraseSubscriber(ctx, sub.ID, store.AuditEntry{Action: "subscriber.erase"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ link, title, text string }{
		{en, "This link no longer works", "taken off our list"},
		{ru, "Ссылка больше не работает", "удалён из нашего списка"},
	} {
		d := sitetest.Expect(t, "confirm after the erasure", c.Post(tc.link, url.Values{}), http.StatusGone)
		if got := d.Find("h1").Text(); got != tc.title || !strings.Contains(d.Find("main").Text(), tc.text) {
			t.Errorf("%s: %q, %q", tc.link[:3], got, d.Find("main").Text())
		}
		if d.Find(`main a[href$="/subscribe"]`).Length() != 1 {
			t.Errorf("%s: no way to sign up again", tc.link[:3])
		}
	}
	if n := sitetest.Count(e.Env, `SELECT count(*) FROM subscribers`); n != 0 {
		t.Fatalf("an old link subscribed the erased address again (%d subscribers)", n)
	}
	// Signing up again after the erasure works as ever.
	if res := c.Post("/en/subscribe", url.Values{"email": {"gone@example.org"}, "lang": {"en"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-up after the erasure: %d", res.StatusCode)
	}
	e.SMTP.Wait(t, 3, time.Minute)
	again := linkIn(t, e.SMTP.To("gone@example.org")[2].Text(), "/en/subscribe/confirm?t=")
	sitetest.Expect(t, "confirm after signing up again", c.Post(again, url.Values{}), http.StatusOK)
	if s := e.Subscriber("gone@example.org"); s.Status != store.SubscriberActive {
		t.Errorf("signed up again: %+v", s)
	}
}
