package admin_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vestnik/internal/sitetest"
)

// TestOutdatedMeansMeaning: adding a translation flags nothing; a comma
// or a typo flags nothing; a changed sentence flags the other language,
// whose editor then sees what changed; catching up brings it in line
// without flagging the source; the saver can overrule the default either
// way, and the message after saving says what happened.
func TestOutdatedMeansMeaning(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")

	// English only, then the Russian added.
	form := sitetest.NewsForm("draft")
	for _, k := range []string{"title.ru", "slug.ru", "summary.ru", "body.ru"} {
		form.Set(k, "")
	}
	form.Set("body.en", "The hotline answers from 9:00 to 18:00, Monday to Friday.\r\n\r\nCall before you travel.")
	id := sitetest.CreateEntry(t, c, "news", form)
	path := "/admin/entries/" + strconv.FormatInt(id, 10)

	states := func() (en, ru string) {
		d := c.Page(path, http.StatusOK)
		return d.Find("#lang-en .tstate").AttrOr("class", ""), d.Find("#lang-ru .tstate").AttrOr("class", "")
	}
	save := func(what string, edit func(f map[string][]string)) *goquery.Document {
		t.Helper()
		f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
		edit(f)
		res := c.Post(path, f)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", what, res.StatusCode)
		}
		return c.Page(path, http.StatusOK)
	}
	flash := func(d *goquery.Document) string { return strings.TrimSpace(d.Find(".flash").Text()) }
	want := func(what, wantEN, wantRU string) {
		t.Helper()
		if en, ru := states(); en != "tstate "+wantEN || ru != "tstate "+wantRU {
			t.Errorf("%s: English %q, Russian %q; want %s, %s", what, en, ru, wantEN, wantRU)
		}
	}

	d := save("add Russian", func(f map[string][]string) {
		f["title.ru"] = []string{"Часы работы горячей линии"}
		f["body.ru"] = []string{"Горячая линия работает с 9:00 до 18:00, с понедельника по пятницу.\r\n\r\nПозвоните перед поездкой."}
	})
	want("after adding Russian", "current", "current")
	if d.Find(`#lang-en input[name="update.en"]`).Length() != 3 {
		t.Error("no 'do the other languages need updating?' choice once two languages are saved")
	}

	d = save("a Russian comma", func(f map[string][]string) {
		f["body.ru"] = []string{"Горячая линия работает с 9:00 до 18:00 с понедельника по пятницу.\r\n\r\nПозвоните перед поездкой."}
	})
	want("after deleting a Russian comma", "current", "current")
	if got := flash(d); !strings.Contains(got, "small correction") {
		t.Errorf("flash after a comma: %q", got)
	}
	save("an English typo", func(f map[string][]string) {
		f["body.en"] = []string{"The hotline answers from 9:00 to 18:00, Monday to Friday.\r\n\r\nCall bfore you travel."}
	})
	save("the typo fixed", func(f map[string][]string) {
		f["body.en"] = []string{"The hotline answers from 9:00 to 18:00, Monday to Friday.\r\n\r\nCall before you travel."}
	})
	want("after an English typo and its fix", "current", "current")

	// The meaning changes: the Russian is flagged, and shows what changed.
	d = save("new hours", func(f map[string][]string) {
		f["body.en"] = []string{"The hotline answers from 9:00 to 20:00, Monday to Saturday.\r\n\r\nCall before you travel."}
	})
	if got := flash(d); got != "Saved. Now marked as needing an update: Russian." {
		t.Errorf("flash after new hours: %q", got)
	}
	want("after new hours in English", "current", "outdated")
	src := d.Find("#lang-ru .source-changes")
	if !strings.Contains(src.Find("summary").Text(), "English") ||
		!strings.Contains(src.Find(".diff-old .del").Text(), "18:00, Monday to Friday") ||
		!strings.Contains(src.Find(".diff-new .add").Text(), "20:00, Monday to Saturday") ||
		strings.Contains(src.Find(".del, .add").Text(), "Call before you travel") {
		t.Errorf("what changed in English, as the Russian column shows it:\n%s", src.Text())
	}
	if d.Find("#lang-en .source-changes").Length() != 0 {
		t.Error("the English, which is in line, shows changes")
	}

	// The translator catches up: the Russian is in line, the English is
	// not flagged by it.
	save("Russian caught up", func(f map[string][]string) {
		f["body.ru"] = []string{"Горячая линия работает с 9:00 до 20:00, с понедельника по субботу.\r\n\r\nПозвоните перед поездкой."}
	})
	want("after the Russian caught up", "current", "current")

	// Both languages changed in one save: neither needs an update, and
	// the message does not say one does.
	d = save("both changed", func(f map[string][]string) {
		f["body.en"] = []string{"The hotline answers from 8:00 to 20:00, Monday to Saturday.\r\n\r\nCall before you travel."}
		f["body.ru"] = []string{"Горячая линия работает с 8:00 до 20:00, с понедельника по субботу.\r\n\r\nПозвоните перед поездкой."}
	})
	want("after both changed", "current", "current")
	if got := flash(d); got != "Saved." {
		t.Errorf("flash after both changed: %q", got)
	}

	// The saver overrules the default, both ways.
	save("a comma, said to matter", func(f map[string][]string) {
		f["body.en"] = []string{"The hotline answers from 9:00 to 20:00 Monday to Saturday.\r\n\r\nCall before you travel."}
		f["update.en"] = []string{"yes"}
	})
	want("after a comma said to matter", "current", "outdated")
	save("Russian marked in line", func(f map[string][]string) { f["inline.ru"] = []string{"1"} })
	want("after marking the Russian in line", "current", "current")
	save("a sentence, said not to matter", func(f map[string][]string) {
		f["body.en"] = []string{"The hotline answers from 9:00 to 20:00 Monday to Saturday.\r\n\r\nCall before you travel. It is free."}
		f["update.en"] = []string{"no"}
	})
	want("after a sentence said not to matter", "current", "current")
	if d := c.Page(path, http.StatusOK); d.Find(`#lang-en input[name="update.en"][value=""]`).AttrOr("checked", "x") != "" {
		t.Error("the choice does not go back to its default after a save")
	}
}

