// Package data is glutebot's SQLite store (modernc.org/sqlite, pure Go).
// Every method runs in one transaction that has committed when it returns,
// so nothing acknowledged is lost in a crash. Missing rows are reported
// with errors wrapping plans.ErrNotFound.
package data

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/glutebot/glutebot/plans"
)

// ErrNotFound is plans.ErrNotFound, so callers that cannot import data can
// still test for it.
var ErrNotFound = plans.ErrNotFound

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the database. Its methods are safe for concurrent use.
type Store struct {
	// Now is the clock; tests overwrite it.
	Now func() time.Time

	write *sql.DB // one connection: SQLite has one writer, and waiting here beats "database is locked"
	read  *sql.DB // readers run beside the writer thanks to WAL
}

// pragmas are set on every pooled connection. busy_timeout comes first so
// that the others wait rather than fail while another connection holds a
// lock.
const pragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"

// Open opens (creating it with mode 0600 if needed) and migrates the
// database at path.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("data: unusable database path %q", path)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("data: create database file: %w", err)
	}
	f.Close()

	write, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("data: open: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	read, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("data: open: %w", err)
	}
	read.SetMaxOpenConns(4)
	s := &Store{Now: time.Now, write: write, read: read}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	return errors.Join(s.read.Close(), s.write.Close())
}

// migrate applies the embedded migrations not yet recorded, each in its own
// transaction, in file-name order.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("data: create migrations table: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("data: list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil || n > 0 {
				return err
			}
			body, err := migrations.ReadFile(name)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, name, s.Now().Unix())
			return err
		})
		if err != nil {
			return fmt.Errorf("data: migration %s: %w", name, err)
		}
	}
	return nil
}

// tx runs f in a write transaction and commits it.
func (s *Store) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Backup writes a consistent copy of the database to path while it is in
// use. It refuses to overwrite an existing file.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("data: backup: %s already exists", path)
	}
	if _, err := s.write.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("data: backup: %w", err)
	}
	return os.Chmod(path, 0o600)
}

// IntegrityCheck runs SQLite's integrity check.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	var res string
	if err := s.read.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("data: integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("data: integrity check: %s", res)
	}
	return nil
}

// Forget deletes every row about the user, in every table that has a
// user_id column.
func (s *Store) Forget(ctx context.Context, userID string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		tables, err := userTables(ctx, tx)
		if err != nil {
			return err
		}
		// entries first: they reference slots.
		sort.SliceStable(tables, func(i, j int) bool { return tables[i] == "entries" })
		for _, t := range tables {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE user_id = ?`, userID); err != nil {
				return fmt.Errorf("data: forget in %s: %w", t, err)
			}
		}
		return nil
	})
}

// userTables lists the tables with a user_id column.
func userTables(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name = 'user_id' ORDER BY m.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func fromUnix(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}

func notFound(what, id string) error {
	return fmt.Errorf("data: %s %s: %w", what, id, ErrNotFound)
}

// Writable checks that the database takes writes: it opens a write
// transaction and rolls it back.
func (s *Store) Writable(ctx context.Context) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("data: not writable: %w", err)
	}
	return tx.Rollback()
}
