package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"vestnik/internal/archive"
	"vestnik/internal/config"
	"vestnik/migrations"
)

// exportCommand writes the site's content, media, accounts and settings to
// one archive: a file given with -o (gzip-compressed when its name ends in
// .gz or .tgz), or standard output. A file appears only once it is
// complete, so a failed export never leaves a truncated archive behind.
func exportCommand(ctx context.Context, cfg *config.Config, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	out := fs.String("o", "-", "archive file to write (`-`: standard output); .gz or .tgz compresses it")
	gz := fs.Bool("gzip", false, "compress with gzip (implied by a .gz or .tgz file name)")
	noSubs := fs.Bool("no-subscribers", false, "leave out newsletter subscribers and whom each issue reached")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("export: unexpected argument %q (the file goes after -o)", fs.Arg(0))
	}
	opts := archive.Options{
		Gzip:          *gz || strings.HasSuffix(*out, ".gz") || strings.HasSuffix(*out, ".tgz"),
		NoSubscribers: *noSubs,
	}
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()

	if *out == "-" {
		if fi, err := os.Stdout.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			return errors.New("export: not writing an archive to a terminal: use -o FILE or redirect the output")
		}
		m, err := archive.Export(ctx, pool, migrations.FS, os.Stdout, opts)
		if err != nil {
			return err
		}
		report(os.Stderr, "exported", m, "standard output")
		return nil
	}

	// Write next to the destination, then rename: the archive is there
	// whole or not at all. CreateTemp makes it 0600: it holds password
	// hashes and subscribers' addresses.
	tmp, err := os.CreateTemp(filepath.Dir(*out), "."+filepath.Base(*out)+".*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	m, err := archive.Export(ctx, pool, migrations.FS, tmp, opts)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	report(os.Stderr, "exported", m, *out)
	return nil
}

// importCommand restores an archive into an empty database: vestnik import
// FILE (or - for standard input). It migrates the database first; the
// restore is one transaction, so it either completes or changes nothing.
func importCommand(ctx context.Context, cfg *config.Config, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("import: name the archive: vestnik import FILE (- for standard input)")
	}
	name := fs.Arg(0)
	var in io.Reader = os.Stdin
	if name != "-" {
		f, err := os.Open(name) // #nosec G304 -- the operator names the archive to restore
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		in = f
	}
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	m, err := archive.Import(ctx, pool, migrations.FS, in)
	if err != nil {
		return err
	}
	report(os.Stderr, "imported", m, name)
	return nil
}

// report tells the operator what the archive held.
func report(w io.Writer, what string, m archive.Manifest, where string) {
	fmt.Fprintf(w, "%s %d entries, %d translations, %d media files (%.1f MB), %d users",
		what, m.Rows("entries"), m.Rows("translations"), m.MediaFiles, float64(m.MediaBytes)/(1<<20), m.Rows("users"))
	if m.Subscribers {
		fmt.Fprintf(w, ", %d subscribers", m.Rows("subscribers"))
	} else {
		fmt.Fprint(w, ", no subscribers")
	}
	fmt.Fprintf(w, " (schema version %d, made %s) — %s\n", m.SchemaVersion, m.CreatedAt.Format("2006-01-02 15:04:05 MST"), where)
}
