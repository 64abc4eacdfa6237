package discordtest

import (
	"errors"
	"net/http"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestUserInstallsAndPrivateChannels(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	const group = "300000000000000009"
	srv.AddPrivateChannel(group, ana, ben)

	both := []discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall, discordgo.ApplicationIntegrationUserInstall}
	guildOnly := []discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
	all := []discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM, discordgo.InteractionContextPrivateChannel}
	s, got := botWith(t, srv,
		&discordgo.ApplicationCommand{Name: "help", Description: "d", IntegrationTypes: &both, Contexts: &all},
		&discordgo.ApplicationCommand{Name: "admin", Description: "d", IntegrationTypes: &guildOnly, Contexts: &all},
		&discordgo.ApplicationCommand{Name: "plain", Description: "d"})

	// Before ana installs the app to her account, nothing runs in a
	// private channel.
	if _, err := srv.Slash(Slash{ChannelID: group, UserID: ana, Name: "help"}); !errors.Is(err, ErrUnknownCommand) {
		t.Errorf("/help in a group DM without a user install: %v, want ErrUnknownCommand", err)
	}
	srv.InstallForUser(ana)
	for _, name := range []string{"admin", "plain"} {
		if _, err := srv.Slash(Slash{ChannelID: group, UserID: ana, Name: name}); !errors.Is(err, ErrUnknownCommand) {
			t.Errorf("/%s (guild install only) in a group DM: %v, want ErrUnknownCommand", name, err)
		}
	}
	i, err := srv.Slash(Slash{ChannelID: group, UserID: ana, Name: "help"})
	if err != nil {
		t.Fatal(err)
	}
	ic := recv(t, got, "the interaction in the group DM")
	if ic.Context != discordgo.InteractionContextPrivateChannel || ic.GuildID != "" || ic.User == nil || ic.User.ID != ana || ic.Member != nil {
		t.Errorf("interaction in a group DM: context %d, guild %q, user %+v, member %+v", ic.Context, ic.GuildID, ic.User, ic.Member)
	}
	if owners := ic.AuthorizingIntegrationOwners; len(owners) != 1 || owners[discordgo.ApplicationIntegrationUserInstall] != ana {
		t.Errorf("authorizing_integration_owners = %v, want only {1: ana}", owners)
	}
	if ic.ChannelID != group {
		t.Errorf("channel = %s, want the private channel", ic.ChannelID)
	}
	// The bot answers through the interaction, but cannot post or read there.
	if err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "hi", Flags: discordgo.MessageFlagsEphemeral}}); err != nil {
		t.Fatalf("answer in a private channel: %v", err)
	}
	if cb, err := i.Wait(ctxT(t, 5e9)); err != nil || cb.Data.Content != "hi" {
		t.Errorf("callback = %+v, %v", cb, err)
	}
	_, err = s.ChannelMessageSend(group, "hello")
	if status, code := restCode(t, err); status != http.StatusForbidden || code != 50001 {
		t.Errorf("posting in a private channel: %d/%d, want 403/50001", status, code)
	}

	// In the guild and the bot's DM, the user install adds its owner.
	if _, err := srv.Slash(Slash{GuildID: guildID, ChannelID: chanID, UserID: ana, Name: "help"}); err != nil {
		t.Fatal(err)
	}
	ic = recv(t, got, "the interaction in the guild")
	if o := ic.AuthorizingIntegrationOwners; ic.Context != discordgo.InteractionContextGuild || o[0] != guildID || o[1] != ana {
		t.Errorf("guild interaction: context %d, owners %v", ic.Context, o)
	}
	if _, err := srv.Slash(Slash{UserID: ben, Name: "help"}); err != nil {
		t.Fatal(err)
	}
	ic = recv(t, got, "the interaction in ben's DM")
	if o := ic.AuthorizingIntegrationOwners; ic.Context != discordgo.InteractionContextBotDM || len(o) != 1 || o[0] != "0" {
		t.Errorf("bot DM interaction of a user without a user install: context %d, owners %v", ic.Context, o)
	}

	// A guild that did not add the app: only ana's own install reaches it.
	const foreign, foreignChan = "200000000000000009", "300000000000000019"
	srv.AddForeignGuild(foreign, "Other Club", foreignChan)
	if _, err := srv.Slash(Slash{GuildID: foreign, ChannelID: foreignChan, UserID: ben, Name: "help"}); !errors.Is(err, ErrUnknownCommand) {
		t.Errorf("/help in a guild without the app, for a user without a user install: %v", err)
	}
	if _, err := srv.Slash(Slash{GuildID: foreign, ChannelID: foreignChan, UserID: ana, Name: "admin"}); !errors.Is(err, ErrUnknownCommand) {
		t.Errorf("a guild-install-only command in a guild without the app: %v", err)
	}
	if _, err := srv.Slash(Slash{GuildID: foreign, ChannelID: foreignChan, UserID: ana, Name: "help"}); err != nil {
		t.Fatal(err)
	}
	ic = recv(t, got, "the interaction in the guild without the app")
	if o := ic.AuthorizingIntegrationOwners; ic.Context != discordgo.InteractionContextGuild || ic.GuildID != foreign || ic.Member == nil || len(o) != 1 || o[1] != ana {
		t.Errorf("guild without the app: context %d, guild %q, member %v, owners %v", ic.Context, ic.GuildID, ic.Member != nil, o)
	}
	_, err = s.ChannelMessageSend(foreignChan, "hello")
	if status, code := restCode(t, err); status != http.StatusForbidden || code != 50001 {
		t.Errorf("posting in a guild without the app: %d/%d, want 403/50001", status, code)
	}

	// Only 0 and 1 are install types, only 0 to 2 contexts.
	bad := []discordgo.ApplicationIntegrationType{2}
	badCtx := []discordgo.InteractionContextType{3}
	for _, c := range []*discordgo.ApplicationCommand{
		{Name: "x", Description: "d", IntegrationTypes: &bad},
		{Name: "x", Description: "d", Contexts: &badCtx},
	} {
		if _, err := s.ApplicationCommandBulkOverwrite(srv.opts.ApplicationID, "", []*discordgo.ApplicationCommand{c}); err == nil {
			t.Errorf("registering %+v succeeded", c)
		}
	}
}
