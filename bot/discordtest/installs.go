package discordtest

import (
	"fmt"
	"slices"

	"github.com/bwmarrin/discordgo"
)

// User installs and private channels, as Discord documents them
// (Application Commands: "Installation Context" and "Interaction Contexts";
// Receiving and Responding: authorizing_integration_owners):
//
//   - A command's integration_types say where it can be installed: 0 a server
//     (GUILD_INSTALL), 1 a user's account (USER_INSTALL). Left out, they are
//     the app's default, here GUILD_INSTALL only.
//   - Its contexts say where it can be used: 0 a server, 1 the bot's DM, 2 a
//     private channel — a group DM or a DM between users, where the bot is
//     not a member. Left out, all three.
//   - In a private channel, and in a guild that did not add the app, only
//     commands installed to the user work: the command needs integration
//     type 1 and the user must have installed the app. The bot can answer
//     the interaction there (responses and follow-ups go through the
//     interaction's webhook) but can neither read nor post in the channel
//     over REST (50001 Missing Access), and it gets no gateway events from
//     it.
//   - authorizing_integration_owners maps each installation that allowed
//     the interaction to its owner: "0" to the guild id (or "0" in the bot's
//     DM), "1" to the id of the user who installed the app.

// InstallForUser installs the app to the user's account (a user install),
// so its user-installable commands work for them everywhere, private
// channels included.
func (s *Server) InstallForUser(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.userInstalls == nil {
		s.userInstalls = make(map[string]bool)
	}
	s.userInstalls[userID] = true
	s.notifyLocked()
}

// AddPrivateChannel adds a private channel between users: a group DM, or a
// DM between two users when there are two. The bot is not in it. Slash
// commands run in it with Slash{ChannelID: channelID} and no GuildID.
func (s *Server) AddPrivateChannel(channelID string, userIDs ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addChannelLocked(&channel{id: channelID, name: "private", members: slices.Clone(userIDs)})
	s.notifyLocked()
}

// AddForeignGuild adds a guild with text channels that the app is not
// installed in (the bot is not a member), where every user added with
// AddUser is. Users who installed the app to their account can run its
// user-installable commands there; the bot cannot read or post in its
// channels and gets no events from it.
func (s *Server) AddForeignGuild(guildID, name string, channelIDs ...string) {
	mustSnowflake("guild", guildID)
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.newGuildLocked(guildID, name, channelIDs, func(int) string { return "general" })
	if s.foreign == nil {
		s.foreign = make(map[string]*guild)
	}
	s.foreign[guildID] = g
	s.notifyLocked()
}

// isPrivate reports whether c is a private channel the bot is not in.
func (c *channel) isPrivate() bool { return c.guildID == "" && c.members != nil }

// interactionContext is the context an interaction in c has.
func interactionContext(c *channel) discordgo.InteractionContextType {
	switch {
	case c.guildID != "":
		return discordgo.InteractionContextGuild
	case c.isPrivate():
		return discordgo.InteractionContextPrivateChannel
	}
	return discordgo.InteractionContextBotDM
}

// installable reports whether the command can be installed the way t says.
func installable(cmd *discordgo.ApplicationCommand, t discordgo.ApplicationIntegrationType) bool {
	if cmd.IntegrationTypes == nil {
		return t == discordgo.ApplicationIntegrationGuildInstall
	}
	return slices.Contains(*cmd.IntegrationTypes, t)
}

// userCommandLocked finds the command a user runs where only their own
// install of the app reaches (a private channel, a guild without the app):
// a global one, installable to users, installed by this one, and allowed in
// the context.
func (s *Server) userCommandLocked(ctx discordgo.InteractionContextType, userID, name string) (*discordgo.ApplicationCommand, error) {
	for k := range s.commands[""] {
		cmd := &s.commands[""][k]
		if cmd.Name != name || cmd.Type != discordgo.ChatApplicationCommand {
			continue
		}
		if !installable(cmd, discordgo.ApplicationIntegrationUserInstall) {
			return nil, fmt.Errorf("%w: /%s cannot be installed to users, so not used where the app is not", ErrUnknownCommand, name)
		}
		if cmd.Contexts != nil && !slices.Contains(*cmd.Contexts, ctx) {
			return nil, fmt.Errorf("%w: /%s is not available in context %d", ErrUnknownCommand, name, ctx)
		}
		if !s.userInstalls[userID] {
			return nil, fmt.Errorf("%w: user %s has not installed the app", ErrUnknownCommand, userID)
		}
		return cmd, nil
	}
	return nil, fmt.Errorf("%w: /%s", ErrUnknownCommand, name)
}

