package store_test

import (
	"errors"
	"strings"
	"testing"

	"vestnik/internal/content"
	"vestnik/internal/demo"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
)

// TestBoardCountsReadIndexes: the board's counts read indexes, not whole
// tables, on an archive where a language turned off (Turkmen) misses
// every entry: the count of another language's few gaps is a range of
// their index, not a scan of every language's (as when the planner,
// given the language as a parameter, estimated each language's gaps as
// a share of them all), and the entries are counted on their index, not
// read row by row.
func TestBoardCountsReadIndexes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	pool := testdb.New(t)
	if err := demo.Generate(ctx, pool, 3000, nil); err != nil {
		t.Fatal(err)
	}
	st := store.New(pool)
	for _, kind := range []content.Kind{"", content.KindNews} {
		plan, err := st.ExplainBoardCounts(ctx, kind, []string{"en", "ru"})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(plan, "Seq Scan on translation_gaps") || !strings.Contains(plan, "Index Only Scan using entries_live on entries") {
			t.Errorf("kind %q: the board's counts read the tables:\n%s", kind, plan)
		}
	}
}

// TestBoardCountsRefuseOtherLiterals: the board's counts write the kind
// and the languages into their statement; anything but a kind of entry
// and a language code is refused before it reaches SQL.
func TestBoardCountsRefuseOtherLiterals(t *testing.T) {
	t.Parallel()
	st := store.New(testdb.New(t))
	for _, tc := range []struct {
		kind  content.Kind
		langs []string
	}{
		{"news' OR true --", []string{"en"}},
		{"", []string{"en", "ru'); DROP TABLE entries; --"}},
		{"", []string{"EN"}},
		{"", []string{"e"}},
	} {
		if _, err := st.BoardCounts(t.Context(), tc.kind, tc.langs); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("kind %q, languages %q: %v, want ErrNotFound", tc.kind, tc.langs, err)
		}
	}
	if _, err := st.BoardCounts(t.Context(), content.KindPage, []string{"en", "ru", "tk"}); err != nil {
		t.Errorf("a kind and the languages: %v", err)
	}
}
