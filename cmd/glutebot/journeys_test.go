package main

// Journeys played as users play them, kept where they found something a
// user would have found wrong.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/plans"
)

// TestPostFeedbackNeverPromisesMoreThanThePlan: the post's status lines say
// what the plan will do. After "It hurt" the next session goes back, so an
// earlier "Too easy" no longer promises a harder one; of "Too hard" and
// "Too easy" only the later counts, in the channel as in a DM. A channel
// post never changes with a private "It hurt".
func TestPostFeedbackNeverPromisesMoreThanThePlan(t *testing.T) {
	t.Parallel()
	const ana, ben = "780000000000000001", "780000000000000002"
	h := newWorld(t, monday, ana, ben)
	h.start()
	h.subscribeUTC(ana, "mon wed fri", "07:00")
	h.subscribe(discordtest.Slash{GuildID: xGuild, ChannelID: xChannel, UserID: ben, Options: []discordtest.Option{
		opt("days", "mon wed fri"), opt("time", "07:00"), opt("timezone", "UTC"), opt("where", "here")}})
	h.clock.Set(at(0, 7, 0))
	dm, post := h.waitForFirstDMPost("ana's Monday post", ana)
	h.waitForBotsDone(dm, post.ID)

	h.pressOn("", dm, post.ID, ana, "Too easy")
	cb, _ := h.pressOn("", dm, post.ID, ana, "It hurt")
	if !strings.Contains(cb.Data.Content, "Sorry it hurt") || !strings.Contains(cb.Data.Content, "💪 Too easy, noted") {
		t.Fatalf("after Too easy and It hurt the post reads\n%s", cb.Data.Content)
	}
	if strings.Contains(cb.Data.Content, "harder") {
		t.Errorf("after It hurt the post still promises a harder session:\n%s", cb.Data.Content)
	}

	bpost := h.waitForPosts("ben's Monday post", xChannel, 1)[0]
	h.waitForBotsDone(xChannel, bpost.ID)
	h.pressOn(xGuild, xChannel, bpost.ID, ben, "Too hard")
	h.clock.Set(at(0, 7, 5)) // he thinks again five minutes later
	cb, _ = h.pressOn(xGuild, xChannel, bpost.ID, ben, "Too easy")
	if strings.Contains(cb.Data.Content, "Too hard") || !strings.Contains(cb.Data.Content, "Too easy") {
		t.Errorf("Too hard then Too easy: the post reads\n%s\nwant only the later, which the plan counts", cb.Data.Content)
	}
	// "It hurt" on the channel post is answered to ben alone; the post
	// others read, edited again for his ✅, says nothing new but the ✅.
	feedbackLine := func() string {
		lines := strings.Split(h.post(xChannel, bpost.ID).Content, "\n")
		return lines[len(lines)-1]
	}
	before := feedbackLine()
	if cb, _ := h.pressOn(xGuild, xChannel, bpost.ID, ben, "It hurt"); cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("It hurt on a channel post answered in public: %q", cb.Data.Content)
	}
	h.react(xChannel, bpost.ID, ben, "✅")
	waitFor(t, "ben's ✅ on the post", func() bool { return strings.Contains(h.post(xChannel, bpost.ID).Content, "✅ Done") })
	if after := feedbackLine(); after != before {
		t.Errorf("after a private It hurt the public post's feedback line went from %q to %q", before, after)
	}
	noViolations(t, h.srv)
}

// TestPauseAgainKeepsTheLongerPause: /pause without weeks while paused
// leaves the pause the user chose; only weeks given sets a new one.
func TestPauseAgainKeepsTheLongerPause(t *testing.T) {
	t.Parallel()
	const ana = "780000000000000011"
	h := subscribedByDM(t, ana)
	pausedUntil := func() int { return h.query(`SELECT paused_until FROM subscriptions WHERE user_id = ?`, ana) }

	h.private(inDM, ana, "pause", opt("weeks", 3))
	three := pausedUntil()
	if cb := h.private(inDM, ana, "pause"); !strings.Contains(cb.Data.Content, "already paused") {
		t.Errorf("/pause while paused for 3 weeks answered %q", cb.Data.Content)
	}
	if got := pausedUntil(); got != three {
		t.Errorf("/pause without weeks moved the end of a 3-week pause by %d s", got-three)
	}
	h.private(inDM, ana, "pause", opt("weeks", 1))
	if got := pausedUntil(); got != three-14*24*3600 {
		t.Errorf("/pause weeks: 1 ends %d s after the 3-week pause's end, want 2 weeks before it", got-three)
	}
	noViolations(t, h.srv)
}

