package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/plans"
)

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
		wantSays(t, p.name+": /progress before subscribing", h.private(p, users[p], "progress"), "Nothing to show")
		h.subscribeIn(p, users[p], opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC"))
	}
	h.clock.Set(at(0, 7, 0))
	posts := map[place]discordtest.Message{}
	for _, p := range places {
		posts[p] = h.markFirstDMPostDone(p.name, users[p])
	}
	h.clock.Set(at(0, 9, 0))

	for _, p := range places {
		u := users[p]
		// /progress: the numbers and a PNG chart that decodes.
		h.wantProgressWithChart(p, u)

		// /export: JSON with the subscription, the post and the ✅.
		ex := h.export(p, u)
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
		h.wantKeepItKeepsAll(p, users[p])
		h.wantDeleteLeavesNothing(p, users[p])
		if p == inServer {
			if rows := h.userRows(users[inDM]); rows["subscriptions"] != 1 || rows["entries"] != 1 {
				t.Errorf("forgetting one user touched another: %v", rows)
			}
		}
	}
	noViolations(t, h.srv)
}

// markFirstDMPostDone waits for user's first workout post by DM and the
// bot's ✅ on it, marks it done and waits for the post to say so.
func (h *harness) markFirstDMPostDone(who, user string) discordtest.Message {
	h.t.Helper()
	dm, post := h.waitForFirstDMPost(who+" user's workout", user)
	h.waitForBotsDone(dm, post.ID)
	h.markDone(dm, post.ID, user)
	return post
}

// wantProgressWithChart checks user's /progress in p after one workout
// done: the numbers, and a PNG chart that decodes, shown in the embed.
func (h *harness) wantProgressWithChart(p place, user string) {
	h.t.Helper()
	cb := h.private(p, user, "progress")
	if got := progressFields(cb); !strings.Contains(got, "Completed: 1 workout\n") || !strings.Contains(got, "This week: 1 of 3") {
		h.t.Errorf("%s: /progress shows\n%s", p.name, got)
	}
	if len(cb.Files) != 1 || cb.Files[0].ContentType != "image/png" {
		h.t.Fatalf("%s: /progress attached %d files, want one PNG", p.name, len(cb.Files))
	}
	if img := cb.Data.Embeds[0].Image; img == nil || img.URL != "attachment://"+cb.Files[0].Name {
		h.t.Errorf("%s: the embed does not show the attached chart: %+v", p.name, img)
	}
	img, err := png.Decode(bytes.NewReader(cb.Files[0].Data))
	if err != nil {
		h.t.Fatalf("%s: the chart is not a PNG: %v", p.name, err)
	}
	if b := img.Bounds(); b.Dx() < 200 || b.Dx() > 2000 || b.Dy() < 100 || b.Dy() > 2000 {
		h.t.Errorf("%s: the chart is %dx%d pixels", p.name, b.Dx(), b.Dy())
	}
}

// export runs /export as user in p and decodes the one JSON file attached.
func (h *harness) export(p place, user string) exported {
	h.t.Helper()
	cb := h.private(p, user, "export")
	if len(cb.Files) != 1 || !strings.HasSuffix(cb.Files[0].Name, ".json") {
		h.t.Fatalf("%s: /export attached %d files, want one JSON file", p.name, len(cb.Files))
	}
	var ex exported
	if err := json.Unmarshal(cb.Files[0].Data, &ex); err != nil {
		h.t.Fatalf("%s: /export is not JSON: %v\n%s", p.name, err, cb.Files[0].Data)
	}
	return ex
}

// wantKeepItKeepsAll runs /forget as user in p, who has a subscription, a
// workout, a ✅ and a screening, and presses "Keep it": nothing changes.
func (h *harness) wantKeepItKeepsAll(p place, user string) {
	h.t.Helper()
	before := h.userRows(user)
	if before["subscriptions"] != 1 || before["entries"] != 1 || before["slots"] != 1 || before["screenings"] != 1 {
		h.t.Fatalf("%s: rows before /forget: %v", p.name, before)
	}
	cb, i := h.command(p, user, "forget")
	if cb, _ = h.press(i, cb, "Keep it"); !strings.Contains(cb.Data.Content, "nothing was deleted") {
		h.t.Errorf("%s: \"Keep it\" answered %q", p.name, cb.Data.Content)
	}
	if diff := cmp.Diff(before, h.userRows(user)); diff != "" {
		h.t.Errorf("%s: \"Keep it\" changed the rows (-before +after):\n%s", p.name, diff)
	}
}

