package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/glutebot/glutebot/bot/discordtest"
)

// TestGatewayFaults drops the gateway connection in every way Discord does
// and checks that the bot comes back each time, and that a reaction made
// during a resumable gap is still recorded (replayed on RESUME).
func TestGatewayFaults(t *testing.T) {
	srv := discordtest.NewServer(discordtest.Options{Token: testToken, HeartbeatInterval: 200 * time.Millisecond, Logf: t.Logf})
	t.Cleanup(srv.Close)
	due := time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)
	h := newHarnessOn(t, srv, &fakeClock{t: due.Add(-time.Hour)})
	const user = "400000000000000009"
	srv.AddUser(user, "gus")
	h.start()
	h.subscribe(discordtest.Slash{UserID: user})
	h.clock.Set(due)
	dm, post := h.waitForFirstDMPost("the workout", user)

	// back waits until the bot answers a command again: an interaction
	// sent into a dying connection may be lost, so it asks again until one
	// is answered.
	back := func(what string) {
		t.Helper()
		waitFor(t, "the bot to answer again after "+what, func() bool {
			i, err := srv.Slash(discordtest.Slash{UserID: user, Name: "help"})
			if err != nil {
				return false
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			_, err = i.Wait(ctx)
			return err == nil
		})
	}

	// A resumable gap: the reaction lands while the socket is down and is
	// replayed when the bot resumes.
	srv.DropGateway()
	if err := srv.React(dm, post.ID, user, "✅"); err != nil {
		t.Fatal(err)
	}
	back("a dropped connection")
	waitFor(t, "the completion made during the gap", func() bool { return h.countRows("entries") == 1 })

	srv.SendReconnect()
	back("op 7 RECONNECT")
	srv.SendInvalidSession(false)
	back("op 9 INVALID_SESSION")
	srv.SetHeartbeatACKs(false)
	waitFor(t, "the bot to notice missing heartbeat ACKs", func() bool { return !srv.Connected() })
	srv.SetHeartbeatACKs(true)
	back("missing heartbeat ACKs")

	// Still working: /progress answers and shows the completion.
	cb := h.slash(discordtest.Slash{UserID: user, Name: "progress"})
	if len(cb.Data.Embeds) == 0 || !strings.Contains(cb.Data.Embeds[0].Fields[0].Value, "1 workout") {
		t.Errorf("/progress after the faults: %+v", cb.Data)
	}
	if !strings.Contains(h.logs.String(), "reconnected to the gateway") {
		t.Errorf("no reconnect logged")
	}
}
