package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/data"
)

// BenchmarkSubscribeAck injects 500 /subscribe commands at once from users
// who have passed the safety screen (one callback each) and reports how long
// the stand-in waited for each answer: Discord drops answers after 3 s.
//
//	go test -run '^$' -bench BenchmarkSubscribeAck ./cmd/glutebot/
func BenchmarkSubscribeAck(b *testing.B) {
	const n = 500
	h := newWorld(b, monday)
	users := make([]string, n)
	ctx := context.Background()
	store, err := data.Open(ctx, h.db)
	if err != nil {
		b.Fatal(err)
	}
	for i := range users {
		users[i] = fmt.Sprintf("49%016d", i)
		h.srv.AddUser(users[i], "user")
		if err := store.SetScreened(ctx, users[i], monday); err != nil {
			b.Fatal(err)
		}
	}
	if err := store.Close(); err != nil {
		b.Fatal(err)
	}
	h.start()

	var latencies []time.Duration
	for b.Loop() {
		pending := make([]*discordtest.Interaction, n)
		for k, u := range users {
			i, err := h.srv.Slash(discordtest.Slash{GuildID: xGuild, ChannelID: xChannel, UserID: u, Name: "subscribe",
				Options: []discordtest.Option{opt("days", "mon,thu"), opt("time", "06:30"), opt("timezone", "Europe/Berlin")}})
			if err != nil {
				b.Fatal(err)
			}
			pending[k] = i
		}
		for _, i := range pending {
			cb := h.wait(i) // fails the benchmark for an answer at or after 3 s
			if !strings.Contains(cb.Data.Content, "You're in!") {
				b.Fatalf("/subscribe answered %q", cb.Data.Content)
			}
			latencies = append(latencies, cb.Latency)
		}
	}
	if got := h.countRows("subscriptions"); got != n {
		b.Errorf("%d subscriptions stored, want %d", got, n)
	}
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(pct(1), "max-ms")
	noViolations(b, h.srv)
}
