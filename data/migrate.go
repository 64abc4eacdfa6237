package data

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migration is one embedded schema change, applied once.
type migration struct {
	version int
	name    string // path in the embedded FS, "migrations/001_initial.sql"; recorded as is
}

// listMigrations returns the embedded migrations ordered by their number,
// the digits their file names start with ("001_initial.sql").
func listMigrations() ([]migration, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, name := range names {
		base := path.Base(name)
		digits, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(digits)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number and '_'", base)
		}
		out = append(out, migration{version: v, name: name})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share number %d", out[i-1].name, out[i].name, out[i].version)
		}
	}
	return out, nil
}

// migrate applies the embedded migrations not yet recorded in the
// migrations table, each in its own transaction, in number order.
func (s *Store) migrate(ctx context.Context) error {
	list, err := listMigrations()
	if err != nil {
		return fmt.Errorf("data: migrate: %w", err)
	}
	// Shape kept from the first release: a migration is known by its file name.
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		name       TEXT PRIMARY KEY,
		applied_at INTEGER NOT NULL
	)`); err != nil {
		return fmt.Errorf("data: migrate: %w", err)
	}
	for _, m := range list {
		if err := s.applyMigration(ctx, m); err != nil {
			return fmt.Errorf("data: migrate %s: %w", path.Base(m.name), err)
		}
	}
	return nil
}

// applyMigration runs m unless it is recorded as applied, and records it,
// in one transaction. A migration is a script of several statements, so it
// runs as is, never prepared.
func (s *Store) applyMigration(ctx context.Context, m migration) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM migrations WHERE name = ?`, m.name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := migrations.ReadFile(m.name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, m.name, unix(s.Now())); err != nil {
		return err
	}
	return tx.Commit()
}
