package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/bot/discordtest"
)

func TestEndToEnd(t *testing.T) {
	const ana, ben, eve, cai = "400000000000000001", "400000000000000002", "400000000000000003", "400000000000000004"
	h, server := startEndToEnd(t, [][2]string{{ana, "ana"}, {ben, "ben"}, {eve, "eve"}, {cai, "cai"}})

	// Bad input: an ephemeral explanation with an example, nothing stored.
	h.wantBadSubscribesRefused(server, ana)

	// Ana subscribes in a server, Ben in a DM, in different zones.
	anaDue := time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC) // Monday 07:00 in Berlin
	cb := h.subscribeIn(server, ana, opt("days", "mon,wed,fri"), opt("time", "07:00"), opt("timezone", "Europe/Berlin"))
	wantNextWorkout(t, "ana", cb, anaDue)
	// Cai wants hers in the server channel.
	h.subscribeIn(server, cai, opt("timezone", "Europe/Berlin"), opt("where", "here"))
	benDue := time.Date(2026, 11, 24, 11, 30, 0, 0, time.UTC) // Tuesday 06:30 in New York
	cb = h.subscribeIn(inDM, ben, opt("days", "Tuesday Thursday"), opt("time", "06:30"), opt("timezone", "America/New_York"))
	wantNextWorkout(t, "ben", cb, benDue)

	// Nothing early.
	h.tick(anaDue.Add(-time.Second))
	h.wantNoDMPostYet("ana", ana)

	// Ana's workout at her minute, by DM, with ✅ pre-added.
	h.clock.Set(anaDue)
	anaDM, post := h.waitForFirstDMPost("ana's workout", ana)
	wantExercisesWithCues(t, post)
	h.waitForBotsDone(anaDM, post.ID)
	caiPost := h.waitForPosts("cai's workout in the channel", server.channel, 1)[0]
	wantMentioned(t, "cai", caiPost, cai)

	// Ben's comes on Tuesday, once; ana's is not repeated.
	h.clock.Set(benDue)
	benDM, _ := h.waitForFirstDMPost("ben's workout", ben)
	h.tick(benDue.Add(2 * time.Minute))
	h.wantPostCount("ana", anaDM, 1)
	h.wantPostCount("ben", benDM, 1)

	// A stranger's ✅ on cai's post changes nothing; ana's on her own post
	// records one completion.
	h.react(server.channel, caiPost.ID, eve, "✅")
	h.markFirstDone(anaDM, post.ID, ana)
	if got := h.progressCard(server, ana); !strings.Contains(got, "Completed: 1 workout") || !strings.Contains(got, "This week: 1 of 3") {
		t.Errorf("/progress shows\n%s\nwant 1 completed, 1 of 3 this week", got)
	}

	// A restart on the same file keeps everything and posts nothing again.
	h.restart()
	if got := h.progressCard(server, ana); !strings.Contains(got, "Completed: 1 workout") {
		t.Errorf("after a restart /progress shows\n%s\nwant 1 completed", got)
	}
	h.tick(benDue.Add(2 * time.Minute)) // a tick of the new process
	h.wantPostCount("after a restart ben", benDM, 1)

	if n := h.countRows("entries"); n != 1 {
		t.Errorf("%d log entries, want only ana's", n)
	}
	noViolations(t, h.srv)
	h.wantNoSecretsInLogs()
}

// startEndToEnd runs the program on Monday 23 November 2026, 05:00 UTC, in a
// world of one server and the users (id, name), and returns the server.
func startEndToEnd(t *testing.T, users [][2]string) (*harness, place) {
	t.Helper()
	h := newHarness(t, time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC))
	const guild, channel = "200000000000000001", "300000000000000001"
	h.srv.AddGuild(guild, "Back Club", channel)
	for _, u := range users {
		h.srv.AddUser(u[0], u[1])
	}
	h.start()
	return h, place{"server", guild, channel}
}

