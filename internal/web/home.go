package web

import (
	"context"
	"html/template"
	"net/http"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/content"
	"vestnik/internal/picture"
	"vestnik/internal/view"
)

// homeNewsCount is how many news items the home page shows.
const homeNewsCount = 5

// homeKinds are the kinds the home page lists.
var homeKinds = []content.Kind{content.KindNews, content.KindNewsletter, content.KindPage}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	lang := chi.URLParam(r, "lang")
	if r.URL.Path != "/"+lang+"/" {
		redirectSlash(w, r)
		return nil
	}
	b, err := s.pageBase(r, lang, "home", "")
	if err != nil {
		return err
	}
	data := view.Home{Base: b, Words: view.NewHomeWords(b.T)}
	ctx := r.Context()
	if data.Hotlines, err = s.hotlineBox(ctx, b); err != nil {
		return err
	}
	front, err := s.store.Front(ctx, lang, homeNewsCount)
	if err != nil {
		return err
	}
	set := picture.Set(front.Images) // the news' thumbnails and the issue's cover
	data.News = s.teasersOf(set, lang, front.News)
	if nl := front.Issue; nl != nil {
		data.Issue = view.NewIssueBox(b.T, *nl, set.Thumb(nl.LeadImageID, lang))
	}
	if about := front.About; about != nil {
		t := view.NewTeaser(b.T, *about, "")
		data.About = &t
	}
	if err := s.touchList(ctx, &data.Base, frontDate(front), homeKinds...); err != nil {
		return err
	}
	data.Description = b.T.Tr("site.description")
	data.Meta.JSONLD = append(data.Meta.JSONLD, s.website(lang, b.SiteName))
	return s.render(w, http.StatusOK, view.PageHome, data)
}

// website is the home page's JSON-LD WebSite in lang, marshalled once per
// content generation: only the language and the site's name decide it.
func (s *Server) website(lang, name string) template.JS {
	ld, _ := s.websites.get(s.cache.Generation(), lang, func() (template.JS, error) {
		return ldJS(ldWebSite{
			Context: schemaOrg, Type: "WebSite", Name: name, URL: s.abs("/" + lang + "/"),
			InLanguage: lang, Publisher: s.organization(lang),
			PotentialAction: ldSearchAction{Type: "SearchAction", Target: s.abs("/"+lang+"/search") + "?q={search_term_string}",
				QueryInput: "required name=search_term_string"},
		}), nil
	})
	return ld
}

// hotlineBox is the home page's box of hotline numbers in b's language,
// rendered once per content generation: the numbers are the chrome's
// (the same read, the same generation), and only they and the language
// change it. In dev mode, where templates are read on every render, it is
// rendered every time.
func (s *Server) hotlineBox(ctx context.Context, b view.Base) (template.HTML, error) {
	c, gen, err := s.chrome(ctx, b.Lang)
	if err != nil {
		return "", err
	}
	render := func() (template.HTML, error) { return s.views.HotlineBox(view.NewHotlineBox(b.T, c.hotlines)) }
	if s.views.Reloads() {
		return render()
	}
	return s.hotlineBoxes.get(gen, b.Lang, render)
}
