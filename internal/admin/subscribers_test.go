package admin_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/mail"
	"vestnik/internal/mailtest"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestAdminSubscribers: admins list subscribers with status, language and
// dates, search them, count them per language, export CSV and erase an
// address for good. Editors see none of it.
func TestAdminSubscribers(t *testing.T) {
	t.Parallel()
	e := sitetest.NewMail(t, nil)
	ctx := context.Background()
	for _, s := range [][2]string{{"anna@example.org", "ru"}, {"bob@example.org", "en"}, {"carol@example.org", "en"}, {"=cmd@example.org", "en"}} {
		if _, err := e.Store.Subscribe(ctx, s[0], s[1], time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	carol := e.Subscriber("carol@example.org")
	if _, err := e.Store.Unsubscribe(ctx, carol.ID); err != nil {
		t.Fatal(err)
	}
	ed, _ := e.Login("ed@example.org", "editor")
	for _, p := range []string{"/admin/subscribers", "/admin/subscribers/1", "/admin/outbox", "/admin/outbox/1"} {
		if res := ed.Get(p); res.StatusCode != http.StatusForbidden {
			t.Errorf("editor GET %s: %d", p, res.StatusCode)
		}
	}
	if res := ed.Post("/admin/subscribers.csv", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("editor export: %d", res.StatusCode)
	}
	if res := ed.Post("/admin/subscribers/1/erase", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("editor erase: %d", res.StatusCode)
	}
	if res := ed.Post("/admin/subscribers/1/unsubscribe", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("editor unsubscribe: %d", res.StatusCode)
	}
	adm, _ := e.Login("chief@example.org", "admin")

	d := adm.Page("/admin/subscribers", http.StatusOK)
	counts := map[string]string{}
	d.Find("table.counts tr[data-lang]").Each(func(_ int, s *goquery.Selection) {
		counts[sitetest.Attr(s, "data-lang")] = s.Find("td.active").Text() + "/" + s.Find("td.unsubscribed").Text()
	})
	if counts["en"] != "2/1" || counts["ru"] != "1/0" {
		t.Errorf("counts %v", counts)
	}
	if n := d.Find("table.subscribers tr[data-subscriber]").Length(); n != 4 {
		t.Errorf("%d rows", n)
	}
	row := d.Find(`table.subscribers tr[data-subscriber="` + strconv.FormatInt(carol.ID, 10) + `"]`)
	if !strings.Contains(row.Text(), "Unsubscribed") || row.Find("time").Length() != 2 {
		t.Errorf("carol's row: %q", row.Text())
	}
	d = adm.Page("/admin/subscribers?q=ANNA", http.StatusOK)
	if n := d.Find("table.subscribers tr[data-subscriber]").Length(); n != 1 || !strings.Contains(d.Find("table.subscribers").Text(), "anna@example.org") {
		t.Errorf("search: %d rows", n)
	}
	if d := adm.Page("/admin/subscribers?status=active&lang=en", http.StatusOK); d.Find("table.subscribers tr[data-subscriber]").Length() != 2 {
		t.Error("filter by status and language")
	}
	for _, bad := range []string{"?status=gone", "?lang=xx", "?page=0", "?q=%00"} {
		if res := adm.Get("/admin/subscribers" + bad); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d", bad, res.StatusCode)
		}
	}

	// CSV export, with a formula-looking address defused.
	// A GET (a link from another site, a prefetch) exports nothing: the
	// export is recorded, so it is a POST, held to the same origin.
	if res := adm.Get("/admin/subscribers.csv"); res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET export: %d", res.StatusCode)
	}
	if res := adm.Post("/admin/subscribers.csv", url.Values{}, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site export: %d", res.StatusCode)
	}
	if action := adm.Page("/admin/subscribers", http.StatusOK).Find(`form[action^="/admin/subscribers.csv"]`).AttrOr("method", ""); action != "post" {
		t.Errorf("the export form's method %q", action)
	}
	res := adm.Post("/admin/subscribers.csv", url.Values{})
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), `attachment; filename="subscribers-`) {
		t.Fatalf("csv: %d %v", res.StatusCode, res.Header)
	}
	records, err := csv.NewReader(res.Body).ReadAll()
	if err != nil || len(records) != 5 || strings.Join(records[0], ",") != "email,lang,status,confirmed_at,unsubscribed_at,created_at" {
		t.Fatalf("csv: %v %v", records, err)
	}
	var cmd []string
	for _, r := range records[1:] {
		if strings.Contains(r[0], "cmd@") {
			cmd = r
		}
		if _, err := time.Parse(time.RFC3339, r[3]); err != nil {
			t.Errorf("confirmed_at %q", r[3])
		}
	}
	if cmd == nil || cmd[0] != "'=cmd@example.org" {
		t.Errorf("formula cell: %v", cmd)
	}
	// Every address left the site: the audit log says who took them.
	if n := sitetest.Count(e.Env, `SELECT count(*) FROM audit_log WHERE action = 'subscriber.export' AND summary = '4'`); n != 1 {
		t.Errorf("%d audit lines of the export", n)
	}
	res = adm.Post("/admin/subscribers.csv?lang=ru", url.Values{})
	if records, _ := csv.NewReader(res.Body).ReadAll(); len(records) != 2 || records[1][0] != "anna@example.org" {
		t.Errorf("filtered csv: %v", records)
	}

	// An admin unsubscribes someone who asked by phone: the record stays.
	bob := e.Subscriber("bob@example.org")
	bobPage := "/admin/subscribers/" + strconv.FormatInt(bob.ID, 10)
	if q := adm.Page(bobPage, http.StatusOK).Find(`form[action$="/unsubscribe"]`).AttrOr("data-confirm", ""); !strings.Contains(q, "bob@example.org") {
		t.Errorf("unsubscribe asks %q", q)
	}
	if res := adm.Post(bobPage+"/unsubscribe", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unsubscribe: %d", res.StatusCode)
	}
	if d := adm.Page(bobPage, http.StatusOK); !strings.Contains(d.Find(".flash").Text(), "no more newsletters") ||
		d.Find(`form[action$="/unsubscribe"]`).Length() != 0 || !strings.Contains(d.Find("table.subscriber").Text(), "Unsubscribed") {
		t.Errorf("after unsubscribing: %q", d.Find("main").Text())
	}
	if n := sitetest.Count(e.Env, `SELECT count(*) FROM audit_log WHERE action = 'subscriber.unsubscribe' AND object_id = $1`, bob.ID); n != 1 {
		t.Errorf("%d audit lines of the unsubscription", n)
	}

	// Erase anna: the address goes everywhere it was.
	anna := e.Subscriber("anna@example.org")
	nl, _ := e.Store.LatestNewsletter(ctx, "ru")
	e.SMTP.OnRcpt(func(string, int) error { return mailtest.Permanent("held") })
	if _, err := e.Store.EnqueueIssue(ctx, nl.ID, []string{"ru"}, 0, store.AuditEntry{Action: "newsletter.send"}); err != nil {
		t.Fatal(err)
	}
	if err := e.Store.RecordSubscribeRequest(ctx, "Anna@example.org", "ru", netip.MustParseAddr("192.0.2.1"), true); err != nil {
		t.Fatal(err)
	}
	if err := e.Store.SaveOutbox(ctx, store.OutboxMessage{MessageID: "x@y", To: "anna@example.org", Subject: "s", Raw: []byte("r")}); err != nil {
		t.Fatal(err)
	}
	d = adm.Page("/admin/subscribers/"+strconv.FormatInt(anna.ID, 10), http.StatusOK)
	if d.Find("h1").Text() != "anna@example.org" || !strings.Contains(d.Find(`form.danger-zone[action$="/erase"]`).AttrOr("data-confirm", ""), "cannot be undone") {
		t.Fatal("subscriber page")
	}
	res = adm.Post("/admin/subscribers/"+strconv.FormatInt(anna.ID, 10)+"/erase", url.Values{})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("erase: %d", res.StatusCode)
	}
	for what, q := range map[string]string{
		"subscribers": `SELECT count(*) FROM subscribers WHERE lower(email) = 'anna@example.org'`,
		"queue":       `SELECT count(*) FROM mail_queue q LEFT JOIN subscribers s ON s.id = q.subscriber_id WHERE lower(coalesce(s.email, q.to_addr)) = 'anna@example.org' OR q.subscriber_id = ` + strconv.FormatInt(anna.ID, 10),
		"outbox":      `SELECT count(*) FROM mail_outbox WHERE lower(to_addr) = 'anna@example.org'`,
		"sign-ups":    `SELECT count(*) FROM subscribe_requests WHERE email_hash = '` + store.EmailHash("anna@example.org") + `'`,
	} {
		if n := sitetest.Count(e.Env, q); n != 0 {
			t.Errorf("%s still has anna: %d", what, n)
		}
	}
	if d := adm.Page("/admin/subscribers", http.StatusOK); d.Find(".flash").Text() != "The address was erased." || strings.Contains(d.Text(), "anna@") {
		t.Error("after erasing")
	}
	lines, _ := e.Store.AuditLog(ctx, store.AuditFilter{ObjectType: "subscriber", Action: "subscriber.erase"})
	if len(lines) != 1 || lines[0].Action != "subscriber.erase" || lines[0].ObjectID != anna.ID || strings.Contains(lines[0].Summary, "anna") {
		t.Errorf("audit %+v", lines)
	}
	adm.Page("/admin/subscribers/"+strconv.FormatInt(anna.ID, 10), http.StatusNotFound)
	if res := adm.Post("/admin/subscribers/"+strconv.FormatInt(anna.ID, 10)+"/erase", url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("erasing twice: %d", res.StatusCode)
	}
	// A language turned off keeps its subscribers, named in its own words.
	if _, err := e.Store.Subscribe(ctx, "dana@example.org", "tk", time.Now()); err != nil {
		t.Fatal(err)
	}
	if got := adm.Page("/admin/subscribers", http.StatusOK).Find(`table.counts tr[data-lang="tk"]`).Text(); !strings.Contains(got, "Türkmençe") {
		t.Errorf("the Turkmen row: %q", got)
	}
}

