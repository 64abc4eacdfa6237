package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/plans"
)

func TestSubscribeExperience(t *testing.T) {
	t.Parallel()
	const ana, ben, cai, dan = "410000000000000001", "410000000000000002", "410000000000000003", "410000000000000004"
	h := newWorld(t, monday, ana, ben, cai, dan)
	h.start()

	wantSubscribeChoices(t, h)
	// Discord's client offers nothing else.
	h.wantClientRefuses(inServer, ana, "subscribe", opt("level", "expert"))

	for _, p := range places {
		wantAutocomplete(t, h, p, ana)
	}

	// Ana, in the server: the safety screen lists the red flags and stores
	// nothing until she answers; "None of these apply" subscribes her.
	cb, i := h.command(inServer, ana, "subscribe", opt("days", "tue,thu"), opt("time", "18:30"), opt("timezone", "Europe/Berlin"),
		opt("level", "intermediate"), opt("equipment", "dumbbells"), opt("where", "here"))
	wantSays(t, "the safety screen", cb, plans.RedFlags()...)
	if n := h.countRows("subscriptions"); n != 0 {
		t.Fatalf("%d subscriptions stored before the safety screen was answered", n)
	}
	cb, _ = h.press(i, cb, "None of these apply")
	wantSays(t, "ana's confirmation", cb, "You're in!", "Tue, Thu at 18:30", "Europe/Berlin", "intermediate", "with dumbbells", "in <#"+xChannel+">")
	if h.rowsOf("subscriptions", ana) != 1 || h.rowsOf("screenings", ana) != 1 {
		t.Fatalf("ana is not subscribed and screened after \"None of these apply\"")
	}

	// Ben, in a DM: "One applies" advises a professional and stores nothing;
	// "I've been cleared — go on" subscribes him. "here" in a DM is the DM.
	h.wantClearedGoesOn(ben)

	// Cai says one applies and leaves it: nothing stored, and her next
	// /subscribe asks again.
	h.wantNotNowStoresNothing(cai)

	// Ana's second /subscribe skips the screen and changes her schedule:
	// Mondays and Fridays at 07:00 Berlin time, by DM.
	cb = h.private(inServer, ana, "subscribe", opt("days", "mon,fri"), opt("time", "07:00"), opt("timezone", "Europe/Berlin"), opt("where", "dm"))
	if len(cb.Data.Components) != 0 || !strings.Contains(cb.Data.Content, "Updated: days Tue, Thu → Mon, Fri, time 18:30 → 07:00, where in <#"+xChannel+"> → by DM.") {
		t.Fatalf("ana's second /subscribe answered %q with %d component rows, want a confirmation without a screen", cb.Data.Content, len(cb.Data.Components))
	}
	if n := h.countRows("subscriptions"); n != 2 {
		t.Errorf("%d subscriptions, want ana's and ben's", n)
	}
	sched := h.private(inDM, ana, "schedule").Data.Content
	wantDue := []time.Time{at(0, 6, 0), at(4, 6, 0), at(7, 6, 0)} // 07:00 in Berlin
	if got := timestamps(sched); !slices.EqualFunc(got, wantDue, time.Time.Equal) {
		t.Errorf("ana's /schedule gives %v, want %v:\n%s", got, wantDue, sched)
	}
	h.clock.Set(at(0, 6, 0))
	waitFor(t, "ana's workout by DM", func() bool { return len(h.workoutPosts(h.srv.DMChannelID(ana))) == 1 })
	h.tick(at(1, 17, 30)) // her old Tuesday 18:30
	if n := len(h.workoutPosts(xChannel)); n != 0 {
		t.Errorf("%d workouts in the channel from ana's replaced schedule", n)
	}
	if n := len(h.workoutPosts(h.srv.DMChannelID(ana))); n != 1 {
		t.Errorf("ana has %d workouts by DM, want 1", n)
	}
	noViolations(t, h.srv)
}

// wantClientRefuses checks that Discord's client refuses /command with
// option o in p, before the bot sees it.
func (h *harness) wantClientRefuses(p place, user, command string, o discordtest.Option) {
	h.t.Helper()
	if _, err := h.srv.Slash(discordtest.Slash{GuildID: p.guild, ChannelID: p.channel, UserID: user, Name: command,
		Options: []discordtest.Option{o}}); !errors.Is(err, discordtest.ErrInvalidInput) {
		h.t.Errorf("%s: /%s %s: %v was dispatched (err %v)", p.name, command, o.Name, o.Value, err)
	}
}

