package web_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"vestnik/internal/browser"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestBrowserPhotoPicker drives the editor's photo picker in headless
// Chromium, never leaving the entry: upload a phone photo from the Image
// button, set its focal point with a click and its alt text in both
// languages, insert it in the text; then choose it again from the library
// as the lead image; publish, and find both on the public page.
func TestBrowserPhotoPicker(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	e.User("photos@example.org", store.RoleEditor)
	ctx := browser.New(t)
	file := filepath.Join(t.TempDir(), "shelter visit.jpg")
	if err := os.WriteFile(file, sitetest.PhotoWithGPS(t, 1600, 1200, 1), 0o644); err != nil {
		t.Fatal(err)
	}

	run(t, ctx,
		chromedp.Navigate(base+"/admin/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "photos@example.org"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), sitetest.Password),
		chromedp.Submit(chromedp.CSS(`input[name=password]`)),
	)
	waitJS(t, ctx, "dashboard", `location.pathname === "/admin/"`)
	run(t, ctx,
		chromedp.Navigate(base+"/admin/entries/new?kind=news"),
		chromedp.WaitVisible(chromedp.CSS(`.md-toolbar`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="title.en"]`), "Photo picker at the shelter"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="body.en"]`), "The visit began in the morning."),
		chromedp.SendKeys(chromedp.CSS(`input[name="title.ru"]`), "Выбор снимка в приюте"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="body.ru"]`), "Визит начался утром."),
	)

	// The Image button: upload from the dialog.
	run(t, ctx, chromedp.Click(chromedp.CSS(`.md-toolbar[data-for="body-en"] button[data-md="image"]`)))
	waitJS(t, ctx, "picker open", `document.getElementById("image-picker").open`)
	run(t, ctx, chromedp.SetUploadFiles(chromedp.CSS(`[data-picker-file]`), []string{file}))
	waitJS(t, ctx, "photo uploaded", `(() => { const d = document.querySelector('#image-picker [data-step="details"]');
		const img = d.querySelector(".focal-picker img"); return !d.hidden && img.complete && img.naturalWidth > 0; })()`)

	// The focal point: a click a quarter across and three quarters down.
	type box struct{ X, Y, W, H float64 }
	r := eval[box](t, ctx, `(() => { const img = document.querySelector("#image-picker .focal-picker img"); img.scrollIntoView({block: "center"});
		const r = img.getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`)
	run(t, ctx, chromedp.MouseClickXY(r.X+r.W*0.25, r.Y+r.H*0.75))
	waitJS(t, ctx, "focal point set by the click", `(() => { const f = n => Number(document.querySelector('#image-picker input[name="' + n + '"]').value);
		return Math.abs(f("focus_x") - 25) < 2 && Math.abs(f("focus_y") - 75) < 2; })()`)
	run(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`#image-picker input[name="alt.en"]`), "Two counsellors at the shelter's door"),
		chromedp.SendKeys(chromedp.CSS(`#image-picker input[name="alt.ru"]`), "Две консультантки у двери приюта"),
		chromedp.SendKeys(chromedp.CSS(`#image-picker input[name="caption.en"]`), "The morning visit"),
		chromedp.Click(chromedp.CSS(`#image-picker [data-picker-use="figure"]`)),
	)
	waitJS(t, ctx, "figure inserted", `!document.getElementById("image-picker").open && /\n\n!\[Two counsellors at the shelter's door\]\(media:\d+\)$/.test(document.querySelector('textarea[name="body.en"]').value)`)
	body := eval[string](t, ctx, `document.querySelector('textarea[name="body.en"]').value`)
	id := regexp.MustCompile(`media:(\d+)`).FindStringSubmatch(body)[1]
	waitJS(t, ctx, "the figure in the live preview", `(document.getElementById("preview-en").srcdoc || "").includes('<figure class="image">')`)

	// A photo pasted into the Russian text is uploaded and placed there.
	run(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => {
		const c = document.createElement("canvas"); c.width = 320; c.height = 200;
		const g = c.getContext("2d"); g.fillStyle = "#2a6"; g.fillRect(0, 0, 320, 200);
		c.toBlob(b => {
			const dt = new DataTransfer(); dt.items.add(new File([b], "pasted.png", {type: "image/png"}));
			const ta = document.querySelector('textarea[name="body.ru"]'); ta.focus(); ta.setSelectionRange(ta.value.length, ta.value.length);
			ta.dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
		}, "image/png");
	})()`))
	waitJS(t, ctx, "pasted photo uploaded", `document.getElementById("image-picker").open && !document.querySelector('#image-picker [data-step="details"]').hidden &&
		document.querySelector('#image-picker [data-picker-use="figure"]').hidden === false`)
	run(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`#image-picker input[name="alt.en"]`), "A green square"),
		chromedp.SendKeys(chromedp.CSS(`#image-picker input[name="alt.ru"]`), "Зелёный квадрат"),
		chromedp.Click(chromedp.CSS(`#image-picker [data-picker-use="figure"]`)),
	)
	waitJS(t, ctx, "pasted figure inserted", `/^Визит начался утром\.\n\n!\[Зелёный квадрат\]\(media:\d+\)$/.test(document.querySelector('textarea[name="body.ru"]').value)`)

	// The lead image, chosen from the library by searching its alt text.
	run(t, ctx, chromedp.Click(chromedp.CSS(`[data-pick-lead]`)))
	waitJS(t, ctx, "picker open again", `document.getElementById("image-picker").open && !document.querySelector('#image-picker [data-step="choose"]').hidden`)
	run(t, ctx, chromedp.SendKeys(chromedp.CSS(`[data-picker-search]`), "консультантки"))
	// Only it: the list re-renders as each letter is typed, and a click
	// on a list about to change could land on another photo.
	waitJS(t, ctx, "found by its Russian alt text", `(() => { const b = document.querySelectorAll('[data-picker-results] button[data-photo]');
		return b.length === 1 && b[0].getAttribute("data-photo") === "`+id+`"; })()`)
	run(t, ctx, chromedp.Click(chromedp.CSS(`[data-picker-results] button[data-photo="`+id+`"]`)))
	waitJS(t, ctx, "its details, as saved", `!document.querySelector('#image-picker [data-step="details"]').hidden &&
		document.querySelector('#image-picker input[name="alt.ru"]').value === "Две консультантки у двери приюта"`)
	run(t, ctx, chromedp.Click(chromedp.CSS(`#image-picker [data-picker-use="lead"]`)))
	waitJS(t, ctx, "lead image chosen", `!document.getElementById("image-picker").open && document.querySelector('select[name="lead_image"]').value === "`+id+`" && !!document.querySelector("[data-lead-preview] img")`)

	// The same dialog chooses a language's own lead image, into that
	// language's picker only.
	run(t, ctx, chromedp.Click(chromedp.CSS(`[data-pick-lead="lead_image.ru"]`)))
	waitJS(t, ctx, "picker open for Russian", `document.getElementById("image-picker").open && !document.querySelector('#image-picker [data-step="choose"]').hidden &&
		document.querySelectorAll('[data-picker-results] button[data-photo="`+id+`"]').length === 1`)
	run(t, ctx, chromedp.Click(chromedp.CSS(`[data-picker-results] button[data-photo="`+id+`"]`)))
	waitJS(t, ctx, "its details again", `!document.querySelector('#image-picker [data-step="details"]').hidden &&
		document.querySelector('#image-picker input[name="alt.ru"]').value === "Две консультантки у двери приюта"`)
	run(t, ctx, chromedp.Click(chromedp.CSS(`#image-picker [data-picker-use="lead"]`)))
	waitJS(t, ctx, "Russian lead image chosen", `!document.getElementById("image-picker").open && document.querySelector('select[name="lead_image.ru"]').value === "`+id+`" &&
		!!document.querySelector('[data-lead-preview="lead_image.ru"] img') && document.querySelector('select[name="lead_image.en"]').value === "0"`)

	run(t, ctx,
		chromedp.SetValue(chromedp.CSS(`select[name="status.en"]`), "published"),
		chromedp.SetValue(chromedp.CSS(`select[name="status.ru"]`), "published"),
		chromedp.Click(chromedp.CSS(`.form-actions button[name=action][value=save]`)),
	)
	waitJS(t, ctx, "published", `!!document.querySelector(".flash") && !!document.querySelector("form[action$='/unpublish']")`)

	var fx, fy float64
	if err := e.Pool.QueryRow(context.Background(), `SELECT focal_x, focal_y FROM media WHERE id = $1`, id).Scan(&fx, &fy); err != nil {
		t.Fatal(err)
	}
	if fx < 0.23 || fx > 0.27 || fy < 0.73 || fy > 0.77 {
		t.Errorf("focal point stored as %.3f, %.3f; the click was at 0.25, 0.75", fx, fy)
	}
	page := e.Doc("/en/news/photo-picker-at-the-shelter", http.StatusOK)
	if alt := sitetest.Attr(page.Find(".entry > figure.image img"), "alt"); alt != "Two counsellors at the shelter's door" {
		t.Errorf("lead image alt %q", alt)
	}
	if c := page.Find(".body figure.image figcaption").Text(); c != "The morning visit" {
		t.Errorf("figure caption %q", c)
	}
	if !strings.Contains(sitetest.Attr(page.Find(`meta[property="og:image"]`), "content"), "-f25x75.jpeg") {
		t.Errorf("og:image not cut round the focal point: %s", sitetest.Attr(page.Find(`meta[property="og:image"]`), "content"))
	}
	ru := e.Doc("/ru/news/vybor-snimka-v-priyute", http.StatusOK)
	if alt := sitetest.Attr(ru.Find(".entry > figure.image img"), "alt"); alt != "Две консультантки у двери приюта" {
		t.Errorf("Russian lead image alt %q", alt)
	}
}
