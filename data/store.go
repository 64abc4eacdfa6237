package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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

// Store is the database. Its methods are safe for concurrent use.
type Store struct {
	// Now is the clock; it defaults to time.Now and tests overwrite it.
	Now func() time.Time

	// write is one connection: SQLite has one writer, and queueing here
	// beats "database is locked". Once Open returns, only the writer
	// goroutine writes through it; the statement cache waits its turn for
	// it.
	write  *sql.DB
	wstmts *stmtCache
	read   reader // read-only connections; WAL lets them run beside the writer
	uri    string // the database's file: URI, for Backup's connection of its own

	writes     chan *writeOp // to the writer goroutine
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
		uri:     uri,
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

// Writable checks that the database takes writes: it commits an empty
// write transaction through the writer, the path every write takes.
func (s *Store) Writable(ctx context.Context) error {
	return s.runWrite(ctx, "not writable", func(*writeTx) error { return nil })
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
