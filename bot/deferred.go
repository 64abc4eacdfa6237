package bot

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

// answersInPrivate predicts, before the handler runs, whether its answer
// will be private, so that a deferral has the answer's visibility. Every
// command answers privately but /tip with an exercise it knows and no talk
// of pain; finishDeferred copes with a wrong guess.
func answersInPrivate(i *discordgo.Interaction) bool {
	if i.Type != discordgo.InteractionApplicationCommand || i.ApplicationCommandData().Name != cmdTip {
		return true
	}
	q := strings.TrimSpace(stringOptions(i)[optExercise])
	a := plans.Tip(q)
	return q == "" || !a.Found || a.Private()
}

// finishDeferred delivers r after i was deferred, where its visibility can
// no longer change:
//   - a button's answer that replaces its message edits that message; any
//     other (an error, a new message) is a follow-up, private if r is, so
//     the prompt with its buttons stays as it was;
//   - a command's answer edits the deferral when they agree on visibility;
//     otherwise the deferral is deleted and r sent as a follow-up with its
//     own visibility, so a private answer is never shown in public and a
//     public one not hidden.
func (b *Bot) finishDeferred(ctx context.Context, i *discordgo.Interaction, r reply, private bool) {
	if i.Type == discordgo.InteractionMessageComponent {
		if r.update {
			b.editDeferred(ctx, i, r)
			return
		}
		b.sendFollowUp(ctx, i, r)
		return
	}
	if r.ephemeral == private {
		b.editDeferred(ctx, i, r)
		return
	}
	if err := b.deleteInteractionResponse(ctx, i); err != nil {
		b.log.Warn("delete deferral of other visibility", "interaction", i.ID, "err", redact(err))
		if !r.ephemeral {
			// The private deferral stays: say it there rather than nowhere.
			b.editDeferred(ctx, i, r)
			return
		}
		// A private answer never goes into a public message.
	}
	b.sendFollowUp(ctx, i, r)
}

func (b *Bot) editDeferred(ctx context.Context, i *discordgo.Interaction, r reply) {
	edit := &discordgo.WebhookEdit{Content: &r.content, Components: &r.components, Files: r.files,
		AllowedMentions: &discordgo.MessageAllowedMentions{}} // as send: an answer pings no one
	if r.embeds != nil || !r.update {
		// An update without embeds (a workout post's status line) keeps the
		// message's own.
		edit.Embeds = &r.embeds
	}
	if r.update && r.components == nil {
		edit.Components = &[]discordgo.MessageComponent{} // clear the buttons
	}
	if err := b.editInteractionResponse(ctx, i, edit); err != nil {
		b.log.Warn("edit deferred answer", "interaction", i.ID, "err", redact(err))
	}
}

func (b *Bot) sendFollowUp(ctx context.Context, i *discordgo.Interaction, r reply) {
	msg := &discordgo.WebhookParams{Content: r.content, Embeds: r.embeds, Components: r.components, Files: r.files,
		AllowedMentions: &discordgo.MessageAllowedMentions{}}
	if r.ephemeral {
		msg.Flags = discordgo.MessageFlagsEphemeral
	}
	if err := b.followUp(ctx, i, msg); err != nil {
		b.log.Warn("send follow-up answer", "interaction", i.ID, "err", redact(err))
	}
}
