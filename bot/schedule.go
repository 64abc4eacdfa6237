package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

// subscription loads the user's subscription and its zone, or says how to
// get one.
func (b *Bot) subscription(ctx context.Context, userID string) (plans.Subscription, *time.Location, *reply) {
	sub, err := b.store.Subscription(ctx, userID)
	if errors.Is(err, plans.ErrNotFound) {
		r := errorReply("You're not subscribed. `/subscribe` starts your workouts.")
		return sub, nil, &r
	}
	if err != nil {
		r := b.internalError("read subscription", err)
		return sub, nil, &r
	}
	loc, err := plans.LoadZone(sub.Zone)
	if err != nil {
		r := b.internalError("load stored zone", err)
		return sub, nil, &r
	}
	return sub, loc, nil
}

// upcoming lists the next n scheduled workouts after now, past any pause.
func upcoming(sub plans.Subscription, loc *time.Location, now time.Time, n int) []time.Time {
	t := now
	if sub.PausedUntil.After(t) {
		t = sub.PausedUntil
	}
	out := make([]time.Time, 0, n)
	for len(out) < n {
		t = plans.NextDue(sub.Days, sub.TimeOfDay, loc, t)
		out = append(out, t)
	}
	return out
}

func (b *Bot) schedule(ctx context.Context, i *discordgo.Interaction) reply {
	sub, loc, r := b.subscription(ctx, userOf(i).ID)
	if r != nil {
		return *r
	}
	now := b.now()
	var sb strings.Builder
	fmt.Fprintf(&sb, "**%s at %s** (%s)\n", dayList(sub.Days), sub.TimeOfDay, sub.Zone)
	if sub.PausedUntil.After(now) {
		fmt.Fprintf(&sb, "Paused until %s — `/resume` to start again sooner.\n", discordTime(sub.PausedUntil, "D"))
	}
	if sub.Undeliverable {
		sb.WriteString("⚠️ Paused: I couldn't reach you by DM. Open your DMs and run `/subscribe` again.\n")
	}
	sb.WriteString("Next workouts:\n")
	for _, t := range upcoming(sub, loc, now, 3) {
		fmt.Fprintf(&sb, "• %s (%s)\n", discordTime(t, "F"), discordTime(t, "R"))
	}
	return reply{ephemeral: true, content: sb.String()}
}