// wantClearedGoesOn has user run /subscribe where:here in their DM and
// answer the safety screen "One applies": advice to see a professional and
// nothing stored; then "I've been cleared — go on" subscribes them, by DM.
func (h *harness) wantClearedGoesOn(user string) {
	h.t.Helper()
	cb, i := h.command(inDM, user, "subscribe", opt("where", "here"))
	cb, i = h.press(i, cb, "One applies")
	wantSays(h.t, `"One applies"`, cb, "see a health professional")
	if n := h.rowsOf("subscriptions", user); n != 0 {
		h.t.Errorf("subscribed before saying they were cleared")
	}
	cb, _ = h.press(i, cb, "I've been cleared — go on")
	wantSays(h.t, "the confirmation", cb, "You're in!", "by DM")
	if h.rowsOf("subscriptions", user) != 1 {
		h.t.Errorf("not subscribed after \"I've been cleared — go on\"")
	}
}

// wantNotNowStoresNothing has user answer the safety screen in the server
// with "One applies", then "Not now": nothing is stored, and the next
// /subscribe asks again.
func (h *harness) wantNotNowStoresNothing(user string) {
	h.t.Helper()
	cb, i := h.command(inServer, user, "subscribe")
	cb, i = h.press(i, cb, "One applies")
	cb, _ = h.press(i, cb, "Not now")
	if len(cb.Data.Components) != 0 {
		h.t.Errorf("\"Not now\" left buttons: %+v", cb.Data.Components)
	}
	if rows := h.userRows(user); rows["subscriptions"]+rows["screenings"] != 0 {
		h.t.Errorf("the rows after \"Not now\": %v", rows)
	}
	if cb, _ = h.command(inServer, user, "subscribe"); buttonID(cb, "None of these apply") == "" {
		h.t.Errorf("a second /subscribe skipped the safety screen never passed: %q", cb.Data.Content)
	}
}

// wantSubscribeChoices checks that the registered /subscribe offers exactly
// the documented choices.
func wantSubscribeChoices(t *testing.T, h *harness) {
	t.Helper()
	for _, c := range h.srv.Commands("") {
		if c.Name != "subscribe" {
			continue
		}
		want := map[string][]string{"level": {"beginner", "intermediate", "advanced"}, "equipment": {"none", "dumbbells", "gym"}, "where": {"dm", "here"}}
		for _, o := range c.Options {
			if w, ok := want[o.Name]; ok {
				var got []string
				for _, ch := range o.Choices {
					got = append(got, fmt.Sprint(ch.Value))
				}
				if diff := cmp.Diff(w, got); diff != "" {
					t.Errorf("/subscribe %s choices (-want +got):\n%s", o.Name, diff)
				}
				delete(want, o.Name)
			}
		}
		if len(want) > 0 {
			t.Errorf("/subscribe lacks the options %v", want)
		}
	}
}

// wantAutocomplete checks, in place p, that time zones complete by city or
// by name, at most 25 and every one a real zone, and that /tip completes
// exercise names with a tip for each choice.
func wantAutocomplete(t *testing.T, h *harness, p place, user string) {
	t.Helper()
	for typed, want := range map[string]string{"new york": "America/New_York", "berlin": "Europe/Berlin", "kolk": "Asia/Kolkata", "": "UTC"} {
		choices := h.autocomplete(p, user, "subscribe", "timezone", typed)
		if len(choices) == 0 || len(choices) > 25 {
			t.Fatalf("%s: timezone %q: %d choices, want 1 to 25", p.name, typed, len(choices))
		}
		if got := fmt.Sprint(choices[0].Value); got != want {
			t.Errorf("%s: timezone %q: first choice %q, want %q", p.name, typed, got, want)
		}
		for _, c := range choices {
			if _, err := plans.LoadZone(fmt.Sprint(c.Value)); err != nil {
				t.Errorf("%s: timezone %q offers %q, which is not a time zone: %v", p.name, typed, c.Value, err)
			}
		}
	}
	// /tip completes exercise names, and each choice gets a tip.
	choices := h.autocomplete(p, user, "tip", "exercise", "hip")
	if len(choices) == 0 || len(choices) > 25 {
		t.Fatalf("%s: tip %q: %d choices, want 1 to 25", p.name, "hip", len(choices))
	}
	for _, c := range choices {
		if name := strings.ToLower(c.Name); !strings.Contains(name, "hip") {
			t.Errorf("%s: tip %q offers %q", p.name, "hip", c.Name)
		}
	}
	cb, _ := h.command(p, user, "tip", opt("exercise", fmt.Sprint(choices[0].Value)))
	want := plans.Tip(fmt.Sprint(choices[0].Value))
	if !want.Found || cb.Data.Content != want.Text {
		t.Errorf("%s: /tip %v answered %q, want the tip %q", p.name, choices[0].Value, cb.Data.Content, want.Text)
	}
}

