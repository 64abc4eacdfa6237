package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

// NowPoster posts a subscriber's workout on request; the scheduler
// implements it, so a workout has one path to Discord.
type NowPoster interface {
	// PostNow posts the user's workout of today, or their next one early.
	// posted is false when it was already handled; slot says how. The
	// error wraps plans.ErrNotFound without a subscription and
	// plans.ErrUndeliverable when Discord refused the post.
	PostNow(ctx context.Context, userID string) (slot plans.Slot, posted bool, err error)
}

// SetNowPoster sets what /workout posts through. Call it before Open.
func (b *Bot) SetNowPoster(p NowPoster) { b.nowPoster = p }

// workoutNow posts today's workout at once, or the next one marked early.
func (b *Bot) workoutNow(ctx context.Context, i *discordgo.Interaction) reply {
	user := userOf(i)
	if b.nowPoster == nil {
		return b.internalError("post workout", errors.New("no scheduler to post through"))
	}
	slot, posted, err := b.nowPoster.PostNow(ctx, user.ID)
	switch {
	case errors.Is(err, plans.ErrNotFound):
		return errorReply(notSubscribed)
	case errors.Is(err, plans.ErrUndeliverable):
		return errorReply(undeliverableNotice)
	case err != nil:
		return b.internalError("post workout", err)
	}
	guildID := "" // a DM's link
	if sub, err := b.store.Subscription(ctx, user.ID); err == nil && sub.Delivery == plans.DeliverChannel {
		guildID = sub.GuildID
	}
	if !posted {
		if slot.MessageID != "" {
			return errorReply(fmt.Sprintf("That workout is already posted: %s", messageLink(guildID, slot)))
		}
		return errorReply("That workout was already handled. `/schedule` shows your next ones.")
	}
	what := "Today's workout"
	if slot.Early {
		what = "Your next workout (early)"
	}
	return reply{ephemeral: true, content: what + " is here: " + messageLink(guildID, slot) + ". React ✅ when you're done."}
}

func messageLink(guildID string, s plans.Slot) string {
	g := guildID
	if g == "" {
		g = "@me"
	}
	return fmt.Sprintf("https://discord.com/channels/%s/%s/%s", g, s.ChannelID, s.MessageID)
}
