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

	wantInstallableAnywhere(t, h.srv.Commands(""))

	// Ana installed the app to her account and uses it in a group DM: she
	// can subscribe there (by DM); "here" cannot work there.
	h.srv.AddPrivateChannel(group, ana, ben)
	h.srv.InstallForUser(ana)
	in := place{"group DM", "", group}
	wantSays(t, "where:here in a group DM", h.private(in, ana, "subscribe", opt("where", "here")), "only installed to your account")
	cb := h.subscribeIn(in, ana, opt("time", "7pm"))
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
	wantSays(t, "where:here in a server without the app", h.private(other, ana, "subscribe", opt("where", "here")), "only installed to your account")
	wantSays(t, "/subscribe time:07:00 in a server without the app", h.private(other, ana, "subscribe", opt("time", "07:00")), "Updated: time 19:00 → 07:00.")

	// Ben's DMs are closed: the same answer says so at once, how to open
	// them, and offers the channel.
	h.srv.SetDMsClosed(ben, true)
	cb, i := h.command(inServer, ben, "subscribe")
	cb, i = h.press(i, cb, "None of these apply")
	wantSays(t, "/subscribe with closed DMs", cb, "You're in!", "I couldn't send you a DM", "Privacy Settings")
	cb, _ = h.press(i, cb, "Post them here instead")
	wantSays(t, `"Post them here instead"`, cb, "posted in this channel")
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
	noViolationsBut(t, h.srv, discordtest.CodeCannotSendToUser) // ben's closed DMs
}

// wantInstallableAnywhere checks where each registered command can be
// installed and used: a server's /challenge board only where the server
// added the bot, every other command also on a user's account, in servers,
// the bot's DM and private channels.
func wantInstallableAnywhere(t testing.TB, cmds []discordgo.ApplicationCommand) {
	t.Helper()
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
}
