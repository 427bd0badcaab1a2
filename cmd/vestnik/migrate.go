package main

import (
	"context"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/config"
	"vestnik/internal/store"
	"vestnik/migrations"
)

// migrateCommand applies pending migrations.
func migrateCommand(ctx context.Context, cfg *config.Config, log *slog.Logger, _ []string) error {
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	applied, err := migrate(ctx, pool, log)
	if err != nil {
		return err
	}
	log.Info("migrated", "applied", len(applied))
	return nil
}

// migrate applies the pending migrations, logging each one applied, and
// warns when the database's schema is newer than this build's.
//
// That is no reason to refuse to start: in a rolling deploy the first new
// instance migrates while old ones still serve (and may restart), and a
// rollback runs the previous release on the schema its successor made.
// Additive migrations make that safe (README, "Upgrades and rollbacks");
// a release whose migration breaks the one before says so.
func migrate(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) ([]string, error) {
	applied, err := store.Migrate(ctx, pool, migrations.FS)
	for _, m := range applied {
		log.Info("migration applied", "migration", m)
	}
	if err != nil {
		return applied, err
	}
	database, build, err := store.SchemaVersions(ctx, pool, migrations.FS)
	if err != nil {
		return applied, err
	}
	if database > build {
		log.Warn("the database's schema is newer than this build's: a newer release has migrated it; this one runs on it (a rolling deploy or a rollback), but should be replaced by the newer release soon",
			"database_schema_version", database, "build_schema_version", build)
	}
	return applied, nil
}
