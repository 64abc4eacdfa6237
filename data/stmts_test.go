package data

import (
	"context"
	"fmt"
	"testing"
)

func TestWritesArePreparedAfterTheirFirstRun(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if _, err := s.PutSubscription(ctx, testSub("u1")); err != nil {
		t.Fatal(err)
	}
	n := len(s.wstmts.stmts)
	if n == 0 {
		t.Fatal("a write transaction left no prepared statement behind")
	}
	for q, st := range s.wstmts.stmts {
		if st == nil {
			t.Errorf("not prepared: %s", q)
		}
	}
	if _, err := s.PutSubscription(ctx, testSub("u2")); err != nil {
		t.Fatal(err)
	}
	if got := len(s.wstmts.stmts); got != n {
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
