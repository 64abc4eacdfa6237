//go:build unix

package main

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/data"
	"github.com/glutebot/glutebot/plans"
)

// The users of the fair-use flood: one fires /progress as fast as a script
// can, the other uses the bot at a steady pace meanwhile.
const (
	flooder   = "610000000000000001"
	bystander = "610000000000000002"
)

// Shape of the flood: 300 /progress, 20 in flight at a time, a new batch of
// 20 every floodEvery (or as soon as the last is answered, if that is
// later): 300 in about two seconds when the bot keeps up. The bystander
// asks something every askEvery.
const (
	floodTotal = 300
	floodBatch = 20
	floodEvery = 130 * time.Millisecond
	askEvery   = 200 * time.Millisecond
)

// floodWorld is the program, started, with both users subscribed.
func floodWorld(tb testing.TB) *harness {
	tb.Helper()
	h := newWorld(tb, monday, flooder, bystander)
	ctx := context.Background()
	store, err := data.Open(ctx, h.db)
	if err != nil {
		tb.Fatal(err)
	}
	days := []time.Weekday{time.Monday, time.Wednesday, time.Friday}
	for _, u := range []string{flooder, bystander} {
		if err := store.SetScreened(ctx, u, monday); err != nil {
			tb.Fatal(err)
		}
		if err := store.PutSubscription(ctx, plans.Subscription{UserID: u, Days: days, TimeOfDay: plans.TimeOfDay{Hour: 7}, Zone: "UTC",
			NextDue: at(0, 7, 0), Since: monday.AddDate(0, 0, -14)}); err != nil {
			tb.Fatal(err)
		}
	}
	if err := store.Close(); err != nil {
		tb.Fatal(err)
	}
	h.start()
	return h
}

// floodResult is what one flood showed.
type floodResult struct {
	answers  []discordtest.Callback // the flooder's, in order
	asks     []discordtest.Callback // the bystander's
	duration time.Duration          // from the first batch to the last answer
}

// bystanderAsks are what the bystander runs in turn: everyday commands.
var bystanderAsks = []discordtest.Slash{
	{GuildID: xGuild, ChannelID: xChannel, UserID: bystander, Name: "schedule"},
	{GuildID: xGuild, ChannelID: xChannel, UserID: bystander, Name: "tip", Options: []discordtest.Option{{Name: "exercise", Value: "hip thrust"}}},
	{GuildID: xGuild, ChannelID: xChannel, UserID: bystander, Name: "help"},
}

// bystanderGets is what each of bystanderAsks answers with, in lower case:
// the schedule's time, the tip's exercise, the help's first command.
var bystanderGets = []string{"07:00", "hip thrust", "subscribe"}

// ask runs the bystander's commands every askEvery until stop is closed and
// at least min have been answered, and returns their answers.
func ask(h *harness, stop <-chan struct{}, min int) []discordtest.Callback {
	var out []discordtest.Callback
	tick := time.NewTicker(askEvery)
	defer tick.Stop()
	for k := 0; ; k++ {
		if k >= min {
			select {
			case <-stop:
				return out
			default:
			}
		}
		i, err := h.srv.Slash(bystanderAsks[k%len(bystanderAsks)])
		if err != nil {
			h.t.Errorf("inject the bystander's command: %v", err)
			return out
		}
		out = append(out, h.wait(i))
		<-tick.C
	}
}

// flood fires floodTotal /progress for the flooder while the bystander asks
// at least minAsks times.
func flood(h *harness, minAsks int) floodResult {
	var res floodResult
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { res.asks = ask(h, stop, minAsks) })

	batch := make([]discordtest.Slash, floodBatch)
	for k := range batch {
		batch[k] = discordtest.Slash{GuildID: xGuild, ChannelID: xChannel, UserID: flooder, Name: "progress"}
	}
	start := time.Now()
	next := start
	for sent := 0; sent < floodTotal; sent += floodBatch {
		time.Sleep(time.Until(next))
		next = next.Add(floodEvery)
		pending, err := h.srv.SlashBurst(batch)
		if err != nil {
			h.t.Fatal(err)
		}
		for _, i := range pending {
			res.answers = append(res.answers, h.wait(i))
		}
	}
	res.duration = time.Since(start)
	close(stop)
	wg.Wait()
	return res
}

