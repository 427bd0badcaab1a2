// Package snippet cuts, from a text a search found, the passages that show
// its words, and marks the words: what PostgreSQL's ts_headline does, done
// here from the query's lexemes.
//
// ts_headline parses the whole text it is given, word by word through the
// configuration's dictionaries (about 0.1 µs a character in Russian): the
// snippets were most of a search page's database time, though a window of
// 700 characters around the first match was all it was given. Here a word
// is stemmed only when its first letters could begin a lexeme of the
// query, with the Snowball stemmers PostgreSQL's own english and russian
// configurations use (the same algorithms: their vocabularies stem alike),
// so a whole text costs a few microseconds.
package snippet

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
)

// Markers around a matching word; the web layer escapes the text and
// turns them into <mark> (the text is editors' Markdown, rendered to
// text, so it may hold anything, including "<").
const (
	MarkStart = "\x02"
	MarkStop  = "\x03"
)

// The shape of a snippet: up to two passages of up to 25 words, in the
// text's order, joined by " … " (two or three lines on a results page),
// with "… " before and " …" after where the text goes on. A passage
// begins a few words before its first match, at the sentence's beginning
// when that is among them.
const (
	maxWords  = 25
	lead      = 6
	delimiter = " … "
	cutBefore = "… "
	cutAfter  = " …"
	// maxCandidates bounds the passages weighed in a part of a very long
	// text: the first matches' are as good as any.
	maxCandidates = 200
	// maxWordBytes cuts a run of letters and digits longer than any word
	// (a hash, a blob pasted into a text): a passage is at most 25 of
	// them.
	maxWordBytes = 100
)

// A Maker cuts the snippets of one search's texts, for a query whose
// lexemes (the words to find, as PostgreSQL's querytree gives them) are
// stemmed in the text search configuration cfg. It remembers the words it
// has stemmed and reuses its memory from one text to the next; it is not
// safe for concurrent use.
type Maker struct {
	m       *matcher
	lexemes int
	words   []word
	hits    []int // indexes of the matching words
}

// New returns a Maker for a query's lexemes in cfg.
func New(cfg string, lexemes []string) *Maker {
	return &Maker{m: newMatcher(cfg, lexemes), lexemes: len(lexemes)}
}

// Make returns the snippet of text: the passages holding the most of the
// lexemes, each matching word between MarkStart and MarkStop; without a
// match, the text's first words.
func (mk *Maker) Make(text string) string {
	words := mk.matched(text)
	if len(words) == 0 {
		return ""
	}
	hits := mk.hits[:0]
	for i, w := range words {
		if w.lexeme >= 0 {
			hits = append(hits, i)
		}
	}
	mk.hits = hits
	if len(hits) == 0 {
		n := min(len(words), maxWords)
		if n < len(words) {
			return text[words[0].start:closing(text, int(words[n-1].end))] + cutAfter
		}
		return text[words[0].start:closing(text, int(words[n-1].end))]
	}
	chosen := choose(text, words, hits, mk.lexemes)
	var b strings.Builder
	size := len(delimiter) + len(cutBefore) + len(cutAfter)
	for _, f := range chosen {
		size += int(words[f.to-1].end-words[f.from].start) + 2*len(hits) + 4
	}
	b.Grow(size)
	for i, f := range chosen {
		switch {
		case i > 0:
			b.WriteString(delimiter)
		case f.from > 0:
			b.WriteString(cutBefore)
		}
		write(&b, text, words[f.from:f.to])
	}
	if chosen[len(chosen)-1].to < len(words) {
		b.WriteString(cutAfter)
	}
	return b.String()
}

// closing is where a passage ending at end stops: after the punctuation
// that closes its last word ("spring." "(2024)," "«линию»!").
func closing(text string, end int) int {
	for end < len(text) {
		switch {
		case strings.IndexByte(".,;:!?)]\"'", text[end]) >= 0:
			end++
		case strings.HasPrefix(text[end:], "»"), strings.HasPrefix(text[end:], "”"), strings.HasPrefix(text[end:], "…"):
			_, size := utf8.DecodeRuneInString(text[end:])
			end += size
		default:
			return end
		}
	}
	return end
}

