package admin

import (
	"strings"
	"testing"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/i18n"
	"vestnik/locales"
)

// TestRepublishedMessageHeld: Publish again names the languages it kept
// off for their review only when they were taken off with the rest; a
// draft held for its review is one of the drafts it left as they were,
// and said so once.
func TestRepublishedMessageHeld(t *testing.T) {
	t.Parallel()
	b, err := i18n.New(locales.FS, []string{"en", "ru", "tk"}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	tr := b.Get("en")
	text := func(s content.Status) content.Text { return content.Text{Title: "T", Body: "B", Status: s} }
	for _, c := range []struct {
		name      string
		ru        content.Status
		want, not string
	}{
		{"rewritten while off", content.StatusUnpublished,
			"Back on the site: English. Kept off the site until a reviewer publishes the changes a translator made while they were off: Russian.", "drafts"},
		{"a new translation", content.StatusDraft, "Back on the site: English. Still drafts, not published: Russian.", "Kept off"},
	} {
		d := content.Draft{Texts: map[string]content.Text{"en": text(content.StatusPublished), "ru": text(c.ru)}}
		got := republishedMessage(tr, d, []string{"en"}, map[string]bool{"ru": true}, b.Codes())
		if !strings.Contains(got, c.want) || strings.Contains(got, c.not) {
			t.Errorf("%s: %q", c.name, got)
		}
	}
}
