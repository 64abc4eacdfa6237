package main

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/data"
)

// BenchmarkHeapPerSubscription measures the heap the running program holds
// per subscription with 100,000 of them, none due:
//
//	go test -run '^$' -bench HeapPerSubscription -benchtime 1x ./cmd/glutebot
func BenchmarkHeapPerSubscription(b *testing.B) {
	const n = 100_000
	for b.Loop() {
		now := time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC)
		srv := discordtest.NewServer(discordtest.Options{Token: testToken})
		h := &harness{t: b, srv: srv, clock: &fakeClock{t: now}, db: b.TempDir() + "/heap.db", logs: &syncBuffer{}}
		store, err := data.Open(context.Background(), h.db)
		if err != nil {
			b.Fatal(err)
		}
		store.Close()
		db, err := sql.Open("sqlite", h.db)
		if err != nil {
			b.Fatal(err)
		}
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		for i := range n {
			if _, err := tx.Exec(`INSERT INTO subscriptions (user_id, delivery, days, hour, minute, zone, level, equipment, since, next_due)
				VALUES (?, 0, 42, 7, 0, 'Europe/Berlin', 0, 0, ?, ?)`, fmt.Sprintf("6%017d", i), now.Unix(), now.Add(time.Duration(1+i%7)*24*time.Hour).Unix()); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		db.Close()

		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		h.start()
		h.tick(now.Add(time.Hour)) // a whole tick over 100,000 subscriptions, none due
		runtime.GC()
		runtime.ReadMemStats(&after)
		h.stop()
		srv.Close()
		b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/n, "heap-bytes/subscription")
	}
}
