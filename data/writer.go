package data

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
)

// Writes are committed in groups. One goroutine, the writer, owns the write
// connection; runWrite hands it a function and waits for the outcome. The
// writer takes every function that is waiting, up to maxGroup, and runs them
// in one transaction, each in a savepoint of its own so that one that fails
// rolls back only its own changes, then commits once. A write on its own is
// a transaction of its own; under a burst, such as 500 /subscribe answers at
// once or the senders of a 07:00 wave recording their posts, a group pays
// for one BEGIN and one COMMIT instead of one per write, and the readers,
// whose page caches start over after every commit they see, start over less
// often.

// maxGroup bounds the writes committed together.
const maxGroup = 64

// errClosed is returned by writes after Close.
var errClosed = errors.New("store is closed")

// writeOp is one caller's write transaction, waiting for the writer.
type writeOp struct {
	ctx  context.Context
	f    func(*writeTx) error
	done chan error // buffered: the writer never waits for the caller
}

// runWrite runs f in a write transaction and returns once it has committed;
// op names the method in the error. f may share the transaction with other
// callers' functions, so it must keep its effects to the database and to
// its own variables. ctx counts while the write waits: to be handed to the
// writer, and in its group until the group's transaction begins. From then
// on ctx no longer stops it, which is why writeTx's methods take no
// context: SQLite rolls back the whole transaction when a write statement in
// it is interrupted, which would take the other callers' writes with it.
func (s *Store) runWrite(ctx context.Context, op string, f func(*writeTx) error) error {
	w := &writeOp{ctx: ctx, f: f, done: make(chan error, 1)}
	select {
	case s.writes <- w:
	case <-ctx.Done():
		return fmt.Errorf("data: %s: %w", op, ctx.Err())
	case <-s.closing:
		return fmt.Errorf("data: %s: %w", op, errClosed)
	}
	if err := <-w.done; err != nil {
		return fmt.Errorf("data: %s: %w", op, err)
	}
	return nil
}

// writer commits the writes handed to runWrite until Close.
func (s *Store) writer() {
	defer close(s.writerDone)
	group := make([]*writeOp, 0, maxGroup)
	for {
		select {
		case w := <-s.writes:
			group = append(group[:0], w)
		case <-s.closing:
			return
		}
	more:
		for len(group) < maxGroup {
			select {
			case w := <-s.writes:
				group = append(group, w)
			default:
				break more
			}
		}
		s.commit(group)
	}
}

// commit runs a group of writes in one transaction and tells each caller
// its outcome.
func (s *Store) commit(group []*writeOp) {
	live := group[:0]
	for _, w := range group {
		if err := w.ctx.Err(); err != nil {
			w.done <- err // its caller gave up before it began: not run
			continue
		}
		live = append(live, w)
	}
	if len(live) == 0 {
		return
	}
	if s.onGroup != nil {
		s.onGroup(len(live))
	}
	// No caller's context from here on: see runWrite.
	sqlTx, err := s.write.Begin()
	if err != nil {
		fail(live, err)
		return
	}
	wtx := &writeTx{sqlTx: sqlTx, stmts: s.wstmts}
	defer func() {
		for _, q := range wtx.missed {
			s.wstmts.prepare(context.Background(), q)
		}
	}()

	if len(live) == 1 {
		if err := call(live[0].f, wtx); err != nil {
			sqlTx.Rollback()
			live[0].done <- err
			return
		}
		live[0].done <- commitErr(sqlTx.Commit())
		return
	}

	ok := make([]*writeOp, 0, len(live))
	for k, w := range live {
		if _, err := wtx.Exec(`SAVEPOINT w`); err != nil {
			sqlTx.Rollback()
			fail(append(ok, live[k:]...), err)
			return
		}
		ferr := call(w.f, wtx)
		if ferr != nil {
			if _, err := wtx.Exec(`ROLLBACK TO w`); err != nil {
				sqlTx.Rollback()
				fail(append(ok, live[k+1:]...), err)
				w.done <- ferr
				return
			}
		}
		if _, err := wtx.Exec(`RELEASE w`); err != nil {
			sqlTx.Rollback()
			fail(append(ok, live[k:]...), err)
			return
		}
		if ferr != nil {
			w.done <- ferr
			continue
		}
		ok = append(ok, w)
	}
	err = commitErr(sqlTx.Commit())
	for _, w := range ok {
		w.done <- err
	}
}

// call runs f, turning a panic into an error: f runs on the writer's
// goroutine, where a panic would take the whole program down, and one
// caller's bug must fail only its own write.
func call(f func(*writeTx) error, wtx *writeTx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return f(wtx)
}

func commitErr(err error) error {
	if err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// fail tells every write in ws that it did not commit.
func fail(ws []*writeOp, err error) {
	for _, w := range ws {
		w.done <- err
	}
}
