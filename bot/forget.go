package bot

import (
	"context"
	"errors"
	"net/http"

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
	// Forget queues the messages to delete in the transaction that deletes
	// the user, so a crash before they are gone leaves them queued for the
	// next start, not behind.
	if err := b.store.Forget(ctx, user.ID); err != nil {
		return b.internalError("forget user", err)
	}
	b.charts.forget(user.ID)
	b.log.Info("forgot user", "user", user.ID)
	b.background(b.deleteForgotten)
	return reply{ephemeral: true, update: true, content: "Done — everything about you is deleted, and I'm removing the messages I sent you. Take care of your back!"}
}

// deletionBatch is how many queued deletions are read at a time.
const deletionBatch = 50

// maxDMSweep bounds how many of a DM channel's latest messages a sweep
// reads: years of workouts, several times over.
const maxDMSweep = 5000

// deleteForgotten deletes the Discord messages /forget queued, at low
// priority, behind due workouts; it runs after each /forget and at start.
// A message that is gone, or that Discord will never let the bot delete, is
// done; any other failure leaves the rest queued for the next run.
func (b *Bot) deleteForgotten(ctx context.Context) {
	ctx = lowPriority(ctx)
	b.deleting.do("", func() {
		deleted := 0
		defer func() {
			if deleted > 0 {
				b.log.Info("forget: deleted messages", "deleted", deleted)
			}
		}()
		for ctx.Err() == nil {
			batch, err := b.store.PendingDeletions(ctx, deletionBatch)
			if err != nil {
				b.log.Error("forget: list messages to delete", "err", err)
				return
			}
			if len(batch) == 0 {
				return
			}
			for _, d := range batch {
				n, err := b.deleteQueued(ctx, d)
				deleted += n
				if err != nil {
					if ctx.Err() == nil {
						b.log.Warn("forget: delete messages; left for the next run", "channel", d.ChannelID, "message", d.MessageID, "err", redact(err))
					}
					return
				}
				if err := b.store.DeletionDone(ctx, d.ID); err != nil {
					b.log.Error("forget: record a deletion", "err", err)
					return
				}
			}
		}
	})
}

// deleteQueued deletes one queued message, or sweeps the bot's messages
// from a DM channel, and returns how many it deleted. Its error means "try
// again later": a refusal Discord will repeat forever is logged and done.
func (b *Bot) deleteQueued(ctx context.Context, d plans.Deletion) (int, error) {
	if d.MessageID != "" {
		return b.deleteMessage(ctx, d.ChannelID, d.MessageID)
	}
	deleted, before := 0, ""
	for read := 0; read < maxDMSweep; {
		msgs, err := b.s.ChannelMessages(d.ChannelID, 100, before, "", "", discordgo.WithContext(ctx))
		if err != nil {
			return deleted, b.unlessFinal(err, "list DM messages", d.ChannelID, "")
		}
		for _, msg := range msgs {
			if msg.Author != nil && msg.Author.ID == b.botUserID() {
				n, err := b.deleteMessage(ctx, d.ChannelID, msg.ID)
				deleted += n
				if err != nil {
					return deleted, err
				}
			}
		}
		read += len(msgs)
		if len(msgs) < 100 {
			break
		}
		before = msgs[len(msgs)-1].ID
	}
	return deleted, nil
}

// deleteMessage deletes one message; one already gone counts as done.
func (b *Bot) deleteMessage(ctx context.Context, channelID, messageID string) (int, error) {
	err := b.s.ChannelMessageDelete(channelID, messageID, discordgo.WithContext(ctx))
	if err == nil {
		return 1, nil
	}
	return 0, b.unlessFinal(err, "delete message", channelID, messageID)
}

// unlessFinal returns err unless Discord answered with a 4xx, which asking
// again will not change (the message or channel is gone, or the bot may no
// longer see it); such an answer is logged, unless it is a 404, and nil is
// returned. A 429 never gets here: the session waits and retries those.
func (b *Bot) unlessFinal(err error, what, channelID, messageID string) error {
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Response == nil || rest.Response.StatusCode < 400 || rest.Response.StatusCode >= 500 {
		return err
	}
	if rest.Response.StatusCode != http.StatusNotFound {
		b.log.Warn("forget: "+what+": Discord refuses; giving up on it", "channel", channelID, "message", messageID, "err", redact(err))
	}
	return nil
}
