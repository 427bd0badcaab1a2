package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/sitetest"
)

// bannerTels lists the tel: links of a public page's hotline banner.
func bannerTels(e *sitetest.Env, path string) []string {
	e.T.Helper()
	var tels []string
	e.Doc(path, http.StatusOK).Find(`.hotline-banner a[href^="tel:"]`).Each(func(_ int, s *goquery.Selection) {
		tels = append(tels, strings.TrimPrefix(sitetest.Attr(s, "href"), "tel:"))
	})
	return tels
}

// hotlineRows lists the admin list's rows as id → E.164, in order.
func hotlineRows(d *goquery.Document) (ids []string, numbers []string) {
	d.Find("table.hotlines tbody tr[data-hotline]").Each(func(_ int, s *goquery.Selection) {
		ids = append(ids, sitetest.Attr(s, "data-hotline"))
		numbers = append(numbers, s.Find("code.e164").Text())
	})
	return ids, numbers
}

func TestAdminHotlines(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, u := e.Login("hot@example.org", "editor")
	const first, second = "+99312463514", "+99342232229"
	if got := bannerTels(e, "/ru/"); strings.Join(got, " ") != first+" "+second {
		t.Fatalf("demo banner %v", got)
	}

	// The list: in order, labels and hours in every language, state.
	d := c.Page("/admin/hotlines", http.StatusOK)
	_, numbers := hotlineRows(d)
	if strings.Join(numbers, " ") != first+" "+second {
		t.Fatalf("list %v", numbers)
	}
	row := d.Find("tr[data-hotline]").First()
	if row.Find(`td[lang=en] .label`).Text() == "" || row.Find(`td[lang=ru] .label`).Text() == "" ||
		row.Find(`td[lang=ru] .hours`).Text() == "" || row.Find(".status.active").Length() != 1 {
		t.Errorf("row %q", row.Text())
	}
	if d.Find(`thead th[lang=en]`).Length() != 1 || d.Find(`thead th[lang=ru]`).Length() != 1 {
		t.Error("no column per language")
	}

	// A new number: spaces and dashes dropped, shown as typed when empty.
	d = c.Page("/admin/hotlines/new", http.StatusOK)
	form := sitetest.FormOf(d, "form.hotline-form")
	if _, ok := form["label.ru"]; !ok || form.Get("active") != "1" {
		t.Fatalf("new form %v", form)
	}
	form.Set("e164", "+993 12 00-11-22")
	form.Set("label.en", "Test line")
	form.Set("label.ru", "Тестовая линия")
	form.Set("hours.ru", "9:00–18:00")
	res := c.Post("/admin/hotlines/new", form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/hotlines" {
		t.Fatalf("create: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	d = c.Page("/admin/hotlines", http.StatusOK)
	if got := d.Find(".flash").Text(); got != "The number was added." {
		t.Errorf("flash %q", got)
	}
	ids, numbers := hotlineRows(d)
	const added = "+99312001122"
	if len(ids) != 3 || numbers[2] != added {
		t.Fatalf("after create %v", numbers)
	}
	newID := ids[2]
	last := d.Find("tr[data-hotline]").Last()
	if last.Find("td.number a").Text() != "+993 12 00-11-22" || last.Find(`td[lang=ru] .label`).Text() != "Тестовая линия" ||
		last.Find(`td[lang=ru] .hours`).Text() != "9:00–18:00" || last.Find(`td[lang=en] .label`).Text() != "Test line" {
		t.Errorf("new row %q", last.Text())
	}
	if got := bannerTels(e, "/ru/"); len(got) != 3 || got[2] != added {
		t.Errorf("banner after create %v", got)
	}

	// The same number twice is refused, however it is written.
	form = sitetest.FormOf(c.Page("/admin/hotlines/new", http.StatusOK), "form.hotline-form")
	form.Set("e164", "+993 12 46 35 14")
	d = sitetest.Expect(t, "a number already listed", c.Post("/admin/hotlines/new", form), http.StatusUnprocessableEntity)
	if got := d.Find(".field-error").Text(); !strings.Contains(got, "already in the list") {
		t.Errorf("duplicate: %q", got)
	}

	// Validation: 422, messages beside the fields, everything typed kept.
	edit := "/admin/hotlines/" + newID
	form = sitetest.FormOf(c.Page(edit, http.StatusOK), "form.hotline-form")
	form.Set("e164", "8 12 34")
	form.Set("display", "8 (12) 34")
	form.Set("label.ru", "Метка, которую не потерять")
	form.Set("hours.en", strings.Repeat("x", 201))
	res = c.Post(edit, form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid: %d", res.StatusCode)
	}
	d = sitetest.ParseDoc(t, res)
	if sitetest.Attr(d.Find(`input[name=e164]`), "value") != "8 12 34" || sitetest.Attr(d.Find(`input[name=display]`), "value") != "8 (12) 34" ||
		sitetest.Attr(d.Find(`input[name="label.ru"]`), "value") != "Метка, которую не потерять" ||
		sitetest.Attr(d.Find(`input[name="hours.en"]`), "value") != strings.Repeat("x", 201) {
		t.Error("typed input lost")
	}
	errs := d.Find("main .field-error")
	if errs.Length() != 2 || !strings.Contains(errs.First().Text(), "international format") ||
		!strings.Contains(errs.Last().Text(), "At most 200") || d.Find(".form-error").Length() != 1 {
		t.Errorf("errors %d: %q", errs.Length(), errs.Text())
	}
	// In Russian for a Russian admin.
	if res := c.Post("/admin/account/lang", url.Values{"lang": {"ru"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatal(res.StatusCode)
	}
	res = c.Post(edit, form)
	if msg := sitetest.ParseDoc(t, res).Find(".field-error").First().Text(); res.StatusCode != 422 || !strings.Contains(msg, "международном формате") {
		t.Errorf("russian: %d %q", res.StatusCode, msg)
	}
	c.Post("/admin/account/lang", url.Values{"lang": {"en"}})
	if got := bannerTels(e, "/ru/"); got[2] != added {
		t.Error("an invalid form changed the number")
	}

	// Editing the first number shows at once on the public pages.
	form = sitetest.FormOf(c.Page("/admin/hotlines/"+ids[0], http.StatusOK), "form.hotline-form")
	if form.Get("e164") != first {
		t.Fatalf("edit form %v", form)
	}
	const changed = "+99312463599"
	form.Set("e164", changed)
	form.Set("display", "+993 12 46-35-99")
	if res := c.Post("/admin/hotlines/"+ids[0], form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d", res.StatusCode)
	}
	for _, p := range []string{"/ru/", "/en/", "/en/hotline"} {
		d := e.Doc(p, http.StatusOK)
		if d.Find(`.hotline-banner a[href="tel:`+changed+`"]`).Text() != "+993 12 46-35-99" || d.Find(`a[href="tel:`+first+`"]`).Length() != 0 {
			t.Errorf("%s: banner %v", p, bannerTels(e, p))
		}
	}

	// The number as shown must be that number, in international or
	// national form; one left empty follows the number when it changes.
	for display, ok := range map[string]bool{"+993 12 46-35-98": false, "call us!": false, "8 (12) 46-35-99": true, "46-35-99": true, "35-99": false} {
		form = sitetest.FormOf(c.Page("/admin/hotlines/"+ids[0], http.StatusOK), "form.hotline-form")
		form.Set("display", display)
		res := c.Post("/admin/hotlines/"+ids[0], form)
		if ok != (res.StatusCode == http.StatusSeeOther) {
			t.Errorf("display %q for %s: %d", display, changed, res.StatusCode)
		}
		if !ok && !strings.Contains(sitetest.ParseDoc(t, res).Find(".field-error").Text(), "must be the same number") {
			t.Errorf("display %q: no message", display)
		}
	}
	form = sitetest.FormOf(c.Page("/admin/hotlines/"+ids[0], http.StatusOK), "form.hotline-form")
	form.Set("display", "")
	c.Post("/admin/hotlines/"+ids[0], form)
	form = sitetest.FormOf(c.Page("/admin/hotlines/"+ids[0], http.StatusOK), "form.hotline-form")
	if form.Get("display") != "" {
		t.Errorf("a display left empty comes back as %q", form.Get("display"))
	}
	form.Set("e164", "+99312463598")
	c.Post("/admin/hotlines/"+ids[0], form)
	if got := e.Doc("/en/", http.StatusOK).Find(`.hotline-banner a[href="tel:+99312463598"]`).Text(); got != "+99312463598" {
		t.Errorf("a display left empty did not follow the number: %q", got)
	}
	form.Set("e164", changed)
	form.Set("display", "+993 12 46-35-99")
	c.Post("/admin/hotlines/"+ids[0], form)

	// Reorder: the new number up one place, then the banner follows.
	move := func(id, dir string) {
		t.Helper()
		res := c.Post("/admin/hotlines/"+id+"/move", url.Values{"dir": {dir}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("move %s %s: %d", id, dir, res.StatusCode)
		}
	}
	move(newID, "up")
	if got := bannerTels(e, "/en/"); strings.Join(got, " ") != changed+" "+added+" "+second {
		t.Errorf("banner after move %v", got)
	}
	d = c.Page("/admin/hotlines", http.StatusOK)
	if _, numbers := hotlineRows(d); strings.Join(numbers, " ") != changed+" "+added+" "+second {
		t.Errorf("list after move %v", numbers)
	}
	if d.Find(`tr[data-hotline]`).First().Find(`input[name=dir][value=up]`).Length() != 0 ||
		d.Find(`tr[data-hotline]`).Last().Find(`input[name=dir][value=down]`).Length() != 0 {
		t.Error("move buttons past the ends")
	}
	move(ids[0], "up") // already first: nothing happens

	// Deactivate hides it from the site; activate brings it back.
	setActive := func(id, v string) {
		t.Helper()
		if res := c.Post("/admin/hotlines/"+id+"/active", url.Values{"active": {v}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("active=%s: %d", v, res.StatusCode)
		}
	}
	setActive(ids[0], "0")
	if got := bannerTels(e, "/ru/"); strings.Join(got, " ") != added+" "+second {
		t.Errorf("banner after deactivate %v", got)
	}
	d = c.Page("/admin/hotlines", http.StatusOK)
	if d.Find(`tr[data-hotline="`+ids[0]+`"].inactive .status.inactive`).Length() != 1 {
		t.Error("inactive number not marked")
	}
	setActive(ids[0], "1")
	if got := bannerTels(e, "/ru/"); len(got) != 3 || got[0] != changed {
		t.Errorf("banner after activate %v", got)
	}
	// The edit form's checkbox hides it too.
	form = sitetest.FormOf(c.Page(edit, http.StatusOK), "form.hotline-form")
	form.Del("active")
	c.Post(edit, form)
	if got := bannerTels(e, "/ru/"); len(got) != 2 {
		t.Errorf("banner after unchecking active %v", got)
	}
	// With every number hidden, no banner tells visitors to call; the
	// hotline page says the numbers will come.
	setActive(ids[0], "0")
	setActive(ids[1], "0")
	for _, p := range []string{"/ru/", "/en/hotline"} {
		if d := e.Doc(p, http.StatusOK); d.Find(".hotline-banner").Length() != 0 {
			t.Errorf("%s: a banner with nothing to call: %q", p, d.Find(".hotline-banner").Text())
		}
	}
	if d := e.Doc("/en/hotline", http.StatusOK); !strings.Contains(d.Find("main").Text(), "will be published here soon") {
		t.Errorf("hotline page without numbers: %q", d.Find("main").Text())
	}
	setActive(ids[1], "1")
	if got := bannerTels(e, "/ru/"); strings.Join(got, " ") != second {
		t.Errorf("banner after one number came back %v", got)
	}
	// Hiding the only number on show asks first, or (on its own page)
	// says what unticking does.
	if c.Page("/admin/hotlines/"+ids[1], http.StatusOK).Find("[data-only-shown]").Length() != 1 {
		t.Error("the only number on show: its page does not say the banner goes with it")
	}
	d = c.Page("/admin/hotlines", http.StatusOK)
	if q := d.Find(`tr[data-hotline="`+ids[1]+`"] form[action$="/active"]`).AttrOr("data-confirm", ""); !strings.Contains(q, "removes the hotline banner") {
		t.Errorf("hiding the last number asks %q", q)
	}
	// A hidden number can be deleted; one on show cannot.
	if res := c.Post("/admin/hotlines/"+ids[1]+"/delete", nil); res.StatusCode != http.StatusSeeOther ||
		!strings.Contains(c.Page("/admin/hotlines", http.StatusOK).Find(".flash").Text(), "hide it first") {
		t.Errorf("deleting a number on show: %d", res.StatusCode)
	}
	if d.Find(`tr[data-hotline="`+ids[0]+`"] form[action$="/delete"][data-confirm]`).Length() != 1 {
		t.Error("no Delete, asking first, for a hidden number")
	}
	if res := c.Post("/admin/hotlines/"+ids[0]+"/delete", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM hotlines WHERE id = $1`, ids[0]); n != 0 {
		t.Error("the hidden number was not deleted")
	}
	if _, numbers := hotlineRows(c.Page("/admin/hotlines", http.StatusOK)); len(numbers) != 2 {
		t.Errorf("after deleting: %v", numbers)
	}

	// Bad requests.
	for _, tt := range []struct {
		path   string
		form   url.Values
		status int
	}{
		{"/admin/hotlines/" + newID + "/move", url.Values{"dir": {"sideways"}}, 400},
		{"/admin/hotlines/" + newID + "/active", url.Values{"active": {"maybe"}}, 400},
		{"/admin/hotlines/999999/move", url.Values{"dir": {"up"}}, 404},
		{"/admin/hotlines/999999/active", url.Values{"active": {"1"}}, 404},
		{"/admin/hotlines/999999/delete", nil, 404},
		{"/admin/hotlines/999999", url.Values{"e164": {"+99312345678"}}, 404},
		{"/admin/hotlines/abc", url.Values{"e164": {"+99312345678"}}, 404},
	} {
		if res := c.Post(tt.path, tt.form); res.StatusCode != tt.status {
			t.Errorf("%s %v: %d, want %d", tt.path, tt.form, res.StatusCode, tt.status)
		}
	}
	for _, p := range []string{"/admin/hotlines/999999", "/admin/hotlines/0", "/admin/hotlines/x"} {
		if res := c.Get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}

	// Every change has its audit line, by this editor, from this address.
	rows, err := e.Pool.Query(context.Background(), `SELECT action FROM audit_log
		WHERE object_type = 'hotline' AND user_id = $1 AND ip = '192.0.2.10' ORDER BY id`, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for rows.Next() {
		var a string
		rows.Scan(&a)
		actions = append(actions, a)
	}
	want := "hotline.create hotline.update" + strings.Repeat(" hotline.update", 5) + " hotline.move hotline.deactivate hotline.activate hotline.update" +
		" hotline.deactivate hotline.deactivate hotline.activate hotline.delete"
	if strings.Join(actions, " ") != want {
		t.Errorf("audit %v, want %s", actions, want)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE action = 'hotline.update' AND summary = $1`, first+" → "+changed); n != 1 {
		t.Error("update summary lacks the old and new number")
	}
}

// TestHotlineRoutesRefuseStrangers: without a session every hotline route
// refuses (302 to the login for pages, 401 for posts); a cross-origin post
// is 403 even with one, and changes nothing.
func TestHotlineRoutesRefuseStrangers(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	var id int64
	if err := e.Pool.QueryRow(context.Background(), `SELECT min(id) FROM hotlines`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	item := "/admin/hotlines/" + strconv.FormatInt(id, 10)
	stranger := e.Client()
	for _, p := range []string{"/admin/hotlines", "/admin/hotlines/new", item} {
		res := stranger.Get(p)
		if res.StatusCode != http.StatusFound || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login?next=") {
			t.Errorf("GET %s: %d %q", p, res.StatusCode, res.Header.Get("Location"))
		}
	}
	posts := []struct {
		path string
		form url.Values
	}{
		{"/admin/hotlines/new", url.Values{"e164": {"+99312345678"}}},
		{item, url.Values{"e164": {"+99312345678"}}},
		{item + "/move", url.Values{"dir": {"down"}}},
		{item + "/active", url.Values{"active": {"0"}}},
		{item + "/delete", nil},
	}
	for _, p := range posts {
		if res := stranger.Post(p.path, p.form); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("POST %s: %d", p.path, res.StatusCode)
		}
	}
	c, _ := e.Login("cross-hot@example.org", "editor")
	for _, p := range posts {
		if res := c.Post(p.path, p.form, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-origin POST %s: %d", p.path, res.StatusCode)
		}
	}
	if got := bannerTels(e, "/en/"); strings.Join(got, " ") != "+99312463514 +99342232229" {
		t.Errorf("banner changed: %v", got)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE object_type = 'hotline'`); n != 0 {
		t.Errorf("%d audit lines", n)
	}
}

// TestHotlineLabelsAndTypedNumber: a number on the site needs a label in
// each of the site's languages (the site shows no language's text on
// another's pages, so none is borrowed): saving one without is refused
// beside the missing label, and showing one from the list sends the
// editor to its form. A hidden number may wait for its labels. The number
// as typed is what visitors read when "Number as shown" is left empty;
// the form shows the digits the link dials.
func TestHotlineLabelsAndTypedNumber(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("labels@example.org", "editor")
	const typed, number = "+7 (727) 123-45-67", "+77271234567"
	count := func() int { return sitetest.Count(e, `SELECT count(*) FROM hotlines WHERE e164 = $1`, number) }

	form := sitetest.FormOf(c.Page("/admin/hotlines/new", http.StatusOK), "form.hotline-form")
	form.Set("e164", typed)
	form.Set("label.ru", "Алматы")
	form.Set("hours.en", "Mon–Fri, 9:00–18:00")
	d := sitetest.Expect(t, "a number on show without an English label", c.Post("/admin/hotlines/new", form), http.StatusUnprocessableEntity)
	if got := d.Find(`#lang-en .field-error`).Text(); !strings.Contains(got, "needs a label in English") {
		t.Errorf("English label: %q", got)
	}
	if d.Find(`#lang-ru .field-error`).Length() != 0 {
		t.Errorf("an error on the Russian: %q", d.Find(`#lang-ru .field-error`).Text())
	}
	if sitetest.Attr(d.Find(`input[name=e164]`), "value") != typed || sitetest.Attr(d.Find(`input[name="label.ru"]`), "value") != "Алматы" ||
		sitetest.Attr(d.Find(`input[name="hours.en"]`), "value") != "Mon–Fri, 9:00–18:00" {
		t.Error("typed input lost")
	}
	if count() != 0 {
		t.Fatal("a refused number was saved")
	}
	if res := c.Post("/admin/account/lang", url.Values{"lang": {"ru"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatal(res.StatusCode)
	}
	d = sitetest.Expect(t, "in Russian", c.Post("/admin/hotlines/new", form), http.StatusUnprocessableEntity)
	if got := d.Find(`#lang-en .field-error`).Text(); !strings.Contains(got, "нужна подпись на английском") {
		t.Errorf("English label, in Russian: %q", got)
	}
	c.Post("/admin/account/lang", url.Values{"lang": {"en"}})

	// Hidden, it may wait for its label.
	form.Del("active")
	if res := c.Post("/admin/hotlines/new", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a hidden number without an English label: %d", res.StatusCode)
	}
	var id int64
	if err := e.Pool.QueryRow(t.Context(), `SELECT id FROM hotlines WHERE e164 = $1`, number).Scan(&id); err != nil {
		t.Fatal(err)
	}
	edit := "/admin/hotlines/" + strconv.FormatInt(id, 10)
	row := c.Page("/admin/hotlines", http.StatusOK).Find(`tr[data-hotline="` + strconv.FormatInt(id, 10) + `"]`)
	if row.Find("td.number a").Text() != typed || row.Find("code.e164").Text() != number {
		t.Errorf("listed as %q (%q)", row.Find("td.number a").Text(), row.Find("code.e164").Text())
	}
	d = c.Page(edit, http.StatusOK)
	if sitetest.Attr(d.Find(`input[name=e164]`), "value") != number || sitetest.Attr(d.Find(`input[name=display]`), "value") != typed {
		t.Errorf("the form shows %q as %q", sitetest.Attr(d.Find(`input[name=e164]`), "value"), sitetest.Attr(d.Find(`input[name=display]`), "value"))
	}

	// Shown from the list: refused, and sent to the form.
	res := c.Post(edit+"/active", url.Values{"active": {"1"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != edit {
		t.Fatalf("show without an English label: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if got := c.Page(edit, http.StatusOK).Find(".flash").Text(); !strings.Contains(got, "still hidden") || !strings.Contains(got, "without a label: English") {
		t.Errorf("flash %q", got)
	}
	if n := sitetest.Count(e, `SELECT count(*) FROM hotlines WHERE id = $1 AND active`, id); n != 0 {
		t.Error("shown without an English label")
	}
	for _, p := range []string{"/en/", "/ru/"} {
		if tels := bannerTels(e, p); strings.Contains(strings.Join(tels, " "), number) {
			t.Errorf("%s: banner %v", p, tels)
		}
	}

	// With its label, on show, as typed.
	form = sitetest.FormOf(c.Page(edit, http.StatusOK), "form.hotline-form")
	form.Set("label.en", "Almaty")
	form.Set("active", "1")
	if res := c.Post(edit, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("with its label: %d", res.StatusCode)
	}
	for p, label := range map[string]string{"/en/": "Almaty", "/ru/": "Алматы"} {
		li := e.Doc(p, http.StatusOK).Find(`.hotline-banner a[href="tel:` + number + `"]`).Parent()
		if li.Find("a").Text() != typed || li.Find(".label").Text() != label {
			t.Errorf("%s: banner shows %q", p, li.Text())
		}
	}
}
