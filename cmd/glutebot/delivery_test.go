package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/glutebot/glutebot/bot"
	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/plans"
)

func TestScheduleAndPause(t *testing.T) {
	t.Parallel()
	users := map[place]string{inServer: "420000000000000001", inDM: "420000000000000002"}
	h := newWorld(t, monday, users[inServer], users[inDM])
	h.start()

	for _, p := range places {
		u := users[p]
		wantSays(t, p.name+": /schedule before subscribing", h.private(p, u, "schedule"), "not subscribed")
		wantSays(t, p.name+": /resume before subscribing", h.private(p, u, "resume"), "not subscribed")
		h.subscribeIn(p, u, opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC"))

		cb := h.private(p, u, "schedule")
		want := []time.Time{at(0, 7, 0), at(2, 7, 0), at(4, 7, 0)}
		if got := timestamps(cb.Data.Content); !slices.EqualFunc(got, want, time.Time.Equal) {
			t.Errorf("%s: /schedule gives %v, want %v:\n%s", p.name, got, want, cb.Data.Content)
		}
		h.wantHelpOnEveryCommand(p, u)

		// Discord's client refuses weeks outside 1–8 and fractions.
		h.wantPauseWeeksRefused(p, u, 0, 9, -1, 2.5)
		wantSays(t, p.name+": /resume while not paused", h.private(p, u, "resume"), "not paused")
		// Two weeks from Monday 05:00: the next workout is Monday 7 December.
		h.wantPausedTwoWeeksUntil(p, u, at(14, 7, 0))
	}

	// Nothing during the pause, whatever day it is.
	for _, d := range []time.Time{at(0, 7, 0), at(7, 7, 0), at(11, 7, 0)} {
		h.tick(d)
		if n := h.dmPosts(users); n != 0 {
			t.Fatalf("%d workouts posted at %v, during the pause", n, d)
		}
	}
	// One each after it.
	h.clock.Set(at(14, 7, 0))
	waitFor(t, "the first workouts after the pause", func() bool { return h.dmPosts(users) == 2 })

	// A new pause ended early by /resume: the next workout is Wednesday's.
	h.clock.Set(at(14, 7, 30))
	for _, p := range places {
		h.private(p, users[p], "pause")
		cb := h.private(p, users[p], "resume")
		if !strings.Contains(cb.Data.Content, "Welcome back") || !slices.EqualFunc(timestamps(cb.Data.Content), []time.Time{at(16, 7, 0)}, time.Time.Equal) {
			t.Errorf("%s: /resume answered %q, want the workout of %v", p.name, cb.Data.Content, at(16, 7, 0))
		}
	}
	h.clock.Set(at(16, 7, 0))
	waitFor(t, "Wednesday's workouts after /resume", func() bool { return h.dmPosts(users) == 4 })

	// /unsubscribe stops them; a second one says there is nothing to stop.
	for _, p := range places {
		wantSays(t, p.name+": /unsubscribe", h.private(p, users[p], "unsubscribe"), "no more workouts")
		wantSays(t, p.name+": a second /unsubscribe", h.private(p, users[p], "unsubscribe"), "not subscribed")
	}
	if n := h.countRows("subscriptions"); n != 0 {
		t.Errorf("%d subscriptions left after /unsubscribe", n)
	}
	h.tick(at(18, 7, 0))
	if n := h.dmPosts(users); n != 4 {
		t.Errorf("%d workouts after /unsubscribe, want still 4", n)
	}
	noViolations(t, h.srv)
}

// dmPosts counts the workout posts in the users' DMs with the bot.
func (h *harness) dmPosts(users map[place]string) (n int) {
	for _, u := range users {
		n += len(h.workoutPosts(h.srv.DMChannelID(u)))
	}
	return n
}

// wantHelpOnEveryCommand checks user's /help in p: an embed on the
// commands, each of them named, with the safety disclaimer.
func (h *harness) wantHelpOnEveryCommand(p place, user string) {
	h.t.Helper()
	help := h.private(p, user, "help")
	if len(help.Data.Embeds) != 1 || !strings.Contains(help.Data.Embeds[0].Title, "glutebot") ||
		!strings.Contains(help.Data.Embeds[0].Description, plans.Disclaimer) {
		h.t.Fatalf("%s: /help answered %+v, want an embed on the commands with the safety disclaimer", p.name, help.Data)
	}
	for _, c := range bot.Commands() {
		if !strings.Contains(help.Data.Embeds[0].Description, "</"+c.Name+":") {
			h.t.Errorf("%s: /help does not mention /%s", p.name, c.Name)
		}
	}
}

// wantPauseWeeksRefused checks that Discord's client refuses /pause with
// each of the weeks given, before the bot sees it.
func (h *harness) wantPauseWeeksRefused(p place, user string, weeks ...any) {
	h.t.Helper()
	for _, bad := range weeks {
		h.wantClientRefuses(p, user, "pause", opt("weeks", bad))
	}
}

// wantPausedTwoWeeksUntil pauses user for two weeks in p: the answer and
// /schedule both say so, and give next as the first workout after.
func (h *harness) wantPausedTwoWeeksUntil(p place, user string, next time.Time) {
	h.t.Helper()
	cb := h.private(p, user, "pause", opt("weeks", 2))
	if !strings.Contains(cb.Data.Content, "Paused for 2 weeks") || !slices.EqualFunc(timestamps(cb.Data.Content), []time.Time{next}, time.Time.Equal) {
		h.t.Errorf("%s: /pause weeks: 2 answered %q, want 2 weeks and the workout of %v", p.name, cb.Data.Content, next)
	}
	cb = h.private(p, user, "schedule")
	if !strings.Contains(cb.Data.Content, "Paused until") {
		h.t.Errorf("%s: /schedule during a pause does not say so: %q", p.name, cb.Data.Content)
	}
	if got := timestamps(cb.Data.Content); len(got) != 3 || !got[0].Equal(next) {
		h.t.Errorf("%s: /schedule during the pause gives %v, want it to start at %v", p.name, got, next)
	}
}

func TestReconcileAfterRestart(t *testing.T) {
	t.Parallel()
	const ana = "470000000000000001"
	h := subscribedByDM(t, ana)
	dm := h.srv.DMChannelID(ana)
	h.clock.Set(at(0, 7, 0))
	h.waitForPosts("Monday's workout", dm, 1)
	h.clock.Set(at(2, 7, 0))
	posts := h.waitForPosts("Wednesday's workout", dm, 2)
	mon, wed := posts[0], posts[1]
	h.react(dm, mon.ID, ana, "✅")
	waitFor(t, "Monday's ✅", func() bool { return len(h.kinds(mon.ID)) == 1 })

	// While the bot is down ana takes back Monday's ✅ and marks Wednesday's
	// done and too hard.
	h.stop()
	h.clock.Set(at(2, 9, 0))
	for _, err := range []error{
		h.srv.Unreact(dm, mon.ID, ana, "✅"),
		h.srv.React(dm, wed.ID, ana, "✅"),
		h.srv.React(dm, wed.ID, ana, "😅"),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	h.start()
	waitFor(t, "the offline reactions to be read back", func() bool {
		return len(h.kinds(mon.ID)) == 0 && slices.Equal(h.kinds(wed.ID), []plans.Kind{plans.Done, plans.TooHard})
	})
	if got := progressFields(h.private(inDM, ana, "progress")); !strings.Contains(got, "Completed: 1 workout\n") {
		t.Errorf("/progress after the restart:\n%s", got)
	}
	noViolations(t, h.srv)
}

func TestDMsClosed(t *testing.T) {
	t.Parallel()
	const ben = "480000000000000001"
	h := newWorld(t, monday, ben)
	h.start()
	h.subscribeUTC(ben, "mon,wed,fri", "07:00")
	dm := h.srv.DMChannelID(ben)
	postPath := "/api/v9/channels/" + dm + "/messages"
	welcomed := h.srv.Requests(postPath) // the welcome DM
	h.srv.SetDMsClosed(ben, true)

	h.clock.Set(at(0, 7, 0))
	waitFor(t, "the attempt to post", func() bool { return h.srv.Requests(postPath) > welcomed })
	waitFor(t, "ben marked unreachable", func() bool {
		return h.query(`SELECT count(*) FROM subscriptions WHERE user_id = ? AND undeliverable = 1`, ben) == 1
	})
	// No retries, and no more attempts on the next days.
	for _, d := range []time.Time{at(0, 7, 1), at(2, 7, 0)} {
		h.tick(d)
	}
	if n := h.srv.Requests(postPath) - welcomed; n != 1 {
		t.Errorf("%d attempts to post to closed DMs, want 1", n)
	}
	if n := len(h.workoutPosts(dm)); n != 0 {
		t.Errorf("%d workouts delivered to closed DMs", n)
	}

	// His next command tells him, whichever it is, once.
	first := h.private(inServer, ben, "schedule")
	if !strings.Contains(first.Data.Content, "DMs are closed") {
		t.Errorf("the first command after the failed post does not say DMs are closed: %q", first.Data.Content)
	}
	for _, name := range []string{"schedule", "progress", "help"} {
		if cb := h.private(inServer, ben, name); strings.Contains(cb.Data.Content, "DMs are closed") {
			t.Errorf("/%s repeats the notice: %q", name, cb.Data.Content)
		}
	}

	// Only Discord's refusals of the post, nothing else.
	for _, v := range h.srv.Violations() {
		if v.Path != postPath || v.Code != discordtest.CodeCannotSendToUser {
			t.Errorf("Discord rule broken: %+v", v)
		}
	}
	if n := len(h.srv.Violations()); n != 1 {
		t.Errorf("%d refused requests, want the one post", n)
	}

	// Open DMs, /subscribe again: workouts come again.
	h.srv.SetDMsClosed(ben, false)
	h.private(inServer, ben, "subscribe", opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC"))
	h.clock.Set(at(9, 7, 0))
	h.waitForPosts("the workout after DMs were opened", dm, 1)
}
