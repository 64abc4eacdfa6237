package main

// End-to-end tests of the conversation's second version (issue 10): settings
// that stick, private health talk, a workout post with buttons whose state
// is edited in place, installs anywhere, zones and times as people type
// them, and a clearer post and /help.

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/plans"
)

func TestSettingsStick(t *testing.T) {
	t.Parallel()
	const ana = "610000000000000001"
	h := newWorld(t, monday, ana)
	h.start()
	h.subscribe(discordtest.Slash{GuildID: xGuild, ChannelID: xChannel, UserID: ana, Options: []discordtest.Option{
		opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "Europe/Berlin"),
		opt("level", "intermediate"), opt("equipment", "dumbbells")}})
	since := h.query(`SELECT since FROM subscriptions WHERE user_id = ?`, ana)

	// One option changes one setting; the answer says what changed and the
	// whole schedule now.
	cb := h.private(inServer, ana, "subscribe", opt("time", "08:00"))
	for _, want := range []string{"Updated: time 07:00 → 08:00.", "**Mon, Wed, Fri at 08:00** (Europe/Berlin), intermediate, with dumbbells, by DM"} {
		if !strings.Contains(cb.Data.Content, want) {
			t.Errorf("/subscribe time:08:00 answered %q, want %q", cb.Data.Content, want)
		}
	}
	if lvl, eq := h.query(`SELECT level FROM subscriptions WHERE user_id = ?`, ana), h.query(`SELECT equipment FROM subscriptions WHERE user_id = ?`, ana); lvl != int(plans.Intermediate) || eq != int(plans.Dumbbells) {
		t.Errorf("after changing the time: level %d, equipment %d; want intermediate and dumbbells kept", lvl, eq)
	}
	if cb := h.private(inDM, ana, "subscribe"); !strings.Contains(cb.Data.Content, "Nothing to change") {
		t.Errorf("/subscribe without options on a subscription answered %q", cb.Data.Content)
	}

	// After /unsubscribe, /subscribe without options brings all of it back,
	// with the plan's start.
	if cb := h.private(inServer, ana, "unsubscribe"); !strings.Contains(cb.Data.Content, "settings are kept") {
		t.Errorf("/unsubscribe answered %q", cb.Data.Content)
	}
	if n := h.query(`SELECT count(*) FROM subscriptions WHERE user_id = ?`, ana); n != 0 {
		t.Fatalf("%d subscriptions after /unsubscribe", n)
	}
	cb = h.private(inDM, ana, "subscribe")
	for _, want := range []string{"Welcome back! I've restored your settings.", "**Mon, Wed, Fri at 08:00** (Europe/Berlin), intermediate, with dumbbells, by DM"} {
		if !strings.Contains(cb.Data.Content, want) {
			t.Errorf("/subscribe after /unsubscribe answered %q, want %q", cb.Data.Content, want)
		}
	}
	if len(cb.Data.Components) != 0 {
		t.Errorf("coming back showed buttons (a second safety screen?): %+v", cb.Data.Components)
	}
	if got := h.query(`SELECT since FROM subscriptions WHERE user_id = ?`, ana); got != since {
		t.Errorf("the plan restarted: since %d, want %d", got, since)
	}
	// Coming back with one option changes just that.
	h.private(inServer, ana, "unsubscribe")
	cb = h.private(inServer, ana, "subscribe", opt("level", "advanced"))
	if !strings.Contains(cb.Data.Content, "with level intermediate → advanced") || !strings.Contains(cb.Data.Content, "at 08:00** (Europe/Berlin), advanced") {
		t.Errorf("coming back with level:advanced answered %q", cb.Data.Content)
	}

	help := h.private(inServer, ana, "help")
	if d := help.Data.Embeds[0].Description; !strings.Contains(d, "Your settings stick") || !strings.Contains(d, "without options brings your settings back") {
		t.Errorf("/help does not say settings stick:\n%s", d)
	}

	// /forget deletes the kept settings too.
	cb, i := h.command(inServer, ana, "forget")
	h.press(i, cb, "Delete my data")
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

