package view

import (
	"html/template"
	"time"

	"vestnik/internal/content"
	"vestnik/internal/i18n"
)

// Link is a localized link.
type Link struct {
	Lang  string // hreflang, when the link leads to another language
	Name  string // language name or label
	Href  string
	Label string
}

// Base is the data every public page has; page data types embed it.
type Base struct {
	T           *i18n.Localizer
	Lang        string
	SiteName    string // site.name in Lang
	SwitchLabel string // what the language switcher is called, in Lang
	Title       string // the page's own title; the layout adds the site name
	Description string
	Section     string // active navigation item: home, news, newsletters, hotline, sitemap
	Canonical   string // absolute URL from BASE_URL
	// Alternates are the page in each language it exists in (this one
	// included), absolute; XDefault is the default language's version.
	Alternates []Link
	XDefault   string
	// Switch links to this page in each other language (or to the page
	// saying it is not translated).
	Switch []Link
	// Languages are every language the site serves, by its own name:
	// the choices of forms (the footer's subscription).
	Languages []Link
	Hotlines  []content.Hotline
	Nav       []NavItem // the main menu
	// Feeds are the feeds of this page's language for autodiscovery; the
	// section's own first. Only the chrome shows them, so only its render
	// lists them.
	Feeds []Feed
	// Meta is what link previews and search engines read: Open Graph,
	// Twitter card, JSON-LD.
	Meta    Meta
	NoIndex bool
	Preview bool // an editor's unsaved preview, never public
	Year    int
	// Modified is the date of the newest content the page shows (its
	// Last-Modified); zero: the time it is rendered.
	Modified time.Time
	// Chrome is the shared parts already rendered (Renderer.Chrome), or
	// nil: the layout then renders them from the fields above.
	Chrome *Chrome
}

// Chrome is what every page of a language and section shows around its
// content, as HTML: the links of the head (feeds, search, stylesheet), the
// header before and after the language switcher, and the footer. It is
// made from the Base fields T, Lang, SiteName, Section, Preview, Year,
// Languages, Feeds, Hotlines and Nav only, so pages that agree on those
// can share it (templates/partials/chrome.html).
type Chrome struct {
	Head, Top, Header, Footer template.HTML
}

// NewBase starts a page's Base in t's language: its site name, section
// and the year of the footer.
func NewBase(t *i18n.Localizer, section string) Base {
	return Base{T: t, Lang: t.Lang, SiteName: t.Tr("site.name"), SwitchLabel: t.Tr("nav.languages"), Section: section, Year: time.Now().Year()}
}

// LastModified is the page's Last-Modified (zero: none given).
func (b Base) LastModified() time.Time { return b.Modified }

// Touch moves the page's Modified forward to the latest of ts.
func (b *Base) Touch(ts ...time.Time) {
	for _, t := range ts {
		if t.After(b.Modified) {
			b.Modified = t
		}
	}
}

// ItemDate is when what a page shows of an item last changed: published,
// its live text edited, or the entry changed publicly (lead image, other
// languages). A save held back in a working copy does not move it.
func ItemDate(it content.Item) time.Time {
	t := it.PublishedAt
	for _, u := range []time.Time{it.Translation.UpdatedAt, it.PublicAt} {
		if u.After(t) {
			t = u
		}
	}
	return t
}

// Feed is a feed link.
type Feed struct {
	Type  string // application/rss+xml …
	Title string
	Href  string
}

// Meta is a page's metadata for link previews and search engines.
type Meta struct {
	Type          string // og:type: website, article
	Image         string // absolute URL, when the page has one
	ImageWidth    int    // of Image, when known (a lead image's crop)
	ImageHeight   int
	ImageAlt      string
	Locale        string // og:locale: en_US, ru_RU
	AltLocales    []string
	Published     string // article:published_time (RFC 3339)
	Modified      string
	JSONLD        []template.JS // marshalled JSON, each a <script type="application/ld+json">
	Breadcrumbs   []Link
	OpenSearchURL string
}

// Search is the data of the search page.
type Search struct {
	Base
	Words SearchWords
	Query string
	Count string // "N results for …", in words; empty without a query
	Hits  []SearchHit
	Pager Pager
	// PageLine is "Page 2 of 9" (or "Page 2" past the counted matches).
	PageLine string
	Others   []OtherResults
	// NoWords: nothing in the query could be looked for (only very common
	// words): "use fewer words" is no advice then.
	NoWords bool
}

