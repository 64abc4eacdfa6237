package data

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// SQLite compiles every statement before it runs it, and for the short
// statements glutebot runs, compiling costs as much as running: it was half
// of the CPU time of a burst of /subscribe writes (BenchmarkWriteBurst). So
// the store keeps one prepared statement per query text and pool, and runs
// queries through it.

// maxStatements bounds a cache. The store's queries are fixed strings, a
// few dozen in all; past the bound a query simply runs unprepared.
const maxStatements = 256

// stmtCache holds one prepared statement per query text for a pool.
type stmtCache struct {
	db *sql.DB

	mu    sync.Mutex
	stmts map[string]*sql.Stmt // nil: preparing failed, run it unprepared
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: make(map[string]*sql.Stmt)}
}

// cached returns query's statement if it has been prepared, and whether the
// cache has tried to prepare it.
func (c *stmtCache) cached(query string) (st *sql.Stmt, tried bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st, tried = c.stmts[query]
	return st, tried
}

// prepare returns query's statement, preparing it on the pool the first
// time. It returns nil, and no error, for a query the cache does not hold:
// the caller runs it unprepared, which reports any error in it. prepare
// takes a connection from the pool, so it must not be called by a
// goroutine that holds the writer's only connection in a transaction.
func (c *stmtCache) prepare(ctx context.Context, query string) *sql.Stmt {
	if st, tried := c.cached(query); tried {
		return st
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil && ctx.Err() != nil {
		return nil // try again another time
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.stmts[query]; ok { // prepared meanwhile by another goroutine
		if st != nil {
			st.Close()
		}
		return old
	}
	if len(c.stmts) >= maxStatements {
		if st != nil {
			st.Close()
		}
		return nil
	}
	c.stmts[query] = st // nil if it failed: not tried again
	return st
}

func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for q, st := range c.stmts {
		if st != nil {
			errs = append(errs, st.Close())
		}
		delete(c.stmts, q)
	}
	return errors.Join(errs...)
}

// reader runs queries on the read-only pool through prepared statements.
type reader struct {
	db    *sql.DB
	stmts *stmtCache
}

func (r reader) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := r.stmts.prepare(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return r.db.QueryContext(ctx, query, args...)
}

func (r reader) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := r.stmts.prepare(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return r.db.QueryRowContext(ctx, query, args...)
}

// writeTx is the write transaction the writer hands to each write function
// (see runWrite). It runs each query through the writer's prepared
// statement; a query the writer has not prepared yet runs unprepared, and is
// prepared after the transaction, because until then the writer's one
// connection is busy with it.
//
// Its methods take no context, on purpose: a write once begun runs to the
// end. SQLite rolls back the whole transaction when a statement in it is
// interrupted, and the transaction holds other callers' writes too (see
// writer.go), so no one caller's context may stop a statement. A caller's
// context counts until the transaction begins (see runWrite).
type writeTx struct {
	sqlTx  *sql.Tx
	stmts  *stmtCache
	missed []string // queries run unprepared, to prepare after the transaction
}

// stmt returns the transaction's form of query's prepared statement, or nil.
func (t *writeTx) stmt(query string) *sql.Stmt {
	st, tried := t.stmts.cached(query)
	if st == nil {
		if !tried {
			t.missed = append(t.missed, query)
		}
		return nil
	}
	return t.sqlTx.Stmt(st)
}

// Exec runs a statement that returns no rows.
func (t *writeTx) Exec(query string, args ...any) (sql.Result, error) {
	if st := t.stmt(query); st != nil {
		return st.Exec(args...)
	}
	return t.sqlTx.Exec(query, args...)
}

// Query runs a query that returns rows.
func (t *writeTx) Query(query string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(query); st != nil {
		return st.Query(args...)
	}
	return t.sqlTx.Query(query, args...)
}

// QueryRow runs a query that returns at most one row.
func (t *writeTx) QueryRow(query string, args ...any) *sql.Row {
	if st := t.stmt(query); st != nil {
		return st.QueryRow(args...)
	}
	return t.sqlTx.QueryRow(query, args...)
}
