package markdown

import (
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	r := New()
	tests := []struct {
		name, in string
		want     []string // substrings that must appear
		not      []string // substrings that must not
	}{
		{"paragraph", "Hello **world**", []string{"<p>Hello <strong>world</strong></p>"}, nil},
		{"cyrillic", "Привет, *мир*", []string{"<em>мир</em>"}, nil},
		{"raw html dropped", "<script>alert(1)</script>\n\nok", []string{"ok"}, []string{"<script", "alert(1)</script"}},
		{"inline html dropped", "a <img src=x onerror=alert(1)> b", nil, []string{"onerror", "<img"}},
		{"javascript link", "[x](javascript:alert(1))", nil, []string{"javascript:"}},
		{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"data:"}},
		{"vbscript link", "[x](vbscript:msgbox)", nil, []string{"vbscript"}},
		{"http link", "[IOM](https://www.iom.int)", []string{`href="https://www.iom.int"`}, nil},
		{"mailto", "[mail](mailto:a@b.org)", []string{`href="mailto:a@b.org"`}, nil},
		{"tel", "[call](tel:+99312463514)", []string{`href="tel:+99312463514"`}, nil},
		{"relative", "[about](/en/about)", []string{`href="/en/about"`}, nil},
		{"table", "|a|b|\n|-|-|\n|1|2|", []string{"<table>", "<td>1</td>"}, nil},
	}
	for _, tt := range tests {
		got, err := r.Render(tt.in)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", tt.name, got, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(got, n) {
				t.Errorf("%s: %q contains %q", tt.name, got, n)
			}
		}
	}
}
