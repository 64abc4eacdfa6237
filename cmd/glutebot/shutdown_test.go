package main

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/data"
	"github.com/glutebot/glutebot/plans"
)

// TestGracefulStopMidWave stops the program (as SIGTERM does, through run's
// context) while a wave is going out: it returns, the gateway and the
// database are closed cleanly, and the next start finishes the wave with
// exactly one post per user.
func TestGracefulStopMidWave(t *testing.T) {
	const n = 20
	due := time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)
	// A slow Discord (10 requests/s) keeps the wave in flight long enough to stop it midway.
	srv := discordtest.NewServer(discordtest.Options{Token: testToken, GlobalLimit: 10})
	t.Cleanup(srv.Close)
	h := newHarnessOn(t, srv, &fakeClock{t: due})
	h.env = map[string]string{"GLUTEBOT_RATE": "10"}
	ctx := context.Background()
	store, err := data.Open(ctx, h.db)
	if err != nil {
		t.Fatal(err)
	}
	users := make([]string, n)
	for i := range users {
		users[i] = fmt.Sprintf("7%017d", i)
		srv.AddUser(users[i], "u")
		if err := store.SetScreened(ctx, users[i], due); err != nil {
			t.Fatal(err)
		}
		if err := store.PutSubscription(ctx, plans.Subscription{UserID: users[i], Zone: "UTC", TimeOfDay: plans.TimeOfDay{Hour: 7},
			Days: []time.Weekday{time.Monday, time.Thursday}, NextDue: due}); err != nil {
			t.Fatal(err)
		}
	}
	store.Close()

	posts := func() (total int, perUser map[string]int) {
		perUser = map[string]int{}
		for _, u := range users {
			if ch := srv.DMChannelID(u); ch != "" {
				perUser[u] = len(srv.BotMessages(ch))
				total += perUser[u]
			}
		}
		return total, perUser
	}

	h.start()
	waitFor(t, "the wave to start", func() bool { total, _ := posts(); return total > 0 })
	h.stop() // fails the test if run does not return
	if total, _ := posts(); total >= n {
		t.Fatalf("the whole wave (%d posts) went out before the stop; the test did not stop it midway", total)
	}
	if srv.Connected() {
		t.Errorf("the gateway is still connected after the stop")
	}
	if _, err := os.Stat(h.db + "-wal"); err == nil {
		t.Errorf("%s-wal is left: the database was not closed", h.db)
	}

	h.start()
	waitFor(t, "the rest of the wave", func() bool { total, _ := posts(); return total >= n })
	h.tick(due) // one more tick: nothing is posted twice
	_, perUser := posts()
	for _, u := range users {
		if perUser[u] != 1 {
			t.Errorf("user %s has %d posts, want 1", u, perUser[u])
		}
	}
	noViolations(t, srv)
}
