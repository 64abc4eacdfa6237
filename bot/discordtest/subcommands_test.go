package discordtest

import (
	"errors"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestSubcommandsAndMemberPermissions(t *testing.T) {
	t.Parallel()
	srv := newWorld(t, Options{})
	manage := int64(discordgo.PermissionManageGuild)
	_, got := botWith(t, srv,
		&discordgo.ApplicationCommand{Name: "board", Description: "A board", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "start", Description: "Start it", Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "day", Description: "Which day", Required: true},
			}},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "join", Description: "Join it"},
		}},
		&discordgo.ApplicationCommand{Name: "admin", Description: "For moderators", DefaultMemberPermissions: &manage})

	if _, err := srv.Slash(Slash{GuildID: guildID, ChannelID: chanID, UserID: ana, Name: "board",
		Options: []Option{{Name: "start", Options: []Option{{Name: "day", Value: "sunday"}}}}}); err != nil {
		t.Fatal(err)
	}
	ic := recv(t, got, "subcommand")
	opts := ic.ApplicationCommandData().Options
	if len(opts) != 1 || opts[0].Type != discordgo.ApplicationCommandOptionSubCommand || opts[0].Name != "start" ||
		len(opts[0].Options) != 1 || opts[0].Options[0].StringValue() != "sunday" {
		t.Errorf("subcommand options %+v", opts)
	}
	if ic.Member == nil || ic.Member.Permissions&manage != 0 {
		t.Errorf("a member without Manage Server arrived with permissions %v", ic.Member)
	}
	for name, in := range map[string][]Option{
		"no subcommand":                 nil,
		"two subcommands":               {{Name: "join"}, {Name: "start", Options: []Option{{Name: "day", Value: "monday"}}}},
		"a subcommand's missing option": {{Name: "start"}},
		"an unknown nested option":      {{Name: "join", Options: []Option{{Name: "day", Value: "x"}}}},
	} {
		if _, err := srv.Slash(Slash{GuildID: guildID, ChannelID: chanID, UserID: ana, Name: "board", Options: in}); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: %v, want ErrInvalidInput", name, err)
		}
	}

	// default_member_permissions hides a command from members without them.
	if _, err := srv.Slash(Slash{GuildID: guildID, ChannelID: chanID, UserID: ben, Name: "admin"}); !errors.Is(err, ErrUnknownCommand) {
		t.Errorf("/admin by a member = %v, want ErrUnknownCommand", err)
	}
	srv.SetMemberPermissions(guildID, ben, manage)
	if _, err := srv.Slash(Slash{GuildID: guildID, ChannelID: chanID, UserID: ben, Name: "admin"}); err != nil {
		t.Fatalf("/admin by a moderator: %v", err)
	}
	if ic := recv(t, got, "admin"); ic.Member == nil || ic.Member.Permissions != manage {
		t.Errorf("the moderator arrived with permissions %v, want %d", ic.Member, manage)
	}
}
