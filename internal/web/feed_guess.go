package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"vestnik/internal/feed"
)

// feedGuesses are the addresses feed readers and people try for a site's
// feed: WordPress's /feed (the kind of site this one replaces), and the
// file names other site builders use. Each leads to the site's feed in
// that format (RSS where the name says none).
var feedGuesses = map[string]feed.Format{
	"/feed": feed.RSS, "/feed/": feed.RSS, "/rss": feed.RSS, "/rss/": feed.RSS, "/rss.xml": feed.RSS,
	"/feed.xml": feed.RSS, "/index.xml": feed.RSS, "/atom.xml": feed.Atom, "/feed.json": feed.JSON,
}

// feedGuess sends a guessed feed address without a language to the feed
// of the visitor's language (negotiated as "/" is, so a temporary
// redirect: another visitor may be sent elsewhere).
func (s *Server) feedGuess(f feed.Format) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		lang := s.visitorLang(w, r)
		w.Header().Set("Cache-Control", "private, no-cache")
		http.Redirect(w, r, "/"+lang+"/"+string(f), http.StatusFound)
		return nil
	}
}

// langFeedGuess sends /{lang}/feed (WordPress's address of a language's
// feed) to that language's RSS feed, for good.
func langFeedGuess(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/"+chi.URLParam(r, "lang")+"/"+string(feed.RSS), http.StatusMovedPermanently)
}
