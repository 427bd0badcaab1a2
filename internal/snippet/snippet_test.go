package snippet

import (
	"strings"
	"testing"
)

// marked lists the marked words of a snippet.
func marked(s string) []string {
	var words []string
	for _, part := range strings.Split(s, MarkStart)[1:] {
		words = append(words, part[:strings.Index(part, MarkStop)])
	}
	return words
}

// TestMarks: a word is marked when it stems, in the configuration, to a
// lexeme of the query; a word that only begins like one is not.
func TestMarks(t *testing.T) {
	for _, c := range []struct {
		cfg, text string
		lexemes   []string
		want      string
	}{
		{"russian", "Позвоните на горячую линию, а не на линейку.", []string{"горяч", "лин"}, "горячую линию"},
		{"russian", "У здания поставили ёлку. Ёлки стоят.", []string{"елк"}, "ёлку Ёлки"},
		{"russian", "Звонок на hotline Hotlines бесплатен.", []string{"hotlin"}, "hotline Hotlines"},
		{"english", "Call the hotline: it is not hot.", []string{"hot"}, "hot"},
		{"english", "The new policy, and policies.", []string{"polici"}, "policy policies"},
		{"english", "Counter-trafficking and trafficked.", []string{"traffick"}, "trafficking trafficked"},
		{"english", "In 2024 and 20245, covid19.", []string{"2024", "covid19"}, "2024 covid19"},
		{"simple", "Gaýnarlyk liniýasy, GAÝNAR.", []string{"gaýnar"}, "GAÝNAR"},
		{"german", "Die Hotline hilft.", []string{"hotlin"}, "Hotline"}, // unknown: by prefix
		{"english", "Nothing here.", []string{"hotlin"}, ""},
	} {
		if got := strings.Join(marked(New(c.cfg, c.lexemes).Make(c.text)), " "); got != c.want {
			t.Errorf("%s %q %v: marked %q, want %q", c.cfg, c.text, c.lexemes, got, c.want)
		}
	}
}

// TestPassages: the snippet is the passage with the most of the query's
// words, and the best other one, in the text's order; a text without a
// match gives its first words.
func TestPassages(t *testing.T) {
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("word ", n)) }
	hot, line := MarkStart+"hot"+MarkStop, MarkStart+"line"+MarkStop
	for _, c := range []struct {
		name, text string
		want       string
	}{
		{"no match", words(50), words(25) + " …"},
		{"no match, short", "Nothing here.", "Nothing here."},
		{"short", "A hot line.", "A " + hot + " " + line + "."},
		{"both words first", words(40) + " hot " + words(40) + " the hot line " + words(40),
			"… " + words(6) + " " + hot + " " + words(18) + " … " + words(5) + " the " + hot + " " + line + " " + words(17) + " …"},
		{"one passage when they touch", "hot " + words(24) + " line " + words(10),
			hot + " " + words(24) + " " + line + " " + words(10)},
		{"apart", "hot " + words(40) + " line " + words(10),
			hot + " " + words(24) + " … " + words(6) + " " + line + " " + words(10)},
		// A passage begins with its sentence when that begins a few words
		// before the match, and ends after its last word's punctuation.
		{"sentence", words(30) + ". Call the hot line, " + words(40),
			"… Call the " + hot + " " + line + ", " + words(21) + " …"},
		{"an abbreviation is no sentence's end", words(30) + " g. in 2011 hot line",
			"… " + words(3) + " g. in 2011 " + hot + " " + line},
		{"a Russian one neither", words(30) + " 2011 г. в Ашхабаде hot",
			"… " + words(2) + " 2011 г. в Ашхабаде " + hot},
		{"sentence far back", words(30) + ". " + words(10) + " hot (line). " + words(3),
			"… " + words(6) + " " + hot + " (" + line + "). " + words(3)},
		{"a new line is a new sentence", "A summary\n" + words(3) + " hot",
			"A summary\n" + words(3) + " " + hot},
	} {
		if got := New("english", []string{"hot", "line"}).Make(c.text); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// TestLongRuns: a run of letters far longer than a word (a pasted hash or
// blob) does not make the snippet long.
func TestLongRuns(t *testing.T) {
	blob := strings.Repeat("ab1", 1<<20)
	for _, text := range []string{blob, blob + " a hot line", "a hot line " + blob} {
		if got := New("english", []string{"hot", "line"}).Make(text); len(got) > 6000 {
			t.Errorf("a snippet of %d bytes from a text of %d", len(got), len(text))
		}
	}
}

// BenchmarkMake: a text of 4,700 characters, by a Maker that has made
// others (as a search page's ten are made).
func BenchmarkMake(b *testing.B) {
	text := strings.Repeat("Сотрудники обсудили планы консультаций на следующий год. ", 40) +
		"Позвоните на горячую линию. " + strings.Repeat("Листовки раздали в Ашхабаде и Дашогузе. ", 40)
	mk := New("russian", []string{"горяч", "лин"})
	for b.Loop() {
		mk.Make(text)
	}
}

// TestCyrillicRuns: a run of Cyrillic letters is one word whatever its
// length, cut where any long run is cut (maxWordBytes: 50 letters), and
// its first letter is matched in any case, "ё" as "е".
func TestCyrillicRuns(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"ГОРЯЧАЯ Линия, линии и ЛИНИЯМИ", "ГОРЯЧАЯ Линия линии ЛИНИЯМИ"},
		{"горячаялиния горячая-линия", "горячая линия"},
		{strings.Repeat("я", 50) + "линия", "линия"}, // cut after 50 letters
		{strings.Repeat("я", 51) + "линия", ""},
		{strings.Repeat("я", 47) + " линия " + strings.Repeat("ж", 9) + " Горячая", "линия Горячая"},
		{"линияline line", ""},
	} {
		got := strings.Join(New("russian", []string{"горяч", "лин"}).Matches(c.text), " ")
		if got != c.want {
			t.Errorf("%.40q: marked %q, want %q", c.text, got, c.want)
		}
	}
	if got := New("russian", []string{"елк"}).Matches("Ёлка и елки"); strings.Join(got, " ") != "Ёлка елки" {
		t.Errorf("ё: marked %q", got)
	}
}

// BenchmarkMakeManyHits: a text as make bench's archive has them (300
// words drawn from 34, the query's two among them: 18 hits), as a search
// page's ten are made.
func BenchmarkMakeManyHits(b *testing.B) {
	words := strings.Fields("миграция горячая линия обучение граница сотрудники семинар торговля людьми " +
		"профилактика защита трудовой поездка консульский приют возвращение реинтеграция кампания молодёжь " +
		"сотрудничество помощь жертвы прокуроры информирование листовки Ашхабад Дашогуз Мары Лебап Балкан " +
		"Туркменбаши партнёры проект эксперты")
	var texts []string
	for t := range 10 {
		var b strings.Builder
		for k := range 300 {
			if k > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[(t*7919+k*k*31+k*17)%len(words)])
		}
		body := b.String()
		texts = append(texts, body[:160]+"\n"+body)
	}
	mk := New("russian", []string{"горяч", "лин"})
	for b.Loop() {
		for _, text := range texts {
			mk.Make(text)
		}
	}
}
