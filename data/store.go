// Package data is glutebot's SQLite store (modernc.org/sqlite, pure Go).
//
// Every method runs in one transaction that has committed when it returns,
// so nothing acknowledged is lost when the program crashes or is killed.
// (synchronous=NORMAL: a power loss or an OS crash can still lose the last
// commits, the usual trade for WAL.) Writes go through a single
// connection, so concurrent callers queue instead of failing with "database
// is locked", and writes that queue together commit together (see runWrite);
// reads use a separate read-only pool and run beside the writer thanks to
// WAL. Times are stored as Unix seconds (UTC), weekdays as a
// bitmask.
package data

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/glutebot/glutebot/plans"
)

// ErrNotFound is wrapped by errors about a user, subscription, slot or
// message that does not exist. It wraps plans.ErrNotFound, so packages that
// only know plans can test for it too.
var ErrNotFound = fmt.Errorf("data: %w", plans.ErrNotFound)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the database. Its methods are safe for concurrent use.
type Store struct {
	// Now is the clock; it defaults to time.Now and tests overwrite it.
	Now func() time.Time

	write  *sql.DB // one connection: SQLite has one writer, and queueing here beats "database is locked"
	wstmts *stmtCache
	read   reader // read-only connections; WAL lets them run beside the writer

	writes     chan *writeOp // to the writer goroutine, which owns write
	closing    chan struct{}
	closeOnce  sync.Once
	writerDone chan struct{} // closed when the writer has returned; nil before it starts
	onGroup    func(n int)   // tests: called with the size of each group of writes run
}

// pragmas are applied to every pooled connection. busy_timeout comes first so
// that the others wait rather than fail while another connection holds a
// lock. mmap_size lets readers use the operating system's page cache, shared
// by all connections, instead of copying pages into each connection's own
// cache: it more than halves the time to list a wave of due subscriptions
// (see BenchmarkDueSubscriptions). SQLite still writes through write(2).
const pragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)" +
	"&_pragma=mmap_size(268435456)"

// readers is the size of the read-only pool.
const readers = 4

// Open opens the database at path, creating the file with mode 0600 if it
// does not exist, and applies the migrations it has not seen yet.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("data: open: empty database path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("data: open: %w", err)
	}
	// Create the file ourselves: SQLite would create it with the umask's
	// mode, and the database holds people's health notes. The WAL and shm
	// files SQLite adds take the database file's mode.
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("data: open: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("data: open: %w", err)
	}

	uri := fileURI(abs)
	write, err := sql.Open("sqlite", uri+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("data: open: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxIdleTime(0)
	write.SetConnMaxLifetime(0)
	read, err := sql.Open("sqlite", uri+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("data: open: %w", err)
	}
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)

	s := &Store{
		Now:     time.Now,
		write:   write,
		wstmts:  newStmtCache(write),
		read:    reader{db: read, stmts: newStmtCache(read)},
		writes:  make(chan *writeOp),
		closing: make(chan struct{}),
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	s.writerDone = make(chan struct{})
	go s.writer()
	return s, nil
}

// fileURI makes an SQLite URI of an absolute path, escaping the characters
// that would otherwise end the path or be decoded.
func fileURI(abs string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return "file://" + r.Replace(filepath.ToSlash(abs))
}

// Close closes the database once the writes under way have committed; later
// writes fail. The last connection to close checkpoints the WAL into the
// database file.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { close(s.closing) })
	if s.writerDone != nil {
		<-s.writerDone
	}
	return errors.Join(s.read.stmts.close(), s.wstmts.close(), s.read.db.Close(), s.write.Close())
}

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

// Backup writes a consistent copy of the database to path while it is in
// use (VACUUM INTO). It refuses to overwrite anything: an existing path gives
// an error wrapping fs.ErrExist. The copy has mode 0600.
func (s *Store) Backup(ctx context.Context, path string) error {
	// Create the file exclusively first: that refuses an existing path
	// without a race, and the copy is never readable by others. VACUUM INTO
	// accepts an empty file.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("data: backup: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return fmt.Errorf("data: backup: %w", err)
	}
	if _, err := s.write.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("data: backup: %w", err)
	}
	return nil
}

// IntegrityCheck runs SQLite's integrity check and fails unless it says
// "ok".
func (s *Store) IntegrityCheck(ctx context.Context) error {
	return integrityCheck(ctx, s.read)
}

// CheckCopy runs SQLite's integrity check on the database file at path, a
// copy such as Backup writes, opened read-only.
func (s *Store) CheckCopy(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("data: check copy: %w", err)
	}
	db, err := sql.Open("sqlite", fileURI(abs)+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return fmt.Errorf("data: check copy: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	return integrityCheck(ctx, db)
}

func integrityCheck(ctx context.Context, q querier) error {
	problems, err := queryList(ctx, q, scanValue[string], `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("data: integrity check: %w", err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return fmt.Errorf("data: integrity check: %s", strings.Join(problems, "; "))
	}
	return nil
}

// Writable checks that the database takes writes: it commits an empty
// write transaction through the writer, the path every write takes.
func (s *Store) Writable(ctx context.Context) error {
	return s.runWrite(ctx, "not writable", func(*writeTx) error { return nil })
}

// Forget deletes every row about the user, in every table that has a
// user_id column (every table but migrations: a test holds new tables to
// that).
func (s *Store) Forget(ctx context.Context, userID string) error {
	return s.runWrite(ctx, "forget", func(wtx *writeTx) error {
		tables, err := userTables(wtx)
		if err != nil {
			return err
		}
		for _, t := range tables {
			// t comes from sqlite_master, not from a caller.
			if _, err := wtx.Exec(`DELETE FROM "`+t+`" WHERE user_id = ?`, userID); err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
		}
		return nil
	})
}

// querier is what *sql.DB and reader share, so the read helpers run on the
// read pool or on a database of their own (CheckCopy).
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// userTables lists the tables with a user_id column.
func userTables(wtx *writeTx) ([]string, error) {
	rows, err := wtx.Query(`SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name = 'user_id' ORDER BY m.name`)
	if err != nil {
		return nil, err
	}
	return scanAll(rows, scanValue[string])
}

// unix stores t as Unix seconds; the zero time is stored as 0.
func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// fromUnix is the inverse of unix, in UTC.
func fromUnix(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}

func notFound(what string, id any) error {
	return fmt.Errorf("%s %v: %w", what, id, ErrNotFound)
}