// TestScheduleShowsAMovedWorkout: after "Tomorrow instead", /schedule lists
// the workout on the day it moved to, until it is done.
func TestScheduleShowsAMovedWorkout(t *testing.T) {
	t.Parallel()
	const ana = "780000000000000021"
	h := subscribedByDM(t, ana)
	dm, post := h.mondaysPost(ana)
	h.pressOn("", dm, post.ID, ana, "Tomorrow instead")
	h.clock.Set(at(0, 9, 0))

	tuesday := at(1, 7, 0)
	cb := h.private(inDM, ana, "schedule")
	if got := timestamps(cb.Data.Content); len(got) != 3 || !got[0].Equal(tuesday) || !got[1].Equal(at(2, 7, 0)) {
		t.Errorf("/schedule after moving Monday's workout to Tuesday lists %v:\n%s", got, cb.Data.Content)
	}
	h.markDone(dm, post.ID, ana)
	cb = h.private(inDM, ana, "schedule")
	if got := timestamps(cb.Data.Content); len(got) != 3 || !got[0].Equal(at(2, 7, 0)) {
		t.Errorf("/schedule after the moved workout is done lists %v:\n%s", got, cb.Data.Content)
	}
	noViolations(t, h.srv)
}

// TestNextWorkoutSkipsADayThatHadOne: moving the time later on a day whose
// workout came already does not promise a second one that day, which the
// scheduler rightly never posts: the answer, /schedule and the post's
// "next" all name the next day with a workout to come.
func TestNextWorkoutSkipsADayThatHadOne(t *testing.T) {
	t.Parallel()
	const ana = "780000000000000031"
	h := subscribedByDM(t, ana)
	dm, post := h.mondaysPost(ana)
	h.clock.Set(at(0, 9, 0))

	wednesday := at(2, 19, 0)
	cb := h.private(inDM, ana, "subscribe", opt("time", "19:00"))
	if got := timestamps(cb.Data.Content); len(got) != 1 || !got[0].Equal(wednesday) {
		t.Errorf("/subscribe time: 19:00 after Monday's workout names %v as the next:\n%s", got, cb.Data.Content)
	}
	if got := timestamps(h.private(inDM, ana, "schedule").Data.Content); len(got) == 0 || !got[0].Equal(wednesday) {
		t.Errorf("/schedule lists %v, want Wednesday 19:00 first", got)
	}
	h.markDone(dm, post.ID, ana)
	want := fmt.Sprintf("next <t:%d:R>", wednesday.Unix())
	if got := h.post(dm, post.ID).Content; !strings.Contains(got, want) {
		t.Errorf("the done post reads %q, want %q", got, want)
	}
	h.tick(at(0, 19, 0))
	if n := len(h.workoutPosts(dm)); n != 1 {
		t.Errorf("%d workout posts on Monday, want 1", n)
	}
	noViolations(t, h.srv)
}

// TestRecapChangeIsAChange: turning the weekly recap off is a change like
// any other, not "Nothing to change".
func TestRecapChangeIsAChange(t *testing.T) {
	t.Parallel()
	const ana = "780000000000000041"
	h := subscribedByDM(t, ana)
	cb := h.private(inDM, ana, "subscribe", opt("recap", "off"))
	if !strings.Contains(cb.Data.Content, "Updated: weekly recap Sundays → off.") || strings.Contains(cb.Data.Content, "Nothing to change") {
		t.Errorf("/subscribe recap: off answered\n%s", cb.Data.Content)
	}
	if cb := h.private(inDM, ana, "subscribe", opt("recap", "off")); !strings.Contains(cb.Data.Content, "Nothing to change") {
		t.Errorf("/subscribe recap: off again answered\n%s", cb.Data.Content)
	}
	noViolations(t, h.srv)
}

