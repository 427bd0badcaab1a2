package store_test

import (
	"context"
	"testing"
	"testing/fstest"

	"vestnik/internal/store"
	"vestnik/internal/testdb"
)

// TestMigratePartial: when a migration fails, those applied before it are
// still named, so serve can log them (they stay applied).
func TestMigratePartial(t *testing.T) {
	t.Parallel()
	pool := testdb.New(t)
	fsys := fstest.MapFS{
		"90001_good.sql": {Data: []byte("-- +goose Up\nCREATE TABLE partial_good (id int);\n-- +goose Down\nDROP TABLE partial_good;\n")},
		"90002_bad.sql":  {Data: []byte("-- +goose Up\nSELECT 1/0;\n-- +goose Down\nSELECT 1;\n")},
	}
	applied, err := store.Migrate(context.Background(), pool, fsys)
	if err == nil {
		t.Fatal("a failing migration: no error")
	}
	if len(applied) != 1 || applied[0] != "90001_good.sql" {
		t.Errorf("applied %q, want the good one", applied)
	}
}
