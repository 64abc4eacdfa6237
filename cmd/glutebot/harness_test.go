package main

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/glutebot/glutebot/bot"
	"github.com/glutebot/glutebot/bot/discordtest"
)

const testToken = "MTAwMDAwMDAwMDAwMDAwMDAx.test.token-for-the-stand-in"

// fakeClock is the program's clock in end-to-end tests: the test moves it,
// and counts the scheduler's ticks that have run at the new time since, to
// know the scheduler has looked at it.
type fakeClock struct {
	mu      sync.Mutex
	t       time.Time
	ticks   int       // ticks finished at the time set (or later, while running) since the last Set or Run
	running time.Time // when set, the clock runs on from t at real speed since this real instant
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.running.IsZero() {
		return c.t.Add(time.Since(c.running))
	}
	return c.t
}

// Set stops the clock at t.
func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t, c.ticks, c.running = t, 0, time.Time{}
}

// Run sets the clock to t and lets it run at real speed from now.
func (c *fakeClock) Run(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t, c.ticks, c.running = t, 0, time.Now()
}

// onTick is told of each of the scheduler's finished ticks.
func (c *fakeClock) onTick(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Equal(c.t) || !c.running.IsZero() && !now.Before(c.t) {
		c.ticks++
	}
}

// waitTick waits until a whole tick of the scheduler has run at the time
// last set.
func (c *fakeClock) waitTick(t testing.TB) {
	t.Helper()
	waitFor(t, "a tick at the time set", func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.ticks > 0
	})
}

// waitFor polls cond until it holds, failing the test after 15 s.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// syncBuffer collects the program's logs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness runs the real program against the stand-in.
type harness struct {
	t     testing.TB
	srv   *discordtest.Server
	clock *fakeClock
	db    string
	logs  *syncBuffer
	stop  func()
	env   map[string]string // more environment for the program

	answerBudget time.Duration     // the bot's, when not zero
	transport    http.RoundTripper // the bot's, when not nil
}

func newHarness(t testing.TB, start time.Time) *harness {
	t.Helper()
	srv := discordtest.NewServer(discordtest.Options{Token: testToken, Logf: t.Logf})
	t.Cleanup(srv.Close)
	return newHarnessOn(t, srv, &fakeClock{t: start})
}

// newHarnessOn is a harness on a stand-in and a clock the test made, with a
// database of its own; the program is stopped when the test ends.
func newHarnessOn(t testing.TB, srv *discordtest.Server, clock *fakeClock) *harness {
	h := &harness{t: t, srv: srv, clock: clock, db: filepath.Join(t.TempDir(), "glutebot.db"), logs: &syncBuffer{}}
	t.Cleanup(func() {
		if h.stop != nil {
			h.stop()
		}
	})
	return h
}

func (h *harness) getenv(k string) string {
	if v, ok := h.env[k]; ok {
		return v
	}
	return map[string]string{
		"DISCORD_TOKEN":   testToken,
		"DISCORD_API_URL": h.srv.URL(),
		"GLUTEBOT_DB":     h.db,
		"LOG_LEVEL":       "debug",
	}[k]
}

// start runs the program until stop is called, and waits until its commands
// are registered.
func (h *harness) start() {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	before := h.srv.Requests("/api/v9/applications/")
	go func() {
		done <- runWith(ctx, nil, h.getenv, options{stdout: h.logs, stderr: h.logs, now: h.clock.Now, answerBudget: h.answerBudget, transport: h.transport, onTick: h.clock.onTick})
	}()
	h.stop = func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				h.t.Errorf("run returned %v", err)
			}
		case <-time.After(15 * time.Second):
			h.t.Errorf("run did not return within 15 s of cancel")
		}
		h.stop = nil
	}
	waitFor(h.t, "commands to be registered", func() bool {
		select {
		case err := <-done:
			h.t.Fatalf("run stopped early: %v\nlogs:\n%s", err, h.logs)
		default:
		}
		// The overwrite request has arrived, and the stand-in holds the
		// commands (it may still be applying them when the request counts).
		return h.srv.Requests("/api/v9/applications/") > before && len(h.srv.Commands("")) == len(bot.Commands())
	})
}

func (h *harness) restart() {
	h.t.Helper()
	h.stop()
	h.start()
}
