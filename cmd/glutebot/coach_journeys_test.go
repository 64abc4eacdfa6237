package main

// The coach over weeks, played as users live it: the posts that follow what
// they did, marked late or on old posts, and the weekly features.

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/glutebot/glutebot/bot/discordtest"
)

// workoutsIn lists the workout posts in a channel, leaving out recaps and
// boards (also embeds).
func (h *harness) workoutsIn(channel string) []discordtest.Message {
	var out []discordtest.Message
	for _, m := range h.workoutPosts(channel) {
		if strings.HasPrefix(m.Embeds[0].Title, "Workout ") {
			out = append(out, m)
		}
	}
	return out
}

// nthWorkout moves the clock to t and waits for user's n-th workout post
// by DM, with the bot's own ✅ on it.
func (h *harness) nthWorkout(user string, n int, t time.Time) (dm string, post discordtest.Message) {
	h.t.Helper()
	h.tick(t)
	waitFor(h.t, "the workout post", func() bool {
		dm = h.srv.DMChannelID(user)
		return dm != "" && len(h.workoutsIn(dm)) == n
	})
	post = h.workoutsIn(dm)[n-1]
	h.waitForBotsDone(dm, post.ID)
	return dm, post
}

// TestLateDoneKeepsTheSessionPosted: on back-to-back days, Monday's
// workout not yet done brings the same session again on Tuesday. Marking
// Monday's done late, then Tuesday's, leaves Tuesday's post what it was
// (its form tips are on its own moves), and next Monday brings the other
// session.
func TestLateDoneKeepsTheSessionPosted(t *testing.T) {
	t.Parallel()
	const ana = "790000000000000001"
	h := newWorld(t, monday, ana)
	h.start()
	h.subscribeUTC(ana, "mon,tue", "07:00")
	dm, mon := h.nthWorkout(ana, 1, at(0, 7, 0))
	_, tue := h.nthWorkout(ana, 2, at(1, 7, 0))
	if a, b := mon.Embeds[0].Title, tue.Embeds[0].Title; !strings.Contains(b, "Session A") || !strings.Contains(a, "Session A") {
		t.Fatalf("Monday's %q not done, then Tuesday's %q: want session A twice", a, b)
	}
	h.clock.Set(at(1, 8, 0))
	h.markDone(dm, mon.ID, ana)
	h.markDone(dm, tue.ID, ana)
	h.wantFormTipsFor(dm, tue, ana)
	if _, next := h.nthWorkout(ana, 3, at(7, 7, 0)); !strings.Contains(next.Embeds[0].Title, "Session B") {
		t.Errorf("after session A done twice, next Monday brings %q, want session B", next.Embeds[0].Title)
	}
	noViolations(t, h.srv)
}

// TestSecondTooHardSaysItStepsBack: the post's line after "Too hard" says
// what the plan does. The first on a session's moves holds them; the
// second in a row takes them back a rung, and the line says so rather than
// promising to hold; the next post of those moves tells why it is easier.
func TestSecondTooHardSaysItStepsBack(t *testing.T) {
	t.Parallel()
	const ana = "790000000000000011"
	h := subscribedByDM(t, ana)
	dm, mon := h.nthWorkout(ana, 1, at(0, 7, 0))
	cb, _ := h.pressOn("", dm, mon.ID, ana, "Too hard")
	wantSays(t, "the first Too hard", cb, "I'll hold this level next time")
	h.markDone(dm, mon.ID, ana)
	_, wed := h.nthWorkout(ana, 2, at(2, 7, 0))
	h.markDone(dm, wed.ID, ana)
	_, fri := h.nthWorkout(ana, 3, at(4, 7, 0))
	cb, _ = h.pressOn("", dm, fri.ID, ana, "Too hard")
	if strings.Contains(cb.Data.Content, "hold this level") || !strings.Contains(cb.Data.Content, "back a rung") {
		t.Errorf("the second Too hard on session A answered\n%s\nwant that these moves go back a rung", cb.Data.Content)
	}
	h.markDone(dm, fri.ID, ana)
	_, b := h.nthWorkout(ana, 4, at(7, 7, 0))
	h.markDone(dm, b.ID, ana)
	_, next := h.nthWorkout(ana, 5, at(9, 7, 0))
	if got := rendered(next); !strings.Contains(got, "went back a rung after two tough sessions in a row") {
		t.Errorf("the next session A reads\n%s", got)
	}
	noViolations(t, h.srv)
}

// TestExportAfterUnsubscribeHasTheKeptSettings: /unsubscribe keeps the
// settings so /subscribe brings them back; /export, "everything glutebot
// keeps about you", includes them.
func TestExportAfterUnsubscribeHasTheKeptSettings(t *testing.T) {
	t.Parallel()
	const ana = "790000000000000021"
	h := subscribedByDM(t, ana)
	h.private(inDM, ana, "unsubscribe")
	cb := h.private(inDM, ana, "export")
	if len(cb.Files) != 1 {
		t.Fatalf("/export attached %d files", len(cb.Files))
	}
	var ex struct {
		Subscription map[string]any `json:"subscription"`
		Kept         map[string]any `json:"kept_settings"`
	}
	if err := json.Unmarshal(cb.Files[0].Data, &ex); err != nil {
		t.Fatal(err)
	}
	if ex.Subscription != nil || ex.Kept["days"] != "mon,wed,fri" || ex.Kept["time"] != "07:00" || ex.Kept["timezone"] != "UTC" {
		t.Errorf("/export after /unsubscribe: subscription %v, kept settings %v; want none and the kept Mon, Wed, Fri 07:00 UTC", ex.Subscription, ex.Kept)
	}
	noViolations(t, h.srv)
}
