package main

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/data"
	"github.com/glutebot/glutebot/plans"
)

// BenchmarkWaveBesideWeeklyWork is BenchmarkWave's first wave with the
// weekly work of 10,000 more users due at the same second: each of them
// due a recap by DM, and all of them on one server's challenge board.
// Run it once:
//
//	go test -run '^$' -bench WaveBesideWeeklyWork -benchtime 1x ./cmd/glutebot
//
// It reports the wave's wall time against the ideal of its own requests
// (3 per workout) ÷ 50 per second, 429 answers, how late the first post
// came, and how many requests of the weekly work went out before the wave
// was done.
func BenchmarkWaveBesideWeeklyWork(b *testing.B) {
	for b.Loop() {
		waveBesideWeeklyWork(b, 1000, 10000)
	}
}

func waveBesideWeeklyWork(b *testing.B, n, weekly int) {
	due := time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC) // a Monday
	srv := discordtest.NewServer(discordtest.Options{Token: testToken, GlobalLimit: 50})
	defer srv.Close()
	srv.AddGuild(xGuild, "Back Club", xChannel)
	h := &harness{t: b, srv: srv, clock: &fakeClock{t: due.Add(-time.Minute)}, db: b.TempDir() + "/wave.db", logs: &syncBuffer{}}

	ctx := context.Background()
	store, err := data.Open(ctx, h.db)
	if err != nil {
		b.Fatal(err)
	}
	subscribeMany(b, srv, store, "5", n, []time.Weekday{time.Monday, time.Wednesday, time.Friday}, due, due)
	subscribeMany(b, srv, store, "6", weekly, []time.Weekday{time.Tuesday, time.Thursday}, due, due.Add(24*time.Hour))
	if err := store.PutBoard(ctx, plans.Board{GuildID: xGuild, ChannelID: xChannel, Spec: "CRON_TZ=UTC 0 7 * * 1", NextRun: due}); err != nil {
		b.Fatal(err)
	}
	for i := range weekly {
		if _, err := store.JoinBoard(ctx, xGuild, fmt.Sprintf("6%017d", i)); err != nil {
			b.Fatal(err)
		}
	}
	store.Close()
	// Every weekly user's recap falls due at the wave's second.
	db, err := sql.Open("sqlite", h.db)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE subscriptions SET recap_day = 1, next_recap = ? WHERE user_id LIKE '6%'`, due.Unix()); err != nil {
		b.Fatal(err)
	}
	db.Close()

	h.start()
	defer h.stop()

	before := srv.Requests("")
	before429 := srv.Count429()
	wall, first := runWave(b, h, due, n, func() int { return donePosts(srv, n, "5") }, "wave")
	requests := srv.Requests("") - before
	ideal := time.Duration(float64(3*n) / 50 * float64(time.Second))
	b.ReportMetric(wall.Seconds()/ideal.Seconds(), "wave-wall/ideal")
	b.ReportMetric(float64(srv.Count429()-before429), "429s")
	b.ReportMetric(first.Seconds(), "first-post-s")
	b.ReportMetric(float64(requests-3*n), "weekly-requests-during-wave")
}
