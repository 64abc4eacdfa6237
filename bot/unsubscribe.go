package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

func (b *Bot) unsubscribe(ctx context.Context, i *discordgo.Interaction) reply {
	user := userOf(i)
	err := b.store.DeleteSubscription(ctx, user.ID)
	switch {
	case errors.Is(err, plans.ErrNotFound):
		return errorReply(notSubscribed)
	case err != nil:
		return b.internalError("delete subscription", err)
	}
	b.log.Info("unsubscribed", "user", user.ID)
	return reply{ephemeral: true, content: "Done — no more workouts. Your history and settings are kept: " +
		b.mention(cmdSubscribe) + " without options picks up where you left off, and " + b.mention(cmdForget) + " deletes everything."}
}

func (b *Bot) pause(ctx context.Context, i *discordgo.Interaction) reply {
	weeks, given := 1, false
	for _, o := range i.ApplicationCommandData().Options {
		if o.Name == optWeeks {
			v, ok := o.Value.(float64)
			if !ok || v != float64(int(v)) || v < 1 || v > 8 {
				return errorReply("**weeks** must be a whole number from 1 to 8, for example `2`.")
			}
			weeks, given = int(v), true
		}
	}
	user := userOf(i)
	sub, loc, r := b.subscription(ctx, user.ID)
	if r != nil {
		return *r
	}
	now := b.now()
	if !given && sub.PausedUntil.After(now) {
		// A pause the user set stays as it is unless they say how long
		// the new one is: the default week would cut a longer one short.
		return reply{ephemeral: true, content: fmt.Sprintf("You're already paused until %s; your next workout is %s. "+
			"Give **weeks** to set a new length from today, or %s to start sooner.",
			discordTime(sub.PausedUntil, "D"), discordTime(sub.NextDue, "F"), b.mention(cmdResume))}
	}
	until := now.AddDate(0, 0, 7*weeks)
	next := plans.NextDue(sub.Days, sub.TimeOfDay, loc, until)
	if err := b.store.SetPaused(ctx, user.ID, until, next); err != nil {
		return b.internalError("pause", err)
	}
	return reply{ephemeral: true, content: fmt.Sprintf("Paused for %s. Your next workout: %s. Enjoy the break — `/resume` to start sooner.",
		plans.Plural(weeks, "week"), discordTime(next, "F"))}
}

func (b *Bot) resume(ctx context.Context, i *discordgo.Interaction) reply {
	user := userOf(i)
	sub, loc, r := b.subscription(ctx, user.ID)
	if r != nil {
		return *r
	}
	now := b.now()
	if !sub.PausedUntil.After(now) {
		return errorReply("You're not paused. `/schedule` shows your next workouts.")
	}
	next := plans.NextDue(sub.Days, sub.TimeOfDay, loc, now)
	if err := b.store.SetPaused(ctx, user.ID, time.Time{}, next); err != nil {
		return b.internalError("resume", err)
	}
	sub.PausedUntil = time.Time{}
	ahead, err := b.upcoming(ctx, sub, loc, now, 1)
	if err != nil {
		return b.internalError("list next workouts", err)
	}
	return reply{ephemeral: true, content: "Welcome back! Your next workout: " + discordTime(ahead[0].at, "F") + "."}
}