// SearchWords are the search page's own words and links in its language.
type SearchWords struct {
	Title, Label, Submit, Intro, None, TipSpelling, TipFewer, TipSyntax string
	AllNews, AllIssues, Hotline, PagerLabel, Prev, Next                 string
	NewsHref, IssuesHref, HotlineHref                                   string
}

// NewSearchWords resolves the search page's words in t's language.
func NewSearchWords(t *i18n.Localizer) SearchWords {
	return SearchWords{
		Title: t.Tr("search.title"), Label: t.Tr("search.label"), Submit: t.Tr("search.submit"), Intro: t.Tr("search.intro"),
		None: t.Tr("search.none"), TipSpelling: t.Tr("search.tip.spelling"), TipFewer: t.Tr("search.tip.fewer"),
		TipSyntax: t.Tr("search.tip.syntax"), AllNews: t.Tr("home.all_news"), AllIssues: t.Tr("home.all_newsletters"),
		Hotline: t.Tr("nav.hotline"), PagerLabel: t.Tr("search.pager"), Prev: t.Tr("search.prev"), Next: t.Tr("search.next"),
		NewsHref: content.SectionPath(t.Lang, "news"), IssuesHref: content.SectionPath(t.Lang, "newsletters"), HotlineHref: content.SectionPath(t.Lang, "hotline"),
	}
}

// SearchHit is one result, as the page shows it.
type SearchHit struct {
	Title, URL string
	Kind       string        // "News", or "Article in the issue …", in words
	Date, ISO  string        // its publication date in words and in RFC 3339
	Snippet    template.HTML // escaped, with <mark> around matches
}

// NewSearchHit is a result in t's language: title is what it links as
// (an article's own title), issue the title of an article's issue.
func NewSearchHit(t *i18n.Localizer, it content.Item, title, issue, url string, snippet template.HTML) SearchHit {
	h := SearchHit{Title: title, URL: url, Snippet: snippet, Date: t.Date(it.PublishedAt), ISO: it.PublishedAt.UTC().Format(time.RFC3339)}
	if issue != "" {
		h.Kind = t.Tr("search.kind.article", "Issue", issue)
	} else {
		h.Kind = t.Tr("search.kind." + string(it.Entry.Kind))
	}
	return h
}

// OtherResults is the line that says how many results another language
// has, in words, with its link.
type OtherResults struct {
	Lang, Text, Href string
}

// FeedsPage is the data of the page explaining the feeds.
type FeedsPage struct {
	Base
	Heading, Intro, HowTo, OtherLanguage string
	Sections                             []FeedSection
}

// FeedSection lists one section's feeds.
type FeedSection struct {
	Title string
	Feeds []Feed
}

// Page is the page data for pages with nothing but an entry: a news item
// or a free-standing page.
type Page struct {
	Base
	Article Article
}

// Article is an entry as its page shows it, in plain values resolved in
// the page's language (the template reads fields, calls nothing).
type Article struct {
	Title, Summary string
	Published      string        // RFC 3339, for <time datetime>
	Date           string        // the same day in words
	Lead           template.HTML // the lead image's <figure>, when it has one
	Body           template.HTML // sanitized by internal/markdown when stored
	Trail          Trail         // the links above the title, if the page shows them
}

// Trail is the links above an article's title, Home and its section, and
// the label that names them: the same on every article of a section, so
// pages print it with the trail function (fragments.go).
type Trail struct {
	Label         string
	Home, Section Link
}

// NewPage is the data of an entry's page: b with the entry it shows and
// its lead image's figure.
func NewPage(b Base, it content.Item, lead template.HTML) Page {
	return Page{Base: b, Article: Article{
		Title: it.Title, Summary: it.Summary, Lead: lead,
		Body:      template.HTML(it.BodyHTML), //nolint:gosec // sanitized by internal/markdown
		Published: it.PublishedAt.UTC().Format(time.RFC3339), Date: b.T.Date(it.PublishedAt),
	}}
}

// NewArticlePage is NewPage with the trail of links above the title: the
// home page and the section's.
func NewArticlePage(b Base, it content.Item, lead template.HTML, home, section Link) Page {
	p := NewPage(b, it, lead)
	p.Article.Trail = Trail{Label: b.T.Tr("nav.breadcrumbs"), Home: home, Section: section}
	return p
}

