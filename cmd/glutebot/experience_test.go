package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/bot"
	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/data"
	"github.com/glutebot/glutebot/plans"
)

func TestSubscribeExperience(t *testing.T) {
	t.Parallel()
	const ana, ben, cai, dan = "410000000000000001", "410000000000000002", "410000000000000003", "410000000000000004"
	h := newWorld(t, monday, ana, ben, cai, dan)
	h.start()

	// The registered command offers exactly the documented choices.
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
				if !slices.Equal(got, w) {
					t.Errorf("/subscribe %s choices = %v, want %v", o.Name, got, w)
				}
				delete(want, o.Name)
			}
		}
		if len(want) > 0 {
			t.Errorf("/subscribe lacks the options %v", want)
		}
	}
	// Discord's client offers nothing else.
	if _, err := h.srv.Slash(discordtest.Slash{GuildID: xGuild, ChannelID: xChannel, UserID: ana, Name: "subscribe",
		Options: []discordtest.Option{opt("level", "expert")}}); !errors.Is(err, discordtest.ErrInvalidInput) {
		t.Errorf("/subscribe level: expert was dispatched (err %v)", err)
	}

	for _, p := range places {
		// Time zones by city or by name, at most 25, every one a real zone.
		for typed, want := range map[string]string{"new york": "America/New_York", "berlin": "Europe/Berlin", "kolk": "Asia/Kolkata", "": "UTC"} {
			choices := h.autocomplete(p, ana, "subscribe", "timezone", typed)
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
		choices := h.autocomplete(p, ana, "tip", "exercise", "hip")
		if len(choices) == 0 || len(choices) > 25 {
			t.Fatalf("%s: tip %q: %d choices, want 1 to 25", p.name, "hip", len(choices))
		}
		for _, c := range choices {
			if name := strings.ToLower(c.Name); !strings.Contains(name, "hip") {
				t.Errorf("%s: tip %q offers %q", p.name, "hip", c.Name)
			}
		}
		cb, _ := h.command(p, ana, "tip", opt("exercise", fmt.Sprint(choices[0].Value)))
		want := plans.Tip(fmt.Sprint(choices[0].Value))
		if !want.Found || cb.Data.Content != want.Text {
			t.Errorf("%s: /tip %v answered %q, want the tip %q", p.name, choices[0].Value, cb.Data.Content, want.Text)
		}
	}

	// Ana, in the server: the safety screen lists the red flags and stores
	// nothing until she answers; "None of these apply" subscribes her.
	cb, i := h.command(inServer, ana, "subscribe", opt("days", "tue,thu"), opt("time", "18:30"), opt("timezone", "Europe/Berlin"),
		opt("level", "intermediate"), opt("equipment", "dumbbells"), opt("where", "here"))
	for _, f := range plans.RedFlags() {
		if !strings.Contains(cb.Data.Content, f) {
			t.Errorf("the safety screen does not list %q:\n%s", f, cb.Data.Content)
		}
	}
	if n := h.countRows("subscriptions"); n != 0 {
		t.Fatalf("%d subscriptions stored before the safety screen was answered", n)
	}
	cb, _ = h.press(i, cb, "None of these apply")
	for _, want := range []string{"You're in!", "Tue, Thu at 18:30", "Europe/Berlin", "intermediate", "with dumbbells", "in <#" + xChannel + ">"} {
		if !strings.Contains(cb.Data.Content, want) {
			t.Errorf("ana's confirmation %q lacks %q", cb.Data.Content, want)
		}
	}
	if h.query(`SELECT count(*) FROM subscriptions WHERE user_id = ?`, ana) != 1 || h.query(`SELECT count(*) FROM screenings WHERE user_id = ?`, ana) != 1 {
		t.Fatalf("ana is not subscribed and screened after \"None of these apply\"")
	}

	// Ben, in a DM: "One applies" advises a professional and stores nothing;
	// "I've been cleared — go on" subscribes him. "here" in a DM is the DM.
	cb, i = h.command(inDM, ben, "subscribe", opt("where", "here"))
	cb, i = h.press(i, cb, "One applies")
	if !strings.Contains(cb.Data.Content, "see a health professional") {
		t.Errorf("after \"One applies\" ben read %q, want advice to see a health professional", cb.Data.Content)
	}
	if n := h.query(`SELECT count(*) FROM subscriptions WHERE user_id = ?`, ben); n != 0 {
		t.Errorf("ben is subscribed before he said he was cleared")
	}
	cb, _ = h.press(i, cb, "I've been cleared — go on")
	if !strings.Contains(cb.Data.Content, "You're in!") || !strings.Contains(cb.Data.Content, "by DM") {
		t.Errorf("ben's confirmation %q, want him in, by DM", cb.Data.Content)
	}
	if h.query(`SELECT count(*) FROM subscriptions WHERE user_id = ?`, ben) != 1 {
		t.Errorf("ben is not subscribed after \"I've been cleared — go on\"")
	}

	// Cai says one applies and leaves it: nothing stored, and her next
	// /subscribe asks again.
	cb, i = h.command(inServer, cai, "subscribe")
	cb, i = h.press(i, cb, "One applies")
	cb, _ = h.press(i, cb, "Not now")
	if len(cb.Data.Components) != 0 {
		t.Errorf("\"Not now\" left buttons: %+v", cb.Data.Components)
	}
	if rows := h.userRows(cai); rows["subscriptions"]+rows["screenings"] != 0 {
		t.Errorf("cai's rows after \"Not now\": %v", rows)
	}
	if cb, _ = h.command(inServer, cai, "subscribe"); buttonID(cb, "None of these apply") == "" {
		t.Errorf("cai's second /subscribe skipped the safety screen she never passed: %q", cb.Data.Content)
	}

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

func TestScheduleAndPause(t *testing.T) {
	t.Parallel()
	users := map[place]string{inServer: "420000000000000001", inDM: "420000000000000002"}
	h := newWorld(t, monday, users[inServer], users[inDM])
	h.start()

	for _, p := range places {
		u := users[p]
		if cb := h.private(p, u, "schedule"); !strings.Contains(cb.Data.Content, "not subscribed") {
			t.Errorf("%s: /schedule before subscribing answered %q", p.name, cb.Data.Content)
		}
		if cb := h.private(p, u, "resume"); !strings.Contains(cb.Data.Content, "not subscribed") {
			t.Errorf("%s: /resume before subscribing answered %q", p.name, cb.Data.Content)
		}
		h.subscribe(discordtest.Slash{GuildID: p.guild, ChannelID: p.channel, UserID: u, Options: []discordtest.Option{
			opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC")}})

		cb := h.private(p, u, "schedule")
		want := []time.Time{at(0, 7, 0), at(2, 7, 0), at(4, 7, 0)}
		if got := timestamps(cb.Data.Content); !slices.EqualFunc(got, want, time.Time.Equal) {
			t.Errorf("%s: /schedule gives %v, want %v:\n%s", p.name, got, want, cb.Data.Content)
		}

		help := h.private(p, u, "help")
		if len(help.Data.Embeds) != 1 || !strings.Contains(help.Data.Embeds[0].Title, "glutebot") ||
			!strings.Contains(help.Data.Embeds[0].Description, plans.Disclaimer) {
			t.Fatalf("%s: /help answered %+v, want an embed on the commands with the safety disclaimer", p.name, help.Data)
		}
		for _, c := range bot.Commands() {
			if !strings.Contains(help.Data.Embeds[0].Description, "</"+c.Name+":") {
				t.Errorf("%s: /help does not mention /%s", p.name, c.Name)
			}
		}

		// Discord's client refuses weeks outside 1–8 and fractions.
		for _, bad := range []any{0, 9, -1, 2.5} {
			if _, err := h.srv.Slash(discordtest.Slash{GuildID: p.guild, ChannelID: p.channel, UserID: u, Name: "pause",
				Options: []discordtest.Option{opt("weeks", bad)}}); !errors.Is(err, discordtest.ErrInvalidInput) {
				t.Errorf("%s: /pause weeks: %v was dispatched (err %v)", p.name, bad, err)
			}
		}
		if cb := h.private(p, u, "resume"); !strings.Contains(cb.Data.Content, "not paused") {
			t.Errorf("%s: /resume while not paused answered %q", p.name, cb.Data.Content)
		}
		// Two weeks from Monday 05:00: the next workout is Monday 7 December.
		cb = h.private(p, u, "pause", opt("weeks", 2))
		if !strings.Contains(cb.Data.Content, "Paused for 2 weeks") || !slices.EqualFunc(timestamps(cb.Data.Content), []time.Time{at(14, 7, 0)}, time.Time.Equal) {
			t.Errorf("%s: /pause weeks: 2 answered %q, want 2 weeks and the workout of %v", p.name, cb.Data.Content, at(14, 7, 0))
		}
		cb = h.private(p, u, "schedule")
		if !strings.Contains(cb.Data.Content, "Paused until") {
			t.Errorf("%s: /schedule during a pause does not say so: %q", p.name, cb.Data.Content)
		}
		if got := timestamps(cb.Data.Content); len(got) != 3 || !got[0].Equal(at(14, 7, 0)) {
			t.Errorf("%s: /schedule during the pause gives %v, want it to start at %v", p.name, got, at(14, 7, 0))
		}
	}

	posts := func() (n int) {
		for _, u := range users {
			n += len(h.workoutPosts(h.srv.DMChannelID(u)))
		}
		return n
	}
	// Nothing during the pause, whatever day it is.
	for _, d := range []time.Time{at(0, 7, 0), at(7, 7, 0), at(11, 7, 0)} {
		h.tick(d)
		if n := posts(); n != 0 {
			t.Fatalf("%d workouts posted at %v, during the pause", n, d)
		}
	}
	// One each after it.
	h.clock.Set(at(14, 7, 0))
	waitFor(t, "the first workouts after the pause", func() bool { return posts() == 2 })

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
	waitFor(t, "Wednesday's workouts after /resume", func() bool { return posts() == 4 })

	// /unsubscribe stops them; a second one says there is nothing to stop.
	for _, p := range places {
		if cb := h.private(p, users[p], "unsubscribe"); !strings.Contains(cb.Data.Content, "no more workouts") {
			t.Errorf("%s: /unsubscribe answered %q", p.name, cb.Data.Content)
		}
		if cb := h.private(p, users[p], "unsubscribe"); !strings.Contains(cb.Data.Content, "not subscribed") {
			t.Errorf("%s: a second /unsubscribe answered %q", p.name, cb.Data.Content)
		}
	}
	if n := h.countRows("subscriptions"); n != 0 {
		t.Errorf("%d subscriptions left after /unsubscribe", n)
	}
	h.tick(at(18, 7, 0))
	if n := posts(); n != 4 {
		t.Errorf("%d workouts after /unsubscribe, want still 4", n)
	}
	noViolations(t, h.srv)
}

func TestWorkoutNow(t *testing.T) {
	t.Parallel()
	users := map[place]string{inServer: "430000000000000001", inDM: "430000000000000002"}
	const late = "430000000000000003" // subscribes after Monday's 07:00
	h := newWorld(t, monday, users[inServer], users[inDM], late)
	h.start()

	// where each user's workouts land
	channels := map[place]string{}
	for _, p := range places {
		h.subscribe(discordtest.Slash{GuildID: p.guild, ChannelID: p.channel, UserID: users[p], Options: []discordtest.Option{
			opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC"), opt("where", "here")}})
		channels[p] = xChannel
		if p == inDM {
			channels[p] = h.srv.DMChannelID(users[p])
		}
	}
	link := func(p place, m discordtest.Message) string {
		g := p.guild
		if g == "" {
			g = "@me"
		}
		return fmt.Sprintf("https://discord.com/channels/%s/%s/%s", g, m.ChannelID, m.ID)
	}
	mine := func(p place) []discordtest.Message {
		var out []discordtest.Message
		for _, m := range h.workoutPosts(channels[p]) {
			if p == inDM || strings.Contains(m.Content, "<@"+users[p]+">") {
				out = append(out, m)
			}
		}
		return out
	}

	// Monday 05:00: today's 07:00 workout, now, marked early.
	for _, p := range places {
		cb := h.private(p, users[p], "workout")
		posts := mine(p)
		if len(posts) != 1 {
			t.Fatalf("%s: %d posts after /workout, want 1", p.name, len(posts))
		}
		if !strings.Contains(cb.Data.Content, "(early)") || !strings.Contains(cb.Data.Content, link(p, posts[0])) {
			t.Errorf("%s: /workout answered %q, want an early workout linked as %s", p.name, cb.Data.Content, link(p, posts[0]))
		}
		if d := posts[0].Embeds[0].Description; !strings.Contains(d, "Early") {
			t.Errorf("%s: the early post does not say so: %q", p.name, d)
		}
	}
	// The scheduler does not post Monday's slot again, and a second /workout
	// points at the post.
	h.tick(at(0, 7, 0))
	for _, p := range places {
		if n := len(mine(p)); n != 1 {
			t.Errorf("%s: %d posts after Monday 07:00, want only the early one", p.name, n)
		}
		if cb := h.private(p, users[p], "workout"); !strings.Contains(cb.Data.Content, "already posted") {
			t.Errorf("%s: a second /workout on Monday answered %q", p.name, cb.Data.Content)
		}
	}

	// Tuesday: Wednesday's workout, early; Wednesday 07:00 posts nothing more.
	h.clock.Set(at(1, 10, 0))
	for _, p := range places {
		if cb := h.private(p, users[p], "workout"); !strings.Contains(cb.Data.Content, "(early)") {
			t.Errorf("%s: /workout on Tuesday answered %q", p.name, cb.Data.Content)
		}
	}
	h.tick(at(2, 7, 0))
	for _, p := range places {
		if n := len(mine(p)); n != 2 {
			t.Errorf("%s: %d posts after Wednesday 07:00, want 2", p.name, n)
		}
	}

	// A user who subscribes on Monday at 08:00 gets Monday's workout now,
	// not marked early; his next scheduled one is Wednesday's.
	h.clock.Set(at(7, 8, 0))
	h.subscribe(discordtest.Slash{UserID: late, Options: []discordtest.Option{opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC")}})
	cb := h.private(inDM, late, "workout")
	posts := h.workoutPosts(h.srv.DMChannelID(late))
	if len(posts) != 1 || !strings.HasPrefix(cb.Data.Content, "Today's workout") {
		t.Fatalf("/workout after today's time answered %q with %d posts, want today's workout", cb.Data.Content, len(posts))
	}
	if d := posts[0].Embeds[0].Description; strings.Contains(d, "Early") {
		t.Errorf("today's workout is marked early: %q", d)
	}
	if got := timestamps(h.private(inDM, late, "schedule").Data.Content); len(got) == 0 || !got[0].Equal(at(9, 7, 0)) {
		t.Errorf("after /workout the next scheduled workout is %v, want %v", got, at(9, 7, 0))
	}
	noViolations(t, h.srv)
}

// exported is the part of /export's JSON the tests read.
type exported struct {
	UserID       string         `json:"user_id"`
	Subscription map[string]any `json:"subscription"`
	Workouts     []struct {
		Due       time.Time `json:"due"`
		State     string    `json:"state"`
		MessageID string    `json:"message_id"`
	} `json:"workouts"`
	Log []struct {
		Kind string    `json:"kind"`
		Due  time.Time `json:"workout_due"`
	} `json:"log"`
}

func TestProgressExportForget(t *testing.T) {
	t.Parallel()
	users := map[place]string{inServer: "440000000000000001", inDM: "440000000000000002"}
	h := newWorld(t, monday, users[inServer], users[inDM])
	h.start()
	for _, p := range places {
		if cb := h.private(p, users[p], "progress"); !strings.Contains(cb.Data.Content, "Nothing to show") {
			t.Errorf("%s: /progress before subscribing answered %q", p.name, cb.Data.Content)
		}
		h.subscribe(discordtest.Slash{GuildID: p.guild, ChannelID: p.channel, UserID: users[p], Options: []discordtest.Option{
			opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC")}})
	}
	h.clock.Set(at(0, 7, 0))
	posts := map[place]discordtest.Message{}
	for _, p := range places {
		dm := ""
		waitFor(t, p.name+" user's workout", func() bool {
			dm = h.srv.DMChannelID(users[p])
			return len(h.workoutPosts(dm)) == 1
		})
		posts[p] = h.workoutPosts(dm)[0]
		waitFor(t, "the bot's own ✅", func() bool { return len(h.srv.Reactions(dm, posts[p].ID, "✅")) == 1 })
		if err := h.srv.React(dm, posts[p].ID, users[p], "✅"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, p.name+" post to show the ✅", func() bool { return strings.HasPrefix(h.workoutPosts(dm)[0].Content, "✅ Done") })
	}
	h.clock.Set(at(0, 9, 0))

	for _, p := range places {
		u := users[p]
		// /progress: the numbers and a PNG chart that decodes.
		cb := h.private(p, u, "progress")
		if got := progressFields(cb); !strings.Contains(got, "Completed: 1 workout\n") || !strings.Contains(got, "This week: 1 of 3") {
			t.Errorf("%s: /progress shows\n%s", p.name, got)
		}
		if len(cb.Files) != 1 || cb.Files[0].ContentType != "image/png" {
			t.Fatalf("%s: /progress attached %d files, want one PNG", p.name, len(cb.Files))
		}
		if img := cb.Data.Embeds[0].Image; img == nil || img.URL != "attachment://"+cb.Files[0].Name {
			t.Errorf("%s: the embed does not show the attached chart: %+v", p.name, img)
		}
		img, err := png.Decode(bytes.NewReader(cb.Files[0].Data))
		if err != nil {
			t.Fatalf("%s: the chart is not a PNG: %v", p.name, err)
		}
		if b := img.Bounds(); b.Dx() < 200 || b.Dx() > 2000 || b.Dy() < 100 || b.Dy() > 2000 {
			t.Errorf("%s: the chart is %dx%d pixels", p.name, b.Dx(), b.Dy())
		}

		// /export: JSON with the subscription, the post and the ✅.
		cb = h.private(p, u, "export")
		if len(cb.Files) != 1 || !strings.HasSuffix(cb.Files[0].Name, ".json") {
			t.Fatalf("%s: /export attached %d files, want one JSON file", p.name, len(cb.Files))
		}
		var ex exported
		if err := json.Unmarshal(cb.Files[0].Data, &ex); err != nil {
			t.Fatalf("%s: /export is not JSON: %v\n%s", p.name, err, cb.Files[0].Data)
		}
		if ex.UserID != u || ex.Subscription["timezone"] != "UTC" || ex.Subscription["time"] != "07:00" {
			t.Errorf("%s: export for %q with subscription %v", p.name, ex.UserID, ex.Subscription)
		}
		if len(ex.Workouts) != 1 || ex.Workouts[0].MessageID != posts[p].ID || ex.Workouts[0].State != "sent" {
			t.Errorf("%s: exported workouts %+v, want the one sent as %s", p.name, ex.Workouts, posts[p].ID)
		}
		if len(ex.Log) != 1 || ex.Log[0].Kind != "done" || !ex.Log[0].Due.Equal(at(0, 7, 0)) {
			t.Errorf("%s: exported log %+v, want Monday's workout done", p.name, ex.Log)
		}
	}

	// /forget: "Keep it" keeps everything; "Delete my data" leaves no row of
	// the user in any table, and nobody else's rows are touched.
	for _, p := range places {
		u := users[p]
		before := h.userRows(u)
		if before["subscriptions"] != 1 || before["entries"] != 1 || before["slots"] != 1 || before["screenings"] != 1 {
			t.Fatalf("%s: rows before /forget: %v", p.name, before)
		}
		cb, i := h.command(p, u, "forget")
		if cb, _ = h.press(i, cb, "Keep it"); !strings.Contains(cb.Data.Content, "nothing was deleted") {
			t.Errorf("%s: \"Keep it\" answered %q", p.name, cb.Data.Content)
		}
		if after := h.userRows(u); !maps.Equal(after, before) {
			t.Errorf("%s: \"Keep it\" changed the rows: %v, before %v", p.name, after, before)
		}
		cb, i = h.command(p, u, "forget")
		if cb, _ = h.press(i, cb, "Delete my data"); !strings.Contains(cb.Data.Content, "everything about you is deleted") {
			t.Errorf("%s: \"Delete my data\" answered %q", p.name, cb.Data.Content)
		}
		for table, n := range h.userRows(u) {
			if n != 0 {
				t.Errorf("%s: after /forget %s holds %d rows of the user", p.name, table, n)
			}
		}
		if cb := h.private(p, u, "progress"); !strings.Contains(cb.Data.Content, "Nothing to show") {
			t.Errorf("%s: /progress after /forget answered %q", p.name, cb.Data.Content)
		}
		if p == inServer {
			if rows := h.userRows(users[inDM]); rows["subscriptions"] != 1 || rows["entries"] != 1 {
				t.Errorf("forgetting one user touched another: %v", rows)
			}
		}
	}
	noViolations(t, h.srv)
}

func TestReactions(t *testing.T) {
	t.Parallel()
	users := map[place]string{inServer: "450000000000000001", inDM: "450000000000000002"}
	const eve = "450000000000000003"
	h := newWorld(t, monday, users[inServer], users[inDM], eve)
	h.start()
	for _, p := range places {
		h.subscribe(discordtest.Slash{GuildID: p.guild, ChannelID: p.channel, UserID: users[p], Options: []discordtest.Option{
			opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC"), opt("where", "here")}})
	}
	h.clock.Set(at(0, 7, 0))
	channels := map[place]string{inServer: xChannel}
	posts := map[place]discordtest.Message{}
	waitFor(t, "both workouts", func() bool {
		channels[inDM] = h.srv.DMChannelID(users[inDM])
		return len(h.workoutPosts(xChannel)) == 1 && len(h.workoutPosts(channels[inDM])) == 1
	})
	for _, p := range places {
		posts[p] = h.workoutPosts(channels[p])[0]
		waitFor(t, "the bot's own ✅", func() bool { return slices.Equal(h.srv.Reactions(channels[p], posts[p].ID, "✅"), []string{botID}) })
	}
	h.clock.Set(at(0, 8, 0))
	progress := func(p place) string { return progressFields(h.private(p, users[p], "progress")) }

	// A stranger's ✅ on the server post changes nothing.
	if err := h.srv.React(xChannel, posts[inServer].ID, eve, "✅"); err != nil {
		t.Fatal(err)
	}

	for _, p := range places {
		ch, post, u := channels[p], posts[p], users[p]
		// Each reaction is answered by editing the post, never by a new
		// message.
		react := func(emoji, want string) {
			t.Helper()
			if err := h.srv.React(ch, post.ID, u, emoji); err != nil {
				t.Fatal(err)
			}
			waitFor(t, p.name+" post to show "+emoji, func() bool { return strings.Contains(h.workoutPosts(ch)[0].Content, want) })
		}

		react("✅", "✅ Done — 1 of 3 this week — 2 more starts a streak")
		if got := h.kinds(post.ID); !slices.Equal(got, []plans.Kind{plans.Done}) {
			t.Errorf("%s: logged %v after ✅", p.name, got)
		}
		if got := progress(p); !strings.Contains(got, "Completed: 1 workout\n") {
			t.Errorf("%s: /progress after ✅:\n%s", p.name, got)
		}

		// Removing ✅ undoes it exactly.
		if err := h.srv.Unreact(ch, post.ID, u, "✅"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, p.name+" ✅ undone", func() bool {
			return len(h.kinds(post.ID)) == 0 && strings.Contains(h.workoutPosts(ch)[0].Content, "Not done yet")
		})
		if got := progress(p); !strings.Contains(got, "Completed: 0 workouts\n") || !strings.Contains(got, "This week: 0 of 3") {
			t.Errorf("%s: /progress after removing ✅:\n%s", p.name, got)
		}

		react("😅", "hold this level")
		react("💪", "get harder")
		if err := h.srv.React(ch, post.ID, u, "🤕"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, p.name+" 🤕 logged", func() bool { return len(h.kinds(post.ID)) == 3 })
		if got := h.kinds(post.ID); !slices.Equal(got, []plans.Kind{plans.TooHard, plans.TooEasy, plans.Pain}) {
			t.Errorf("%s: logged %v, want too hard, too easy and pain", p.name, got)
		}
		if got := progress(p); !strings.Contains(got, "Take care") {
			t.Errorf("%s: /progress after 🤕 shows no safety note:\n%s", p.name, got)
		}
		react("✅", "✅ Done — 1 of 3 this week")
	}
	// A stranger's 😅 on the server post changes nothing either.
	if err := h.srv.React(xChannel, posts[inServer].ID, eve, "😅"); err != nil {
		t.Fatal(err)
	}
	// The 🤕 answer: in the DM post itself; for the server post, by DM,
	// and nothing of it in the channel.
	waitFor(t, "the DM post to show the 🤕 answer", func() bool { return strings.Contains(h.workoutPosts(channels[inDM])[0].Content, plans.Disclaimer) })
	serverDM := h.srv.DMChannelID(users[inServer])
	waitFor(t, "the 🤕 answer by DM", func() bool {
		for _, m := range h.srv.BotMessages(serverDM) {
			if strings.Contains(m.Content, "Sorry it hurt") {
				return true
			}
		}
		return false
	})
	for _, m := range h.srv.Messages(xChannel) {
		if strings.Contains(m.Content, "hurt") || strings.Contains(m.Content, "pain") {
			t.Errorf("the channel shows health detail: %q", m.Content)
		}
	}
	// The stranger's reactions and the bot's own ✅ left nothing: one ✅
	// per user, and no message but the posts (and the welcome DMs and the
	// one private 🤕 answer).
	h.private(inServer, users[inServer], "help") // one more round trip through the bot
	if n := h.query(`SELECT count(*) FROM entries WHERE user_id = ?`, eve); n != 0 {
		t.Errorf("the stranger's reactions logged %d entries", n)
	}
	if n := h.query(`SELECT count(*) FROM entries WHERE kind = ?`, plans.Done); n != 2 {
		t.Errorf("%d ✅ logged, want one per user", n)
	}
	for ch, want := range map[string]int{xChannel: 1, channels[inDM]: 2, serverDM: 2} {
		if n := len(h.srv.BotMessages(ch)); n != want {
			t.Errorf("the bot wrote %d messages in %s, want %d", n, ch, want)
		}
	}
	noViolations(t, h.srv)
}

func TestPlainQuestions(t *testing.T) {
	t.Parallel()
	const ana = "460000000000000001"
	h := newWorld(t, monday, ana)
	h.start()
	h.private(inDM, ana, "help") // opens the DM channel
	dm := h.srv.DMChannelID(ana)

	for _, c := range []struct {
		channel, content, question string
		check                      func(plans.Answer) bool
	}{
		{dm, "how do I do a hip thrust?", "how do I do a hip thrust?", func(a plans.Answer) bool { return a.Found && a.Exercise == "Hip thrust" }},
		{xChannel, "<@" + botID + "> rdl form", "rdl form", func(a plans.Answer) bool { return a.Found && a.Exercise == "Romanian deadlift" }},
		{dm, "my back hurts when I squat", "my back hurts when I squat", func(a plans.Answer) bool { return a.Pain && !a.RedFlag }},
		{dm, "pain down my leg and numbness", "pain down my leg and numbness", func(a plans.Answer) bool {
			return a.RedFlag && strings.Contains(a.Text, "health professional")
		}},
	} {
		want := plans.Tip(c.question)
		if !c.check(want) {
			t.Errorf("plans.Tip(%q) = %+v: not the kind of answer the question needs", c.question, want)
		}
		m, err := h.srv.UserMessage(c.channel, ana, c.content)
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the answer to "+c.content, func() bool { return len(h.replies(c.channel, m.ID)) == 1 })
		if got := h.replies(c.channel, m.ID)[0].Content; got != want.Text {
			t.Errorf("%q answered\n%q\nwant\n%q", c.content, got, want.Text)
		}
	}
	// In a server, only messages that mention the bot are answered.
	m, err := h.srv.UserMessage(xChannel, ana, "rdl form")
	if err != nil {
		t.Fatal(err)
	}
	h.private(inServer, ana, "help")
	if n := len(h.replies(xChannel, m.ID)); n != 0 {
		t.Errorf("a server message without a mention got %d answers", n)
	}
	noViolations(t, h.srv)
}

func TestReconcileAfterRestart(t *testing.T) {
	t.Parallel()
	const ana = "470000000000000001"
	h := newWorld(t, monday, ana)
	h.start()
	h.subscribe(discordtest.Slash{UserID: ana, Options: []discordtest.Option{opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC")}})
	dm := h.srv.DMChannelID(ana)
	h.clock.Set(at(0, 7, 0))
	waitFor(t, "Monday's workout", func() bool { return len(h.workoutPosts(dm)) == 1 })
	h.clock.Set(at(2, 7, 0))
	waitFor(t, "Wednesday's workout", func() bool { return len(h.workoutPosts(dm)) == 2 })
	mon, wed := h.workoutPosts(dm)[0], h.workoutPosts(dm)[1]
	if err := h.srv.React(dm, mon.ID, ana, "✅"); err != nil {
		t.Fatal(err)
	}
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
	h.subscribe(discordtest.Slash{UserID: ben, Options: []discordtest.Option{opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC")}})
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
	waitFor(t, "the workout after DMs were opened", func() bool { return len(h.workoutPosts(dm)) == 1 })
}

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
	cb := h.wait(i)
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
	if got := h.query(`SELECT count(*) FROM subscriptions WHERE user_id = ?`, ana); got != 1 {
		t.Errorf("%d subscriptions stored for ana, want 1", got)
	}
	noViolations(t, h.srv)
}
