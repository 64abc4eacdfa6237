package data

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

func TestWritesArePreparedAfterTheirFirstRun(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	// The writer prepares a transaction's new queries after telling its
	// caller; the next write starts after that.
	prepared := func() (n int) {
		if err := s.SetNextDue(ctx, "nobody", t0); err == nil {
			t.Fatal("SetNextDue of a user with no subscription succeeded")
		}
		s.wstmts.mu.Lock()
		defer s.wstmts.mu.Unlock()
		for q, st := range s.wstmts.stmts {
			if st == nil {
				t.Errorf("not prepared: %s", q)
			}
		}
		return len(s.wstmts.stmts)
	}
	screen(t, s, "u1")
	screen(t, s, "u2")
	before := prepared()
	if err := s.PutSubscription(ctx, testSub("u1")); err != nil {
		t.Fatal(err)
	}
	n := prepared()
	if n <= before {
		t.Fatal("a write transaction left no prepared statement behind")
	}
	if err := s.PutSubscription(ctx, testSub("u2")); err != nil {
		t.Fatal(err)
	}
	if got := prepared(); got != n {
		t.Errorf("the same write again left %d prepared statements, want the same %d", got, n)
	}
	if got, err := s.Subscription(ctx, "u2"); err != nil || got.UserID != "u2" {
		t.Errorf("Subscription(u2) = %+v, %v", got, err)
	}
}

func TestReadsArePrepared(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	for range 2 {
		if ok, err := s.Screened(ctx, "u1"); err != nil || ok {
			t.Fatalf("Screened(u1) = %v, %v", ok, err)
		}
	}
	s.read.stmts.mu.Lock()
	defer s.read.stmts.mu.Unlock()
	if len(s.read.stmts.stmts) != 1 {
		t.Errorf("%d read statements prepared, want 1", len(s.read.stmts.stmts))
	}
}

func TestStatementCacheIsBounded(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	for i := range maxStatements + 10 {
		var n int
		if err := s.read.QueryRowContext(ctx, fmt.Sprintf("SELECT %d", i)).Scan(&n); err != nil || n != i {
			t.Fatalf("SELECT %d = %d, %v", i, n, err)
		}
	}
	s.read.stmts.mu.Lock()
	defer s.read.stmts.mu.Unlock()
	if got := len(s.read.stmts.stmts); got != maxStatements {
		t.Errorf("%d statements cached, want the bound %d", got, maxStatements)
	}
}

func TestBadQueryStillReportsItsError(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	for range 2 { // the second run finds the failed preparation recorded
		var n int
		if err := s.read.QueryRowContext(ctx, `SELECT nope FROM nowhere`).Scan(&n); err == nil {
			t.Fatal("a query on a missing table succeeded")
		}
	}
	if st, tried := s.read.stmts.cached(`SELECT nope FROM nowhere`); !tried || st != nil {
		t.Errorf("cached = %v, %v; want nil, true", st, tried)
	}
}

// TestSecondRunUsesThePreparedStatement: a query a transaction runs for
// the first time is missed (run unprepared, prepared afterwards); in the
// next transaction it is found, not missed again.
func TestSecondRunUsesThePreparedStatement(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	const q = `SELECT count(*) FROM screenings WHERE user_id = ?`
	missed := func() []string {
		var got []string
		if err := s.runWrite(ctx, "probe", func(wtx *writeTx) error {
			var n int
			err := wtx.QueryRow(q, "u1").Scan(&n)
			got = slices.Clone(wtx.missed)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := missed(); !slices.Equal(got, []string{q}) {
		t.Errorf("first run missed %q, want the query", got)
	}
	if got := missed(); len(got) != 0 {
		t.Errorf("second run missed %q, want it prepared", got)
	}
}
