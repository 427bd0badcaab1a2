package markdown

import (
	"regexp"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	t.Parallel()
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

func TestRenderImages(t *testing.T) {
	t.Parallel()
	r := New()
	hash := strings.Repeat("ab", 32)
	got, err := r.RenderImages("![Map](/media/"+hash+"/map.png) ![Ext](https://x.org/a.png)", func(h string) (int, int, bool) {
		return 640, 480, h == hash
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`alt="Map" loading="lazy" decoding="async" width="640" height="480">`, `alt="Ext" loading="lazy" decoding="async">`} {
		if !strings.Contains(got, want) {
			t.Errorf("%s lacks %s", got, want)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	r := New()
	src := strings.Repeat("Paragraph with **bold**, *italic* and a [link](https://www.iom.int).\n\n- one\n- two\n\n", 100)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := r.Render(src); err != nil {
			b.Fatal(err)
		}
	}
}

// TestOutline: a text's headings fit under the page's, keeping their
// structure: the highest is an h2 in a news text (the page has its h1), an
// h3 in an issue's article (under the article's h2), the others shifted
// with it, and none is more than one level below the one before it.
func TestOutline(t *testing.T) {
	t.Parallel()
	r := New()
	src := "# Top\n\ntext\n\n#### Deep\n\n## Back\n\n### Sub\n\n###### Tiny\n\n> # Quoted"
	levels := func(html string) string {
		var out []string
		for _, m := range regexp.MustCompile(`<h([1-6])[ >]`).FindAllStringSubmatch(html, -1) {
			out = append(out, m[1])
		}
		return strings.Join(out, " ")
	}
	for _, tt := range []struct {
		opts []Option
		want string
	}{
		{nil, "2 3 3 4 5 2"},
		{[]Option{Under(2)}, "3 4 4 5 6 3"},
	} {
		html, err := r.Render(src, tt.opts...)
		if err != nil {
			t.Fatal(err)
		}
		if got := levels(html); got != tt.want {
			t.Errorf("levels %s, want %s\n%s", got, tt.want, html)
		}
	}
	// What editors usually write keeps its levels: "##" and "###".
	for src, want := range map[string]string{"## Section\n\n### Part": "2 3", "# Section\n\n## Part": "2 3"} {
		html, _ := r.Render(src)
		if got := levels(html); got != want {
			t.Errorf("%q: levels %s, want %s", src, got, want)
		}
	}
	if html, _ := r.Render("# A\n\n## B\n\n### C", Under(2)); levels(html) != "3 4 5" {
		t.Errorf("an article's # ## ###: %s", levels(html))
	}
}

// TestScrollable: a table sits in a box the keyboard can reach and scroll,
// and so does a code block.
func TestScrollable(t *testing.T) {
	t.Parallel()
	html, err := New().Render("| a | b |\n|---|---:|\n| 1 | 2 |\n\n```\ncode\n```")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<div class="table-scroll" tabindex="0"><table>`, "</table></div>", `<pre tabindex="0"><code>`,
		`<th class="align-right">b</th>`, `<td class="align-right">2</td>`} {
		if !strings.Contains(html, want) {
			t.Errorf("no %s in\n%s", want, html)
		}
	}
}