// sentenceStart tells whether the word after gap begins a sentence: the
// gap ends one (".", "!", "?", "…") and the word is capitalized — "2011 г.
// в Ашхабаде" and "т. е. мигранты" go on — or the gap is the line
// between a summary and its text (the search's text is the two joined by
// "\n"; html_text leaves no other line).
func sentenceStart(gap, word string) bool {
	if gap == " " { // most gaps
		return false
	}
	if strings.Contains(gap, "\n") {
		return true
	}
	if !strings.ContainsAny(gap, ".!?…") {
		return false
	}
	r := firstRune(word)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// matched is text's words, each with the lexeme it stems to ("https" in
// "https://" is none: PostgreSQL takes it as a protocol, not a word).
func (mk *Maker) matched(text string) []word {
	words := mk.split(text)
	for i, w := range words {
		switch {
		case w.joined:
			words[i].lexeme = int32(mk.m.matchJoined(text[w.start:w.end]))
		case int(w.end) == len(text) || text[w.end] != ':' || !strings.HasPrefix(text[w.end:], "://"):
			words[i].lexeme = int32(mk.m.match(text[w.start:w.end]))
		}
	}
	return words
}

// word is a word of the text: its bytes, and the index of the lexeme it
// stems to (-1: none).
type word struct {
	start, end, lexeme int32 // (texts are far shorter than 2 GB)
	joined             bool  // a host, an address, a version or a path
}

// split cuts text into words as PostgreSQL's default parser does, near
// enough: runs of letters and digits, and a number's minus ("COVID-19" is
// "COVID" and "-19"); runs joined by dots, "@" or slashes are one
// ("iom.int", "info@iom.int", "1.2.3", "/etc/passwd"; "iom.int/ru/news" is
// "iom.int" and "/ru/news").
// (It also takes "counter-trafficking" as a whole, but marks its parts:
// "counter-<b>trafficking</b>".)
func (mk *Maker) split(text string) []word {
	words := mk.words[:0]
	start, joined := -1, false
	for i := 0; i < len(text); {
		c, size := text[i], 1
		var inWord bool
		switch {
		case c < utf8.RuneSelf:
			inWord = asciiAlnum(c)
			if inWord {
				// The rest of the run of letters and digits at once (up to
				// where a long run is cut).
				size = 1
				for end := runEnd(i, start, len(text)); i+size < end && asciiAlnum(text[i+size]); size++ {
				}
				break
			}
			if c != '-' && c != '.' && c != '@' && c != '/' {
				break
			}
			next := i+1 < len(text) && wordStart(text[i+1:])
			switch {
			case c == '-' && next && '0' <= text[i+1] && text[i+1] <= '9':
				if start >= 0 {
					words = append(words, word{start: int32(start), end: int32(i), lexeme: -1, joined: joined})
				}
				start, i, joined = i, i+1, false
				continue
			case (c == '.' || c == '@') && start >= 0 && next:
				inWord, joined = true, true // a host, an address, a version
			case c == '/' && start >= 0 && next && text[start] != '/':
				// A URL: its host, then its path, as PostgreSQL
				// indexes and marks them.
				words = append(words, word{start: int32(start), end: int32(i), lexeme: -1, joined: joined})
				start, i, joined = i, i+1, true
				continue
			case c == '/' && next && (start >= 0 || i == 0 || text[i-1] != '/'):
				inWord, joined = true, true // a path
			}
		case cyrillic(text, i):
			// U+0400–U+047F: Cyrillic letters; the rest of their run at once
			// (a loop on the run's bytes alone: most of a Russian text).
			inWord = true
			run, j := text[:runEnd(i, start, len(text))], i+2
			for j+8 <= len(run) && cyrillic4(run[j:j+8]) {
				j += 8
			}
			for j+1 < len(run) && run[j]&0xFE == 0xD0 && run[j+1]&0xC0 == 0x80 {
				j += 2
			}
			size = j - i
		default:
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			inWord = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			words = append(words, word{start: int32(start), end: int32(i), lexeme: -1, joined: joined})
			start, joined = -1, false
		case inWord && i-start >= maxWordBytes: // not a word: cut, so a passage stays short
			words = append(words, word{start: int32(start), end: int32(i), lexeme: -1, joined: joined})
			start = i
		}
		i += size
	}
	if start >= 0 {
		words = append(words, word{start: int32(start), end: int32(len(text)), lexeme: -1, joined: joined})
	}
	mk.words = words
	return words
}

// asciiAlnum tells whether c is an ASCII letter or digit.
func asciiAlnum(c byte) bool {
	return 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9'
}

// cyrillic tells whether text[i:] begins with a letter of U+0400–U+047F
// (two bytes).
func cyrillic(text string, i int) bool {
	return (text[i] == 0xD0 || text[i] == 0xD1) && i+1 < len(text) && text[i+1]&0xC0 == 0x80
}

// cyrillic4 tells whether b (8 bytes) is four letters of U+0400–U+047F:
// each a lead byte 0xD0 or 0xD1 and a continuation byte.
func cyrillic4(b string) bool {
	v := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
	return v&0xC0FE_C0FE_C0FE_C0FE == 0x80D0_80D0_80D0_80D0
}

// runEnd is where a run of word characters from i ends at the latest:
// where split cuts a word that began at start (-1: at i) for being too
// long, or the text's end.
func runEnd(i, start, n int) int {
	if start < 0 {
		start = i
	}
	return min(n, start+maxWordBytes)
}

// fragment is a passage: words [from, to).
type fragment struct{ from, to int }

// choose picks up to two passages of up to maxWords words, each beginning
// lead words before a hit: the one holding the most distinct lexemes
// (then the most hits; then the first), and the best of the text before
// or after it. They come back in the text's order, as one when they
// touch.
func choose(text string, words []word, hits []int, lexemes int) []fragment {
	c := chooser{text: text, words: words, hits: hits, seen: make([]bool, lexemes)}
	first, _ := c.best(0, len(words))
	before, okBefore := c.best(0, first.from)
	after, okAfter := c.best(first.to, len(words))
	switch {
	case okBefore && (!okAfter || !c.better(after, before)):
		return join(before.fragment, first.fragment)
	case okAfter:
		return join(first.fragment, after.fragment)
	}
	return []fragment{first.fragment}
}

func join(a, b fragment) []fragment {
	if a.to == b.from {
		return []fragment{{a.from, b.to}}
	}
	return []fragment{a, b}
}

type chooser struct {
	text  string
	words []word
	hits  []int
	seen  []bool
}

type scored struct {
	fragment
	distinct, hits int
}

// best is the best passage within words [lo, hi): its first hit lead
// words in, or fewer at lo. A passage's hits are counted from the hits
// (a few), not from its words (25).
func (c *chooser) best(lo, hi int) (scored, bool) {
	var best scored
	found := false
	first, _ := slices.BinarySearch(c.hits, lo)
	for k := first; k < len(c.hits) && c.hits[k] < hi && k-first < maxCandidates; k++ {
		h := c.hits[k]
		s := scored{fragment: fragment{from: max(lo, h-lead)}}
		for i := h; s.from > 0 && i > s.from; i-- { // (the text's start begins a sentence)
			if sentenceStart(c.text[c.words[i-1].end:c.words[i].start], c.text[c.words[i].start:c.words[i].end]) {
				s.from = i
				break
			}
		}
		s.to = min(hi, s.from+maxWords)
		clear(c.seen)
		j := k
		for j > 0 && c.hits[j-1] >= s.from {
			j--
		}
		for ; j < len(c.hits) && c.hits[j] < s.to; j++ {
			s.hits++
			if l := c.words[c.hits[j]].lexeme; !c.seen[l] {
				c.seen[l] = true
				s.distinct++
			}
		}
		if !found || c.better(s, best) {
			best, found = s, true
		}
	}
	return best, found
}

func (c *chooser) better(a, b scored) bool {
	if a.distinct != b.distinct {
		return a.distinct > b.distinct
	}
	return a.hits > b.hits
}

// write writes the text from the first word to the last, with the
// matching words marked.
func write(b *strings.Builder, text string, words []word) {
	at := words[0].start
	for _, w := range words {
		if w.lexeme < 0 {
			continue
		}
		b.WriteString(text[at:w.start])
		b.WriteString(MarkStart)
		b.WriteString(text[w.start:w.end])
		b.WriteString(MarkStop)
		at = w.end
	}
	b.WriteString(text[at:closing(text, int(words[len(words)-1].end))])
}

// matcher tells which lexeme a word stems to.
type matcher struct {
	lexemes map[string]int
	// heads are the lexemes' beginnings, folded: a word is stemmed only
	// when it begins with one (stemming takes microseconds).
	heads  [][]rune
	firsts []rune // their first letters
	// Whether an ASCII letter, or one of U+0400–U+047F, folds to one of
	// firsts.
	asciiFirst    [utf8.RuneSelf]bool
	cyrillicFirst [0x80]bool
	stem          func(string) string
	exact         bool           // the configuration is known: compare stems, not prefixes
	seen          map[string]int // the words met, by their text
}

// Text search configurations whose stemming is done here as PostgreSQL
// does it. In russian, words in Latin letters go to the English stemmer,
// as PostgreSQL's russian configuration sends them; words with digits are
// taken as they are in every configuration (its simple dictionary).
var stemmers = map[string]func(string) string{
	"simple":  func(w string) string { return w },
	"english": func(w string) string { return english.Stem(w, true) },
	"russian": func(w string) string {
		if isASCII(w) {
			return english.Stem(w, true)
		}
		return russian.Stem(strings.ReplaceAll(w, "ё", "е"), true)
	},
}

func newMatcher(cfg string, lexemes []string) *matcher {
	m := &matcher{lexemes: make(map[string]int, len(lexemes)), seen: map[string]int{}}
	m.stem, m.exact = stemmers[cfg]
	for i, l := range lexemes {
		if _, ok := m.lexemes[l]; ok {
			continue
		}
		m.lexemes[l] = i
		// A stem is its word's beginning, but for its last letter
		// ("hoping" is "hope", "happy" is "happi"), "ё" (as "е") and "y"
		// (as "i"). The Russian stemmer only cuts endings off: a Russian
		// word begins with its whole stem (checking one letter less
		// stemmed "лица", "лишь" and "листовки" for "лин").
		if head := []rune(strings.Map(fold, l)); len(head) > 0 {
			if cfg != "russian" || isASCII(l) {
				head = head[:max(1, len(head)-1)]
			}
			m.heads = append(m.heads, head)
			m.firsts = append(m.firsts, head[0])
		}
	}
	for c := range m.asciiFirst {
		m.asciiFirst[c] = slices.Contains(m.firsts, fold(rune(c)))
	}
	for i := range m.cyrillicFirst {
		m.cyrillicFirst[i] = slices.Contains(m.firsts, fold(rune(0x400+i)))
	}
	return m
}

// match returns the index of the lexeme w stems to, or -1. In a
// configuration not known here, a word matches a lexeme it begins with.
// wordStart tells whether s begins with a letter or a digit.
func wordStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func (m *matcher) match(w string) int {
	if !m.mayBegin(w) ||
		!slices.ContainsFunc(m.heads, func(h []rune) bool { return begins(w, h) }) {
		return -1
	}
	l, ok := m.seen[w]
	if !ok {
		l = m.matchWord(w)
		m.seen[w] = l
	}
	return l
}

// mayBegin tells whether w's first letter, folded, is one a lexeme
// begins with: from a table for ASCII and Cyrillic letters (most words),
// else decoded and folded.
func (m *matcher) mayBegin(w string) bool {
	if w != "" {
		switch c := w[0]; {
		case c < utf8.RuneSelf:
			return m.asciiFirst[c]
		case len(w) >= 2 && c&0xFE == 0xD0 && w[1]&0xC0 == 0x80:
			return m.cyrillicFirst[(rune(c&0x1F)<<6|rune(w[1]&0x3F))-0x400]
		}
	}
	return slices.Contains(m.firsts, fold(firstRune(w)))
}

// firstRune is w's first letter, decoded here when it is Cyrillic (most
// words of a Russian text; utf8 decodes two-byte runes out of line).
func firstRune(w string) rune {
	if len(w) >= 2 && (w[0] == 0xD0 || w[0] == 0xD1) && w[1]&0xC0 == 0x80 {
		return rune(w[0]&0x1F)<<6 | rune(w[1]&0x3F)
	}
	r, _ := utf8.DecodeRuneInString(w)
	return r
}

// matchJoined matches a host, an address, a version or a path as it is
// written, in lower case (PostgreSQL's simple dictionary takes them so).
func (m *matcher) matchJoined(w string) int {
	if i, ok := m.lexemes[strings.ToLower(w)]; ok {
		return i
	}
	return -1
}

func (m *matcher) matchWord(w string) int {
	w = strings.ToLower(w)
	if !m.exact {
		for l, i := range m.lexemes {
			if strings.HasPrefix(w, l) {
				return i
			}
		}
		return -1
	}
	if !strings.ContainsFunc(w, unicode.IsDigit) {
		w = m.stem(w)
	}
	if i, ok := m.lexemes[w]; ok {
		return i
	}
	return -1
}

// begins tells whether w, folded, begins with head.
func begins(w string, head []rune) bool {
	i := 0
	for _, r := range w {
		if i == len(head) {
			return true
		}
		if fold(r) != head[i] {
			return false
		}
		i++
	}
	return i == len(head)
}

// fold is a letter in lower case, "ё" as "е" and "y" as "i".
func fold(r rune) rune {
	switch {
	case 'A' <= r && r <= 'Z', 'А' <= r && r <= 'Я':
		r += 'a' - 'A'
	case 'Ѐ' <= r && r <= 'Џ':
		r += 'ѐ' - 'Ѐ'
	case r >= utf8.RuneSelf && !('а' <= r && r <= 'я' || 'ѐ' <= r && r <= 'џ'):
		r = unicode.ToLower(r)
	}
	switch r {
	case 'ё':
		return 'е'
	case 'y':
		return 'i'
	}
	return r
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