func TestHealthTalkStaysPrivate(t *testing.T) {
	t.Parallel()
	const ana, ben = "620000000000000001", "620000000000000002"
	h := newWorld(t, monday, ana, ben)
	h.start()

	// /tip: a pain question is answered to the asker only; a form question
	// may help the channel.
	pain := "my back hurts when I squat"
	if cb, _ := h.command(inServer, ana, "tip", opt("exercise", pain)); cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || cb.Data.Content != plans.Tip(pain).Text {
		t.Errorf("/tip %q in a server: flags %d, %q; want the pain answer, ephemeral", pain, cb.Data.Flags, cb.Data.Content)
	}
	if cb, _ := h.command(inServer, ana, "tip", opt("exercise", "hip thrust")); cb.Data.Flags&discordgo.MessageFlagsEphemeral != 0 {
		t.Errorf("/tip hip thrust in a server is ephemeral: a form tip may stay public")
	}

	// A mention about numbness: the answer by DM, a pointer in the channel.
	q := "I get numbness in my leg when I deadlift"
	m, err := h.srv.UserMessage(xChannel, ana, "<@"+botID+"> "+q)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the pointer in the channel", func() bool { return len(h.replies(xChannel, m.ID)) == 1 })
	if got := h.replies(xChannel, m.ID)[0].Content; got != "I've sent you a DM." {
		t.Errorf("the channel got %q, want only a pointer to the DM", got)
	}
	dm := h.srv.DMChannelID(ana)
	waitFor(t, "the red-flag answer by DM", func() bool {
		msgs := h.srv.BotMessages(dm)
		return len(msgs) == 1 && strings.Contains(msgs[0].Content, plans.Tip(q).Text)
	})
	// With closed DMs, the channel still learns nothing of it.
	h.srv.SetDMsClosed(ben, true)
	m, err = h.srv.UserMessage(xChannel, ben, "<@"+botID+"> pain down my leg")
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "ben's pointer", func() bool { return len(h.replies(xChannel, m.ID)) == 1 })
	if got := h.replies(xChannel, m.ID)[0].Content; !strings.Contains(got, "can't DM you") || !strings.Contains(got, "/tip") && !strings.Contains(got, "</tip:") {
		t.Errorf("ben's closed DMs: the channel got %q, want a pointer to /tip", got)
	}
	h.srv.SetDMsClosed(ben, false)

	// Channel delivery: the 🤕 answer and the next post's pain note go by
	// DM, once, and the channel shows nothing about pain.
	h.subscribe(discordtest.Slash{GuildID: xGuild, ChannelID: xChannel, UserID: ben, Options: []discordtest.Option{
		opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC"), opt("where", "here")}})
	bdm := h.srv.DMChannelID(ben)
	h.clock.Set(at(0, 7, 0))
	waitFor(t, "ben's Monday post", func() bool { return len(h.workoutPosts(xChannel)) == 1 })
	post := h.workoutPosts(xChannel)[0]
	waitFor(t, "the bot's ✅", func() bool { return len(h.srv.Reactions(xChannel, post.ID, "✅")) == 1 })
	for k := 0; k < 3; k++ { // 🤕 on, off, on: one answer
		if err := h.srv.React(xChannel, post.ID, ben, "🤕"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "🤕 logged", func() bool { return len(h.kinds(post.ID)) == 1 })
		if k < 2 {
			if err := h.srv.Unreact(xChannel, post.ID, ben, "🤕"); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "🤕 undone", func() bool { return len(h.kinds(post.ID)) == 0 })
		}
	}
	hurtDMs := func() int {
		n := 0
		for _, m := range h.srv.BotMessages(bdm) {
			if strings.Contains(m.Content, "Sorry it hurt") {
				n++
			}
		}
		return n
	}
	waitFor(t, "the 🤕 answer by DM", func() bool { return hurtDMs() == 1 })
	h.clock.Set(at(2, 7, 0))
	waitFor(t, "ben's Wednesday post", func() bool { return len(h.workoutPosts(xChannel)) == 2 })
	waitFor(t, "the pain note by DM", func() bool {
		for _, m := range h.srv.BotMessages(bdm) {
			if strings.Contains(m.Content, "after the pain you logged") {
				return true
			}
		}
		return false
	})
	if hurtDMs() != 1 {
		t.Errorf("%d 🤕 answers by DM, want 1 however often 🤕 was toggled", hurtDMs())
	}
	// 🤕 on Wednesday's post adds to the DM that post already sent: one
	// private message per post.
	wed := h.workoutPosts(xChannel)[1]
	waitFor(t, "the bot's ✅", func() bool { return len(h.srv.Reactions(xChannel, wed.ID, "✅")) == 1 })
	dms := len(h.srv.BotMessages(bdm))
	if err := h.srv.React(xChannel, wed.ID, ben, "🤕"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the 🤕 answer added to Wednesday's note", func() bool {
		last := h.srv.BotMessages(bdm)[dms-1]
		return strings.Contains(last.Content, "after the pain you logged") && strings.Contains(last.Content, "Sorry it hurt")
	})
	if n := len(h.srv.BotMessages(bdm)); n != dms {
		t.Errorf("🤕 on a post with a private note wrote %d new DMs, want 0", n-dms)
	}
	for _, m := range h.srv.Messages(xChannel) {
		text := rendered(m)
		if m.Author.ID == botID && (strings.Contains(strings.ToLower(text), "pain") || strings.Contains(text, "hurt.") || strings.Contains(strings.ToLower(text), "numb")) {
			t.Errorf("the channel shows health detail:\n%s", text)
		}
	}
	for _, v := range h.srv.Violations() {
		if v.Code != discordtest.CodeCannotSendToUser { // ben's closed DMs
			t.Errorf("Discord rule broken: %+v", v)
		}
	}
}

