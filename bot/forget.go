package bot

import (
	"context"
	"errors"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

const (
	forgetConfirm = "forget:yes"
	forgetCancel  = "forget:no"
)

func (b *Bot) forget(context.Context, *discordgo.Interaction) reply {
	return reply{
		ephemeral: true,
		content:   "This deletes **everything** glutebot knows about you: your schedule and settings, every workout and every ✅, and the messages I sent you. It can't be undone.",
		components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Delete my data", Style: discordgo.DangerButton, CustomID: forgetConfirm},
			discordgo.Button{Label: "Keep it", Style: discordgo.SecondaryButton, CustomID: forgetCancel},
		}}},
	}
}

func (b *Bot) forgetNow(ctx context.Context, i *discordgo.Interaction) reply {
	user := userOf(i)
	posts, err := b.sentMessages(ctx, user.ID)
	if err != nil {
		return b.internalError("list messages to delete", err)
	}
	if err := b.store.Forget(ctx, user.ID); err != nil {
		return b.internalError("forget user", err)
	}
	b.charts.forget(user.ID)
	b.log.Info("forgot user", "user", user.ID)
	b.background(func(ctx context.Context) { b.deleteMessages(ctx, user.ID, posts) })
	return reply{ephemeral: true, update: true, content: "Done — everything about you is deleted, and I'm removing the messages I sent you. Take care of your back!"}
}

// sentMessages lists what /forget removes from Discord besides the
// database: the user's workout posts, and their DM channel, where the rest
// of what the bot wrote them is.
type sentMessages struct {
	dmChannel string
	posts     []plans.Slot
}

func (b *Bot) sentMessages(ctx context.Context, userID string) (sentMessages, error) {
	var out sentMessages
	dm, err := b.store.DMChannel(ctx, userID)
	switch {
	case err == nil:
		out.dmChannel = dm
	case !errors.Is(err, plans.ErrNotFound):
		return out, err
	}
	slots, err := b.store.UserSlots(ctx, userID)
	if err != nil {
		return out, err
	}
	for _, s := range slots {
		if s.MessageID != "" && s.ChannelID != "" && s.ChannelID != out.dmChannel {
			out.posts = append(out.posts, s)
		}
	}
	return out, nil
}

// maxDMSweep bounds how many of the DM channel's latest messages /forget
// reads: years of workouts, several times over.
const maxDMSweep = 5000

// deleteMessages deletes the workout posts in channels and every message
// the bot wrote in the user's DM channel. A message that is gone already is
// no error; others are logged, and the rest go on.
func (b *Bot) deleteMessages(ctx context.Context, userID string, m sentMessages) {
	deleted := 0
	del := func(channelID, messageID string) {
		err := b.s.ChannelMessageDelete(channelID, messageID, discordgo.WithContext(ctx))
		var rest *discordgo.RESTError
		switch {
		case err == nil:
			deleted++
		case errors.As(err, &rest) && rest.Response != nil && rest.Response.StatusCode == 404:
		default:
			b.log.Warn("forget: delete message", "user", userID, "channel", channelID, "message", messageID, "err", redact(err))
		}
	}
	for _, s := range m.posts {
		if ctx.Err() != nil {
			return
		}
		del(s.ChannelID, s.MessageID)
	}
	if m.dmChannel != "" {
		before := ""
		for read := 0; read < maxDMSweep && ctx.Err() == nil; {
			msgs, err := b.s.ChannelMessages(m.dmChannel, 100, before, "", "", discordgo.WithContext(ctx))
			if err != nil {
				b.log.Warn("forget: list DM messages", "user", userID, "err", redact(err))
				break
			}
			for _, msg := range msgs {
				if msg.Author != nil && msg.Author.ID == b.botUserID() {
					del(m.dmChannel, msg.ID)
				}
			}
			read += len(msgs)
			if len(msgs) < 100 {
				break
			}
			before = msgs[len(msgs)-1].ID
		}
	}
	b.log.Info("forget: deleted messages", "user", userID, "deleted", deleted)
}
