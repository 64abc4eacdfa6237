package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/data"
)

// TestSlowAnswerIsDeferred holds the database's write lock from outside so
// that /subscribe cannot store anything within the answer budget: the bot
// must acknowledge in time (a deferred, ephemeral answer) and then edit in
// its real answer once the write goes through.
func TestSlowAnswerIsDeferred(t *testing.T) {
	t.Parallel()
	const ana = "410000000000000001"
	h := newWorld(t, monday, ana)
	h.answerBudget = 50 * time.Millisecond
	ctx := context.Background()
	store, err := data.Open(ctx, h.db)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.SetScreened(ctx, ana, monday); err != nil {
		t.Fatal(err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	h.start()

	db, err := sql.Open("sqlite", h.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lock, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if _, err := lock.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}

	i, err := h.srv.Slash(discordtest.Slash{GuildID: xGuild, ChannelID: xChannel, UserID: ana, Name: "subscribe"})
	if err != nil {
		t.Fatal(err)
	}
	cb := h.ack(ctx, i)
	if cb.Type != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) || cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("first answer: type %d, flags %d; want a deferred ephemeral answer (type 5)", cb.Type, cb.Data.Flags)
	}
	if got := h.query(`SELECT count(*) FROM subscriptions`); got != 0 {
		t.Fatalf("%d subscriptions stored while the database was locked", got)
	}

	if _, err := lock.ExecContext(ctx, `COMMIT`); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the deferred answer to be edited", func() bool {
		m, ok := i.Original()
		return ok && strings.Contains(m.Content, "You're in!")
	})
	if got := h.rowsOf("subscriptions", ana); got != 1 {
		t.Errorf("%d subscriptions stored for ana, want 1", got)
	}
	noViolations(t, h.srv)
}

// dbLocker opens a connection of the test's own to the program's database
// and returns a step that runs press while that connection holds the
// write lock, so that the bot's answer is late.
func (h *harness) dbLocker() (locked func(press func())) {
	h.t.Helper()
	ctx := h.t.Context()
	db, err := sql.Open("sqlite", h.db)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { db.Close() })
	lock, err := db.Conn(ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { lock.Close() })
	return func(press func()) {
		h.t.Helper()
		if _, err := lock.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
			h.t.Fatal(err)
		}
		press()
		if _, err := lock.ExecContext(ctx, `COMMIT`); err != nil {
			h.t.Fatal(err)
		}
	}
}

// TestSlowButtonAnswers holds the database's write lock while a button is
// pressed, so the answer is late and the press is acknowledged first (type
// 6): an update then edits the post, and a new answer (the private "It
// hurt" answer on a channel post) comes as an ephemeral follow-up that
// leaves the post alone.
func TestSlowButtonAnswers(t *testing.T) {
	t.Parallel()
	const ana, ben = "680000000000000001", "680000000000000002"
	h := newWorld(t, monday, ana, ben)
	h.start()
	h.subscribeUTC(ana, "mon,wed,fri", "07:00")
	h.subscribeIn(inServer, ben, opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC"), opt("where", "here"))
	dm := h.srv.DMChannelID(ana)
	h.clock.Set(at(0, 7, 0))
	waitFor(t, "the workouts", func() bool { return len(h.workoutPosts(dm)) == 1 && len(h.workoutPosts(xChannel)) == 1 })
	apost, bpost := h.workoutPosts(dm)[0], h.workoutPosts(xChannel)[0]
	waitFor(t, "the bot's ✅", func() bool {
		return len(h.srv.Reactions(dm, apost.ID, "✅")) == 1 && len(h.srv.Reactions(xChannel, bpost.ID, "✅")) == 1
	})
	h.answerBudget = 50 * time.Millisecond
	h.restart()

	locked := h.dbLocker()

	locked(func() {
		if cb, _ := h.pressOn("", dm, apost.ID, ana, "Too easy"); cb.Type != int(discordgo.InteractionResponseDeferredMessageUpdate) {
			t.Fatalf("a late answer was acknowledged with type %d, want 6", cb.Type)
		}
	})
	waitFor(t, "the post to show the feedback", func() bool { return strings.Contains(h.post(dm, apost.ID).Content, "Too easy, noted") })
	if p := h.post(dm, apost.ID); len(p.Embeds) != 1 || len(p.Embeds[0].Fields) != 3 || len(p.Components) != 1 {
		t.Errorf("the deferred update lost the workout or its buttons: %d embeds, %d rows", len(p.Embeds), len(p.Components))
	}

	before := h.post(xChannel, bpost.ID)
	var i *discordtest.Interaction
	locked(func() {
		var cb discordtest.Callback
		if cb, i = h.pressOn(xGuild, xChannel, bpost.ID, ben, "It hurt"); cb.Type != int(discordgo.InteractionResponseDeferredMessageUpdate) {
			t.Fatalf("a late answer was acknowledged with type %d, want 6", cb.Type)
		}
	})
	waitFor(t, "the private answer as a follow-up", func() bool { return len(i.Followups()) == 1 })
	if f := i.Followups()[0]; f.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(f.Content, "Sorry it hurt") {
		t.Errorf("the follow-up: flags %d, %q; want the private answer", f.Flags, f.Content)
	}
	if got := h.post(xChannel, bpost.ID); got.Content != before.Content || len(got.Embeds) != 1 || got.Embeds[0].Title != before.Embeds[0].Title {
		t.Errorf("the private answer changed the public post: %q", got.Content)
	}
	noViolations(t, h.srv)
}