// commandInLocked finds the command a user runs in channel c.
func (s *Server) commandInLocked(c *channel, userID, name string) (*discordgo.ApplicationCommand, error) {
	if c.isPrivate() || s.foreign[c.guildID] != nil {
		return s.userCommandLocked(interactionContext(c), userID, name)
	}
	return s.findCommandLocked(c.guildID, name)
}

// installFieldsLocked sets an interaction payload's context and
// authorizing_integration_owners, and reports whether only the user's own
// install authorized it (no server or bot-DM install among the owners).
func (s *Server) installFieldsLocked(payload map[string]any, c *channel, userID, command string) (userInstallOnly bool) {
	ctx := interactionContext(c)
	payload["context"] = int(ctx)
	owners := map[string]string{}
	switch {
	case ctx == discordgo.InteractionContextGuild && s.foreign[c.guildID] == nil:
		owners["0"] = c.guildID
	case ctx == discordgo.InteractionContextBotDM:
		owners["0"] = "0"
	}
	if s.userInstalls[userID] {
		cmd := s.globalCommandLocked(command)
		if cmd == nil || installable(cmd, discordgo.ApplicationIntegrationUserInstall) {
			owners["1"] = userID
		}
	}
	payload["authorizing_integration_owners"] = owners
	if ctx == discordgo.InteractionContextPrivateChannel {
		payload["user"] = s.userObjLocked(userID)
	}
	if ctx == discordgo.InteractionContextPrivateChannel || s.foreign[c.guildID] != nil {
		// The bot is not in the channel: of its permissions only what an
		// interaction answer needs (send, embed, attach, use external emojis).
		payload["app_permissions"] = "313344"
	}
	_, installed := owners["0"]
	return !installed && owners["1"] != ""
}

// globalCommandLocked is the global command named name, or nil.
func (s *Server) globalCommandLocked(name string) *discordgo.ApplicationCommand {
	for k := range s.commands[""] {
		if s.commands[""][k].Name == name {
			return &s.commands[""][k]
		}
	}
	return nil
}

// validateInstallFields checks a command's integration_types and contexts.
func validateInstallFields(fe formErrors, p string, c discordgo.ApplicationCommand) {
	if c.IntegrationTypes != nil {
		for j, t := range *c.IntegrationTypes {
			if t != discordgo.ApplicationIntegrationGuildInstall && t != discordgo.ApplicationIntegrationUserInstall {
				fe.add(fmt.Sprintf("%s.integration_types.%d", p, j), "BASE_TYPE_CHOICES", "Value must be one of {0, 1}.")
			}
		}
	}
	if c.Contexts != nil {
		for j, t := range *c.Contexts {
			if t > discordgo.InteractionContextPrivateChannel {
				fe.add(fmt.Sprintf("%s.contexts.%d", p, j), "BASE_TYPE_CHOICES", "Value must be one of {0, 1, 2}.")
			}
		}
	}
}

// privateChannelObjLocked is a private channel as an interaction shows it:
// a DM between two users, or a group DM.
func (s *Server) privateChannelObjLocked(c *channel) *discordgo.Channel {
	ch := &discordgo.Channel{ID: c.id, Type: discordgo.ChannelTypeGroupDM, Name: c.name}
	if len(c.members) == 2 {
		ch.Type, ch.Name = discordgo.ChannelTypeDM, ""
	}
	for _, u := range c.members {
		ch.Recipients = append(ch.Recipients, s.userObjLocked(u))
	}
	return ch
}
