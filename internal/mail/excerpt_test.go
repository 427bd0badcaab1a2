package mail

import "testing"

func TestExcerpt(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]string{
		"<p>Call us <strong>24 hours</strong>.</p><p>Second paragraph.</p>":        "Call us 24 hours. Second paragraph.",
		"<p>Линия работает <strong>круглосуточно</strong>.</p>":                    "Линия работает круглосуточно.",
		"<ul><li>first point</li><li>second point</li></ul>":                       "first point second point",
		"<p>Read the <a href=\"https://x.org/r\">full report</a>, then call.</p>":  "Read the full report, then call.",
		"<p>Before you travel, call:</p><p>{{hotlines}}</p><p>Free of charge.</p>": "Before you travel, call: Free of charge.",
	} {
		if got := excerpt(body, 500); got != want {
			t.Errorf("excerpt(%q) = %q, want %q", body, got, want)
		}
	}
}