// TestSaveWithoutChangeMakesNoRevision: saving the form as it was loaded
// creates no revision, no new version and no audit line, and says so.
func TestSaveWithoutChangeMakesNoRevision(t *testing.T) {
	t.Parallel()
	e := sitetest.New(t)
	c, _ := e.Login("ed@example.org", "editor")
	id := sitetest.CreateEntry(t, c, "news", sitetest.NewsForm("published"))
	path := "/admin/entries/" + strconv.FormatInt(id, 10)
	count := func() (revs, audit, version int) {
		revs = sitetest.Count(e, `SELECT count(*) FROM revisions WHERE entry_id = $1`, id)
		audit = sitetest.Count(e, `SELECT count(*) FROM audit_log WHERE object_type = 'entry' AND object_id = $1`, id)
		version = sitetest.Count(e, `SELECT version FROM entries WHERE id = $1`, id)
		return
	}
	// The first save of the edit form may write the publication time the
	// server chose; from then on the form is what the entry holds.
	c.Post(path, sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form"))
	r0, a0, v0 := count()
	for i := 0; i < 2; i++ {
		res := c.Post(path, sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form"))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save %d: %d", i, res.StatusCode)
		}
	}
	if r, a, v := count(); r != r0 || a != a0 || v != v0 {
		t.Errorf("unchanged saves: revisions %d→%d, audit %d→%d, version %d→%d", r0, r, a0, a, v0, v)
	}
	if got := strings.TrimSpace(c.Page(path, http.StatusOK).Find(".flash").Text()); !strings.Contains(got, "Nothing to save") {
		t.Errorf("flash %q", got)
	}
	// A real change still makes one.
	f := sitetest.FormOf(c.Page(path, http.StatusOK), "#entry-form")
	f.Set("summary.en", "A changed summary.")
	c.Post(path, f)
	if r, _, v := count(); r != r0+1 || v != v0+1 {
		t.Errorf("after a change: revisions %d, version %d; want %d, %d", r, v, r0+1, v0+1)
	}
}
