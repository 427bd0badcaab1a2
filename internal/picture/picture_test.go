package picture

import (
	"strings"
	"testing"

	"vestnik/internal/content"
)

func TestSpecSize(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		spec       Spec
		w, h       int
		wantW, wnH int
	}{
		{Spec{Width: 640}, 4000, 3000, 640, 480},
		{Spec{Width: 1920}, 1000, 500, 1000, 500}, // never larger
		{Spec{Width: 1200, Height: 630}, 4000, 3000, 1200, 630},
		{Spec{Width: 1200, Height: 630}, 600, 600, 600, 315}, // shrinks, keeps the proportions
	} {
		if w, h := tt.spec.Size(tt.w, tt.h); w != tt.wantW || h != tt.wnH {
			t.Errorf("%+v of %d×%d: %d×%d, want %d×%d", tt.spec, tt.w, tt.h, w, h, tt.wantW, tt.wnH)
		}
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	for s, ok := range map[string]bool{
		"w640.webp": true, "w1920.jpeg": true, "c1200x630-f50x20.jpeg": true, "c480x360-f0x100.webp": true,
		"w641.webp": false, "w640.png": false, "c1200x631-f50x20.jpeg": false, "c1200x630-f101x20.jpeg": false,
		"c1200x630-f050x20.jpeg": false, "w0640.webp": false, "w640.webp/..": false, "": false,
	} {
		if sp, got := Parse(s); got != ok || ok && sp.String() != s {
			t.Errorf("Parse(%q) = %+v, %v", s, sp, got)
		}
	}
}

func TestPictureMarkup(t *testing.T) {
	t.Parallel()
	im := content.Image{Media: content.Media{ID: 7, SHA256: strings.Repeat("a", 64), Filename: "Ашхабад <1>.jpg"},
		Width: 1000, Height: 750, FocusX: 0.5, FocusY: 0.25,
		Texts: map[string]content.ImageText{"en": {Alt: `Trainers "at work"`, Caption: "Mary, 2011", Credit: "IOM"}}}
	h := string(Figure(im, "en", Options{Sizes: ArticleSizes}))
	for _, want := range []string{
		`width="1000" height="750"`, `alt="Trainers &#34;at work&#34;"`, `loading="lazy"`,
		"w320.webp", "w640.webp", "w960.webp", "w1280.webp/" /* the image itself, at its 1000 px */, "1000w",
		`<figcaption>Mary, 2011 <span class="credit">IOM</span></figcaption>`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("figure lacks %q:\n%s", want, h)
		}
	}
	if strings.Contains(h, "w1920") || strings.Contains(h, "<1>") {
		t.Errorf("upscaled or unescaped:\n%s", h)
	}
	lead := string(Picture(im, "ru", Options{Sizes: ArticleSizes, Lead: true}))
	if !strings.Contains(lead, `fetchpriority="high"`) || strings.Contains(lead, "lazy") || !strings.Contains(lead, `alt=""`) {
		t.Errorf("lead picture:\n%s", lead)
	}
	if got := URL(im, CropSpec(im, Social, JPEG)); got != "/img/"+strings.Repeat("a", 64)+"/c1200x630-f50x25.jpeg/%D0%90%D1%88%D1%85%D0%B0%D0%B1%D0%B0%D0%B4%20%3C1%3E.jpg" {
		t.Errorf("URL %s", got)
	}
}

func TestFigures(t *testing.T) {
	t.Parallel()
	md := "Text.\n\n![A shelter](media:12)\n\nInline ![x](media:13) stays.\n"
	prepared := Prepare(md)
	if !strings.Contains(prepared, "⟦figure:12⟧") || strings.Contains(prepared, "⟦figure:13⟧") {
		t.Errorf("prepared %q", prepared)
	}
	if ids := Refs(md); len(ids) != 1 || ids[0] != 12 {
		t.Errorf("refs %v", ids)
	}
	im := content.Image{Media: content.Media{ID: 12, SHA256: strings.Repeat("b", 64), Filename: "a.jpg"}, Width: 400, Height: 300,
		Texts: map[string]content.ImageText{"ru": {Alt: "Приют", Caption: "Подпись"}}}
	html := Expand("<p>a</p>\n<p>⟦figure:12⟧</p>\n<p>⟦figure:99⟧</p>", "ru", "", Set{12: im})
	if !strings.Contains(html, `<figure class="image"><picture>`) || !strings.Contains(html, "Подпись") || strings.Contains(html, "⟦") {
		t.Errorf("expanded %s", html)
	}
}

// TestRelabel: each figure line gets the alt text given for its image,
// made safe for the line (no brackets, no line breaks), or none; other
// lines, and a reference inside a paragraph, stay as they are.
func TestRelabel(t *testing.T) {
	alts := map[int64]string{1: "Зал ожидания", 2: "A [bracketed]\nalt", 3: "  "}
	got := Relabel("Intro with ![inline](media:1) inside.\n\n![English alt](media:1)\n\n![](media:2)\n\n![Old](media:3)\n\n![Gone](media:4)\n",
		func(id int64) string { return alts[id] })
	want := "Intro with ![inline](media:1) inside.\n\n![Зал ожидания](media:1)\n\n![A bracketed alt](media:2)\n\n![](media:3)\n\n![](media:4)\n"
	if got != want {
		t.Errorf("Relabel:\n%q\nwant\n%q", got, want)
	}
	if md := "No figures here."; Relabel(md, func(int64) string { return "x" }) != md {
		t.Error("a text without figures changed")
	}
}
