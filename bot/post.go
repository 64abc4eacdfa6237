package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

// Discord error codes that mean a post can never reach its target.
const (
	codeUnknownChannel     = 10003
	codeMissingAccess      = 50001 // also a DM the bot may no longer open
	codeCannotSendToUser   = 50007
	codeMissingPermissions = 50013
	codeNoMutualGuild      = 50278 // a user-installed app's user shares no server with the bot
)

// outgoingMessage is a create-message body with the fields discordgo's
// MessageSend lacks: a nonce that Discord enforces, so a post retried after
// a crash returns the message already made instead of a second one.
type outgoingMessage struct {
	Content         string                            `json:"content,omitempty"`
	Embeds          []*discordgo.MessageEmbed         `json:"embeds,omitempty"`
	Components      []discordgo.MessageComponent      `json:"components,omitempty"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	Nonce           string                            `json:"nonce,omitempty"`
	EnforceNonce    bool                              `json:"enforce_nonce,omitempty"`
}

// slotNonce derives the message nonce from what makes a slot unique, its
// user and local date, so a post retried after a crash carries the same one.
// Not from the slot's row id: SQLite hands the id of deleted rows out again
// (after /forget), and Discord checks nonces per author, the bot, across
// all channels. Discord allows 25 characters; this is 18.
func slotNonce(slot plans.Slot) string {
	h := fnv.New64a()
	h.Write([]byte(slot.UserID + "/" + slot.LocalDate))
	return fmt.Sprintf("gb%016x", h.Sum64())
}

// SendWorkout posts w for slot where the subscriber gets workouts, with its
// row of buttons, and returns where it landed. Posting the same slot again
// returns the first message: the nonce comes from the slot's user and local
// date and Discord enforces it. In a channel, notes about pain leave the
// post for the subscriber's DMs. An error wraps plans.ErrUndeliverable when
// Discord will never accept the post. The scheduler records the post, then
// calls AddDone.
func (b *Bot) SendWorkout(ctx context.Context, sub plans.Subscription, slot plans.Slot, w plans.Workout) (channelID, messageID string, err error) {
	public := inChannel(sub)
	var private []string
	if public {
		private, w.HealthNotes = w.HealthNotes, nil
	}
	msg := outgoingMessage{
		Embeds:          []*discordgo.MessageEmbed{workoutEmbed(w, slot, b.workoutNumber(ctx, slot))},
		Components:      postButtons(b.canMoveAtPost(sub, slot)),
		AllowedMentions: &discordgo.MessageAllowedMentions{},
		Nonce:           slotNonce(slot),
		EnforceNonce:    true,
	}
	if public {
		channelID = sub.ChannelID
		msg.Content = "<@" + sub.UserID + ">, your workout is here."
		msg.AllowedMentions.Users = []string{sub.UserID}
	} else if channelID, err = b.dmChannel(ctx, sub.UserID); err != nil {
		return "", "", err
	}
	var m *discordgo.Message
	if b.needsLook(slot) {
		if m, err = b.earlierPost(ctx, channelID, sub, slot); err != nil {
			return channelID, "", err
		}
		if m != nil {
			b.log.Info("post of a slot left in flight found; not posting again", "user", sub.UserID, "slot", slot.ID, "message", m.ID)
		}
	}
	if m == nil {
		if m, err = b.createMessage(ctx, channelID, msg); err != nil {
			return channelID, "", err
		}
	}
	if len(private) > 0 {
		slot.ChannelID, slot.MessageID = channelID, m.ID
		b.followUpDM(ctx, slot, sub.GuildID, "notes", strings.Join(private, "\n"))
	}
	return channelID, m.ID, nil
}

// inChannel reports whether sub's workouts are posted in its server
// channel, mentioning the subscriber, rather than sent by DM.
func inChannel(sub plans.Subscription) bool {
	return sub.Delivery == plans.DeliverChannel && sub.GuildID != ""
}

// AddDone adds ✅ to a workout post, so marking it done is one tap.
func (b *Bot) AddDone(ctx context.Context, channelID, messageID string) error {
	if err := b.s.MessageReactionAdd(channelID, messageID, emojiDone, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("add ✅: %w", redact(err))
	}
	return nil
}

// canMoveAtPost reports whether a new post offers "tomorrow instead", by
// the rule the button follows afterwards (postState.canMove).
func (b *Bot) canMoveAtPost(sub plans.Subscription, slot plans.Slot) bool {
	loc, err := plans.LoadZone(sub.Zone)
	if err != nil || len(sub.Days) == 0 {
		return false
	}
	return postState{slot: slot, sub: sub, subscribed: true, loc: loc, now: b.now()}.canMove()
}

// workoutNumber counts the subscriber's workouts that reached them, up to
// and including slot; 0 when it cannot tell.
func (b *Bot) workoutNumber(ctx context.Context, slot plans.Slot) int {
	n, err := b.store.WorkoutNumber(ctx, slot)
	if err != nil {
		b.log.Warn("count workouts", "user", slot.UserID, "err", err)
		return 0
	}
	return n
}

// dmChannel returns the user's DM channel, creating it once: the id is kept
// in the store, so each user costs one Create DM ever.
func (b *Bot) dmChannel(ctx context.Context, userID string) (string, error) {
	id, err := b.store.DMChannel(ctx, userID)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, plans.ErrNotFound) {
		return "", fmt.Errorf("read DM channel: %w", err)
	}
	ch, err := b.s.UserChannelCreate(userID, discordgo.WithContext(ctx))
	if err != nil {
		return "", classify("create DM channel", err)
	}
	if err := b.store.SetDMChannel(ctx, userID, ch.ID); err != nil {
		b.log.Warn("cache DM channel", "user", userID, "err", err)
	}
	return ch.ID, nil
}

func (b *Bot) createMessage(ctx context.Context, channelID string, msg outgoingMessage) (*discordgo.Message, error) {
	endpoint := discordgo.EndpointChannelMessages(channelID)
	body, err := b.s.RequestWithBucketID("POST", endpoint, msg, endpoint, discordgo.WithContext(ctx))
	if err != nil {
		return nil, classify("post message", err)
	}
	var m discordgo.Message
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("post message: decode answer: %w", err)
	}
	return &m, nil
}

// classify wraps err with plans.ErrUndeliverable when Discord's answer means
// no retry can succeed, and redacts tokens from it either way.
func classify(what string, err error) error {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Message != nil {
		switch rest.Message.Code {
		case codeCannotSendToUser, codeUnknownChannel, codeMissingAccess, codeMissingPermissions, codeNoMutualGuild:
			return fmt.Errorf("%s: Discord code %d: %w", what, rest.Message.Code, plans.ErrUndeliverable)
		}
	}
	return fmt.Errorf("%s: %w", what, redact(err))
}
