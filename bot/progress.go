package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

func (b *Bot) progress(ctx context.Context, i *discordgo.Interaction) reply {
	user := userOf(i)
	sub, err := b.store.Subscription(ctx, user.ID)
	subscribed := err == nil
	if err != nil && !errors.Is(err, plans.ErrNotFound) {
		return b.internalError("read subscription", err)
	}
	history, err := b.store.History(ctx, user.ID)
	if err != nil {
		return b.internalError("read history", err)
	}
	if !subscribed && len(history) == 0 {
		return errorReply("Nothing to show yet. `/subscribe` starts your workouts.")
	}
	if !subscribed {
		// Keep showing the record of someone who stopped, counted on the
		// default schedule.
		sub = plans.Subscription{UserID: user.ID, Zone: defaultZone,
			Days: []time.Weekday{time.Monday, time.Wednesday, time.Friday}}
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

// undeliverableNotice tells a subscriber once that their DMs are closed.
// undeliverableNotice tells a subscriber why their workouts stopped. Discord
// refused the post: for a DM subscriber that means their DMs are closed to
// the bot; for a channel subscriber, that the bot can no longer post there.
const undeliverableNotice = "⚠️ I couldn't deliver your last workout: Discord refused it. " +
	"If you get workouts by DM, your DMs are closed to me: allow direct messages from server members (Privacy Settings). " +
	"If you get them in a channel, I can no longer post there. " +
	"Then run `/subscribe` again — or subscribe with the other `where`."

// streakText is the weekly streak in encouraging words: a streak of none is
// what it takes to start one.
func streakText(s plans.Summary) string {
	if s.Streak > 0 {
		return plural(s.Streak, "week")
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
			{Name: "Completed", Value: plural(s.Completed, "workout"), Inline: true},
			{Name: "This week", Value: fmt.Sprintf("%d of %d", s.ThisWeek, s.Target), Inline: true},
			{Name: "Weekly streak", Value: streakText(s), Inline: true},
		},
	}
	if len(s.Current) > 0 {
		var sb strings.Builder
		for _, it := range s.Current {
			fmt.Fprintf(&sb, "**%s**: %s, %s", it.Exercise, it.Name(), it.Prescription())
			if it.Load != "" {
				fmt.Fprintf(&sb, " (%s)", it.Load)
			}
			sb.WriteString("\n")
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

func (b *Bot) tip(ctx context.Context, i *discordgo.Interaction) reply {
	q := strings.TrimSpace(stringOptions(i)[optExercise])
	if q == "" {
		return errorReply("Tell me which exercise, for example `/tip exercise: hip thrust`.")
	}
	a := plans.TipFor(q, b.currentItems(ctx, userOf(i).ID))
	if !a.Answered() {
		return errorReply(fmt.Sprintf("I don't know an exercise called `%s`. Try one of: %s.", quote(q), exerciseNames()))
	}
	// An answer about pain or health is for the asker only; other tips may
	// help the whole channel.
	return reply{content: truncate(a.Text, 2000), ephemeral: a.Private()}
}

// exerciseNames lists the six exercises, not every variation: a short list
// to pick from when a name was not recognised.
func exerciseNames() string {
	var names []string
	for _, l := range plans.Ladders() {
		names = append(names, strings.ToLower(l.Name))
	}
	return strings.Join(names, ", ")
}

func (b *Bot) help(context.Context, *discordgo.Interaction) reply {
	return reply{ephemeral: true, embeds: []*discordgo.MessageEmbed{{
		Title: "glutebot — strong glutes to help support your back",
		Color: embedColor,
		Description: "I post a short glute workout 2–3 times a week, on your days and at your time, " +
			"and make it a little harder as you keep it up.\n\n" + b.helpCommands() +
			"\nOr just DM me (or mention me) with a question, like \"rdl form\".\n\n" +
			"**Where you start:** your level and equipment pick each exercise's first rung — bodyweight moves without " +
			"equipment, dumbbell moves with dumbbells, and for advanced lifters with a gym the barbell back squat, hip thrust " +
			"and glute bridge, trap bar deadlift and barbell RDL. For a first weight, pick one you could lift 3–4 more times " +
			"than asked.\n\n" +
			"**Your settings stick:** " + b.mention(cmdSubscribe) + " with one option (say, `time: 7pm`) changes only that. " +
			"After " + b.mention(cmdUnsubscribe) + ", " + b.mention(cmdSubscribe) + " without options brings your settings back; " +
			b.mention(cmdForget) + " deletes everything.\n\n" +
			"**On each workout:** tap ✅ when it's done. The buttons (or 😅 💪 🤕) tell me it was too hard, too easy or hurt; " +
			"**Form tips** shows how to do that day's moves, and **Tomorrow instead** moves it by a day when tomorrow is free.\n\n" +
			"**How it progresses:** each workout you mark done with ✅ adds reps, then a set, then a harder variation, a " +
			"slower tempo, a pause, a single-leg version, a loaded backpack or more weight (steps in kg and lb, per dumbbell " +
			"or in total). About every sixth week of loaded work is a lighter deload week. React 😅 if it was too hard " +
			"(twice and I take you back a rung) and 🤕 if it hurt (back a rung, never more reps than last time); 💪 tells me " +
			"it was too easy. Miss a couple of weeks and I'll step back a little.\n\n" +
			"**Pain:** mild discomfort that settles within a day is fine; sharp, increasing or spreading pain is not — stop " +
			"that move.\n\n" +
			"**Privacy:** anything about pain or health is only shown to you.\n\n" +
			"**Safety:** " + plans.Disclaimer,
	}}}
}

// helpCommands lists every command with its description, from the same
// definitions Discord shows, so /help cannot fall behind them; each is a
// clickable mention once the commands are registered.
func (b *Bot) helpCommands() string {
	var sb strings.Builder
	for _, c := range Commands() {
		fmt.Fprintf(&sb, "%s — %s\n", b.mention(c.Name), c.Description)
	}
	return sb.String()
}

func truncate(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max-1]) + "…"
}

// plural writes a count with its noun: "1 week", "3 weeks".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