// Teaser is an entry in a list as the list shows it, in plain values
// resolved in the list's language, with its lead image's thumbnail.
type Teaser struct {
	Title, Summary string
	Href           string // the entry's page
	Published      string // RFC 3339, for <time datetime>
	Date           string // the same day in words
	Thumb          template.HTML
}

// NewTeaser is an item as a list in t's language shows it.
func NewTeaser(t *i18n.Localizer, it content.Item, thumb template.HTML) Teaser {
	return Teaser{
		Title: it.Title, Summary: it.Summary, Thumb: thumb,
		Href:      content.EntryPath(it.Lang, it.Entry.Kind, it.Slug, it.SystemKey),
		Published: it.PublishedAt.UTC().Format(time.RFC3339), Date: t.Date(it.PublishedAt),
	}
}

// Pager describes list pagination.
type Pager struct {
	Page, Pages int
	Prev, Next  string // URLs, empty at the ends
}

// NewsList is the data of the news list.
type NewsList struct {
	Base
	Words ListWords
	Items []Teaser
	Count string // "N news items", in words; empty on older pages
	Pager Pager
}

// ListWords are the news list's own words in its language.
type ListWords struct {
	Title, None, PagerLabel, Newer, Older string
}

// NewListWords resolves the news list's words in t's language.
func NewListWords(t *i18n.Localizer) ListWords {
	return ListWords{Title: t.Tr("news.title"), None: t.Tr("news.none"), PagerLabel: t.Tr("pager.label"),
		Newer: t.Tr("pager.newer"), Older: t.Tr("pager.older")}
}

// Home is the data of the home page, in plain values.
type Home struct {
	Base
	Words    HomeWords
	News     []Teaser
	Issue    *IssueBox     // the latest newsletter issue, if any
	About    *Teaser       // the "about" page, if any (Title, Summary, Href)
	Hotlines template.HTML // the hotline box (HotlineBox), rendered
}

// HomeWords are the home page's own words and links in its language.
type HomeWords struct {
	LatestNews, NoNews, AllNews, NewsHref string
}

// NewHomeWords resolves the home page's words in t's language.
func NewHomeWords(t *i18n.Localizer) HomeWords {
	return HomeWords{
		LatestNews: t.Tr("home.latest_news"), NoNews: t.Tr("news.none"), AllNews: t.Tr("home.all_news"),
		NewsHref: content.SectionPath(t.Lang, "news"),
	}
}

// HotlineBox is the home page's box of hotline numbers in t's language:
// the same for every home page of a language until the numbers change,
// so web renders it once per content generation (as the chrome) and the
// page prints it as it is.
type HotlineBox struct {
	Title, Intro, Advice, AdviceHref string
	Numbers                          []content.Hotline
}

// NewHotlineBox is the hotline box of numbers hs in t's language.
func NewHotlineBox(t *i18n.Localizer, hs []content.Hotline) HotlineBox {
	return HotlineBox{Title: t.Tr("hotline.title"), Intro: t.Tr("hotline.intro"), Advice: t.Tr("hotline.advice_link"),
		AdviceHref: content.SectionPath(t.Lang, "hotline"), Numbers: hs}
}

// IssueBox is a newsletter issue as the home page shows it, with the
// box's words. Pages print it with the issueBox function, which renders a
// value once (view/fragments.go): the box stays the same through most
// changes that purge the home page.
type IssueBox struct {
	Title, Summary, Href string
	Period               string // the month it covers, in words
	Cover                template.HTML
	PDF, PDFSize         string // its PDF edition in this language and the edition's size, if any
	Heading, DownloadPDF string
	AllIssues, AllHref   string
}

// NewIssueBox is an issue as the home page in t's language shows it.
func NewIssueBox(t *i18n.Localizer, n content.Newsletter, cover template.HTML) *IssueBox {
	b := &IssueBox{Title: n.Title, Summary: n.Summary, Cover: cover, Period: t.Period(n.Period),
		Href:    content.EntryPath(n.Lang, n.Entry.Kind, n.Slug, n.SystemKey),
		Heading: t.Tr("home.latest_newsletter"), DownloadPDF: t.Tr("newsletter.download_pdf"),
		AllIssues: t.Tr("home.all_newsletters"), AllHref: content.SectionPath(t.Lang, "newsletters")}
	if n.Edition != nil {
		b.PDF, b.PDFSize = content.MediaPath(*n.Edition), t.Size(n.Edition.Size)
	}
	return b
}

// YearGroup is a year of the newsletter archive.
type YearGroup struct {
	Year   int
	Issues []IssueTeaser
}

