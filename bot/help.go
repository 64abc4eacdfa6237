package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

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
