package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/data"
	"github.com/glutebot/glutebot/plans"
)

// BenchmarkWave measures a full 07:00 wave: N subscribers due the same
// minute, delivered through the real program against the stand-in at
// Discord's 50 requests per second. Run it once per size:
//
//	go test -run '^$' -bench Wave -benchtime 1x ./cmd/glutebot
//
// It reports, for the first wave (DM channels still to be created) and the
// next one (DM channels cached): wall time against the ideal of requests ÷ 50
// per second, 429 answers, requests per workout, and how late the first post
// came after its due second. The program's clock runs at real speed from
// just before the due second, so the scheduler's wake-ups fall as they would.
func BenchmarkWave(b *testing.B) {
	for _, n := range []int{200, 1000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			for b.Loop() {
				wave(b, n)
			}
		})
	}
}

func wave(b *testing.B, n int) {
	// Monday 23 November 2026; everyone trains Mon/Wed/Fri at 07:00 UTC.
	due := time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)
	srv := discordtest.NewServer(discordtest.Options{Token: testToken, GlobalLimit: 50})
	defer srv.Close()
	h := &harness{t: b, srv: srv, clock: &fakeClock{t: due.Add(-time.Minute)}, db: b.TempDir() + "/wave.db", logs: &syncBuffer{}}

	ctx := context.Background()
	store, err := data.Open(ctx, h.db)
	if err != nil {
		b.Fatal(err)
	}
	subscribeMany(b, srv, store, "5", n, []time.Weekday{time.Monday, time.Wednesday, time.Friday}, due, due)
	store.Close()

	h.start()
	defer h.stop()

	for round, at := range []time.Time{due, due.AddDate(0, 0, 2)} {
		name := []string{"first", "cached"}[round]
		before := srv.Requests("")
		before429 := srv.Count429()
		posted := func() int { return donePosts(srv, n, "5") }
		already := posted()
		wall, first := runWave(b, h, at, n, func() int { return posted() - already }, name+" wave")
		requests := srv.Requests("") - before
		ideal := time.Duration(float64(requests) / 50 * float64(time.Second))
		b.ReportMetric(wall.Seconds()/ideal.Seconds(), name+"-wall/ideal")
		b.ReportMetric(float64(srv.Count429()-before429), name+"-429s")
		b.ReportMetric(float64(requests)/float64(n), name+"-requests/workout")
		b.ReportMetric(first.Seconds(), name+"-first-post-s")
	}
}

// subscribeMany adds n users to the stand-in, their ids prefix followed by
// a 17-digit number from 0, and subscribes each in store to days at 07:00
// UTC, next due at next: screened at now and subscribed since a week
// before.
func subscribeMany(b *testing.B, srv *discordtest.Server, store *data.Store, prefix string, n int, days []time.Weekday, now, next time.Time) {
	ctx := context.Background()
	for i := range n {
		id := fmt.Sprintf("%s%017d", prefix, i)
		srv.AddUser(id, "user"+id)
		if err := store.SetScreened(ctx, id, now); err != nil {
			b.Fatal(err)
		}
		if err := store.PutSubscription(ctx, plans.Subscription{
			UserID: id, Days: days, TimeOfDay: plans.TimeOfDay{Hour: 7}, Zone: "UTC", NextDue: next, Since: now.AddDate(0, 0, -7),
		}); err != nil {
			b.Fatal(err)
		}
	}
}

// donePosts counts the workout posts carrying ✅ in the DMs of the n users
// whose ids are prefix followed by a 17-digit number from 0.
func donePosts(srv *discordtest.Server, n int, prefix string) int {
	total := 0
	for i := range n {
		if ch := srv.DMChannelID(fmt.Sprintf("%s%017d", prefix, i)); ch != "" {
			for _, m := range srv.BotMessages(ch) {
				if len(srv.Reactions(ch, m.ID, "✅")) > 0 {
					total++
				}
			}
		}
	}
	return total
}

// runWave lets the program's clock reach at two real seconds from now, on a
// whole real second, as a wall clock would, and waits until delivered()
// reaches n. It returns the wall time from that second until then, and
// until the first delivery.
func runWave(b *testing.B, h *harness, at time.Time, n int, delivered func() int, what string) (wall, first time.Duration) {
	start := time.Now().Truncate(time.Second).Add(2 * time.Second)
	h.clock.Run(at.Add(-time.Until(start)))
	time.Sleep(time.Until(start))
	deadline := start.Add(5 * time.Minute)
	for {
		got := delivered()
		if got > 0 && first == 0 {
			first = time.Since(start)
		}
		if got >= n {
			return time.Since(start), first
		}
		if time.Now().After(deadline) {
			b.Fatalf("%s: %d of %d delivered after 5 minutes", what, got, n)
		}
		if first == 0 {
			time.Sleep(20 * time.Millisecond)
		} else {
			time.Sleep(250 * time.Millisecond)
		}
	}
}
