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
	// Monday 23 November 2026, 05:00 UTC.
	h := newHarness(t, time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC))
	h.srv.AddGuild("200000000000000001", "Back Club", "300000000000000001")
	const (
		guild, channel = "200000000000000001", "300000000000000001"
		ana, ben, eve  = "400000000000000001", "400000000000000002", "400000000000000003"
		cai            = "400000000000000004"
	)
	h.srv.AddUser(ana, "ana")
	h.srv.AddUser(ben, "ben")
	h.srv.AddUser(eve, "eve")
	h.srv.AddUser(cai, "cai")
	h.start()

	// Bad input: an ephemeral explanation with an example, nothing stored.
	for _, opts := range [][]discordtest.Option{
		{{Name: "time", Value: "25:99"}},
		{{Name: "time", Value: "half past seven"}},
		{{Name: "timezone", Value: "Mars/Olympus"}},
		{{Name: "days", Value: "funday"}},
		{{Name: "days", Value: "mon"}},
		{{Name: "days", Value: "mon,tue,wed,thu"}},
	} {
		cb := h.slash(discordtest.Slash{GuildID: guild, ChannelID: channel, UserID: ana, Name: "subscribe", Options: opts})
		if cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(cb.Data.Content, "for example") {
			t.Errorf("/subscribe %v answered %q (flags %d), want an ephemeral error with an example", opts, cb.Data.Content, cb.Data.Flags)
		}
	}
	if n := h.countRows("subscriptions"); n != 0 {
		t.Fatalf("bad input stored %d subscriptions, want 0", n)
	}

	// Ana subscribes in a server, Ben in a DM, in different zones.
	cb := h.subscribe(discordtest.Slash{GuildID: guild, ChannelID: channel, UserID: ana, Options: []discordtest.Option{
		{Name: "days", Value: "mon,wed,fri"}, {Name: "time", Value: "07:00"}, {Name: "timezone", Value: "Europe/Berlin"},
	}})
	anaDue := time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC) // Monday 07:00 in Berlin
	if want := fmt.Sprintf("<t:%d:F>", anaDue.Unix()); !strings.Contains(cb.Data.Content, want) {
		t.Errorf("ana's confirmation %q does not give the next workout as %s", cb.Data.Content, want)
	}
	// Cai wants hers in the server channel.
	h.subscribe(discordtest.Slash{GuildID: guild, ChannelID: channel, UserID: cai, Options: []discordtest.Option{
		{Name: "timezone", Value: "Europe/Berlin"}, {Name: "where", Value: "here"},
	}})
	cb = h.subscribe(discordtest.Slash{UserID: ben, Options: []discordtest.Option{
		{Name: "days", Value: "Tuesday Thursday"}, {Name: "time", Value: "06:30"}, {Name: "timezone", Value: "America/New_York"},
	}})
	benDue := time.Date(2026, 11, 24, 11, 30, 0, 0, time.UTC) // Tuesday 06:30 in New York
	if want := fmt.Sprintf("<t:%d:F>", benDue.Unix()); !strings.Contains(cb.Data.Content, want) {
		t.Errorf("ben's confirmation %q does not give the next workout as %s", cb.Data.Content, want)
	}

	// Nothing early.
	h.tick(anaDue.Add(-time.Second))
	if ch := h.srv.DMChannelID(ana); ch != "" && len(h.workoutPosts(ch)) > 0 {
		t.Fatalf("ana got a workout before her minute")
	}

	// Ana's workout at her minute, by DM, with ✅ pre-added.
	h.clock.Set(anaDue)
	anaDM, post := h.waitForFirstDMPost("ana's workout", ana)
	if len(post.Embeds) != 1 || len(post.Embeds[0].Fields) != 3 {
		t.Fatalf("ana's post has %d embeds, want one with three exercises: %+v", len(post.Embeds), post.Message)
	}
	for _, f := range post.Embeds[0].Fields {
		if !strings.Contains(f.Name, " × ") || !strings.Contains(f.Value, "•") {
			t.Errorf("exercise field %q / %q lacks sets × reps or form cues", f.Name, f.Value)
		}
	}
	h.waitForBotsDone(anaDM, post.ID)
	caiPost := h.waitForPosts("cai's workout in the channel", channel, 1)[0]
	if !strings.Contains(caiPost.Content, "<@"+cai+">") {
		t.Errorf("cai's channel post %q does not mention her", caiPost.Content)
	}

	// Ben's comes on Tuesday, once; ana's is not repeated.
	h.clock.Set(benDue)
	benDM, _ := h.waitForFirstDMPost("ben's workout", ben)
	h.tick(benDue.Add(2 * time.Minute))
	if n := len(h.workoutPosts(anaDM)); n != 1 {
		t.Errorf("ana has %d workout posts, want 1", n)
	}
	if n := len(h.workoutPosts(benDM)); n != 1 {
		t.Errorf("ben has %d workout posts, want 1", n)
	}

	// A stranger's ✅ on cai's post changes nothing; ana's on her own post
	// records one completion.
	h.react(channel, caiPost.ID, eve, "✅")
	h.react(anaDM, post.ID, ana, "✅")
	waitFor(t, "ana's completion", func() bool { return h.countRows("entries") >= 1 })
	// The post itself says so: edited, not answered.
	waitFor(t, "the post to show the ✅", func() bool {
		return strings.HasPrefix(h.workoutPosts(anaDM)[0].Content, "✅ Done — 1 of 3 this week")
	})

	progress := func() string {
		cb := h.slash(discordtest.Slash{GuildID: guild, ChannelID: channel, UserID: ana, Name: "progress"})
		if cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || len(cb.Data.Embeds) == 0 {
			t.Fatalf("/progress answered %+v, want an ephemeral embed", cb.Data)
		}
		var sb strings.Builder
		for _, f := range cb.Data.Embeds[0].Fields {
			sb.WriteString(f.Name + ": " + f.Value + "\n")
		}
		return sb.String()
	}
	if got := progress(); !strings.Contains(got, "Completed: 1 workout") || !strings.Contains(got, "This week: 1 of 3") {
		t.Errorf("/progress shows\n%s\nwant 1 completed, 1 of 3 this week", got)
	}

	// A restart on the same file keeps everything and posts nothing again.
	h.restart()
	if got := progress(); !strings.Contains(got, "Completed: 1 workout") {
		t.Errorf("after a restart /progress shows\n%s\nwant 1 completed", got)
	}
	h.tick(benDue.Add(2 * time.Minute)) // a tick of the new process
	if n := len(h.workoutPosts(benDM)); n != 1 {
		t.Errorf("after a restart ben has %d posts, want 1", n)
	}

	if n := h.countRows("entries"); n != 1 {
		t.Errorf("%d log entries, want only ana's", n)
	}
	noViolations(t, h.srv)
	logs := h.logs.String()
	if strings.Contains(logs, testToken) {
		t.Errorf("the bot token appears in the logs")
	}
	for _, i := range h.srv.Interactions() {
		if strings.Contains(logs, i.Token) {
			t.Errorf("interaction %s's token appears in the logs", i.ID)
		}
	}
}
