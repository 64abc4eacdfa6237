package discordtest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/bwmarrin/discordgo"
)

const (
	maxUniqueReactions = 20
	maxReactionPage    = 100
)

// validUnicodeEmoji accepts what could be a unicode emoji: no letters or
// spaces except in keycaps (digit, # or *, then U+20E3). Custom emoji
// ("name:id") are unknown here: the stand-in has none.
func validUnicodeEmoji(e string) bool {
	if e == "" || strings.Contains(e, ":") {
		return false
	}
	keycap := strings.ContainsRune(e, '\u20e3')
	for _, r := range e {
		switch {
		case unicode.IsSpace(r), unicode.IsControl(r):
			return false
		case r < 0x80 && !keycap:
			return false
		case unicode.IsLetter(r) && r >= 0x80:
			return false
		}
	}
	return true
}

// addReactionLocked adds the user's reaction; it reports whether anything
// changed (reacting twice is a no-op, as on Discord).
func (s *Server) addReactionLocked(c *channel, m *storedMessage, userID, emoji string, burst bool) (bool, *apiError) {
	if !validUnicodeEmoji(emoji) {
		return false, errUnknownEmoji
	}
	var r *reaction
	for _, x := range m.reactions {
		if x.emoji == emoji {
			r = x
		}
	}
	if r == nil {
		if len(m.reactions) >= maxUniqueReactions {
			return false, errMaxReactions
		}
		r = &reaction{emoji: emoji}
		m.reactions = append(m.reactions, r)
	}
	list := &r.users
	if burst {
		list = &r.burst
	}
	if slices.Contains(*list, userID) {
		return false, nil
	}
	*list = append(*list, userID)
	s.dispatchLocked("MESSAGE_REACTION_ADD", channelIntent(c, IntentGuildMessageReactions, IntentDirectMessageReactions), func(int) any {
		ev := s.reactionEventLocked(c, m, userID, emoji, burst)
		if c.guildID != "" {
			ev["member"] = s.memberObj(userID, s.joinedLocked(c.guildID, userID))
		}
		if m.msg.Author != nil {
			ev["message_author_id"] = m.msg.Author.ID
		}
		return ev
	})
	s.notifyLocked()
	return true, nil
}

func (s *Server) removeReactionLocked(c *channel, m *storedMessage, userID, emoji string, burst bool) {
	for k, r := range m.reactions {
		if r.emoji != emoji {
			continue
		}
		list := &r.users
		if burst {
			list = &r.burst
		}
		i := slices.Index(*list, userID)
		if i < 0 {
			return
		}
		*list = slices.Delete(*list, i, i+1)
		if len(r.users)+len(r.burst) == 0 {
			m.reactions = slices.Delete(m.reactions, k, k+1)
		}
		s.dispatchLocked("MESSAGE_REACTION_REMOVE", channelIntent(c, IntentGuildMessageReactions, IntentDirectMessageReactions), func(int) any {
			return s.reactionEventLocked(c, m, userID, emoji, burst)
		})
		s.notifyLocked()
		return
	}
}

func (s *Server) reactionEventLocked(c *channel, m *storedMessage, userID, emoji string, burst bool) map[string]any {
	typ := 0
	if burst {
		typ = 1
	}
	ev := map[string]any{
		"user_id": userID, "channel_id": c.id, "message_id": m.msg.ID,
		"emoji": map[string]any{"id": nil, "name": emoji}, "burst": burst, "type": typ,
	}
	if c.guildID != "" {
		ev["guild_id"] = c.guildID
	}
	return ev
}

