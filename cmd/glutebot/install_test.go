package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/plans"
)

func TestInstallAnywhere(t *testing.T) {
	t.Parallel()
	const ana, ben, cai = "650000000000000001", "650000000000000002", "650000000000000003"
	const group = "350000000000000001"
	h := newWorld(t, monday, ana, ben, cai)
	h.start()

	cmds := h.srv.Commands("")
	if len(cmds) == 0 {
		t.Fatal("no commands registered")
	}
	sawChallenge := false
	for _, c := range cmds {
		if c.Name == "challenge" {
			sawChallenge = true
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
	if !sawChallenge {
		t.Error("/challenge is not registered")
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
	h.subscribeUTC(cai, "mon wed fri", "0700")
	cdm := h.srv.DMChannelID(cai)
	h.clock.Set(at(0, 7, 0))
	h.waitForPosts("cai's workout", cdm, 1)
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