func TestSettingsStick(t *testing.T) {
	t.Parallel()
	const ana = "610000000000000001"
	h := newWorld(t, monday, ana)
	h.start()
	h.subscribeIn(inServer, ana, opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "Europe/Berlin"),
		opt("level", "intermediate"), opt("equipment", "dumbbells"))
	since := h.query(`SELECT since FROM subscriptions WHERE user_id = ?`, ana)

	// One option changes one setting; the answer says what changed and the
	// whole schedule now.
	wantSays(t, "/subscribe time:08:00", h.private(inServer, ana, "subscribe", opt("time", "08:00")),
		"Updated: time 07:00 → 08:00.", "**Mon, Wed, Fri at 08:00** (Europe/Berlin), intermediate, with dumbbells, by DM")
	if lvl, eq := h.query(`SELECT level FROM subscriptions WHERE user_id = ?`, ana), h.query(`SELECT equipment FROM subscriptions WHERE user_id = ?`, ana); lvl != int(plans.Intermediate) || eq != int(plans.Dumbbells) {
		t.Errorf("after changing the time: level %d, equipment %d; want intermediate and dumbbells kept", lvl, eq)
	}
	wantSays(t, "/subscribe without options on a subscription", h.private(inDM, ana, "subscribe"), "Nothing to change")

	// After /unsubscribe, /subscribe without options brings all of it back,
	// with the plan's start.
	wantSays(t, "/unsubscribe", h.private(inServer, ana, "unsubscribe"), "settings are kept")
	if n := h.rowsOf("subscriptions", ana); n != 0 {
		t.Fatalf("%d subscriptions after /unsubscribe", n)
	}
	cb := h.private(inDM, ana, "subscribe")
	wantSays(t, "/subscribe after /unsubscribe", cb,
		"Welcome back! I've restored your settings.", "**Mon, Wed, Fri at 08:00** (Europe/Berlin), intermediate, with dumbbells, by DM")
	if len(cb.Data.Components) != 0 {
		t.Errorf("coming back showed buttons (a second safety screen?): %+v", cb.Data.Components)
	}
	if got := h.query(`SELECT since FROM subscriptions WHERE user_id = ?`, ana); got != since {
		t.Errorf("the plan restarted: since %d, want %d", got, since)
	}
	// Coming back with one option changes just that.
	h.private(inServer, ana, "unsubscribe")
	wantSays(t, "coming back with level:advanced", h.private(inServer, ana, "subscribe", opt("level", "advanced")),
		"with level intermediate → advanced", "at 08:00** (Europe/Berlin), advanced")

	help := h.private(inServer, ana, "help")
	if d := help.Data.Embeds[0].Description; !strings.Contains(d, "Your settings stick") || !strings.Contains(d, "without options brings your settings back") {
		t.Errorf("/help does not say settings stick:\n%s", d)
	}

	// /forget deletes the kept settings too.
	h.forget(inServer, ana)
	rows := h.userRows(ana)
	if rows["settings"] != 0 {
		t.Errorf("settings left after /forget: %v", rows)
	}
	for table, n := range rows {
		if n != 0 {
			t.Errorf("after /forget %s holds %d rows", table, n)
		}
	}
	if cb, _ := h.command(inServer, ana, "subscribe"); buttonID(cb, "None of these apply") == "" {
		t.Errorf("after /forget, /subscribe did not start afresh with the safety screen: %q", cb.Data.Content)
	}
	noViolations(t, h.srv)
}

