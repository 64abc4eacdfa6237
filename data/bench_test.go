package data

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/glutebot/glutebot/plans"
)

// seed inserts n subscriptions in one transaction; one in a hundred is due
// at t0, the rest over the next week.
func seed(tb testing.TB, s *Store, n int) {
	tb.Helper()
	ctx := context.Background()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	for i := range n {
		sub := testSub(fmt.Sprintf("user%06d", i))
		sub.Since = t0
		sub.NextDue = t0.Add(time.Duration(1+i%7) * 24 * time.Hour)
		if i%100 == 0 {
			sub.NextDue = t0
		}
		if err := upsertSubscription(&writeTx{sqlTx: tx, stmts: s.wstmts}, sub); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkDueSubscriptions finds the 1,000 due subscriptions among
// 100,000 (a wave at a popular minute).
func BenchmarkDueSubscriptions(b *testing.B) {
	ctx := context.Background()
	s, _ := openTest(b)
	seed(b, s, 100_000)
	b.ReportAllocs()
	for b.Loop() {
		due, err := s.DueSubscriptions(ctx, t0, 1000)
		if err != nil || len(due) != 1000 {
			b.Fatalf("%d due, %v", len(due), err)
		}
	}
}

// BenchmarkDueSubscriptionsFew looks for due subscriptions among 100,000
// when none is due (an ordinary minute).
func BenchmarkDueSubscriptionsFew(b *testing.B) {
	ctx := context.Background()
	s, _ := openTest(b)
	seed(b, s, 100_000)
	now := t0.Add(-time.Second)
	b.ReportAllocs()
	for b.Loop() {
		due, err := s.DueSubscriptions(ctx, now, 1000)
		if err != nil || len(due) != 0 {
			b.Fatalf("%d due, %v", len(due), err)
		}
	}
}

// BenchmarkSubscriptionHeap reads all of 100,000 subscriptions and reports
// the Go heap one loaded subscription holds (heap-B/sub), the bytes
// allocated to load it (alloc-B/sub) and the database file bytes per
// subscription (file-B/sub). The store itself keeps no subscription in Go
// memory between calls; SQLite's page cache lives outside the Go heap.
func BenchmarkSubscriptionHeap(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	s, path := openTest(b)
	seed(b, s, n)
	all := t0.Add(8 * 24 * time.Hour)
	var held, allocated int64
	var before, after runtime.MemStats
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&before)
		subs, err := s.DueSubscriptions(ctx, all, n)
		runtime.GC()
		runtime.ReadMemStats(&after)
		if err != nil || len(subs) != n {
			b.Fatalf("%d subscriptions, %v", len(subs), err)
		}
		held = int64(after.HeapAlloc) - int64(before.HeapAlloc)
		allocated = int64(after.TotalAlloc - before.TotalAlloc)
		runtime.KeepAlive(subs)
	}
	b.ReportMetric(float64(held)/n, "heap-B/sub")
	b.ReportMetric(float64(allocated)/n, "alloc-B/sub")
	if _, err := s.write.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
	if fi, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(fi.Size())/n, "file-B/sub")
	}
}

// BenchmarkWriteBurst is 500 people running /subscribe at the same moment:
// each stores their subscription, which checks the safety screen in the same
// write. It reports the time for the whole burst.
func BenchmarkWriteBurst(b *testing.B) {
	const n = 500
	ctx := context.Background()
	s, _ := openTest(b)
	users := make([]string, n)
	for i := range users {
		users[i] = fmt.Sprintf("user%03d", i)
		if err := s.SetScreened(ctx, users[i], t0); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		var wg sync.WaitGroup
		for _, u := range users {
			wg.Go(func() {
				if err := s.PutSubscription(ctx, testSub(u)); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
	}
}

// BenchmarkBoardStandings reads a board of 1,000 members, each with a
// year of workouts (150 logged), among 10,000 subscribers.
func BenchmarkBoardStandings(b *testing.B) {
	ctx := context.Background()
	s, _ := openTest(b)
	seed(b, s, 10_000)
	if err := s.PutBoard(ctx, plans.Board{GuildID: "g1", ChannelID: "c1", Spec: "0 18 * * 0", NextRun: t0}); err != nil {
		b.Fatal(err)
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	const members, logged = 1000, 150
	for i := range members {
		user := fmt.Sprintf("user%06d", i*10)
		if _, err := tx.Exec(`INSERT INTO board_members (guild_id, user_id, joined) VALUES ('g1', ?, ?)`, user, i); err != nil {
			b.Fatal(err)
		}
		for d := range logged {
			due := t0.AddDate(0, 0, -2*d)
			res, err := tx.Exec(`INSERT INTO slots (user_id, local_date, due, state) VALUES (?, ?, ?, ?)`,
				user, due.Format(time.DateOnly), due.Unix(), plans.SlotSent)
			if err != nil {
				b.Fatal(err)
			}
			id, _ := res.LastInsertId()
			if _, err := tx.Exec(`INSERT INTO entries (slot_id, user_id, kind, at) VALUES (?, ?, ?, ?)`,
				id, user, plans.Done, due.Unix()); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		st, err := s.BoardStandings(ctx, "g1", t0)
		if err != nil || len(st) != members {
			b.Fatalf("%d standings, %v", len(st), err)
		}
	}
}