// IssueTeaser is an issue in the archive, with its cover's thumbnail.
type IssueTeaser struct {
	Title, Href  string
	Period       string // the month it covers, in words
	Cover        template.HTML
	PDF, PDFSize string // its PDF edition in this language and the edition's size, if any
}

// NewIssueTeaser is an issue as the archive in t's language lists it.
func NewIssueTeaser(t *i18n.Localizer, n content.Newsletter, cover template.HTML) IssueTeaser {
	it := IssueTeaser{Title: n.Title, Href: content.EntryPath(t.Lang, content.KindNewsletter, n.Slug, ""), Period: t.Period(n.Period), Cover: cover}
	if n.Edition != nil {
		it.PDF, it.PDFSize = content.MediaPath(*n.Edition), t.Size(n.Edition.Size)
	}
	return it
}

// NewsletterList is the data of the newsletter archive.
type NewsletterList struct {
	Base
	Heading, Intro, None string
	Years                []YearGroup
}

// NewsletterItem is the data of one newsletter issue, in plain values.
type NewsletterItem struct {
	Base
	Words    IssueWords
	Period   string // the month it covers, in words
	Heading  string // the issue's title
	Summary  string
	Lead     template.HTML // the issue's cover
	Body     template.HTML
	Articles []IssueArticle
	Editions []EditionLink // the PDF editions of every language
}

// IssueWords are a newsletter issue's own words and links in its language.
type IssueWords struct {
	Breadcrumbs, Home, Newsletters, InThisIssue, Editions, NoEdition string
	HomeHref, NewslettersHref                                        string
}

// IssueArticle is an article of an issue.
type IssueArticle struct {
	Position int
	Title    string
	Body     template.HTML
}

// Edition is a PDF edition of an issue.
type Edition struct {
	Lang string
	Href string
	Size int64
}

// EditionLink is an edition as the issue page links it.
type EditionLink struct {
	Lang, Href, Text, Size string
}

// LangFirst is the site's languages (codes, in order) with lang first:
// the order an issue's page lists its PDF editions in.
func LangFirst(lang string, codes []string) []string {
	out := []string{lang}
	for _, c := range codes {
		if c != lang {
			out = append(out, c)
		}
	}
	return out
}

// NewNewsletterItem is an issue as its page in b's language shows it.
func NewNewsletterItem(b Base, issue content.Newsletter, lead template.HTML, editions []Edition) NewsletterItem {
	t := b.T
	d := NewsletterItem{Base: b, Heading: issue.Title, Summary: issue.Summary, Lead: lead,
		Body: template.HTML(issue.BodyHTML), //nolint:gosec // sanitized by internal/markdown
		Words: IssueWords{Breadcrumbs: t.Tr("nav.breadcrumbs"), Home: t.Tr("nav.home"), Newsletters: t.Tr("nav.newsletters"),
			InThisIssue: t.Tr("newsletter.in_this_issue"), Editions: t.Tr("newsletter.editions"), NoEdition: t.Tr("newsletter.no_edition"),
			HomeHref: content.SectionPath(t.Lang, ""), NewslettersHref: content.SectionPath(t.Lang, "newsletters")}}
	if !issue.Period.IsZero() { // (a preview's, before its month is chosen)
		d.Period = t.Period(issue.Period)
	}
	for _, a := range issue.Articles {
		d.Articles = append(d.Articles, IssueArticle{Position: a.Position, Title: a.Title,
			Body: template.HTML(a.BodyHTML)}) //nolint:gosec // sanitized by internal/markdown
	}
	for _, e := range editions {
		d.Editions = append(d.Editions, EditionLink{Lang: e.Lang, Href: e.Href, Size: t.Size(e.Size),
			Text: t.Tr("newsletter.edition_in", "Lang", t.Tr("language.in."+e.Lang))})
	}
	return d
}

// Hotline is the data of the hotline page, in plain values.
type Hotline struct {
	Base
	Heading, Intro, AdviceTitle string
	List                        template.HTML // the numbers, escaped
	HasAdvice                   bool          // the advice page exists in this language
	Advice                      template.HTML // its text
}

