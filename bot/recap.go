package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

// optRecap is /subscribe's option for the weekly recap: the day it comes,
// or off.
const (
	optRecap = "recap"
	recapOff = "off"
)

// recapOption is /subscribe's recap option. Leaving it out keeps what the
// user had (Sundays for a new subscriber).
func recapOption() *discordgo.ApplicationCommandOption {
	o := &discordgo.ApplicationCommandOption{
		Type:        discordgo.ApplicationCommandOptionString,
		Name:        optRecap,
		Description: "Weekly recap by DM at 18:00 on this day, or off (default sunday)",
	}
	o.Choices = append(weekdayChoices(), &discordgo.ApplicationCommandOptionChoice{Name: recapOff, Value: recapOff})
	return o
}

// parseRecap reads the recap option: the day, or on false for "off"; ok
// is false when v is neither.
func parseRecap(v string) (day time.Weekday, on, ok bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == recapOff {
		return 0, false, true
	}
	day, err := plans.ParseWeekday(v)
	return day, err == nil, err == nil
}

// recapName names a recap setting in a list of changes: "Sundays" or "off".
func recapName(day time.Weekday, on bool) string {
	if !on {
		return recapOff
	}
	return day.String() + "s"
}

// recapText describes the recap setting for the /subscribe confirmation.
func recapText(day time.Weekday, on bool) string {
	if !on {
		return "Weekly recap: off."
	}
	return fmt.Sprintf("Weekly recap: %ss at %s, by DM.", day, plans.RecapTime())
}

// SendRecap sends the review of the subscriber's week by DM: one request
// once the DM channel is known.
func (b *Bot) SendRecap(ctx context.Context, sub plans.Subscription, r plans.Review) error {
	channelID, err := b.dmChannel(ctx, sub.UserID)
	if err != nil {
		return err
	}
	_, err = b.createMessage(ctx, channelID, outgoingMessage{
		Embeds:          []*discordgo.MessageEmbed{recapEmbed(r)},
		AllowedMentions: &discordgo.MessageAllowedMentions{},
	})
	return err
}

func recapEmbed(r plans.Review) *discordgo.MessageEmbed {
	result := fmt.Sprintf("%d of %d workouts", r.Done, r.Target)
	switch {
	case r.Target > 0 && r.Done >= r.Target:
		result += " — target reached, well done!"
	case r.Done > 0:
		result += " — every one counts."
	default:
		result += " — a fresh start next week."
	}
	var next strings.Builder
	for _, c := range r.Changes {
		fmt.Fprintf(&next, "**%s**: %s → %s", c.To.Exercise, itemText(c.From), itemText(c.To))
		switch c.Change {
		case plans.SteppedBack:
			fmt.Fprintf(&next, " (eased off: %s)", c.Reason)
		case plans.Held:
			if c.Reason != "" {
				fmt.Fprintf(&next, " (%s)", c.Reason)
			}
		}
		next.WriteString("\n")
	}
	if r.Deload {
		next.WriteString("Next week is a lighter deload week: same exercises, less volume, so your body can catch up.\n")
	}
	if next.Len() == 0 {
		next.WriteString("Same plan next week. Each workout you mark ✅ moves you a step up.")
	}
	e := &discordgo.MessageEmbed{
		Title: "Your week in glutes",
		Color: embedColor,
		Fields: []*discordgo.MessageEmbedField{
			{Name: "This week", Value: result},
			{Name: "Weekly streak", Value: plans.Plural(r.Streak, "week"), Inline: true},
			{Name: "All time", Value: plans.Plural(r.Completed, "workout"), Inline: true},
			{Name: "Next week", Value: truncate(strings.TrimSpace(next.String()), 1024)},
		},
		Footer: &discordgo.MessageEmbedFooter{Text: "/subscribe recap: off stops these recaps"},
	}
	if r.SafetyFlag {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Take care",
			Value: "You told me about pain or sessions that were too hard, so the plan has eased off. " + plans.Disclaimer})
	}
	return e
}
