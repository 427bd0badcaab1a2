package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"vestnik/internal/i18n"
	"vestnik/internal/mail"
	"vestnik/internal/mailtest"
	"vestnik/internal/pagecache"
	"vestnik/internal/store"
	"vestnik/locales"
)

// startSender runs the background sender on st, delivering through tr,
// with links to base, until the test ends.
func startSender(t *testing.T, st *store.Store, tr mail.Transport, base string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	bundle, err := i18n.New(locales.FS, []string{"en", "ru"}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	sg, _, err := mail.SignerFor(ctx, st, "")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(base)
	c, err := mail.NewComposer(mail.ComposerConfig{Bundle: bundle, BaseURL: u, Signer: sg})
	if err != nil {
		t.Fatal(err)
	}
	s, err := mail.NewSender(mail.SenderConfig{Store: st, Transport: tr, Composer: c, Poll: 10 * time.Millisecond,
		RetryBase: 20 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); s.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

// mailEnv is the real server with a sender delivering to a real SMTP
// server in the test process.
type mailEnv struct {
	*env
	smtp   *mailtest.Server
	signer *mail.Signer
}

func newMailEnv(t *testing.T, cache *pagecache.Cache) *mailEnv {
	t.Helper()
	e := newEnvWith(t, baseURL, cache, nil)
	srv := mailtest.Start(t)
	tr, err := mail.NewSMTP(srv.URL, "vestnik.example.org", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	startSender(t, e.st, tr, baseURL)
	sg, _, err := mail.SignerFor(context.Background(), e.st, "")
	if err != nil {
		t.Fatal(err)
	}
	return &mailEnv{env: e, smtp: srv, signer: sg}
}

var siteLink = regexp.MustCompile(regexp.QuoteMeta(baseURL) + `(/\S+)`)

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

// subscriber returns the subscriber with an address, or fails.
func (e *mailEnv) subscriber(email string) store.Subscriber {
	e.t.Helper()
	subs, _, err := e.st.Subscribers(context.Background(), store.SubscriberFilter{Query: email})
	if err != nil || len(subs) != 1 {
		e.t.Fatalf("subscriber %s: %v %v", email, subs, err)
	}
	return subs[0]
}

// mailClient sends what a mail provider's server sends: no cookies, no
// Origin, no Sec-Fetch-Site.
func (e *mailEnv) mailClient(method, target string, body io.Reader, contentType string) *http.Response {
	req := httptest.NewRequest(method, target, body)
	req.RemoteAddr = "203.0.113.25:40000"
	req.Host = "vestnik.example.org"
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	return rec.Result()
}

// TestSubscribeDoubleOptIn: the footer's form sends a signed link in the
// chosen language; nothing is stored until the link's button is pressed;
// the link's page is the same for everyone and opening it changes
// nothing; tampered, expired and stale links do not subscribe.
func TestSubscribeDoubleOptIn(t *testing.T) {
	// With the page cache on: a page reached by a signed link must not
	// leak one subscriber's data to another.
	e := newMailEnv(t, pagecache.New(8<<20))
	c := e.client()
	d := c.page("/en/hotline", http.StatusOK)
	form := d.Find(`footer form.subscribe-box[method=post][action="/en/subscribe"]`)
	if form.Find(`input[type=email][name=email][required]`).Length() != 1 || form.Find(`select[name=lang] option`).Length() != 2 ||
		attr(form.Find(`select[name=lang] option[selected]`), "value") != "en" || form.Find(`label[for=subscribe-email]`).Length() != 1 {
		t.Fatalf("footer form: %s", must(form.Html()))
	}
	// The newsletter pages have it too, in their language.
	nl, _ := e.st.LatestNewsletter(context.Background(), "ru")
	if d := c.page("/ru/newsletters/"+nl.Slug, http.StatusOK); d.Find(`footer form.subscribe-box[action="/ru/subscribe"]`).Length() != 1 {
		t.Error("no sign-up form on the Russian newsletter page")
	}

	for _, bad := range []string{"", "ana", "ana@localhost", "Ana <ana@example.org>", "ana@example.org, bob@example.org", "ana@@example.org", strings.Repeat("a", 250) + "@example.org"} {
		res := c.post("/en/subscribe", url.Values{"email": {bad}, "lang": {"ru"}})
		d := expect(t, "sign-up with "+bad, res, http.StatusUnprocessableEntity)
		if d.Find(".form-error").Length() != 1 || attr(d.Find(`input[name=email]`), "value") != bad {
			t.Errorf("%q: no error shown beside the typed address", bad)
		}
	}
	res := c.post("/en/subscribe", url.Values{"email": {" Ana.Petrova@Example.org "}, "lang": {"ru"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/en/subscribe/sent" {
		t.Fatalf("sign-up: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	c.page("/en/subscribe/sent", http.StatusOK)
	if n := e.count(`SELECT count(*) FROM subscribers`); n != 0 {
		t.Fatalf("%d subscribers before confirming", n)
	}
	msgs := e.smtp.Wait(t, 1, 10*time.Second)
	m := msgs[0]
	if m.Rcpt[0] != "Ana.Petrova@Example.org" || m.Subject() != "Подтвердите подписку на бюллетень МОМ" || m.Header.Get("Content-Language") != "ru" {
		t.Fatalf("confirmation: to %v, %q, %s", m.Rcpt, m.Subject(), m.Header.Get("Content-Language"))
	}
	link := linkIn(t, m.Text(), "/ru/subscribe/confirm?t=")
	if !strings.Contains(m.HTML(), baseURL+strings.ReplaceAll(link, "&", "&amp;")) {
		t.Error("the HTML part lacks the link")
	}

	// Opening the link (as a mail scanner would) shows a button and
	// changes nothing; the page does not depend on the link.
	d = c.page(link, http.StatusOK)
	if d.Find(`form.subscribe-confirm[method=post]`).Length() != 1 || d.Find(`form.subscribe-confirm[action]`).Length() != 0 {
		t.Fatalf("confirmation page: %s", must(d.Find("main").Html()))
	}
	if strings.Contains(must(d.Html()), "Ana.Petrova") || e.count(`SELECT count(*) FROM subscribers`) != 0 {
		t.Fatal("opening the link showed the address or subscribed")
	}
	if attr(d.Find(`meta[name=robots]`), "content") != "noindex" {
		t.Error("the confirmation page may be indexed")
	}
	// Pressing the button (the form posts to its own address) subscribes.
	d = expect(t, "confirm", c.post(link, url.Values{}), http.StatusOK)
	if d.Find("h1").Text() != "Вы подписаны" || !strings.Contains(d.Find("main").Text(), "Ana.Petrova@Example.org") {
		t.Fatalf("confirmed page: %s", must(d.Find("main").Html()))
	}
	manage := attr(d.Find(`main a[href^="/ru/subscription?t="]`), "href")
	sub := e.subscriber("ana.petrova@example.org")
	if sub.Status != store.SubscriberActive || sub.Lang != "ru" || sub.Email != "Ana.Petrova@Example.org" || manage == "" {
		t.Fatalf("subscriber %+v, manage link %q", sub, manage)
	}
	// Confirming twice is harmless.
	expect(t, "confirm again", c.post(link, url.Values{}), http.StatusOK)
	if n := e.count(`SELECT count(*) FROM subscribers`); n != 1 {
		t.Errorf("%d subscribers", n)
	}
	// Another visitor opening another link gets the same page: nothing of
	// Ana's is cached for them.
	other := e.client()
	other.remote = "198.51.100.7:1234"
	if d := other.page("/ru/subscribe/confirm?t=x", http.StatusOK); strings.Contains(must(d.Html()), "Ana") {
		t.Error("a personal page was served from the cache")
	}
	if d := other.page(manage, http.StatusOK); strings.Contains(must(d.Html()), "Ana") {
		t.Error("the manage page shows the address before any action")
	}

	// Tampered, expired and stale links.
	tampered := link[:len(link)-3] + "AAA"
	expect(t, "tampered", c.post(tampered, url.Values{}), http.StatusBadRequest)
	expired := "/en/subscribe/confirm?t=" + url.QueryEscape(e.signer.ConfirmToken(mail.Confirmation{
		Email: "late@example.org", Lang: "en", Issued: time.Now().Add(-mail.ConfirmTTL - time.Minute)}))
	expect(t, "expired", c.post(expired, url.Values{}), http.StatusGone)
	if _, err := e.st.Unsubscribe(context.Background(), sub.ID); err != nil {
		t.Fatal(err)
	}
	expect(t, "confirmation older than the unsubscribe", c.post(link, url.Values{}), http.StatusGone)
	if s := e.subscriber("ana.petrova@example.org"); s.Status != store.SubscriberUnsubscribed {
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
	e := newMailEnv(t, nil)
	c := e.client()
	for i := range 5 {
		if res := c.post("/en/subscribe", url.Values{"email": {"flood@example.org"}, "lang": {"en"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-up %d: %d", i, res.StatusCode)
		}
	}
	e.smtp.Wait(t, 3, 10*time.Second)
	for i := range 5 {
		if res := c.post("/ru/subscribe", url.Values{"email": {"person" + strconv.Itoa(i) + "@example.org"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-up %d: %d", i, res.StatusCode)
		}
	}
	res := c.post("/ru/subscribe", url.Values{"email": {"eleventh@example.org"}})
	d := expect(t, "eleventh sign-up", res, http.StatusTooManyRequests)
	if ra, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || ra < 1 || ra > 3601 {
		t.Errorf("Retry-After %q", res.Header.Get("Retry-After"))
	}
	if !strings.Contains(d.Find(".form-error").Text(), "минут") {
		t.Errorf("throttled page: %q", d.Find("main").Text())
	}
	// Another client is not affected.
	other := e.client()
	other.remote = "198.51.100.9:4444"
	if res := other.post("/en/subscribe", url.Values{"email": {"someone@example.org"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("another client: %d", res.StatusCode)
	}
	e.smtp.Wait(t, 9, 10*time.Second)
	time.Sleep(100 * time.Millisecond)
	if n := len(e.smtp.To("flood@example.org")); n != 3 {
		t.Errorf("flood@ received %d confirmations, want 3", n)
	}
	if n := len(e.smtp.To("eleventh@example.org")); n != 0 {
		t.Errorf("the throttled sign-up was sent")
	}
	// The Russian page's sign-ups without a language choice are in Russian.
	if m := e.smtp.To("person0@example.org"); len(m) != 1 || m[0].Header.Get("Content-Language") != "ru" {
		t.Errorf("person0: %v", m)
	}
	if n := e.count(`SELECT count(*) FROM subscribe_requests WHERE email_hash LIKE '%@%'`); n != 0 {
		t.Error("addresses kept in the throttle table")
	}
}

// sendIssue queues the December 2011 issue in its languages and waits for
// n messages.
func (e *mailEnv) sendIssue(n int) []*mailtest.Message {
	e.t.Helper()
	nl, err := e.st.LatestNewsletter(context.Background(), "en")
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.st.EnqueueIssue(context.Background(), nl.ID, []string{"en", "ru"}, 0, store.AuditEntry{Action: "newsletter.send"}); err != nil {
		e.t.Fatal(err)
	}
	return e.smtp.Wait(e.t, n, 10*time.Second)
}

// TestOneClickUnsubscribe: every issue carries RFC 8058 headers; the mail
// provider's POST (no cookies, no Origin) unsubscribes at once, in either
// form encoding; the visible link leads to a page to change the language
// or unsubscribe, without logging in.
func TestOneClickUnsubscribe(t *testing.T) {
	e := newMailEnv(t, nil)
	ctx := context.Background()
	for _, s := range [][2]string{{"alice@example.org", "en"}, {"boris@example.org", "ru"}, {"erased@example.org", "en"}} {
		if _, err := e.st.Subscribe(ctx, s[0], s[1], time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	e.sendIssue(3)
	alice := e.smtp.To("alice@example.org")[0]
	lu := alice.Header.Get("List-Unsubscribe")
	if !strings.HasPrefix(lu, "<"+baseURL+"/en/subscription/unsubscribe?t=") || !strings.HasSuffix(lu, ">") ||
		alice.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Fatalf("headers: %q, %q", lu, alice.Header.Get("List-Unsubscribe-Post"))
	}
	oneClick := strings.TrimPrefix(strings.Trim(lu, "<>"), baseURL)
	// The visible link, in both parts.
	manage := linkIn(t, alice.Text(), "/en/subscription?t=")
	if !strings.Contains(alice.HTML(), `href="`+baseURL+manage+`"`) {
		t.Error("no visible manage link in the HTML part")
	}

	// Opening the List-Unsubscribe address in a browser changes nothing.
	d := e.doc(oneClick, http.StatusOK)
	if attr(d.Find(`form.unsubscribe input[name=List-Unsubscribe]`), "value") != "One-Click" {
		t.Errorf("unsubscribe page: %s", must(d.Find("main").Html()))
	}
	if s := e.subscriber("alice@example.org"); s.Status != store.SubscriberActive {
		t.Fatal("GET unsubscribed")
	}
	// The body is required.
	if res := e.mailClient(http.MethodPost, oneClick, strings.NewReader(""), "application/x-www-form-urlencoded"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("POST without the body: %d", res.StatusCode)
	}
	// The RFC 8058 POST, as a mail provider sends it.
	res := e.mailClient(http.MethodPost, oneClick, strings.NewReader("List-Unsubscribe=One-Click"), "application/x-www-form-urlencoded")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("one-click: %d", res.StatusCode)
	}
	if s := e.subscriber("alice@example.org"); s.Status != store.SubscriberUnsubscribed || s.UnsubscribedAt == nil {
		t.Fatalf("alice: %+v", s)
	}
	// Again: still fine.
	if res := e.mailClient(http.MethodPost, oneClick, strings.NewReader("List-Unsubscribe=One-Click"), "application/x-www-form-urlencoded"); res.StatusCode != http.StatusOK {
		t.Errorf("second one-click: %d", res.StatusCode)
	}
	// multipart/form-data, as RFC 8058 also allows.
	boris := e.smtp.To("boris@example.org")[0]
	if boris.Subject() == alice.Subject() || boris.Header.Get("Content-Language") != "ru" {
		t.Errorf("boris got %q", boris.Subject())
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("List-Unsubscribe", "One-Click")
	mw.Close()
	borisURL := strings.TrimPrefix(strings.Trim(boris.Header.Get("List-Unsubscribe"), "<>"), baseURL)
	if res := e.mailClient(http.MethodPost, borisURL, &buf, mw.FormDataContentType()); res.StatusCode != http.StatusOK {
		t.Fatalf("multipart one-click: %d", res.StatusCode)
	}
	if s := e.subscriber("boris@example.org"); s.Status != store.SubscriberUnsubscribed {
		t.Errorf("boris: %+v", s)
	}
	// A browser's cross-site POST is still refused; a forged token too.
	req := httptest.NewRequest(http.MethodPost, oneClick, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("cross-site browser POST: %d", rec.Code)
	}
	if res := e.mailClient(http.MethodPost, "/en/subscription/unsubscribe?t=forged.token", strings.NewReader("List-Unsubscribe=One-Click"),
		"application/x-www-form-urlencoded"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("forged token: %d", res.StatusCode)
	}
	// An erased subscriber's link still answers "unsubscribed".
	erased := e.subscriber("erased@example.org")
	if err := e.st.EraseSubscriber(ctx, erased.ID, store.AuditEntry{Action: "subscriber.erase"}); err != nil {
		t.Fatal(err)
	}
	erasedURL := strings.TrimPrefix(strings.Trim(e.smtp.To("erased@example.org")[0].Header.Get("List-Unsubscribe"), "<>"), baseURL)
	if res := e.mailClient(http.MethodPost, erasedURL, strings.NewReader("List-Unsubscribe=One-Click"), "application/x-www-form-urlencoded"); res.StatusCode != http.StatusOK {
		t.Errorf("erased subscriber's one-click: %d", res.StatusCode)
	}

	// The manage page: the same for everyone until the subscriber acts.
	c := e.client()
	d = c.page(manage, http.StatusOK)
	if d.Find(`form.subscription-lang[method=post]:not([action]) input[name=lang]`).Length() != 2 || strings.Contains(must(d.Html()), "alice") {
		t.Fatalf("manage page: %s", must(d.Find("main").Html()))
	}
	d = expect(t, "resubscribe", c.post(manage, url.Values{"action": {"resubscribe"}}), http.StatusOK)
	if !strings.Contains(d.Find(".status").Text(), "alice@example.org") || e.subscriber("alice@example.org").Status != store.SubscriberActive {
		t.Errorf("after resubscribing: %q", d.Find("main").Text())
	}
	d = expect(t, "change language", c.post(manage, url.Values{"action": {"lang"}, "lang": {"ru"}}), http.StatusOK)
	if s := e.subscriber("alice@example.org"); s.Lang != "ru" || !strings.Contains(d.Find(".status").Text(), "in Russian") {
		t.Errorf("after the language change: %+v %q", s, d.Find(".status").Text())
	}
	expect(t, "bad language", c.post(manage, url.Values{"action": {"lang"}, "lang": {"xx"}}), http.StatusBadRequest)
	d = expect(t, "unsubscribe", c.post(manage, url.Values{"action": {"unsubscribe"}}), http.StatusOK)
	if s := e.subscriber("alice@example.org"); s.Status != store.SubscriberUnsubscribed || d.Find("h1").Text() != "You are unsubscribed" {
		t.Errorf("after unsubscribing: %+v", s)
	}
	expect(t, "forged manage link", c.post("/en/subscription?t=bQo1.AAAAAAAAAAAAAAAAAAAAAA", url.Values{}), http.StatusBadRequest)
	expect(t, "erased subscriber's manage link", c.post(linkIn(t, e.smtp.To("erased@example.org")[0].Text(), "/en/subscription?t="), url.Values{}), http.StatusNotFound)

	// A new issue reaches nobody who left.
	before := len(e.smtp.Messages())
	nl, _ := e.st.LatestNewsletter(ctx, "en")
	q, err := e.st.EnqueueIssue(ctx, nl.ID, []string{"en", "ru"}, 0, store.AuditEntry{Action: "newsletter.send"})
	if err != nil || q["en"]+q["ru"] != 0 {
		t.Errorf("queued %v %v", q, err)
	}
	time.Sleep(100 * time.Millisecond)
	if len(e.smtp.Messages()) != before {
		t.Error("mail after unsubscribing")
	}
}

// TestSubscribeConcurrentConfirm: two clicks at once make one subscriber.
func TestSubscribeConcurrentConfirm(t *testing.T) {
	e := newMailEnv(t, nil)
	link := "/en/subscribe/confirm?t=" + url.QueryEscape(e.signer.ConfirmToken(mail.Confirmation{Email: "twice@example.org", Lang: "en", Issued: time.Now()}))
	var wg sync.WaitGroup
	codes := make([]int, 4)
	for i := range codes {
		wg.Go(func() {
			c := e.client()
			res := c.post(link, url.Values{})
			codes[i] = res.StatusCode
		})
	}
	wg.Wait()
	for _, code := range codes {
		if code != http.StatusOK {
			t.Errorf("codes %v", codes)
		}
	}
	if n := e.count(`SELECT count(*) FROM subscribers`); n != 1 {
		t.Errorf("%d subscribers", n)
	}
}