// wantDeleteLeavesNothing runs /forget as user in p and presses "Delete my
// data": no row of the user is left, and /progress has nothing to show.
func (h *harness) wantDeleteLeavesNothing(p place, user string) {
	h.t.Helper()
	if cb := h.forget(p, user); !strings.Contains(cb.Data.Content, "everything about you is deleted") {
		h.t.Errorf("%s: \"Delete my data\" answered %q", p.name, cb.Data.Content)
	}
	for table, n := range h.userRows(user) {
		if n != 0 {
			h.t.Errorf("%s: after /forget %s holds %d rows of the user", p.name, table, n)
		}
	}
	wantSays(h.t, p.name+": /progress after /forget", h.private(p, user, "progress"), "Nothing to show")
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
	// A later mention is answered: by then the first message was handled.
	probe, err := h.srv.UserMessage(xChannel, ana, "<@"+botID+"> hip thrust")
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the answer to a later mention", func() bool { return len(h.replies(xChannel, probe.ID)) == 1 })
	if n := len(h.replies(xChannel, m.ID)); n != 0 {
		t.Errorf("a server message without a mention got %d answers", n)
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
	m := h.say(xChannel, ana, "<@"+botID+"> "+q)
	if got := h.waitForReply("the pointer in the channel", xChannel, m.ID).Content; got != "I've sent you a DM." {
		t.Errorf("the channel got %q, want only a pointer to the DM", got)
	}
	dm := h.srv.DMChannelID(ana)
	waitFor(t, "the red-flag answer by DM", func() bool {
		msgs := h.srv.BotMessages(dm)
		return len(msgs) == 1 && strings.Contains(msgs[0].Content, plans.Tip(q).Text)
	})
	// With closed DMs, the channel still learns nothing of it.
	h.srv.SetDMsClosed(ben, true)
	m = h.say(xChannel, ben, "<@"+botID+"> pain down my leg")
	if got := h.waitForReply("ben's pointer", xChannel, m.ID).Content; !strings.Contains(got, "can't DM you") || !strings.Contains(got, "/tip") && !strings.Contains(got, "</tip:") {
		t.Errorf("ben's closed DMs: the channel got %q, want a pointer to /tip", got)
	}
	h.srv.SetDMsClosed(ben, false)

	// Channel delivery: the 🤕 answer and the next post's pain note go by
	// DM, once, and the channel shows nothing about pain.
	h.subscribeIn(inServer, ben, opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC"), opt("where", "here"))
	bdm := h.srv.DMChannelID(ben)
	h.clock.Set(at(0, 7, 0))
	post := h.waitForPosts("ben's Monday post", xChannel, 1)[0]
	h.waitForBotsDone(xChannel, post.ID)
	h.toggleHurtOnOffOn(xChannel, post.ID, ben)
	waitFor(t, "the 🤕 answer by DM", func() bool { return h.botMessagesWith(bdm, "Sorry it hurt") == 1 })
	h.clock.Set(at(2, 7, 0))
	h.waitForPosts("ben's Wednesday post", xChannel, 2)
	waitFor(t, "the pain note by DM", func() bool { return h.botMessagesWith(bdm, "after the pain you logged") > 0 })
	if n := h.botMessagesWith(bdm, "Sorry it hurt"); n != 1 {
		t.Errorf("%d 🤕 answers by DM, want 1 however often 🤕 was toggled", n)
	}
	// 🤕 on Wednesday's post adds to the DM that post already sent: one
	// private message per post.
	h.wantHurtAddedToNote(xChannel, h.workoutPosts(xChannel)[1].ID, ben, bdm)
	h.wantNoHealthDetailIn(xChannel)
	noViolationsBut(t, h.srv, discordtest.CodeCannotSendToUser) // ben's closed DMs
}

// toggleHurtOnOffOn reacts 🤕 as user on a post, takes it back and reacts
// again, waiting each time until the log follows: one answer is due.
func (h *harness) toggleHurtOnOffOn(channel, postID, user string) {
	h.t.Helper()
	for k := 0; k < 3; k++ {
		h.react(channel, postID, user, "🤕")
		waitFor(h.t, "🤕 logged", func() bool { return len(h.kinds(postID)) == 1 })
		if k < 2 {
			if err := h.srv.Unreact(channel, postID, user, "🤕"); err != nil {
				h.t.Fatal(err)
			}
			waitFor(h.t, "🤕 undone", func() bool { return len(h.kinds(postID)) == 0 })
		}
	}
}

// wantHurtAddedToNote reacts 🤕 as user on a channel post whose pain note
// went to the user's DM channel dm: the answer is added to that note, and no
// DM is written.
func (h *harness) wantHurtAddedToNote(channel, postID, user, dm string) {
	h.t.Helper()
	h.waitForBotsDone(channel, postID)
	dms := len(h.srv.BotMessages(dm))
	h.react(channel, postID, user, "🤕")
	waitFor(h.t, "the 🤕 answer added to Wednesday's note", func() bool {
		last := h.srv.BotMessages(dm)[dms-1]
		return strings.Contains(last.Content, "after the pain you logged") && strings.Contains(last.Content, "Sorry it hurt")
	})
	if n := len(h.srv.BotMessages(dm)); n != dms {
		h.t.Errorf("🤕 on a post with a private note wrote %d new DMs, want 0", n-dms)
	}
}

// wantNoHealthDetailIn checks that none of the bot's messages in a channel,
// as a reader sees them, speaks of pain, hurt or numbness.
func (h *harness) wantNoHealthDetailIn(channel string) {
	h.t.Helper()
	for _, m := range h.srv.Messages(channel) {
		text := rendered(m)
		if m.Author.ID == botID && (strings.Contains(strings.ToLower(text), "pain") || strings.Contains(text, "hurt.") || strings.Contains(strings.ToLower(text), "numb")) {
			h.t.Errorf("the channel shows health detail:\n%s", text)
		}
	}
}
