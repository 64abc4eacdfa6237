package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
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
	// A workout moved to another day with "Tomorrow instead" is one of the
	// next ones too, though it was posted already.
	type next struct {
		at    time.Time
		moved bool
	}
	var list []next
	for _, t := range upcoming(sub, loc, now, 3) {
		list = append(list, next{at: t})
	}
	slots, err := b.store.UserSlots(ctx, sub.UserID)
	if err != nil {
		return b.internalError("read workouts", err)
	}
	for _, s := range slots {
		if !s.Due.After(now) || s.MessageID == "" {
			continue
		}
		moved, err := b.store.SlotMoved(ctx, s.ID)
		if err != nil {
			return b.internalError("read move", err)
		}
		kinds, err := b.store.SlotKinds(ctx, s.ID)
		if err != nil {
			return b.internalError("read workout", err)
		}
		if moved && !slices.Contains(kinds, plans.Done) {
			list = append(list, next{at: s.Due, moved: true})
		}
	}
	slices.SortStableFunc(list, func(a, b next) int { return a.at.Compare(b.at) })
	sb.WriteString("Next workouts:\n")
	for _, n := range list[:3] {
		fmt.Fprintf(&sb, "• %s (%s)", discordTime(n.at, "F"), discordTime(n.at, "R"))
		if n.moved {
			sb.WriteString(" — moved here; its post is waiting for your ✅")
		}
		sb.WriteString("\n")
	}
	return reply{ephemeral: true, content: sb.String()}
}
