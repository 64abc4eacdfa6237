//go:build unix

package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/data"
)

// BenchmarkSubscribeAck injects 500 /subscribe commands at the same
// instant (SlashBurst) from users who have passed the safety screen (one
// callback each) and reports how long the stand-in waited for each answer,
// all counted from that instant: Discord drops answers after 3 s.
// It also reports the CPU time the process spent per burst (cpu-ms), the
// bot's and the stand-in's together: on a machine with few cores, the last
// answers of a burst wait for that much work.
//
// The bot answers over HTTP/2, as its HTTPS client does with discord.com
// (one connection carries all 500 answers), and over HTTP/1.1, as through a
// plain-HTTP proxy at DISCORD_API_URL, where each answer in flight needs a
// connection of its own.
//
//	go test -run '^$' -bench BenchmarkSubscribeAck ./cmd/glutebot/
func BenchmarkSubscribeAck(b *testing.B) {
	b.Run("http2", func(b *testing.B) { benchmarkSubscribeAck(b, discordtest.HTTP2Transport()) })
	b.Run("http1", func(b *testing.B) { benchmarkSubscribeAck(b, nil) })
}

func benchmarkSubscribeAck(b *testing.B, transport http.RoundTripper) {
	const n = 500
	h := newWorld(b, monday)
	h.transport = transport
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
	cpu0 := cpuTime(b)
	burst := make([]discordtest.Slash, n)
	for k, u := range users {
		burst[k] = discordtest.Slash{GuildID: xGuild, ChannelID: xChannel, UserID: u, Name: "subscribe",
			Options: []discordtest.Option{opt("days", "mon,thu"), opt("time", "06:30"), opt("timezone", "Europe/Berlin")}}
	}
	for b.Loop() {
		pending, err := h.srv.SlashBurst(burst)
		if err != nil {
			b.Fatal(err)
		}
		for _, i := range pending {
			cb := h.wait(i) // fails the benchmark for an answer at or after 3 s
			if !strings.Contains(cb.Data.Content, "You're in!") {
				b.Fatalf("/subscribe answered %q", cb.Data.Content)
			}
			latencies = append(latencies, cb.Latency)
		}
	}
	b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms")
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

// cpuTime is the user and system CPU time the process has used.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