// TestStopAdviceSaysHowToPause: a subscriber told to stop training (a red
// flag) or to get cleared first learns that the workouts keep coming until
// they pause them, and how; the stop advice itself is unchanged.
func TestStopAdviceSaysHowToPause(t *testing.T) {
	t.Parallel()
	const ana = "780000000000000051"
	h := subscribedByDM(t, ana)
	dm := h.srv.DMChannelID(ana)
	ask := func(q string) string {
		t.Helper()
		return h.waitForReply("the answer to "+q, dm, h.say(dm, ana, q).ID).Content
	}
	for _, q := range []string{"numbness in my leg after deadlifts", "I had back surgery last month"} {
		got := ask(q)
		if !strings.HasPrefix(got, plans.Tip(q).Text) || !strings.Contains(got, "</pause:") {
			t.Errorf("%q answered\n%s\nwant the stop advice, then how to pause", q, got)
		}
	}
	if got := ask("rdl form"); strings.Contains(got, "</pause:") {
		t.Errorf("a form question got the pause hint:\n%s", got)
	}
	h.private(inDM, ana, "pause", opt("weeks", 4))
	if got := ask("numbness in my leg after deadlifts"); strings.Contains(got, "</pause:") {
		t.Errorf("a paused subscriber got the pause hint:\n%s", got)
	}
	noViolations(t, h.srv)
}

// TestPlainTalkInAServer: trouble told without a pain word is answered by
// DM, and the channel only learns where the answer went; thanks get a short reply, and a bare "ok" none.
func TestPlainTalkInAServer(t *testing.T) {
	t.Parallel()
	const ana = "780000000000000061"
	h := newWorld(t, monday, ana)
	h.start()
	mention := func(text string) discordtest.Message {
		t.Helper()
		return h.say(xChannel, ana, "<@"+botID+"> "+text)
	}
	// The bot handles each message in a goroutine of its own, so no reply
	// marks the "ok" as handled: it goes first, and is checked last.
	ok := mention("ok")
	for i, q := range []string{"my lower back feels tight after deadlifts", "something popped in my knee during lunges", "what's wrong with my back?"} {
		if got := h.waitForReply("the pointer for "+q, xChannel, mention(q).ID).Content; got != "I've sent you a DM." {
			t.Errorf("%q was answered in the channel: %q", q, got)
		}
		// The DM is sent before the pointer to it.
		if n := h.botMessagesWith(h.srv.DMChannelID(ana), "About what you asked in <#"+xChannel+">:"); n != i+1 {
			t.Errorf("after %q the DM holds %d answers, want %d", q, n, i+1)
		}
	}
	if got := h.waitForReply("the answer to thanks", xChannel, mention("thanks!").ID).Content; got != "You're welcome! 💪" {
		t.Errorf("thanks! answered %q", got)
	}
	if n := len(h.replies(xChannel, ok.ID)); n != 0 {
		t.Errorf("a bare ok got %d replies, want none", n)
	}
	noViolations(t, h.srv)
}

// TestProgressAfterUnsubscribeKeepsTheTarget: someone who trained twice a
// week and stopped sees their week against two, as on their posts, not
// against a default of three.
func TestProgressAfterUnsubscribeKeepsTheTarget(t *testing.T) {
	t.Parallel()
	const ana = "780000000000000071"
	h := newWorld(t, monday, ana)
	h.start()
	h.subscribeUTC(ana, "mon thu", "07:00")
	h.clock.Set(at(0, 7, 0))
	dm, post := h.waitForFirstDMPost("the Monday post", ana)
	h.waitForBotsDone(dm, post.ID)
	h.markDone(dm, post.ID, ana)
	h.private(inDM, ana, "unsubscribe")
	if got := progressFields(h.private(inDM, ana, "progress")); !strings.Contains(got, "This week: 1 of 2\n") {
		t.Errorf("/progress after /unsubscribe of a two-day plan:\n%s", got)
	}
	noViolations(t, h.srv)
}