// TestOutbox: without SMTP, messages are kept for the admins to read, with
// their links, the HTML part framed under a sandboxing CSP, and the source.
func TestOutbox(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	sitetest.StartSender(t, e.Store, &mail.Outbox{Store: e.Store}, sitetest.BaseURL)
	c := e.Client()
	if res := c.Post("/ru/subscribe", url.Values{"email": {"dev@example.org"}, "lang": {"ru"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-up: %d", res.StatusCode)
	}
	sitetest.Eventually(t, time.Minute, "a message in the outbox", func() bool {
		return sitetest.Count(e, `SELECT count(*) FROM mail_outbox`) > 0
	})
	adm, _ := e.Login("chief@example.org", "admin")
	d := adm.Page("/admin/outbox", http.StatusOK)
	link := d.Find(`table.outbox a[href^="/admin/outbox/"]`)
	if link.Length() != 1 || link.Text() != "Подтвердите подписку на бюллетень МОМ" || !strings.Contains(d.Find("table.outbox").Text(), "dev@example.org") {
		t.Fatalf("outbox: %s", d.Find("main").Text())
	}
	item := sitetest.Attr(link, "href")
	d = adm.Page(item, http.StatusOK)
	confirm := d.Find(`ul.message-links a[href*="/ru/subscribe/confirm?t="]`)
	if confirm.Length() != 1 || !strings.HasPrefix(sitetest.Attr(confirm, "href"), sitetest.BaseURL) {
		t.Fatalf("links: %s", d.Find("ul.message-links").Text())
	}
	if !strings.Contains(d.Find("pre.body-text").Last().Text(), "List-Unsubscribe") && !strings.Contains(d.Find("pre.body-text").Last().Text(), "Message-ID") {
		t.Error("no source")
	}
	frame := d.Find(`iframe[sandbox][src="` + item + `/html"]`)
	if frame.Length() != 1 {
		t.Fatal("no framed HTML part")
	}
	res := adm.Get(item + "/html")
	csp := res.Header.Get("Content-Security-Policy")
	if res.StatusCode != http.StatusOK || !strings.Contains(csp, "sandbox") || !strings.Contains(csp, "frame-ancestors 'self'") ||
		strings.Contains(csp, "script-src") || res.Header.Get("X-Frame-Options") != "SAMEORIGIN" {
		t.Errorf("HTML part: %d %q", res.StatusCode, csp)
	}
	// Following the link confirms, as it would from a mailbox.
	u, _ := url.Parse(sitetest.Attr(confirm, "href"))
	d = sitetest.Expect(t, "confirm from the outbox", c.Post(u.RequestURI(), url.Values{}), http.StatusOK)
	if d.Find("h1").Text() != "Вы подписаны" {
		t.Errorf("h1 %q", d.Find("h1").Text())
	}
	adm.Page("/admin/outbox/999999", http.StatusNotFound)
	adm.Page("/admin/outbox/x", http.StatusNotFound)
}

// TestDashboardCountsServedLanguages: the dashboard counts the
// subscribers of the languages the site serves; Turkmen, shipped turned
// off, is not among them (the subscribers' page still counts it).
func TestDashboardCountsServedLanguages(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	a, _ := e.Login("chief@example.org", "admin")
	rows := a.Page("/admin/", http.StatusOK).Find(".subscribers tbody tr")
	var langs []string
	rows.Each(func(_ int, r *goquery.Selection) { langs = append(langs, r.AttrOr("data-lang", "")) })
	if strings.Join(langs, ",") != "en,ru" {
		t.Errorf("the dashboard counts subscribers in %v, want en and ru", langs)
	}
	if a.Page("/admin/subscribers", http.StatusOK).Find(`.counts tr[data-lang="tk"]`).Length() != 1 {
		t.Error("the subscribers' page no longer counts Turkmen")
	}
}