// slowedDown counts the answers that tell the user to slow down: one
// ephemeral line that says when to try again.
func slowedDown(answers []discordtest.Callback) int {
	n := 0
	for _, cb := range answers {
		if cb.Data.Flags&discordgo.MessageFlagsEphemeral != 0 && len(cb.Data.Embeds) == 0 && strings.Contains(cb.Data.Content, "<t:") &&
			strings.Contains(cb.Data.Content, ":R>") && !strings.Contains(cb.Data.Content, "\n") {
			n++
		}
	}
	return n
}

// TestFloodIsToldToSlowDown: a user firing 300 /progress, 20 at a time,
// gets a few charts and, for the rest, one private line saying when to try
// again, while a bystander's everyday commands are all answered in full.
// How fast, and at what CPU cost, BenchmarkFairUse measures.
func TestFloodIsToldToSlowDown(t *testing.T) {
	h := floodWorld(t)
	res := flood(h, 5)
	slowed, charts := slowedDown(res.answers), 0
	for _, cb := range res.answers {
		if len(cb.Files) == 1 && len(cb.Data.Embeds) == 1 {
			charts++
		}
	}
	if len(res.answers) != floodTotal || charts == 0 || charts+slowed != floodTotal || slowed < floodTotal*9/10 {
		t.Errorf("%d /progress answered: %d charts, %d told to slow down; want a few charts and the rest slowed",
			len(res.answers), charts, slowed)
	}
	for k, cb := range res.asks {
		text := strings.ToLower(rendered(discordtest.Message{Message: discordgo.Message{Content: cb.Data.Content, Embeds: cb.Data.Embeds}}))
		if want := bystanderGets[k%len(bystanderGets)]; slowedDown([]discordtest.Callback{cb}) > 0 || !strings.Contains(text, want) {
			t.Errorf("the bystander's /%s got %q, want its answer (with %q)", bystanderAsks[k%len(bystanderAsks)].Name, text, want)
		}
	}
	noViolations(t, h.srv)
}

// BenchmarkFairUse measures what one user flooding /progress costs
// everyone else. "idle": the bystander alone, asking every 200 ms.
// "flood": the same while the flooder fires 300 /progress, 20 at a time, in
// about two seconds. Each reports the bystander's answer latencies as the
// stand-in saw them (p50, p99, max) and the CPU the process spent in that
// time (bot and stand-in together; the bystander's few commands are a small
// part of it). "flood" also reports how many of the 300 were told to slow
// down and how many got a chart.
//
//	go test -run '^$' -bench FairUse -benchtime 3x ./cmd/glutebot
func BenchmarkFairUse(b *testing.B) {
	b.Run("idle", func(b *testing.B) {
		h := floodWorld(b)
		var lat []time.Duration
		var cpu time.Duration
		for b.Loop() {
			cpu0 := cpuTime(b)
			stop := make(chan struct{})
			close(stop)
			for _, cb := range ask(h, stop, 12) {
				lat = append(lat, cb.Latency)
			}
			cpu += cpuTime(b) - cpu0
		}
		reportLatencies(b, lat)
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms")
		noViolations(b, h.srv)
	})
	b.Run("flood", func(b *testing.B) {
		h := floodWorld(b)
		var lat []time.Duration
		var cpu, took time.Duration
		slowed, charts := 0, 0
		for b.Loop() {
			cpu0 := cpuTime(b)
			res := flood(h, 12)
			cpu += cpuTime(b) - cpu0
			took += res.duration
			for _, cb := range res.asks {
				lat = append(lat, cb.Latency)
			}
			slowed += slowedDown(res.answers)
			for _, cb := range res.answers {
				if len(cb.Files) > 0 {
					charts++
				}
			}
		}
		reportLatencies(b, lat)
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms")
		b.ReportMetric(float64(took.Milliseconds())/float64(b.N), "flood-ms")
		b.ReportMetric(float64(slowed)/float64(b.N), "slowed/300")
		b.ReportMetric(float64(charts)/float64(b.N), "charts/300")
		noViolations(b, h.srv)
	})
}

func reportLatencies(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(pct(1), "max-ms")
	b.ReportMetric(float64(len(lat)), "asks")
}
