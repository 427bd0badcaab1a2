package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// genericPlan is the plan of sql as a prepared statement runs it once its
// plan is generic (EXPLAIN ANALYZE, in a transaction rolled back), for
// the parameters it takes of args ($1, $2, … in it), given as literals
// (EXECUTE takes no parameters of its own).
func genericPlan(t *testing.T, pool *pgxpool.Pool, sql string, args ...string) string {
	t.Helper()
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SET LOCAL plan_cache_mode = force_generic_plan`); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `PREPARE p AS `+sql); err != nil {
		t.Fatal(err)
	}
	// A prepared statement outlives the transaction, on a connection the
	// pool keeps.
	defer tx.Exec(ctx, `DEALLOCATE p`)
	n := 0
	for n < len(args) && strings.Contains(sql, fmt.Sprintf("$%d", n+1)) {
		n++
	}
	marks := make([]string, n)
	for i := range marks {
		marks[i] = "'" + strings.ReplaceAll(args[i], "'", "''") + "'"
	}
	rows, err := tx.Query(ctx, `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) EXECUTE p(`+strings.Join(marks, ", ")+`)`)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}
