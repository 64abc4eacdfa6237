package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

// deliverHere is the custom id of the button that switches a subscriber
// whose DMs are closed to workouts in the channel they subscribed from.
const deliverHere = "sub:here"

// welcome sends the short welcome DM of a new subscription. That is also
// how a closed DM shows up at once, in the same answer, instead of at the
// first workout: r then says so, how to open DMs and, in a server that added
// the bot, offers channel delivery.
func (b *Bot) welcome(ctx context.Context, i *discordgo.Interaction, sub plans.Subscription, back bool, r *reply) {
	hello := "👋 Welcome to glutebot!"
	if back {
		hello = "👋 Welcome back to glutebot!"
	}
	where := "here"
	if sub.Delivery == plans.DeliverChannel {
		where = "in <#" + sub.ChannelID + ">, mentioning you"
	}
	text := fmt.Sprintf("%s Your workouts come %s: %s.\n"+
		"React ✅ on a workout when you've done it; its buttons tell me if it was too hard or too easy, or hurt. "+
		"Ask me about form any time — just write to me here. %s shows everything.",
		hello, where, scheduleText(choiceOf(sub)), b.mention(cmdHelp))
	err := b.sendDM(ctx, sub.UserID, text)
	if err == nil {
		return
	}
	if !errors.Is(err, plans.ErrUndeliverable) {
		// Not a refusal (a timeout, an outage): the first workout will try
		// again and say so if Discord refuses.
		b.log.Warn("welcome DM", "user", sub.UserID, "err", err)
		return
	}
	b.log.Info("welcome DM refused", "user", sub.UserID)
	r.content += "\n\n⚠️ **I couldn't send you a DM** — Discord refused it, so your DMs are closed to me. " +
		"To open them: in the server's menu choose **Privacy Settings** and turn on **Direct Messages** " +
		"(or in User Settings → Privacy & Safety, allow DMs from server members), then run " + b.mention(cmdSubscribe) + " again."
	switch {
	case sub.Delivery == plans.DeliverChannel:
		r.content += " Your workouts still come in the channel, but private notes (about pain) need your DMs."
	case placeOf(i).here == hereIsChannel:
		r.content += " Or get your workouts in this channel instead, mentioning you:"
		r.components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Post them here instead", Style: discordgo.PrimaryButton, CustomID: deliverHere},
		}}}
	}
}

// deliverHere switches the presser's workouts to the channel the button is
// in, keeping every other setting.
func (b *Bot) deliverHere(ctx context.Context, i *discordgo.Interaction) reply {
	if placeOf(i).here != hereIsChannel {
		return errorReply("I can't post in this chat. Open your DMs and run " + b.mention(cmdSubscribe) + " again.")
	}
	sub, _, r := b.subscription(ctx, userOf(i).ID)
	if r != nil {
		return *r
	}
	sub.Delivery, sub.GuildID, sub.ChannelID = plans.DeliverChannel, i.GuildID, i.ChannelID
	if err := b.store.PutSubscription(ctx, sub); err != nil {
		return b.internalError("store subscription", err)
	}
	return reply{ephemeral: true, update: true,
		content: "Done — your workouts will be posted in this channel, mentioning you. Your schedule: " + scheduleText(choiceOf(sub)) + "."}
}

// sendDM sends a plain message to the user's DMs. The error wraps
// plans.ErrUndeliverable when Discord refuses it.
func (b *Bot) sendDM(ctx context.Context, userID, text string) error {
	ch, err := b.dmChannel(ctx, userID)
	if err != nil {
		return err
	}
	_, err = b.createMessage(ctx, ch, outgoingMessage{Content: truncate(text, 2000), AllowedMentions: &discordgo.MessageAllowedMentions{}})
	return err
}

// learnDMChannel keeps the channel of an interaction in the bot's DM as the
// user's DM channel, so posting there later needs no Create DM.
func (b *Bot) learnDMChannel(ctx context.Context, i *discordgo.Interaction) {
	if i.GuildID != "" || i.Context == discordgo.InteractionContextPrivateChannel || i.ChannelID == "" {
		return
	}
	if user := userOf(i); user != nil {
		b.keepDMChannel(ctx, user.ID, i.ChannelID)
	}
}

// keepDMChannel records channelID as the user's DM channel unless it is
// already.
func (b *Bot) keepDMChannel(ctx context.Context, userID, channelID string) {
	if id, err := b.store.DMChannel(ctx, userID); err == nil && id == channelID || err != nil && !errors.Is(err, plans.ErrNotFound) {
		return
	}
	if err := b.store.SetDMChannel(ctx, userID, channelID); err != nil {
		b.log.Warn("keep DM channel", "user", userID, "err", err)
	}
}

// mention is a clickable mention of a registered command, "</name:id>", or
// "`/name`" before the commands are registered.
func (b *Bot) mention(name string) string {
	if ids := b.commandIDs.Load(); ids != nil {
		if id := (*ids)[name]; id != "" {
			return "</" + name + ":" + id + ">"
		}
	}
	return "`/" + name + "`"
}
