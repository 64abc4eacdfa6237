package bot

import "github.com/bwmarrin/discordgo"

// commandsFor is the command table registered in guildID, or globally for
// "". A guild command takes neither contexts nor integration_types
// (application-commands.mdx: both are "only for globally-scoped commands"),
// nor dm_permission: a guild's commands are never shown in DMs.
func commandsFor(guildID string) []*discordgo.ApplicationCommand {
	cmds := Commands()
	if guildID == "" {
		return cmds
	}
	out := make([]*discordgo.ApplicationCommand, len(cmds))
	for i, c := range cmds {
		g := *c
		g.Contexts, g.IntegrationTypes, g.DMPermission = nil, nil, nil
		out[i] = &g
	}
	return out
}
