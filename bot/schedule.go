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

// notSubscribed answers a command that needs a subscription.
const notSubscribed = "You're not subscribed. `/subscribe` starts your workouts."

// subscription loads the user's subscription and its zone, or says how to
// get one.
func (b *Bot) subscription(ctx context.Context, userID string) (plans.Subscription, *time.Location, *reply) {
	sub, err := b.store.Subscription(ctx, userID)
	if errors.Is(err, plans.ErrNotFound) {
		r := errorReply(notSubscribed)
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

// settings are the user's settings: the subscription, else the settings
// /unsubscribe kept, else the defaults; subscribed says which. Records of
// someone who stopped keep being counted on their own schedule.
func (b *Bot) settings(ctx context.Context, userID string) (sub plans.Subscription, subscribed bool, err error) {
	sub, err = b.store.Subscription(ctx, userID)
	if err == nil || !errors.Is(err, plans.ErrNotFound) {
		return sub, err == nil, err
	}
	sub, err = b.store.LastSettings(ctx, userID)
	if errors.Is(err, plans.ErrNotFound) {
		return plans.DefaultSubscription(userID), false, nil
	}
	return sub, false, err
}

// workoutAhead is one of a user's next workouts.
type workoutAhead struct {
	at    time.Time
	moved bool // moved there with "Tomorrow instead": posted already, waiting for its ✅
}

// upcoming lists the user's next n workouts after now: the scheduled ones
// past any pause, leaving out days that have a workout already (posted
// earlier in the day, early with /workout, or moved there), and the
// workouts moved to a later day and not done yet.
func (b *Bot) upcoming(ctx context.Context, sub plans.Subscription, loc *time.Location, now time.Time, n int) ([]workoutAhead, error) {
	slots, err := b.store.UserSlots(ctx, sub.UserID)
	if err != nil {
		return nil, fmt.Errorf("read workouts: %w", err)
	}
	taken := map[string]bool{}
	var out []workoutAhead
	for _, s := range slots {
		taken[s.LocalDate] = true
		if !s.Due.After(now) || s.MessageID == "" {
			continue
		}
		moved, err := b.store.SlotMoved(ctx, s.ID)
		if err != nil {
			return nil, fmt.Errorf("read move: %w", err)
		}
		if !moved {
			continue // posted early with /workout: its day is taken, nothing more
		}
		kinds, err := b.store.SlotKinds(ctx, s.ID)
		if err != nil {
			return nil, fmt.Errorf("read workout: %w", err)
		}
		if !slices.Contains(kinds, plans.Done) {
			out = append(out, workoutAhead{at: s.Due, moved: true})
		}
	}
	t := now
	if sub.PausedUntil.After(t) {
		t = sub.PausedUntil
	}
	for scheduled := 0; scheduled < n; {
		t = plans.NextDue(sub.Days, sub.TimeOfDay, loc, t)
		if !taken[plans.LocalDate(t, loc)] {
			out = append(out, workoutAhead{at: t})
			scheduled++
		}
	}
	slices.SortStableFunc(out, func(a, b workoutAhead) int { return a.at.Compare(b.at) })
	return out[:n], nil
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
	next, err := b.upcoming(ctx, sub, loc, now, 3)
	if err != nil {
		return b.internalError("list next workouts", err)
	}
	sb.WriteString("Next workouts:\n")
	for _, n := range next {
		fmt.Fprintf(&sb, "• %s (%s)", discordTime(n.at, "F"), discordTime(n.at, "R"))
		if n.moved {
			sb.WriteString(" — moved here; its post is waiting for your ✅")
		}
		sb.WriteString("\n")
	}
	return reply{ephemeral: true, content: sb.String()}
}
