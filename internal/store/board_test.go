package store_test

import (
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
