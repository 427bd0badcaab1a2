// Package migrations holds the numbered SQL migrations, embedded in the
// binary and applied by goose (see internal/store.Migrate).
package migrations

import "embed"

// FS holds the *.sql migration files.
//
//go:embed *.sql
var FS embed.FS
