package bot

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

// handlerTimeout bounds the work one gateway event may do.
const handlerTimeout = 30 * time.Second

func (b *Bot) onReactionAdd(_ *discordgo.Session, r *discordgo.MessageReactionAdd) {
	b.coalesceReaction(r.MessageReaction, true)
}

func (b *Bot) onReactionRemove(_ *discordgo.Session, r *discordgo.MessageReactionRemove) {
	b.coalesceReaction(r.MessageReaction, false)
}

// react records (or, when removed, undoes) what the subscriber said with a
// reaction on their own workout post. The bot's own reactions, strangers'
// reactions and reactions on other messages change nothing. toggled says
// the reaction changed more than once while settling, so added may not be
// its final state (see coalescer): the post is then read back even when
// this event changes nothing.
func (b *Bot) react(r *discordgo.MessageReaction, added, toggled bool) {
	if r.UserID == b.botUserID() {
		return
	}
	kind, ok := reactionKind(r.Emoji.Name)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, handlerTimeout)
	defer cancel()
	slot, err := b.store.SlotByMessage(ctx, r.MessageID)
	if errors.Is(err, plans.ErrNotFound) {
		return
	}
	if err != nil {
		b.log.Error("look up workout post", "message", r.MessageID, "err", err)
		return
	}
	if slot.UserID != r.UserID {
		return
	}
	log := b.log.With("user", r.UserID, "slot", slot.ID, "kind", kind)
	var changed bool
	if added {
		changed, err = b.store.AddEntry(ctx, slot.ID, kind, b.now())
	} else {
		changed, err = b.store.RemoveEntry(ctx, slot.ID, kind)
	}
	if err != nil {
		log.Error("record reaction", "added", added, "err", err)
		return
	}
	if !changed {
		// The same event again: counted once, answered once. A toggled
		// reaction's final state may differ from this event's: read back.
		if toggled {
			b.refreshPost(ctx, slot, true)
		}
		return
	}
	delta := -1
	if added {
		log.Info("recorded")
		delta = 1
	}
	if kind == plans.Done && b.observe.Completion != nil {
		b.observe.Completion(delta)
	}
	if added && kind == plans.Pain && r.GuildID != "" {
		// The post is public: the answer goes to the subscriber alone, and
		// the post shows nothing of it.
		if st, err := b.loadPost(ctx, slot); err != nil {
			log.Error("compose pain answer", "err", err)
		} else {
			b.followUpDM(ctx, slot, r.GuildID, "pain", st.pain)
		}
	}
	// The answer is the post itself, edited: no new message however often
	// a reaction is toggled.
	b.refreshPost(ctx, slot, toggled)
}

// replyTo answers a message in its channel without pinging anyone.
func (b *Bot) replyTo(ctx context.Context, channelID, messageID, guildID, text string) {
	_, err := b.s.ChannelMessageSendComplex(channelID, &discordgo.MessageSend{
		Content:         truncate(text, 2000),
		Reference:       &discordgo.MessageReference{MessageID: messageID, ChannelID: channelID, GuildID: guildID},
		AllowedMentions: &discordgo.MessageAllowedMentions{},
	}, discordgo.WithContext(ctx))
	if err != nil {
		b.log.Warn("reply", "channel", channelID, "err", redact(err))
	}
}

// The reactions a subscriber uses on a workout post.
const (
	emojiDone    = "✅"
	emojiTooHard = "😅"
	emojiTooEasy = "💪"
	emojiPain    = "🤕"
)

// reactionKinds maps a reaction on a workout post to what it records.
var reactionKinds = map[string]plans.Kind{
	emojiDone:    plans.Done,
	emojiTooHard: plans.TooHard,
	emojiTooEasy: plans.TooEasy,
	emojiPain:    plans.Pain,
}

// reactionKind is what a reaction named name records, if anything. A
// trailing variation selector (U+FE0F), which some clients add, is ignored.
func reactionKind(name string) (plans.Kind, bool) {
	kind, ok := reactionKinds[strings.TrimSuffix(name, "\ufe0f")]
	return kind, ok
}
