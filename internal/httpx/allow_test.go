package httpx

import "testing"

func TestPatternRegexp(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		pattern, path string
		match         bool
	}{
		{"/{lang}/news/", "/en/news/", true},
		{"/{lang}/news/", "/en/news", false},
		{"/{lang}/news/{slug}", "/ru/news/a-b-c", true},
		{"/{lang}/news/{slug}", "/ru/news/a/b", false},
		{"/admin/entries/{id:[0-9]+}", "/admin/entries/12", true},
		{"/admin/entries/{id:[0-9]+}", "/admin/entries/x", false},
		{"/static/*", "/static/style.abc.css", true},
		{"/img/{hash}/{spec}/{name}", "/img/ab/w640.jpeg/a.jpg", true},
		{"/a.b", "/aXb", false},
		{"/x/{n:[0-9]{2}}", "/x/12", true},
		{"/x/{n:[0-9]{2}}", "/x/123", false},
	} {
		if got := patternRegexp(tt.pattern).MatchString(tt.path); got != tt.match {
			t.Errorf("%s ~ %s: %v, want %v", tt.pattern, tt.path, got, tt.match)
		}
	}
}