func TestWorkoutPostButtons(t *testing.T) {
	t.Parallel()
	const ana, ben, eve = "630000000000000001", "630000000000000002", "630000000000000003"
	h := newWorld(t, monday, ana, ben, eve)
	h.start()
	h.subscribe(discordtest.Slash{UserID: ana, Options: []discordtest.Option{opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC")}})
	h.subscribe(discordtest.Slash{GuildID: xGuild, ChannelID: xChannel, UserID: ben, Options: []discordtest.Option{
		opt("days", "mon,tue,thu"), opt("time", "07:00"), opt("timezone", "UTC"), opt("where", "here")}})
	dm := h.srv.DMChannelID(ana)
	postPath := "/api/v9/channels/" + dm + "/messages"
	before := h.srv.Requests(postPath)
	h.clock.Set(at(0, 7, 0))
	waitFor(t, "both posts", func() bool { return len(h.workoutPosts(dm)) == 1 && len(h.workoutPosts(xChannel)) == 1 })
	apost, bpost := h.workoutPosts(dm)[0], h.workoutPosts(xChannel)[0]
	waitFor(t, "the bot's ✅", func() bool { return len(h.srv.Reactions(dm, apost.ID, "✅")) == 1 })

	// One request for the post with its buttons, one for the ✅ (both
	// under the channel's messages path).
	if n := h.srv.Requests(postPath) - before; n != 2 {
		t.Errorf("posting a workout took %d requests, want 2", n)
	}
	if n := h.srv.Requests("/api/v9/channels/" + dm + "/messages/" + apost.ID + "/reactions/"); n != 1 {
		t.Errorf("posting a workout took %d reaction requests, want 1 (the ✅)", n)
	}
	labels := func(m discordtest.Message) []string {
		var out []string
		for _, l := range buttonLabels(m.Components) {
			out = append(out, l[0])
		}
		return out
	}
	if got, want := labels(apost), []string{"Too hard", "Too easy", "It hurt", "Form tips", "Tomorrow instead"}; !slices.Equal(got, want) {
		t.Errorf("ana's post (Tuesday free) has buttons %v, want %v", got, want)
	}
	if got := labels(bpost); slices.Contains(got, "Tomorrow instead") || len(got) != 4 {
		t.Errorf("ben's post (Tuesday is a workout day) has buttons %v, want no \"Tomorrow instead\"", got)
	}

	// Too hard: recorded, and the post says so in place (an update, type 7).
	cb, _ := h.pressOn("", dm, apost.ID, ana, "Too hard")
	if cb.Type != int(discordgo.InteractionResponseUpdateMessage) || !strings.Contains(cb.Data.Content, "Too hard, noted") {
		t.Errorf("Too hard answered type %d %q, want an update of the post", cb.Type, cb.Data.Content)
	}
	if got := h.kinds(apost.ID); !slices.Equal(got, []plans.Kind{plans.TooHard}) {
		t.Errorf("logged %v after Too hard", got)
	}
	if p := h.post(dm, apost.ID); len(p.Embeds) != 1 || len(p.Embeds[0].Fields) != 3 {
		t.Errorf("the update lost the workout: %+v", p.Embeds)
	}

	// Someone else's post: not theirs to press.
	cb, _ = h.pressOn(xGuild, xChannel, bpost.ID, eve, "Too easy")
	if cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(cb.Data.Content, "someone else's") && !strings.Contains(cb.Data.Content, "<@"+ben+">'s workout") {
		t.Errorf("eve pressing ben's button: %q (flags %d)", cb.Data.Content, cb.Data.Flags)
	}
	if n := len(h.kinds(bpost.ID)); n != 0 {
		t.Errorf("eve's press logged %d entries on ben's post", n)
	}

	// Form tips: for that workout's moves, to the presser only.
	cb, _ = h.pressOn("", dm, apost.ID, ana, "Form tips")
	if cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || len(cb.Data.Embeds) != 1 || len(cb.Data.Embeds[0].Fields) != 3 {
		t.Fatalf("Form tips answered %+v, want an ephemeral embed on the three moves", cb.Data)
	}
	for k, f := range cb.Data.Embeds[0].Fields {
		if !strings.Contains(apost.Embeds[0].Fields[k].Name, f.Name) {
			t.Errorf("tip %d is on %q, but the workout's move is %q", k, f.Name, apost.Embeds[0].Fields[k].Name)
		}
	}

	// It hurt on a channel post: the answer only to ben, the post unchanged.
	cb, _ = h.pressOn(xGuild, xChannel, bpost.ID, ben, "It hurt")
	if cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(cb.Data.Content, "Sorry it hurt") {
		t.Errorf("It hurt in a channel answered %q (flags %d), want a private answer", cb.Data.Content, cb.Data.Flags)
	}
	if got := h.post(xChannel, bpost.ID).Content; strings.Contains(got, "hurt") {
		t.Errorf("ben's public post says %q", got)
	}

	// Tomorrow instead: moves the workout a day, once.
	cb, _ = h.pressOn("", dm, apost.ID, ana, "Tomorrow instead")
	tue := at(1, 7, 0)
	if cb.Type != int(discordgo.InteractionResponseUpdateMessage) || !strings.Contains(cb.Data.Content, fmt.Sprintf("Moved to <t:%d:F>", tue.Unix())) {
		t.Errorf("Tomorrow instead answered type %d %q", cb.Type, cb.Data.Content)
	}
	if got := labels(h.post(dm, apost.ID)); slices.Contains(got, "Tomorrow instead") {
		t.Errorf("after the move the post still offers it: %v", got)
	}
	if n := h.query(`SELECT count(*) FROM slots WHERE message_id = ? AND local_date = '2026-11-24' AND due = ?`, apost.ID, tue.Unix()); n != 1 {
		t.Errorf("the workout was not moved to Tuesday")
	}
	// Done on Tuesday counts for Tuesday's week, which is this one.
	if err := h.srv.React(dm, apost.ID, ana, "✅"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the ✅ on the moved workout", func() bool { return strings.HasPrefix(h.post(dm, apost.ID).Content, "✅ Done — 1 of 3 this week") })

	// Feedback given with a button survives a restart, which reads the
	// reactions back: there is no 😅 reaction, but Too hard stays.
	h.restart()
	waitFor(t, "reactions to be read back", func() bool { return strings.Count(h.logs.String(), "reconciled reactions made while offline") == 2 })
	if got := h.kinds(apost.ID); !slices.Equal(got, []plans.Kind{plans.Done, plans.TooHard}) {
		t.Errorf("after a restart ana's post has %v, want done and too hard", got)
	}
	noViolations(t, h.srv)
}

func TestToggledDoneEditsThePostInPlace(t *testing.T) {
	t.Parallel()
	const ana = "640000000000000001"
	h := newWorld(t, monday, ana)
	h.start()
	h.subscribe(discordtest.Slash{UserID: ana, Options: []discordtest.Option{opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC")}})
	dm := h.srv.DMChannelID(ana)
	h.clock.Set(at(0, 7, 0))
	waitFor(t, "Monday's post", func() bool { return len(h.workoutPosts(dm)) == 1 })
	post := h.workoutPosts(dm)[0]
	waitFor(t, "the bot's ✅", func() bool { return len(h.srv.Reactions(dm, post.ID, "✅")) == 1 })
	h.clock.Set(at(0, 8, 0))
	t.Logf("the post before ✅:\n%s", rendered(h.post(dm, post.ID)))
	messages := len(h.srv.BotMessages(dm))

	// Seven toggles: on, off, … on.
	for k := 0; k < 7; k++ {
		var err error
		if k%2 == 0 {
			err = h.srv.React(dm, post.ID, ana, "✅")
		} else {
			err = h.srv.Unreact(dm, post.ID, ana, "✅")
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	next := at(2, 7, 0)
	want := fmt.Sprintf("✅ Done — 1 of 3 this week — 2 more starts a streak · next <t:%d:R>", next.Unix())
	deadline := time.Now().Add(10 * time.Second)
	for !slices.Equal(h.kinds(post.ID), []plans.Kind{plans.Done}) || h.post(dm, post.ID).Content != want {
		if time.Now().After(deadline) {
			t.Fatalf("after seven toggles: logged %v, the post says %q; want %q", h.kinds(post.ID), h.post(dm, post.ID).Content, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Logf("the post after ✅:\n%s", rendered(h.post(dm, post.ID)))
	if got := progressFields(h.private(inDM, ana, "progress")); !strings.Contains(got, "Weekly streak: 2 more this week starts one\n") {
		t.Errorf("/progress after one ✅:\n%s", got)
	}
	h.private(inDM, ana, "help") // a round trip, for any late message to land
	if n := len(h.srv.BotMessages(dm)) - messages; n > 1 {
		t.Errorf("seven ✅ toggles added %d messages, want at most 1", n)
	}

	// The week fills up: the last ✅ says so, and starts a streak.
	for _, day := range []int{2, 4} {
		h.clock.Set(at(day, 7, 0))
		waitFor(t, "the next post", func() bool { return len(h.workoutPosts(dm)) == day/2+1 })
		p := h.workoutPosts(dm)[day/2]
		waitFor(t, "the bot's ✅", func() bool { return len(h.srv.Reactions(dm, p.ID, "✅")) == 1 })
		if err := h.srv.React(dm, p.ID, ana, "✅"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "its ✅", func() bool { return strings.HasPrefix(h.post(dm, p.ID).Content, "✅ Done") })
	}
	if got := h.workoutPosts(dm)[2].Content; !strings.HasPrefix(got, "✅ Done — 3 of 3 this week, week complete · 🔥 1-week streak") {
		t.Errorf("the week's last post says %q", got)
	}
	for _, m := range h.srv.BotMessages(dm) {
		if strings.Contains(m.Content, "streak 0") || strings.Contains(m.Content, "0 weeks") {
			t.Errorf("a message counts a streak of zero: %q", m.Content)
		}
	}
	noViolations(t, h.srv)
}

func TestInstallAnywhere(t *testing.T) {
	t.Parallel()
	const ana, ben, cai = "650000000000000001", "650000000000000002", "650000000000000003"
	const group = "350000000000000001"
	h := newWorld(t, monday, ana, ben, cai)
	h.start()

	for _, c := range h.srv.Commands("") {
		if c.Name == "challenge" {
			// A server's board: only where the server added the bot, which
			// posts it.
			if c.IntegrationTypes == nil || !slices.Equal(*c.IntegrationTypes, []discordgo.ApplicationIntegrationType{0}) ||
				c.Contexts == nil || !slices.Equal(*c.Contexts, []discordgo.InteractionContextType{0}) {
				t.Errorf("/challenge: integration_types %v, contexts %v, want server install in servers only", c.IntegrationTypes, c.Contexts)
			}
			continue
		}
		if c.IntegrationTypes == nil || !slices.Equal(*c.IntegrationTypes, []discordgo.ApplicationIntegrationType{0, 1}) {
			t.Errorf("/%s: integration_types %v, want guild and user install", c.Name, c.IntegrationTypes)
		}
		if c.Contexts == nil || !slices.Equal(*c.Contexts, []discordgo.InteractionContextType{0, 1, 2}) {
			t.Errorf("/%s: contexts %v, want guild, bot DM and private channels", c.Name, c.Contexts)
		}
	}

	// Ana installed the app to her account and uses it in a group DM: she
	// can subscribe there (by DM); "here" cannot work there.
	h.srv.AddPrivateChannel(group, ana, ben)
	h.srv.InstallForUser(ana)
	in := place{"group DM", "", group}
	if cb := h.private(in, ana, "subscribe", opt("where", "here")); !strings.Contains(cb.Data.Content, "only installed to your account") {
		t.Errorf("where:here in a group DM answered %q", cb.Data.Content)
	}
	cb := h.subscribe(discordtest.Slash{ChannelID: group, UserID: ana, Options: []discordtest.Option{opt("time", "7pm")}})
	if !strings.Contains(cb.Data.Content, "You're in!") || !strings.Contains(cb.Data.Content, "by DM") {
		t.Errorf("/subscribe in a group DM answered %q", cb.Data.Content)
	}
	// The first /subscribe sends a welcome DM.
	dm := h.srv.DMChannelID(ana)
	if msgs := h.srv.BotMessages(dm); len(msgs) != 1 || !strings.Contains(msgs[0].Content, "Welcome to glutebot") {
		t.Errorf("ana's DMs after subscribing: %+v", msgs)
	}

	// In a server that did not add glutebot, her own install answers her,
	// but cannot post in the channel.
	const otherGuild, otherChannel = "250000000000000001", "350000000000000002"
	h.srv.AddForeignGuild(otherGuild, "Other Club", otherChannel)
	other := place{"server without the app", otherGuild, otherChannel}
	if cb := h.private(other, ana, "subscribe", opt("where", "here")); !strings.Contains(cb.Data.Content, "only installed to your account") {
		t.Errorf("where:here in a server without the app answered %q", cb.Data.Content)
	}
	if cb := h.private(other, ana, "subscribe", opt("time", "07:00")); !strings.Contains(cb.Data.Content, "Updated: time 19:00 → 07:00.") {
		t.Errorf("/subscribe time:07:00 in a server without the app answered %q", cb.Data.Content)
	}

	// Ben's DMs are closed: the same answer says so at once, how to open
	// them, and offers the channel.
	h.srv.SetDMsClosed(ben, true)
	cb, i := func() (discordtest.Callback, *discordtest.Interaction) {
		i, err := h.srv.Slash(discordtest.Slash{GuildID: xGuild, ChannelID: xChannel, UserID: ben, Name: "subscribe"})
		if err != nil {
			t.Fatal(err)
		}
		return h.press(i, h.wait(i), "None of these apply")
	}()
	for _, want := range []string{"You're in!", "I couldn't send you a DM", "Privacy Settings"} {
		if !strings.Contains(cb.Data.Content, want) {
			t.Errorf("ben's answer with closed DMs %q lacks %q", cb.Data.Content, want)
		}
	}
	cb, _ = h.press(i, cb, "Post them here instead")
	if !strings.Contains(cb.Data.Content, "posted in this channel") {
		t.Errorf("\"Post them here instead\" answered %q", cb.Data.Content)
	}
	if n := h.query(`SELECT delivery FROM subscriptions WHERE user_id = ?`, ben); n != int(plans.DeliverChannel) {
		t.Errorf("ben's delivery is %d after choosing the channel", n)
	}

	// Cai subscribes in the bot's DM: the channel she wrote in is her DM
	// channel, kept, so neither the welcome nor her workouts open one.
	creates := h.srv.Requests("/api/v9/users/@me/channels")
	h.subscribe(discordtest.Slash{UserID: cai, Options: []discordtest.Option{opt("days", "mon wed fri"), opt("time", "0700"), opt("timezone", "UTC")}})
	cdm := h.srv.DMChannelID(cai)
	h.clock.Set(at(0, 7, 0))
	waitFor(t, "cai's workout", func() bool { return len(h.workoutPosts(cdm)) == 1 })
	if n := h.srv.Requests("/api/v9/users/@me/channels") - creates; n != 0 {
		t.Errorf("cai's DM channel was opened %d times, want 0: it was known from her /subscribe", n)
	}
	if got := h.srv.BotMessages(cdm); len(got) != 2 || !strings.Contains(got[0].Content, "Welcome to glutebot") {
		t.Errorf("cai's DMs: %d messages, want the welcome and the workout", len(got))
	}
	for _, v := range h.srv.Violations() {
		if v.Code != discordtest.CodeCannotSendToUser {
			t.Errorf("Discord rule broken: %+v", v)
		}
	}
}

func TestZonesAndTimesAsPeopleTypeThem(t *testing.T) {
	t.Parallel()
	const ana = "660000000000000001"
	h := newWorld(t, monday, ana) // 05:00 UTC: 06:00 in Berlin, 00:00 in New York
	h.start()
	for _, tc := range []struct {
		typed     string
		first     string
		also      []string
		label     string
		forbidden []string
	}{
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
		choices := h.autocomplete(inServer, ana, "subscribe", "timezone", tc.typed)
		var values, names []string
		for _, c := range choices {
			values, names = append(values, fmt.Sprint(c.Value)), append(names, c.Name)
		}
		if len(values) == 0 || values[0] != tc.first {
			t.Errorf("%q: choices %v, want %s first", tc.typed, values, tc.first)
			continue
		}
		for _, z := range tc.also {
			if !slices.Contains(values, z) {
				t.Errorf("%q: choices %v lack %s", tc.typed, values, z)
			}
		}
		for _, z := range tc.forbidden {
			if slices.Contains(values, z) {
				t.Errorf("%q: choices %v offer %s", tc.typed, values, z)
			}
		}
		if tc.label != "" && !strings.HasPrefix(names[0], tc.label) {
			t.Errorf("%q: first choice is labelled %q, want %q", tc.typed, names[0], tc.label)
		}
	}

	// Days and times as people type them.
	h.subscribe(discordtest.Slash{GuildID: xGuild, ChannelID: xChannel, UserID: ana, Options: []discordtest.Option{
		opt("days", "tues thurs"), opt("time", "7pm"), opt("timezone", "UTC")}})
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
	if cb := h.private(inServer, ana, "subscribe", opt("timezone", "EST")); !strings.Contains(cb.Data.Content, "time zone UTC → America/New_York") {
		t.Errorf("timezone:EST answered %q", cb.Data.Content)
	}
	cb := h.private(inServer, ana, "subscribe", opt("days", "mon tue wed thu"))
	if !strings.Contains(cb.Data.Content, "2 or 3") || !strings.Contains(cb.Data.Content, "rest days") {
		t.Errorf("four days answered %q, want the 2–3 rule explained", cb.Data.Content)
	}
	noViolations(t, h.srv)
}

func TestClearerPostAndHelp(t *testing.T) {
	t.Parallel()
	const ana = "670000000000000001"
	h := newWorld(t, monday, ana)
	h.start()
	h.subscribe(discordtest.Slash{UserID: ana, Options: []discordtest.Option{opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC")}})
	dm := h.srv.DMChannelID(ana)
	for n, day := range []int{0, 2} {
		h.clock.Set(at(day, 7, 0))
		waitFor(t, "the workout", func() bool { return len(h.workoutPosts(dm)) == n+1 })
		e := h.workoutPosts(dm)[n].Embeds[0]
		if want := fmt.Sprintf("Workout %d · ", n+1); !strings.HasPrefix(e.Title, want) {
			t.Errorf("post %d is titled %q, want it to start %q", n+1, e.Title, want)
		}
		if c := strings.Count(strings.ToLower(e.Description), "warm-up"); c != 1 {
			t.Errorf("post %d labels the warm-up %d times:\n%s", n+1, c, e.Description)
		}
	}

	// /help's commands are clickable: </name:id> with the registered ids.
	d := h.private(inDM, ana, "help").Data.Embeds[0].Description
	for _, c := range h.srv.Commands("") {
		if want := "</" + c.Name + ":" + c.ID + ">"; !strings.Contains(d, want) {
			t.Errorf("/help lacks %s", want)
		}
	}

	// /forget takes the bot's messages with it.
	cb, i := h.command(inDM, ana, "forget")
	h.press(i, cb, "Delete my data")
	waitFor(t, "the bot's DMs to be deleted", func() bool { return len(h.srv.BotMessages(dm)) == 0 })
	noViolations(t, h.srv)
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
	h.subscribe(discordtest.Slash{UserID: ana, Options: []discordtest.Option{opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC")}})
	h.subscribe(discordtest.Slash{GuildID: xGuild, ChannelID: xChannel, UserID: ben, Options: []discordtest.Option{
		opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC"), opt("where", "here")}})
	dm := h.srv.DMChannelID(ana)
	h.clock.Set(at(0, 7, 0))
	waitFor(t, "the workouts", func() bool { return len(h.workoutPosts(dm)) == 1 && len(h.workoutPosts(xChannel)) == 1 })
	apost, bpost := h.workoutPosts(dm)[0], h.workoutPosts(xChannel)[0]
	waitFor(t, "the bot's ✅", func() bool {
		return len(h.srv.Reactions(dm, apost.ID, "✅")) == 1 && len(h.srv.Reactions(xChannel, bpost.ID, "✅")) == 1
	})
	h.answerBudget = 50 * time.Millisecond
	h.restart()

	ctx := t.Context()
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
	locked := func(press func()) {
		t.Helper()
		if _, err := lock.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
			t.Fatal(err)
		}
		press()
		if _, err := lock.ExecContext(ctx, `COMMIT`); err != nil {
			t.Fatal(err)
		}
	}

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
