package bot

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

// maxChoices is Discord's limit on autocomplete answers.
const maxChoices = 25

func (b *Bot) autocomplete(i *discordgo.Interaction) {
	var choices []*discordgo.ApplicationCommandOptionChoice // none while the user is over the limit
	if ok, _ := b.fair.allow(userIDOf(i), familyTyping); ok {
		choices = autocompleteChoices(i.ApplicationCommandData(), i.Locale, b.now())
	}
	ctx, cancel := context.WithTimeout(b.ctx, 3*time.Second)
	defer cancel()
	err := b.respondInteraction(ctx, i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	})
	if err != nil {
		b.log.Warn("answer autocomplete", "err", redact(err))
	}
}

// autocompleteChoices are the choices offered for the option the user is
// typing in; locale (the user's client language) and now help with time
// zones.
func autocompleteChoices(d discordgo.ApplicationCommandInteractionData, locale discordgo.Locale, now time.Time) []*discordgo.ApplicationCommandOptionChoice {
	var focused *discordgo.ApplicationCommandInteractionDataOption
	opts := d.Options
	if len(opts) == 1 && opts[0] != nil && opts[0].Type == discordgo.ApplicationCommandOptionSubCommand {
		opts = opts[0].Options // the option being typed is the subcommand's
	}
	for _, o := range opts {
		if o != nil && o.Focused {
			focused = o
		}
	}
	if focused == nil {
		return nil
	}
	typed, _ := focused.Value.(string)
	switch focused.Name {
	case optTimezone:
		return zoneChoices(typed, locale, now)
	case optExercise:
		return exerciseChoices(typed)
	}
	return nil
}

// fold lowercases and drops the separators people type differently, so
// "new york", "New_York" and "newyork" all match.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '_', '-', '/', '.', ',':
			return -1
		}
		return r
	}, strings.ToLower(s))
}

// match ranks how well typed fits candidate: 0 is a prefix match, 1 a match
// inside, -1 none. An empty query matches everything.
func match(typed, candidate string) int {
	t, c := fold(typed), fold(candidate)
	switch {
	case strings.HasPrefix(c, t):
		return 0
	case strings.Contains(c, t):
		return 1
	}
	return -1
}

type ranked struct {
	rank  int
	name  string
	value string
}

func best(rs []ranked) []*discordgo.ApplicationCommandOptionChoice {
	sort.SliceStable(rs, func(a, b int) bool { return rs[a].rank < rs[b].rank })
	seen := map[string]bool{}
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, r := range rs {
		if seen[r.value] || len(out) == maxChoices {
			continue
		}
		seen[r.value] = true
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: r.name, Value: r.value})
	}
	return out
}

func exerciseChoices(typed string) []*discordgo.ApplicationCommandOptionChoice {
	var rs []ranked
	for _, e := range plans.Exercises() {
		for _, name := range append([]string{e.Name}, e.Aliases...) {
			if r := match(typed, name); r >= 0 {
				rs = append(rs, ranked{r, truncate(name, 100), truncate(name, 100)})
			}
		}
	}
	return best(rs)
}