func TestZonesAndTimesAsPeopleTypeThem(t *testing.T) {
	t.Parallel()
	const ana = "660000000000000001"
	h := newWorld(t, monday, ana) // 05:00 UTC: 06:00 in Berlin, 00:00 in New York
	h.start()
	for _, tc := range []zoneCase{
		{"EST", "America/New_York", []string{"America/Toronto"}, "America/New_York — 00:00 now", []string{"Europe/Stockholm", "Europe/Budapest"}},
		{"la", "America/Los_Angeles", nil, "America/Los_Angeles — 21:00 now", nil},
		{"PST", "America/Los_Angeles", []string{"America/Vancouver", "Asia/Manila"}, "", nil},
		{"CET", "Europe/Berlin", []string{"Europe/Paris", "Europe/Madrid"}, "Europe/Berlin — 06:00 now (CET)", nil},
		{"IST", "Asia/Kolkata", []string{"Europe/Dublin", "Asia/Jerusalem"}, "Asia/Kolkata — 10:30 now (IST)", nil},
		{"nyc", "America/New_York", nil, "", nil},
		{"sf", "America/Los_Angeles", nil, "", nil},
		{"germany", "Europe/Berlin", nil, "Europe/Berlin — 06:00 now (Germany)", nil},
		{"berlin", "Europe/Berlin", nil, "", nil},
		{"", "UTC", []string{"America/New_York"}, "UTC — 05:00 now", nil},
	} {
		h.wantZoneChoices(ana, tc)
	}

	// Days and times as people type them.
	h.subscribeIn(inServer, ana, opt("days", "tues thurs"), opt("time", "7pm"), opt("timezone", "UTC"))
	for _, tc := range []struct{ option, value, want string }{
		{"time", "7:30 am", "Tue, Thu at 07:30"},
		{"time", "0700", "Tue, Thu at 07:00"},
		{"time", "19h", "Tue, Thu at 19:00"},
		{"days", "mon wed fri", "Mon, Wed, Fri at 19:00"},
		{"days", "Tues, Thurs", "Tue, Thu at 19:00"},
	} {
		if cb := h.private(inServer, ana, "subscribe", opt(tc.option, tc.value)); !strings.Contains(cb.Data.Content, tc.want) {
			t.Errorf("%s %q answered %q, want %q", tc.option, tc.value, cb.Data.Content, tc.want)
		}
	}
	// A zone typed out and sent without picking a suggestion.
	wantSays(t, "timezone:EST", h.private(inServer, ana, "subscribe", opt("timezone", "EST")), "time zone UTC → America/New_York")
	// Four days: the 2–3 rule explained.
	wantSays(t, "four days", h.private(inServer, ana, "subscribe", opt("days", "mon tue wed thu")), "2 or 3", "rest days")
	noViolations(t, h.srv)
}

// zoneCase is what the time zones offered for typed must be: first the
// zone first, also among them, none of forbidden, and the first labelled
// starting with label when it is set.
type zoneCase struct {
	typed     string
	first     string
	also      []string
	label     string
	forbidden []string
}

// wantZoneChoices checks the time zones /subscribe offers user in the
// server for what tc types.
func (h *harness) wantZoneChoices(user string, tc zoneCase) {
	h.t.Helper()
	choices := h.autocomplete(inServer, user, "subscribe", "timezone", tc.typed)
	var values, names []string
	for _, c := range choices {
		values, names = append(values, fmt.Sprint(c.Value)), append(names, c.Name)
	}
	if len(values) == 0 || values[0] != tc.first {
		h.t.Errorf("%q: choices %v, want %s first", tc.typed, values, tc.first)
		return
	}
	for _, z := range tc.also {
		if !slices.Contains(values, z) {
			h.t.Errorf("%q: choices %v lack %s", tc.typed, values, z)
		}
	}
	for _, z := range tc.forbidden {
		if slices.Contains(values, z) {
			h.t.Errorf("%q: choices %v offer %s", tc.typed, values, z)
		}
	}
	if tc.label != "" && !strings.HasPrefix(names[0], tc.label) {
		h.t.Errorf("%q: first choice is labelled %q, want %q", tc.typed, names[0], tc.label)
	}
}