// NewHotline is the hotline page in b's language, with the advice page,
// if there is one.
func NewHotline(b Base, advice *content.Item) Hotline {
	t := b.T
	h := Hotline{Base: b, Heading: t.Tr("hotline.title"), Intro: t.Tr("hotline.intro"), AdviceTitle: t.Tr("hotline.advice_title"),
		List: template.HTML(hotlineList(b.Hotlines, t))} //nolint:gosec // every value escaped in hotlineList
	if advice != nil {
		h.HasAdvice = true
		h.Advice = template.HTML(advice.BodyHTML) //nolint:gosec // sanitized by internal/markdown
	}
	return h
}

// Sitemap is the data of the HTML site map, in plain values.
type Sitemap struct {
	Base
	Words       SitemapWords
	NewsCount   string // "N news items", in words
	Pages       []Link // the free-standing pages (Label, Href), but the hotline's advice
	Newsletters []Link // every issue, "period: title"
	News        []DatedLink
}

// SitemapWords are the site map's own words and links in its language.
type SitemapWords struct {
	Title, Sections, Home, News, Newsletters, Hotline, RecentNews, AllNews, Feeds, FeedsIntro, FeedsTitle string
	Subscribe                                                                                             string
	HomeHref, NewsHref, NewslettersHref, HotlineHref, FeedsHref, SubscribeHref                            string
	RSSHref, AtomHref, JSONHref                                                                           string
}

// DatedLink is a link with a date, in words and in RFC 3339.
type DatedLink struct {
	Label, Href, Date, ISO string
}

// NewSitemap is the site map in b's language.
func NewSitemap(b Base, pages []content.Item, issues []content.Newsletter, news []content.Item, newsTotal int) Sitemap {
	t := b.T
	home := content.SectionPath(t.Lang, "")
	m := Sitemap{Base: b, NewsCount: t.Plural("news.count", newsTotal), Words: SitemapWords{
		Title: t.Tr("sitemap.title"), Sections: t.Tr("sitemap.sections"), Home: t.Tr("nav.home"), News: t.Tr("nav.news"),
		Newsletters: t.Tr("nav.newsletters"), Hotline: t.Tr("nav.hotline"), RecentNews: t.Tr("sitemap.recent_news"),
		AllNews: t.Tr("home.all_news"), Feeds: t.Tr("sitemap.feeds"), FeedsIntro: t.Tr("sitemap.feeds_intro"), FeedsTitle: t.Tr("feeds.title"),
		HomeHref: home, NewsHref: home + "news/", NewslettersHref: home + "newsletters/", HotlineHref: home + "hotline",
		FeedsHref: home + "feeds", RSSHref: home + "rss.xml", AtomHref: home + "atom.xml", JSONHref: home + "feed.json",
		Subscribe: t.Tr("subscribe.title"), SubscribeHref: home + "subscribe",
	}}
	for _, p := range pages {
		if p.SystemKey != content.SystemKeyHotline {
			m.Pages = append(m.Pages, Link{Label: p.Title, Href: content.EntryPath(p.Lang, content.KindPage, p.Slug, p.SystemKey)})
		}
	}
	for _, n := range issues {
		m.Newsletters = append(m.Newsletters, Link{Label: t.Period(n.Period) + ": " + n.Title, Href: content.EntryPath(n.Lang, content.KindNewsletter, n.Slug, "")})
	}
	for _, it := range news {
		m.News = append(m.News, DatedLink{Label: it.Title, Href: content.EntryPath(it.Lang, content.KindNews, it.Slug, ""),
			Date: t.Date(it.PublishedAt), ISO: it.PublishedAt.UTC().Format(time.RFC3339)})
	}
	return m
}

// Untranslated is the data of the page that says an entry has no
// translation in this language.
type Untranslated struct {
	Base
	Heading, Text, HomeLink string
	Available               []Link // the entry in the languages it exists in
}

// Error is the data of an error page.
type Error struct {
	Base
	Status                int
	Heading, Message      string
	HomeLink, Sitemap     string // the links' words
	HomeHref, SitemapHref string
	// Query is a refused search's, offered again in a search box.
	Query string
}

// NewError is the error page of status, with the heading and message of
// key, in b's language.
func NewError(b Base, status int, key string) Error {
	t := b.T
	e := Error{Base: b, Status: status, Heading: t.Tr(key + ".title"), Message: t.Tr(key + ".text"),
		HomeLink: t.Tr("error.home_link"), Sitemap: t.Tr("nav.sitemap"), HomeHref: content.SectionPath(t.Lang, ""), SitemapHref: content.SectionPath(t.Lang, "sitemap")}
	e.Title, e.NoIndex = e.Heading, true
	return e
}
