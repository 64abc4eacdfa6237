package bot

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

func (b *Bot) progress(ctx context.Context, i *discordgo.Interaction) reply {
	user := userOf(i)
	sub, subscribed, err := b.settings(ctx, user.ID)
	if err != nil {
		return b.internalError("read subscription", err)
	}
	history, err := b.store.History(ctx, user.ID)
	if err != nil {
		return b.internalError("read history", err)
	}
	if !subscribed && len(history) == 0 {
		return errorReply("Nothing to show yet. `/subscribe` starts your workouts.")
	}
	sum := plans.Summarize(history, sub, b.now())
	embed := progressEmbed(sum, subscribed)
	r := reply{ephemeral: true, embeds: []*discordgo.MessageEmbed{embed}}
	if png, err := b.charts.chart(user.ID, sum.Weekly, sum.Target); err != nil {
		b.log.Warn("draw progress chart", "err", err) // the numbers stand without it
	} else {
		embed.Image = &discordgo.MessageEmbedImage{URL: "attachment://progress.png"}
		r.files = []*discordgo.File{{Name: "progress.png", ContentType: "image/png", Reader: bytes.NewReader(png)}}
	}
	return r
}

// streakText is the weekly streak in encouraging words: a streak of none is
// what it takes to start one.
func streakText(s plans.Summary) string {
	if s.Streak > 0 {
		return plans.Plural(s.Streak, "week")
	}
	if left := s.Target - s.ThisWeek; left > 0 {
		return fmt.Sprintf("%d more this week starts one", left)
	}
	return "starts this week"
}

func progressEmbed(s plans.Summary, subscribed bool) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{
		Title: "Your progress",
		Color: embedColor,
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Completed", Value: plans.Plural(s.Completed, "workout"), Inline: true},
			{Name: "This week", Value: fmt.Sprintf("%d of %d", s.ThisWeek, s.Target), Inline: true},
			{Name: "Weekly streak", Value: streakText(s), Inline: true},
		},
	}
	if len(s.Current) > 0 {
		var sb strings.Builder
		for _, it := range s.Current {
			fmt.Fprintf(&sb, "**%s**: %s\n", it.Exercise, itemText(it))
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Where you are", Value: truncate(sb.String(), 1024)})
	}
	if s.SafetyFlag {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Take care",
			Value: "You've told me about pain or sessions that were too hard, so I've eased off. " + plans.Disclaimer})
	}
	if !subscribed {
		e.Footer = &discordgo.MessageEmbedFooter{Text: "You're not subscribed right now — /subscribe to carry on."}
	}
	return e
}