func (s *Server) addReaction(w http.ResponseWriter, r *http.Request) *apiError {
	if r.PathValue("user") != "@me" {
		return errNotFound
	}
	return s.withMessage(r, func(c *channel, m *storedMessage) *apiError {
		if _, e := s.addReactionLocked(c, m, s.opts.BotUserID, r.PathValue("emoji"), false); e != nil {
			return e
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

// removeReaction answers DELETE .../reactions/{emoji}/{@me|user}. Removing
// someone else's reaction needs Manage Messages, which the bot has in
// guilds and nobody has in DMs.
func (s *Server) removeReaction(w http.ResponseWriter, r *http.Request) *apiError {
	return s.withMessage(r, func(c *channel, m *storedMessage) *apiError {
		userID := r.PathValue("user")
		if userID == "@me" {
			userID = s.opts.BotUserID
		} else if userID != s.opts.BotUserID && c.guildID == "" {
			return errDMNotAllowed
		}
		if !validUnicodeEmoji(r.PathValue("emoji")) {
			return errUnknownEmoji
		}
		s.removeReactionLocked(c, m, userID, r.PathValue("emoji"), false)
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

// deleteEmojiReactions answers DELETE .../reactions/{emoji}: everyone's
// reactions with the emoji (Manage Messages; not in DMs).
func (s *Server) deleteEmojiReactions(w http.ResponseWriter, r *http.Request) *apiError {
	return s.withMessage(r, func(c *channel, m *storedMessage) *apiError {
		if c.guildID == "" {
			return errDMNotAllowed
		}
		for _, x := range m.reactions {
			if x.emoji == r.PathValue("emoji") {
				for _, u := range slices.Clone(x.users) {
					s.removeReactionLocked(c, m, u, r.PathValue("emoji"), false)
				}
				for _, u := range slices.Clone(x.burst) {
					s.removeReactionLocked(c, m, u, r.PathValue("emoji"), true)
				}
			}
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}

// listReactions answers GET .../reactions/{emoji}?limit=&after=&type=: the
// users who reacted, ordered by user id, at most limit (1–100, default 25)
// after the given id. message.mdx, Get Reactions: type 0 (the default) lists
// normal reactions, 1 super reactions ("burst"); the stand-in listed normal
// ones only and had no super reactions.
func (s *Server) listReactions(w http.ResponseWriter, r *http.Request) *apiError {
	q := r.URL.Query()
	burst := false
	switch q.Get("type") {
	case "", "0":
	case "1":
		burst = true
	default:
		fe := formErrors{}
		fe.add("type", "ENUM_TYPE_COERCE", fmt.Sprintf("Value %q is not a valid enum value.", q.Get("type")))
		return errInvalidForm(fe)
	}
	limit := 25
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxReactionPage {
			fe := formErrors{}
			fe.add("limit", "NUMBER_TYPE_MAX", fmt.Sprintf("int value should be between 1 and %d.", maxReactionPage))
			return errInvalidForm(fe)
		}
		limit = n
	}
	after := q.Get("after")
	if after != "" && !isSnowflake(after) {
		fe := formErrors{}
		fe.add("after", "NUMBER_TYPE_COERCE", fmt.Sprintf("Value %q is not snowflake.", after))
		return errInvalidForm(fe)
	}
	return s.withMessage(r, func(_ *channel, m *storedMessage) *apiError {
		if !validUnicodeEmoji(r.PathValue("emoji")) {
			return errUnknownEmoji
		}
		var ids []string
		for _, x := range m.reactions {
			if x.emoji == r.PathValue("emoji") {
				ids = slices.Clone(x.users)
				if burst {
					ids = slices.Clone(x.burst)
				}
			}
		}
		slices.SortFunc(ids, compareSnowflakes)
		out := []*discordgo.User{}
		for _, id := range ids {
			if len(out) < limit && (after == "" || snowflakeLess(after, id)) {
				out = append(out, s.userObjLocked(id))
			}
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	})
}

// React adds a user's reaction with a unicode emoji, as a user clicking it
// would, and dispatches MESSAGE_REACTION_ADD. Users can react while no bot
// is connected, as on Discord: the reaction is kept, and the event reaches
// only a session that can still resume.
func (s *Server) React(channelID, messageID, userID, emoji string) error {
	return s.userReaction(channelID, messageID, userID, emoji, true, false)
}

// SuperReact adds a user's super reaction ("burst", a Nitro perk): counted
// in the reaction's count, listed only with type=1, dispatched with
// "burst": true.
func (s *Server) SuperReact(channelID, messageID, userID, emoji string) error {
	return s.userReaction(channelID, messageID, userID, emoji, true, true)
}

// Unreact removes a user's reaction and dispatches MESSAGE_REACTION_REMOVE.
func (s *Server) Unreact(channelID, messageID, userID, emoji string) error {
	return s.userReaction(channelID, messageID, userID, emoji, false, false)
}

func (s *Server) userReaction(channelID, messageID, userID, emoji string, add, burst bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users[userID] == nil {
		return fmt.Errorf("%w: %s", ErrUnknownUser, userID)
	}
	c, m, e := s.messageLocked(channelID, messageID)
	switch {
	case e == errUnknownChannel:
		return fmt.Errorf("%w: %s", ErrUnknownChannel, channelID)
	case e != nil:
		return fmt.Errorf("%w: %s in channel %s", ErrUnknownMessage, messageID, channelID)
	}
	if c.guildID == "" && c.recipient != userID {
		return fmt.Errorf("%w: user %s is not in DM channel %s", ErrInvalidInput, userID, channelID)
	}
	if !validUnicodeEmoji(emoji) {
		return fmt.Errorf("%w: %q is not a unicode emoji", ErrInvalidInput, emoji)
	}
	if !add {
		s.removeReactionLocked(c, m, userID, emoji, burst)
		return nil
	}
	if _, e := s.addReactionLocked(c, m, userID, emoji, burst); e != nil {
		return fmt.Errorf("%w: %s", ErrInvalidInput, e.message)
	}
	return nil
}

// Reactions lists the ids of the users who reacted to the message with the
// emoji, in the order they reacted.
func (s *Server) Reactions(channelID, messageID, emoji string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channelID]
	if c == nil {
		return nil
	}
	m := c.find(messageID)
	if m == nil {
		return nil
	}
	for _, r := range m.reactions {
		if r.emoji == emoji {
			return slices.Clone(r.users)
		}
	}
	return nil
}
