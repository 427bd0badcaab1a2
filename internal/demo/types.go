package demo

import "time"

// Text is one language's version of an entry. An empty Slug is derived
// from the title when the content is loaded.
type Text struct {
	Title   string
	Slug    string
	Summary string
	Body    string // Markdown
}

// News is a news item; Tr is keyed by language code ("en", "ru").
// A news item missing from Tr in a language has no translation there.
type News struct {
	Published time.Time
	Tr        map[string]Text
}

// Page is a free-standing page such as About. Key names pages the
// site links to by role ("hotline", "about"); Tr as for News.
type Page struct {
	Key string
	Tr  map[string]Text
}

// Article is one article of a newsletter issue, keyed by language.
type Article struct {
	Tr map[string]ArticleText
}

// ArticleText is an article's title and Markdown body in one language.
type ArticleText struct {
	Title string
	Body  string
}

// Newsletter is a newsletter issue: its period (first day of the month),
// its texts, ordered articles and one PDF edition per language.
type Newsletter struct {
	Period    time.Time
	Published time.Time
	Tr        map[string]Text
	Articles  []Article
	// Editions maps a language to the PDF edition's file name and the lines
	// of text printed in it.
	Editions map[string]Edition
}

// Edition describes a PDF edition generated for the demo.
type Edition struct {
	Filename string
	Title    string
	Lines    []string
}

// Hotline is a hotline number with its labels and hours per language.
type Hotline struct {
	E164    string
	Display string
	Label   map[string]string
	Hours   map[string]string
}
