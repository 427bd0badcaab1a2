package view_test

import (
	"html/template"
	"strings"
	"testing"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/view"
)

// TestPagesRenderEveryState renders every public page in the states the
// handlers build (without a database): a field a template names but its
// data lacks fails only when that branch runs, and several branches are
// rare (an issue without editions, an empty hotline advice, each step of
// a subscription). Each render must succeed, show the state's own words
// in the page's language, and escape what editors and visitors typed.
func TestPagesRenderEveryState(t *testing.T) {
	t.Parallel()
	bundle, r := setup(t)
	const typed = `Typed <b> & "q"` // what an editor or a visitor wrote
	const escaped = `Typed &lt;b&gt; &amp; &#34;q&#34;`
	published := time.Date(2024, 3, 5, 22, 30, 0, 0, time.UTC)
	for _, lang := range []string{"en", "ru"} {
		tr := bundle.Get(lang)
		base := func(section string) view.Base {
			b := view.NewBase(tr, section)
			b.Title = "Page"
			b.Hotlines = []content.Hotline{{E164: "+99312463514", Display: "+993 12 46-35-14", Label: typed}}
			return b
		}
		item := func(kind content.Kind, slug, key string) content.Item {
			return content.Item{Entry: content.Entry{ID: 7, Kind: kind, PublishedAt: published, SystemKey: key},
				Translation: content.Translation{Lang: lang, Kind: kind, Title: typed, Slug: slug, Summary: typed, BodyHTML: "<p>Body</p>"}}
		}
		issue := content.Newsletter{Item: item(content.KindNewsletter, "march", ""), Period: published,
			Edition:  &content.Media{SHA256: "ab12", Filename: "Вестник.pdf", Size: 123456},
			Articles: []content.Article{{Position: 2, Title: typed, BodyHTML: "<p>Article</p>"}}}
		bare := content.Newsletter{Item: item(content.KindNewsletter, "april", ""), Period: published}
		advice := item(content.KindPage, "hotline", content.SystemKeyHotline)
		emptyAdvice := advice
		emptyAdvice.BodyHTML = ""
		words := view.NewSubscribeWords(tr)
		hit := view.NewSearchHit(tr, issue.Item, typed, issue.Title, "/x#article-2", template.HTML("a <mark>b</mark>"))

		for _, c := range []struct {
			name string
			page view.PageName
			data any
			want []string // beside the page's words, what this state shows
		}{
			{"issue", view.PageNewsletterItem, view.NewNewsletterItem(base("newsletters"), issue, "",
				[]view.Edition{{Lang: "ru", Href: "/media/ab12/x.pdf", Size: 2048}}), []string{escaped, tr.Tr("newsletter.in_this_issue"), "<p>Article</p>", tr.Size(2048)}},
			{"issue without articles or editions", view.PageNewsletterItem, view.NewNewsletterItem(base("newsletters"), bare, "", nil),
				[]string{tr.Tr("newsletter.no_edition")}},
			{"archive", view.PageNewsletterList, view.NewsletterList{Base: base("newsletters"), Heading: tr.Tr("newsletter.archive_title"),
				Years: []view.YearGroup{{Year: 2024, Issues: []view.IssueTeaser{view.NewIssueTeaser(tr, issue, ""), view.NewIssueTeaser(tr, bare, "")}}}},
				[]string{escaped, tr.Period(published), tr.Size(123456), `href="/media/ab12/`}},
			{"empty archive", view.PageNewsletterList, view.NewsletterList{Base: base("newsletters"), None: tr.Tr("newsletter.none")},
				[]string{tr.Tr("newsletter.none")}},
			{"hotline", view.PageHotline, view.NewHotline(base("hotline"), &advice), []string{"<p>Body</p>", "tel:+99312463514", escaped}},
			{"hotline, empty advice", view.PageHotline, view.NewHotline(base("hotline"), &emptyAdvice), []string{`class="advice"`}},
			{"hotline, no advice", view.PageHotline, view.NewHotline(base("hotline"), nil), []string{tr.Tr("hotline.intro")}},
			{"site map", view.PageSitemap, view.NewSitemap(base("sitemap"), []content.Item{item(content.KindPage, "about", ""), advice},
				[]content.Newsletter{issue}, []content.Item{item(content.KindNews, "n", "")}, 21), []string{escaped, tr.Plural("news.count", 21), tr.Tr("sitemap.recent_news")}},
			{"error", view.PageError, view.NewError(base(""), 404, view.ErrorKey(404)), []string{tr.Tr("error.404.title"), tr.Tr("nav.sitemap")}},
			{"news list", view.PageNewsList, view.NewsList{Base: base("news"), Words: view.NewListWords(tr), Count: tr.Plural("news.count", 3),
				Items: []view.Teaser{view.NewTeaser(tr, item(content.KindNews, "n", ""), "")}, Pager: view.Pager{Next: "/x?before=2"}},
				[]string{escaped, tr.Tr("pager.older")}},
			{"empty news list", view.PageNewsList, view.NewsList{Base: base("news"), Words: view.NewListWords(tr)}, []string{tr.Tr("news.none")}},
			{"search", view.PageSearch, view.Search{Base: base("search"), Words: view.NewSearchWords(tr), Query: typed, Count: "N", PageLine: "P",
				Hits: []view.SearchHit{hit}, Pager: view.Pager{Next: "/s?page=2"}, Others: []view.OtherResults{{Lang: "en", Text: typed, Href: "/en/search"}}},
				[]string{escaped, "a <mark>b</mark>", tr.Tr("search.kind.article", "Issue", typed), tr.Tr("search.next")}},
			{"search, no query", view.PageSearch, view.Search{Base: base("search"), Words: view.NewSearchWords(tr)}, []string{tr.Tr("search.intro")}},
			{"search, no hits", view.PageSearch, view.Search{Base: base("search"), Words: view.NewSearchWords(tr), Query: typed}, []string{tr.Tr("search.tip.fewer")}},
			{"sign-up", view.PageSubscribe, view.Subscribe{Base: base("subscribe"), Words: words, State: "form", Email: typed, Error: "E"},
				[]string{escaped, tr.Tr("subscribe.button")}},
			{"sign-up sent", view.PageSubscribe, view.Subscribe{Base: base("subscribe"), Words: words, State: "sent"}, []string{tr.Tr("subscribe.sent.text")}},
			{"confirm", view.PageSubscribeConfirm, view.SubscribeConfirm{Base: base(""), Words: words, State: "ask"}, []string{tr.Tr("subscribe.confirm.button")}},
			{"confirmed", view.PageSubscribeConfirm, view.SubscribeConfirm{Base: base(""), Words: words, State: "done", ManageURL: "/m"}, []string{tr.Tr("subscribe.manage_link")}},
			{"confirm expired", view.PageSubscribeConfirm, view.SubscribeConfirm{Base: base(""), Words: words, State: "expired"}, []string{tr.Tr("subscribe.expired.text"), tr.Tr("subscribe.title")}},
			{"subscription", view.PageSubscription, view.Subscription{Base: base(""), Words: words, State: "show", Active: true}, []string{tr.Tr("subscribe.manage.unsubscribe")}},
			{"subscription ended", view.PageSubscription, view.Subscription{Base: base(""), Words: words, State: "show"}, []string{tr.Tr("subscribe.manage.resubscribe")}},
			{"unsubscribe", view.PageSubscription, view.Subscription{Base: base(""), Words: words, State: "unsubscribe"}, []string{tr.Tr("subscribe.manage.unsubscribe_hint")}},
			{"subscriber gone", view.PageSubscription, view.Subscription{Base: base(""), Words: words, State: "gone"}, []string{tr.Tr("subscribe.gone.text")}},
		} {
			out, err := r.Render(c.page, c.data)
			if err != nil {
				t.Errorf("%s, %s: %v", lang, c.name, err)
				continue
			}
			page := string(out)
			for _, w := range c.want {
				if !strings.Contains(page, template.HTMLEscapeString(w)) && !strings.Contains(page, w) {
					t.Errorf("%s, %s: %q missing", lang, c.name, w)
				}
			}
			if strings.Contains(page, typed) {
				t.Errorf("%s, %s: typed text unescaped", lang, c.name)
			}
		}
	}
}
