package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

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
	return reply{content: truncate(a.Text+b.pauseHint(ctx, userOf(i).ID, a), 2000), ephemeral: a.Private()}
}

// pauseHint follows an answer that tells a subscriber to stop, or to get
// cleared before they carry on: their workouts keep coming on their days
// until they pause them, so say how. "" for anyone else.
func (b *Bot) pauseHint(ctx context.Context, userID string, a plans.Answer) string {
	if !a.RedFlag && !a.Clearance {
		return ""
	}
	sub, err := b.store.Subscription(ctx, userID)
	if err != nil || sub.PausedUntil.After(b.now()) {
		return ""
	}
	return "\n\nYour workouts keep coming on your days until you stop them: " + b.mention(cmdPause) +
		" gives you up to 8 weeks off while you get checked, and " + b.mention(cmdResume) + " brings them back."
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

// currentItems is where a subscriber stands in each exercise, so a tip about
// an exercise can answer for their current variation; nil without a plan.
func (b *Bot) currentItems(ctx context.Context, userID string) []plans.Item {
	sub, err := b.store.Subscription(ctx, userID)
	if err != nil {
		if !errors.Is(err, plans.ErrNotFound) {
			b.log.Warn("read subscription for a tip", "err", err)
		}
		return nil
	}
	history, err := b.store.History(ctx, userID)
	if err != nil {
		b.log.Warn("read history for a tip", "err", err)
		return nil
	}
	return plans.Summarize(history, sub, b.now()).Current
}
