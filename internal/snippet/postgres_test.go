package snippet_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode"

	"vestnik/internal/snippet"
	"vestnik/internal/testdb"
)

// Texts in the site's languages and tone, with inflected words, "ё",
// Latin words in Russian text, hyphenated words and numbers.
var corpus = map[string]string{
	"english": `Planning to travel abroad? Don't hurry — call the hotline! Hotlines in Ashgabat and Dashoguz
		answer calls about labour migration, counter-trafficking and safe travelling. Trafficked persons were
		assisted; victims' families received consultations. The policies adopted in 2024 protect migrants
		working abroad. Happily, the happiest families were reunited. Officers discussed the plans, hoping for
		better cooperation with partners. Training sessions for border guards and consular officers took place;
		leaflets were printed and distributed. COVID-19 slowed the project, but it resumed in spring. Write to
		info@iom.int or visit Example.com and iom.int/ru/news (not iom.int.ru); version 1.2.3 costs 3.14,
		see /etc/passwd.`,
	"russian": `Планируете поездку за границу? Не спешите — позвоните на горячую линию! Горячие линии в Ашхабаде
		и Дашогузе отвечают на звонки о трудовой миграции, противодействии торговле людьми и безопасных поездках.
		Пострадавшим оказана помощь; семьи жертв получили консультации. У здания поставили ёлку, ёлки стояли у
		входа. Сотрудники обсудили планы сотрудничества с партнёрами. Тренинги для пограничников и консульских
		сотрудников прошли в Туркменбаши; листовки напечатаны и распространены. Пишите на Info@IOM.int или
		смотрите iom.int/ru/news и https://www.iom.int. Звонок на hotline бесплатен,
		информирование продолжается в 2024 году. Линейка и карандаш лежат на столе. Проект IOM-Turkmenistan
		и программа counter-trafficking продолжаются.`,
}

// TestMarksAsPostgreSQL: every word of the corpus, searched alone, is
// marked in the corpus where PostgreSQL's ts_headline marks it
// (HighlightAll), in the configuration's stemming.
func TestMarksAsPostgreSQL(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	for cfg, text := range corpus {
		queries := []string{"example.com", "info@iom.int", "iom.int", "www.iom.int", "1.2.3", "3.14", "/etc/passwd"}
		for _, q := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }) {
			if q = strings.Trim(q, "-"); q != "" && !slices.Contains(queries, q) {
				queries = append(queries, q)
			}
		}
		rows, err := pool.Query(context.Background(), `SELECT q, coalesce(tsvector_to_array(to_tsvector($1::regconfig, q)), '{}'),
			ts_headline($1::regconfig, $2, plainto_tsquery($1::regconfig, q), 'HighlightAll=true, StartSel=`+snippet.MarkStart+`, StopSel=`+snippet.MarkStop+`')
			FROM unnest($3::text[]) q`, cfg, text, queries)
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for rows.Next() {
			var q, headline string
			var lexemes []string
			if err := rows.Scan(&q, &lexemes, &headline); err != nil {
				t.Fatal(err)
			}
			if len(lexemes) == 0 { // a stop word
				continue
			}
			checked++
			want := marked(headline)
			if got := snippet.New(cfg, lexemes).Matches(text); !slices.Equal(got, want) {
				t.Errorf("%s %q (%v): marked %q, PostgreSQL marks %q", cfg, q, lexemes, got, want)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if checked < 50 {
			t.Errorf("%s: only %d words checked", cfg, checked)
		}
	}
}

// marked lists the marked words of a snippet.
func marked(s string) []string {
	var words []string
	for _, part := range strings.Split(s, snippet.MarkStart)[1:] {
		words = append(words, part[:strings.Index(part, snippet.MarkStop)])
	}
	return words
}
