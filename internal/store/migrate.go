package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

func provider(pool *pgxpool.Pool, migrations fs.FS, opts ...goose.ProviderOption) (*goose.Provider, *sql.DB, error) {
	sqldb := stdlib.OpenDBFromPool(pool)
	p, err := goose.NewProvider(goose.DialectPostgres, sqldb, migrations, opts...)
	if err != nil {
		sqldb.Close()
		return nil, nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, sqldb, nil
}

// Migrate applies the pending migrations and returns those it applied,
// also when one fails (those before it stay applied). goose takes a Postgres advisory
// lock, so instances starting together apply each migration once.
//
// Migrations run on connections of their own without the pool's statement
// timeout: a backfill of a large archive takes longer than any request
// may.
func Migrate(ctx context.Context, pool *pgxpool.Pool, migrations fs.FS) ([]string, error) {
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	cfg := pool.Config()
	if cfg.ConnConfig.RuntimeParams == nil {
		cfg.ConnConfig.RuntimeParams = map[string]string{}
	}
	cfg.ConnConfig.RuntimeParams["statement_timeout"] = "0"
	cfg.MaxConns, cfg.MinConns = 2, 0
	own, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	defer own.Close()
	p, sqldb, err := provider(own, migrations, goose.WithSessionLocker(locker))
	if err != nil {
		return nil, err
	}
	defer sqldb.Close()
	results, err := p.Up(ctx)
	if partial, ok := errors.AsType[*goose.PartialError](err); ok {
		results = partial.Applied // those before the one that failed stay applied
	}
	var applied []string
	for _, r := range results {
		applied = append(applied, r.Source.Path)
	}
	if err != nil {
		return applied, fmt.Errorf("store: migrate: %w", err)
	}
	return applied, nil
}

// SchemaCurrent reports whether every embedded migration has been applied.
func SchemaCurrent(ctx context.Context, pool *pgxpool.Pool, migrations fs.FS) (bool, error) {
	p, sqldb, err := provider(pool, migrations)
	if err != nil {
		return false, err
	}
	defer sqldb.Close()
	pending, err := p.HasPending(ctx)
	if err != nil {
		return false, fmt.Errorf("store: schema version: %w", err)
	}
	return !pending, nil
}