// wantBadSubscribesRefused runs /subscribe as user in p with inputs the bot
// cannot use: each is answered privately with an example, and nothing is
// stored.
func (h *harness) wantBadSubscribesRefused(p place, user string) {
	h.t.Helper()
	for _, opts := range [][]discordtest.Option{
		{{Name: "time", Value: "25:99"}},
		{{Name: "time", Value: "half past seven"}},
		{{Name: "timezone", Value: "Mars/Olympus"}},
		{{Name: "days", Value: "funday"}},
		{{Name: "days", Value: "mon"}},
		{{Name: "days", Value: "mon,tue,wed,thu"}},
	} {
		cb, _ := h.command(p, user, "subscribe", opts...)
		if cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(cb.Data.Content, "for example") {
			h.t.Errorf("/subscribe %v answered %q (flags %d), want an ephemeral error with an example", opts, cb.Data.Content, cb.Data.Flags)
		}
	}
	if n := h.countRows("subscriptions"); n != 0 {
		h.t.Fatalf("bad input stored %d subscriptions, want 0", n)
	}
}

// wantNextWorkout checks that who's /subscribe confirmation gives the next
// workout as due.
func wantNextWorkout(t testing.TB, who string, cb discordtest.Callback, due time.Time) {
	t.Helper()
	if want := fmt.Sprintf("<t:%d:F>", due.Unix()); !strings.Contains(cb.Data.Content, want) {
		t.Errorf("%s's confirmation %q does not give the next workout as %s", who, cb.Data.Content, want)
	}
}

// wantExercisesWithCues checks that a workout post is one embed of three
// exercises, each with sets × reps and form cues.
func wantExercisesWithCues(t testing.TB, post discordtest.Message) {
	t.Helper()
	if len(post.Embeds) != 1 || len(post.Embeds[0].Fields) != 3 {
		t.Fatalf("the post has %d embeds, want one with three exercises: %+v", len(post.Embeds), post.Message)
	}
	for _, f := range post.Embeds[0].Fields {
		if !strings.Contains(f.Name, " × ") || !strings.Contains(f.Value, "•") {
			t.Errorf("exercise field %q / %q lacks sets × reps or form cues", f.Name, f.Value)
		}
	}
}

// wantNoDMPostYet checks that user, called who, has no workout post by DM.
func (h *harness) wantNoDMPostYet(who, user string) {
	h.t.Helper()
	if ch := h.srv.DMChannelID(user); ch != "" && len(h.workoutPosts(ch)) > 0 {
		h.t.Fatalf("%s got a workout before her minute", who)
	}
}

// wantMentioned checks that a channel post for who mentions user.
func wantMentioned(t testing.TB, who string, post discordtest.Message, user string) {
	t.Helper()
	if !strings.Contains(post.Content, "<@"+user+">") {
		t.Errorf("%s's channel post %q does not mention her", who, post.Content)
	}
}

// markFirstDone reacts ✅ as user on the first workout post in channel and
// waits until a completion is logged and the post itself says so: edited,
// not answered.
func (h *harness) markFirstDone(channel, postID, user string) {
	h.t.Helper()
	h.react(channel, postID, user, "✅")
	waitFor(h.t, "the completion", func() bool { return h.countRows("entries") >= 1 })
	waitFor(h.t, "the post to show the ✅", func() bool {
		return strings.HasPrefix(h.workoutPosts(channel)[0].Content, "✅ Done — 1 of 3 this week")
	})
}

// wantPostCount checks that who has n workout posts in channel.
func (h *harness) wantPostCount(who, channel string, n int) {
	h.t.Helper()
	if got := len(h.workoutPosts(channel)); got != n {
		h.t.Errorf("%s has %d workout posts, want %d", who, got, n)
	}
}

// progressCard runs /progress as user in p and renders its embed's fields,
// failing the test unless the answer is an ephemeral embed.
func (h *harness) progressCard(p place, user string) string {
	h.t.Helper()
	cb, _ := h.command(p, user, "progress")
	if cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || len(cb.Data.Embeds) == 0 {
		h.t.Fatalf("/progress answered %+v, want an ephemeral embed", cb.Data)
	}
	return progressFields(cb)
}

// wantNoSecretsInLogs checks that neither the bot token nor any
// interaction's token appears in the program's logs.
func (h *harness) wantNoSecretsInLogs() {
	h.t.Helper()
	logs := h.logs.String()
	if strings.Contains(logs, testToken) {
		h.t.Errorf("the bot token appears in the logs")
	}
	for _, i := range h.srv.Interactions() {
		if strings.Contains(logs, i.Token) {
			h.t.Errorf("interaction %s's token appears in the logs", i.ID)
		}
	}
}
