package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/glutebot/glutebot/bot"
	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/data"
	"github.com/glutebot/glutebot/plans"
)

// BenchmarkReconcileRequests counts the REST requests the start-up
// reconciliation makes for N subscribers (default 100,000; set
// GLUTEBOT_BENCH_SUBSCRIBERS) with a week of history: three DM posts each,
// due 6, 4 and 2 days ago, two of three marked done (✅ 2 hours after the
// post) and the reactions on Discord matching what is stored. Discord's
// message and reaction routes are answered in-process (the stand-in would
// hold 300,000 messages), every other request goes to the stand-in.
//
//	go test -run '^$' -bench ReconcileRequests -benchtime 1x ./cmd/glutebot
func BenchmarkReconcileRequests(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("GLUTEBOT_BENCH_SUBSCRIBERS")); err == nil && v > 0 {
		n = v
	}
	for b.Loop() {
		reconcileRequests(b, n)
	}
}

func reconcileRequests(b *testing.B, n int) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	srv := discordtest.NewServer(discordtest.Options{Token: testToken})
	defer srv.Close()
	dbPath := b.TempDir() + "/reconcile.db"
	ctx := context.Background()
	store, err := data.Open(ctx, dbPath)
	if err != nil {
		b.Fatal(err)
	}
	store.Close()
	seedHistory(b, dbPath, n, now)
	store, err = data.Open(ctx, dbPath)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()

	fake := &fakeMessages{next: discordtest.HTTP2Transport()}
	logs := &syncBuffer{}
	bt, err := bot.New(bot.Config{Token: testToken, APIURL: srv.URL(), Transport: fake, Now: func() time.Time { return now },
		Logger: slog.New(slog.NewTextHandler(logs, nil))}, store)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := bt.Open(ctx); err != nil {
		b.Fatal(err)
	}
	defer bt.Close()
	for !strings.Contains(logs.String(), "reconciled reactions made while offline") {
		if time.Since(start) > time.Hour {
			b.Fatal("no reconciliation within an hour")
		}
		time.Sleep(20 * time.Millisecond)
	}
	b.ReportMetric(float64(fake.requests.Load()), "requests")
	b.ReportMetric(float64(fake.requests.Load())/float64(n), "requests/subscriber")
	b.ReportMetric(time.Since(start).Seconds(), "s-to-reconcile")
	b.ReportMetric(float64(fake.requests.Load())/50/60, "min-at-50/s")
}

// seedHistory writes n subscribers' DM channels, three posts each and the
// ✅ on two of every three, in one transaction.
func seedHistory(b *testing.B, path string, n int, now time.Time) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	id := int64(0)
	for u := range n {
		user, dm := fmt.Sprintf("5%017d", u), fmt.Sprintf("6%017d", u)
		if _, err := tx.Exec(`INSERT INTO dm_channels (user_id, channel_id) VALUES (?, ?)`, user, dm); err != nil {
			b.Fatal(err)
		}
		for k, daysAgo := range []int{6, 4, 2} {
			id++
			due := now.AddDate(0, 0, -daysAgo).Add(-time.Duration(u%12) * time.Hour)
			if _, err := tx.Exec(`INSERT INTO slots (id, user_id, local_date, due, state, channel_id, message_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				id, user, due.Format(time.DateOnly), due.Unix(), plans.SlotSent, dm, messageID(u, k)); err != nil {
				b.Fatal(err)
			}
			if reactedDone(u, k) {
				if _, err := tx.Exec(`INSERT INTO entries (slot_id, user_id, kind, at) VALUES (?, ?, ?, ?)`,
					id, user, plans.Done, due.Add(2*time.Hour).Unix()); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

func messageID(u, k int) string { return fmt.Sprintf("7%016d%d", u, k) }

func reactedDone(u, k int) bool { return (u+k)%3 != 0 }

// fakeMessages answers GET of a message and of a reaction's users from the
// seeded model and counts them; it passes every other request on.
type fakeMessages struct {
	next     http.RoundTripper
	requests atomic.Int64
}

func (f *fakeMessages) RoundTrip(req *http.Request) (*http.Response, error) {
	p := strings.Split(strings.TrimPrefix(req.URL.Path, "/api/v9/"), "/")
	if req.Method != http.MethodGet || len(p) < 4 || p[0] != "channels" || p[2] != "messages" {
		return f.next.RoundTrip(req)
	}
	f.requests.Add(1)
	u, _ := strconv.Atoi(p[3][1:17])
	k, _ := strconv.Atoi(p[3][17:])
	user := fmt.Sprintf("5%017d", u)
	reacted := reactedDone(u, k)
	var body string
	switch {
	case len(p) == 4:
		count := 1
		if reacted {
			count = 2
		}
		body = fmt.Sprintf(`{"id":%q,"channel_id":%q,"content":"","reactions":[{"count":%d,"count_details":{"burst":0,"normal":%d},`+
			`"me":true,"me_burst":false,"burst_colors":[],"emoji":{"id":null,"name":"✅"}}]}`, p[3], p[1], count, count)
	case len(p) == 6 && p[4] == "reactions":
		users := []string{`{"id":"100000000000000001","username":"glutebot"}`}
		if reacted && req.URL.Query().Get("type") != "1" {
			users = append(users, fmt.Sprintf(`{"id":%q,"username":"u"}`, user))
		}
		body = "[" + strings.Join(users, ",") + "]"
	default:
		return f.next.RoundTrip(req)
	}
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: req}, nil
}
