package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/plans"
)

func TestWorkoutNow(t *testing.T) {
	t.Parallel()
	users := map[place]string{inServer: "430000000000000001", inDM: "430000000000000002"}
	const late = "430000000000000003" // subscribes after Monday's 07:00
	h := newWorld(t, monday, users[inServer], users[inDM], late)
	h.start()

	// where each user's workouts land
	channels := map[place]string{}
	for _, p := range places {
		h.subscribeIn(p, users[p], opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC"), opt("where", "here"))
		channels[p] = xChannel
		if p == inDM {
			channels[p] = h.srv.DMChannelID(users[p])
		}
	}
	mine := func(p place) []discordtest.Message { return h.postsFor(p, users[p], channels[p]) }

	// Monday 05:00: today's 07:00 workout, now, marked early.
	for _, p := range places {
		h.wantEarlyWorkoutNow(p, users[p], channels[p])
	}
	// The scheduler does not post Monday's slot again, and a second /workout
	// points at the post.
	h.tick(at(0, 7, 0))
	for _, p := range places {
		if n := len(mine(p)); n != 1 {
			t.Errorf("%s: %d posts after Monday 07:00, want only the early one", p.name, n)
		}
		wantSays(t, p.name+": a second /workout on Monday", h.private(p, users[p], "workout"), "already posted")
	}

	// Tuesday: Wednesday's workout, early; Wednesday 07:00 posts nothing more.
	h.clock.Set(at(1, 10, 0))
	for _, p := range places {
		wantSays(t, p.name+": /workout on Tuesday", h.private(p, users[p], "workout"), "(early)")
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
	h.subscribeUTC(late, "mon,wed,fri", "07:00")
	h.wantTodaysWorkoutNow(late)
	if got := timestamps(h.private(inDM, late, "schedule").Data.Content); len(got) == 0 || !got[0].Equal(at(9, 7, 0)) {
		t.Errorf("after /workout the next scheduled workout is %v, want %v", got, at(9, 7, 0))
	}
	noViolations(t, h.srv)
}

// postsFor lists user's workout posts in channel, where user's workouts
// land from p: all of them in a DM, those that mention user in a server.
func (h *harness) postsFor(p place, user, channel string) []discordtest.Message {
	var out []discordtest.Message
	for _, m := range h.workoutPosts(channel) {
		if p == inDM || strings.Contains(m.Content, "<@"+user+">") {
			out = append(out, m)
		}
	}
	return out
}

// postLink is the link to a post in p, as Discord's client shows it.
func postLink(p place, m discordtest.Message) string {
	g := p.guild
	if g == "" {
		g = "@me"
	}
	return fmt.Sprintf("https://discord.com/channels/%s/%s/%s", g, m.ChannelID, m.ID)
}

// wantEarlyWorkoutNow runs /workout as user in p before the day's workout
// time: one post, in channel, marked early, and the answer links to it.
func (h *harness) wantEarlyWorkoutNow(p place, user, channel string) {
	h.t.Helper()
	cb := h.private(p, user, "workout")
	posts := h.postsFor(p, user, channel)
	if len(posts) != 1 {
		h.t.Fatalf("%s: %d posts after /workout, want 1", p.name, len(posts))
	}
	if !strings.Contains(cb.Data.Content, "(early)") || !strings.Contains(cb.Data.Content, postLink(p, posts[0])) {
		h.t.Errorf("%s: /workout answered %q, want an early workout linked as %s", p.name, cb.Data.Content, postLink(p, posts[0]))
	}
	if d := posts[0].Embeds[0].Description; !strings.Contains(d, "Early") {
		h.t.Errorf("%s: the early post does not say so: %q", p.name, d)
	}
}

// wantTodaysWorkoutNow runs /workout by DM as user after the day's workout
// time: today's workout, posted now and not marked early.
func (h *harness) wantTodaysWorkoutNow(user string) {
	h.t.Helper()
	cb := h.private(inDM, user, "workout")
	posts := h.workoutPosts(h.srv.DMChannelID(user))
	if len(posts) != 1 || !strings.HasPrefix(cb.Data.Content, "Today's workout") {
		h.t.Fatalf("/workout after today's time answered %q with %d posts, want today's workout", cb.Data.Content, len(posts))
	}
	if d := posts[0].Embeds[0].Description; strings.Contains(d, "Early") {
		h.t.Errorf("today's workout is marked early: %q", d)
	}
}

func TestReactions(t *testing.T) {
	t.Parallel()
	users := map[place]string{inServer: "450000000000000001", inDM: "450000000000000002"}
	const eve = "450000000000000003"
	h := newWorld(t, monday, users[inServer], users[inDM], eve)
	h.start()
	for _, p := range places {
		h.subscribeIn(p, users[p], opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "UTC"), opt("where", "here"))
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

	// A stranger's ✅ and 😅 on the server post change nothing: nothing is
	// logged once they have had time to settle (reactionQuiet is 500 ms).
	h.react(xChannel, posts[inServer].ID, eve, "✅")
	h.react(xChannel, posts[inServer].ID, eve, "😅")
	time.Sleep(time.Second)
	if got := h.kinds(posts[inServer].ID); len(got) != 0 {
		t.Errorf("a stranger's reactions logged %v", got)
	}

	// Each reaction is answered by editing the post, never by a new
	// message.
	for _, p := range places {
		h.wantDoneThenUndone(p, channels[p], posts[p].ID, users[p])
		h.wantFeedbackLogged(p, channels[p], posts[p].ID, users[p])
	}
	// The 🤕 answer: in the DM post itself; for the server post, by DM,
	// and nothing of it in the channel.
	waitFor(t, "the DM post to show the 🤕 answer", func() bool { return strings.Contains(h.workoutPosts(channels[inDM])[0].Content, plans.Disclaimer) })
	serverDM := h.srv.DMChannelID(users[inServer])
	waitFor(t, "the 🤕 answer by DM", func() bool { return h.botMessagesWith(serverDM, "Sorry it hurt") > 0 })
	for _, m := range h.srv.Messages(xChannel) {
		if strings.Contains(m.Content, "hurt") || strings.Contains(m.Content, "pain") {
			t.Errorf("the channel shows health detail: %q", m.Content)
		}
	}
	// The bot's own ✅ left nothing: one ✅ per user, and no message but the posts (and the welcome DMs and the
	// one private 🤕 answer).
	h.private(inServer, users[inServer], "help") // one more round trip through the bot
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

// reactAndSee reacts with emoji as user on the first workout post in
// channel, and waits for the post to show want.
func (h *harness) reactAndSee(p place, channel, postID, user, emoji, want string) {
	h.t.Helper()
	h.react(channel, postID, user, emoji)
	waitFor(h.t, p.name+" post to show "+emoji, func() bool { return strings.Contains(h.workoutPosts(channel)[0].Content, want) })
}

// wantDoneThenUndone marks user's post done with ✅ and takes it back: the
// log, the post and /progress follow each time, exactly.
func (h *harness) wantDoneThenUndone(p place, channel, postID, user string) {
	h.t.Helper()
	h.reactAndSee(p, channel, postID, user, "✅", "✅ Done — 1 of 3 this week — 2 more starts a streak")
	if got := h.kinds(postID); !slices.Equal(got, []plans.Kind{plans.Done}) {
		h.t.Errorf("%s: logged %v after ✅", p.name, got)
	}
	if got := progressFields(h.private(p, user, "progress")); !strings.Contains(got, "Completed: 1 workout\n") {
		h.t.Errorf("%s: /progress after ✅:\n%s", p.name, got)
	}

	// Removing ✅ undoes it exactly.
	if err := h.srv.Unreact(channel, postID, user, "✅"); err != nil {
		h.t.Fatal(err)
	}
	waitFor(h.t, p.name+" ✅ undone", func() bool {
		return len(h.kinds(postID)) == 0 && strings.Contains(h.workoutPosts(channel)[0].Content, "Not done yet")
	})
	if got := progressFields(h.private(p, user, "progress")); !strings.Contains(got, "Completed: 0 workouts\n") || !strings.Contains(got, "This week: 0 of 3") {
		h.t.Errorf("%s: /progress after removing ✅:\n%s", p.name, got)
	}
}

// wantFeedbackLogged reacts 😅, 💪 and 🤕 as user on the post: each is
// logged, 🤕 brings a safety note to /progress; then ✅ marks it done.
func (h *harness) wantFeedbackLogged(p place, channel, postID, user string) {
	h.t.Helper()
	h.reactAndSee(p, channel, postID, user, "😅", "hold this level")
	h.reactAndSee(p, channel, postID, user, "💪", "get harder")
	h.react(channel, postID, user, "🤕")
	waitFor(h.t, p.name+" 🤕 logged", func() bool { return len(h.kinds(postID)) == 3 })
	if got := h.kinds(postID); !slices.Equal(got, []plans.Kind{plans.TooHard, plans.TooEasy, plans.Pain}) {
		h.t.Errorf("%s: logged %v, want too hard, too easy and pain", p.name, got)
	}
	if got := progressFields(h.private(p, user, "progress")); !strings.Contains(got, "Take care") {
		h.t.Errorf("%s: /progress after 🤕 shows no safety note:\n%s", p.name, got)
	}
	h.reactAndSee(p, channel, postID, user, "✅", "✅ Done — 1 of 3 this week")
}

func TestWorkoutPostButtons(t *testing.T) {
	t.Parallel()
	const ana, ben, eve = "630000000000000001", "630000000000000002", "630000000000000003"
	h := newWorld(t, monday, ana, ben, eve)
	h.start()
	h.subscribeUTC(ana, "mon,wed,fri", "07:00")
	h.subscribeIn(inServer, ben, opt("days", "mon,tue,thu"), opt("time", "07:00"), opt("timezone", "UTC"), opt("where", "here"))
	dm := h.srv.DMChannelID(ana)
	postPath := "/api/v9/channels/" + dm + "/messages"
	before := h.srv.Requests(postPath)
	h.clock.Set(at(0, 7, 0))
	waitFor(t, "both posts", func() bool { return len(h.workoutPosts(dm)) == 1 && len(h.workoutPosts(xChannel)) == 1 })
	apost, bpost := h.workoutPosts(dm)[0], h.workoutPosts(xChannel)[0]
	h.waitForBotsDone(dm, apost.ID)

	// One request for the post with its buttons, one for the ✅ (both
	// under the channel's messages path).
	if n := h.srv.Requests(postPath) - before; n != 2 {
		t.Errorf("posting a workout took %d requests, want 2", n)
	}
	if n := h.srv.Requests("/api/v9/channels/" + dm + "/messages/" + apost.ID + "/reactions/"); n != 1 {
		t.Errorf("posting a workout took %d reaction requests, want 1 (the ✅)", n)
	}
	if diff := cmp.Diff([]string{"Too hard", "Too easy", "It hurt", "Form tips", "Tomorrow instead"}, labelsOf(apost)); diff != "" {
		t.Errorf("ana's post (Tuesday free) has the wrong buttons (-want +got):\n%s", diff)
	}
	if got := labelsOf(bpost); slices.Contains(got, "Tomorrow instead") || len(got) != 4 {
		t.Errorf("ben's post (Tuesday is a workout day) has buttons %v, want no \"Tomorrow instead\"", got)
	}

	// Too hard: recorded, and the post says so in place (an update, type 7).
	h.wantTooHardInPlace(dm, apost.ID, ana)
	// Someone else's post: not theirs to press.
	h.wantNotTheirsToPress(bpost.ID, eve, ben)
	// Form tips: for that workout's moves, to the presser only.
	h.wantFormTipsFor(dm, apost, ana)
	// It hurt on a channel post: the answer only to ben, the post unchanged.
	h.wantHurtOnlyToPresser(bpost.ID, ben)
	// Tomorrow instead: moves the workout a day, once.
	h.wantMovedToTomorrow(dm, apost.ID, ana, at(1, 7, 0))
	// Done on Tuesday counts for Tuesday's week, which is this one.
	h.react(dm, apost.ID, ana, "✅")
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

// labelsOf lists the labels of a message's buttons.
func labelsOf(m discordtest.Message) []string {
	var out []string
	for _, l := range buttonLabels(m.Components) {
		out = append(out, l[0])
	}
	return out
}

// wantTooHardInPlace presses Too hard as user on their post by DM: it is
// logged, and the post says so in place, keeping the workout.
func (h *harness) wantTooHardInPlace(dm, postID, user string) {
	h.t.Helper()
	cb, _ := h.pressOn("", dm, postID, user, "Too hard")
	if cb.Type != int(discordgo.InteractionResponseUpdateMessage) || !strings.Contains(cb.Data.Content, "Too hard, noted") {
		h.t.Errorf("Too hard answered type %d %q, want an update of the post", cb.Type, cb.Data.Content)
	}
	if got := h.kinds(postID); !slices.Equal(got, []plans.Kind{plans.TooHard}) {
		h.t.Errorf("logged %v after Too hard", got)
	}
	if p := h.post(dm, postID); len(p.Embeds) != 1 || len(p.Embeds[0].Fields) != 3 {
		h.t.Errorf("the update lost the workout: %+v", p.Embeds)
	}
}

// wantNotTheirsToPress presses Too easy as user on owner's post in the
// server channel: a private refusal, and nothing logged.
func (h *harness) wantNotTheirsToPress(postID, user, owner string) {
	h.t.Helper()
	cb, _ := h.pressOn(xGuild, xChannel, postID, user, "Too easy")
	if cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(cb.Data.Content, "someone else's") && !strings.Contains(cb.Data.Content, "<@"+owner+">'s workout") {
		h.t.Errorf("a stranger pressing the owner's button: %q (flags %d)", cb.Data.Content, cb.Data.Flags)
	}
	if n := len(h.kinds(postID)); n != 0 {
		h.t.Errorf("a stranger's press logged %d entries on the owner's post", n)
	}
}

// wantFormTipsFor presses Form tips as user on their post by DM: a private
// embed with a tip on each of the workout's three moves, in order.
func (h *harness) wantFormTipsFor(dm string, post discordtest.Message, user string) {
	h.t.Helper()
	cb, _ := h.pressOn("", dm, post.ID, user, "Form tips")
	if cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || len(cb.Data.Embeds) != 1 || len(cb.Data.Embeds[0].Fields) != 3 {
		h.t.Fatalf("Form tips answered %+v, want an ephemeral embed on the three moves", cb.Data)
	}
	for k, f := range cb.Data.Embeds[0].Fields {
		if !strings.Contains(post.Embeds[0].Fields[k].Name, f.Name) {
			h.t.Errorf("tip %d is on %q, but the workout's move is %q", k, f.Name, post.Embeds[0].Fields[k].Name)
		}
	}
}

// wantHurtOnlyToPresser presses It hurt as user on their post in the server
// channel: the answer only to them, the public post unchanged.
func (h *harness) wantHurtOnlyToPresser(postID, user string) {
	h.t.Helper()
	cb, _ := h.pressOn(xGuild, xChannel, postID, user, "It hurt")
	if cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(cb.Data.Content, "Sorry it hurt") {
		h.t.Errorf("It hurt in a channel answered %q (flags %d), want a private answer", cb.Data.Content, cb.Data.Flags)
	}
	if got := h.post(xChannel, postID).Content; strings.Contains(got, "hurt") {
		h.t.Errorf("the public post says %q", got)
	}
}

// wantMovedToTomorrow presses Tomorrow instead as user on their post by DM:
// the post says it moved to tomorrow, stops offering it, and the slot moves.
func (h *harness) wantMovedToTomorrow(dm, postID, user string, tomorrow time.Time) {
	h.t.Helper()
	cb, _ := h.pressOn("", dm, postID, user, "Tomorrow instead")
	if cb.Type != int(discordgo.InteractionResponseUpdateMessage) || !strings.Contains(cb.Data.Content, fmt.Sprintf("Moved to <t:%d:F>", tomorrow.Unix())) {
		h.t.Errorf("Tomorrow instead answered type %d %q", cb.Type, cb.Data.Content)
	}
	if got := labelsOf(h.post(dm, postID)); slices.Contains(got, "Tomorrow instead") {
		h.t.Errorf("after the move the post still offers it: %v", got)
	}
	if n := h.query(`SELECT count(*) FROM slots WHERE message_id = ? AND local_date = ? AND due = ?`, postID, tomorrow.Format(time.DateOnly), tomorrow.Unix()); n != 1 {
		h.t.Errorf("the workout was not moved to %s", tomorrow.Format(time.DateOnly))
	}
}

func TestToggledDoneEditsThePostInPlace(t *testing.T) {
	t.Parallel()
	const ana = "640000000000000001"
	h := subscribedByDM(t, ana)
	dm, post := h.mondaysPost(ana)
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
		h.waitForBotsDone(dm, p.ID)
		h.markDone(dm, p.ID, ana)
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

func TestClearerPostAndHelp(t *testing.T) {
	t.Parallel()
	const ana = "670000000000000001"
	h := subscribedByDM(t, ana)
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
