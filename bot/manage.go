package bot

import (
	"context"
	"encoding/json"
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
		t = plans.NextDue(sub.Days, sub.Clock, loc, t)
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
	fmt.Fprintf(&sb, "**%s at %s** (%s)\n", dayList(sub.Days), sub.Clock, sub.Zone)
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

func (b *Bot) pause(ctx context.Context, i *discordgo.Interaction) reply {
	weeks := 1
	for _, o := range i.ApplicationCommandData().Options {
		if o.Name == optWeeks {
			v, ok := o.Value.(float64)
			if !ok || v != float64(int(v)) || v < 1 || v > 8 {
				return errorReply("**weeks** must be a whole number from 1 to 8, for example `2`.")
			}
			weeks = int(v)
		}
	}
	user := userOf(i)
	sub, loc, r := b.subscription(ctx, user.ID)
	if r != nil {
		return *r
	}
	until := b.now().AddDate(0, 0, 7*weeks)
	next := plans.NextDue(sub.Days, sub.Clock, loc, until)
	if err := b.store.SetPaused(ctx, user.ID, until, next); err != nil {
		return b.internalError("pause", err)
	}
	return reply{ephemeral: true, content: fmt.Sprintf("Paused for %s. Your next workout: %s. Enjoy the break — `/resume` to start sooner.",
		plural(weeks, "week"), discordTime(next, "F"))}
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
	next := plans.NextDue(sub.Days, sub.Clock, loc, now)
	if err := b.store.SetPaused(ctx, user.ID, time.Time{}, next); err != nil {
		return b.internalError("resume", err)
	}
	return reply{ephemeral: true, content: "Welcome back! Your next workout: " + discordTime(next, "F") + "."}
}

// NowPoster posts a subscriber's workout on request; the scheduler
// implements it, so a workout has one path to Discord.
type NowPoster interface {
	// PostNow posts the user's workout of today, or their next one early.
	// posted is false when it was already handled; slot says how. The
	// error wraps plans.ErrNotFound without a subscription and
	// plans.ErrUndeliverable when Discord refused the post.
	PostNow(ctx context.Context, userID string) (slot plans.Slot, posted bool, err error)
}

// SetNowPoster sets what /workout posts through. Call it before Open.
func (b *Bot) SetNowPoster(p NowPoster) { b.nowPoster = p }

// workoutNow posts today's workout at once, or the next one marked early.
func (b *Bot) workoutNow(ctx context.Context, i *discordgo.Interaction) reply {
	user := userOf(i)
	if b.nowPoster == nil {
		return b.internalError("post workout", errors.New("no scheduler to post through"))
	}
	slot, posted, err := b.nowPoster.PostNow(ctx, user.ID)
	switch {
	case errors.Is(err, plans.ErrNotFound):
		return errorReply("You're not subscribed. `/subscribe` starts your workouts.")
	case errors.Is(err, plans.ErrUndeliverable):
		return errorReply(undeliverableNotice)
	case err != nil:
		return b.internalError("post workout", err)
	}
	guildID := "" // a DM's link
	if sub, err := b.store.Subscription(ctx, user.ID); err == nil && sub.Delivery == plans.DeliverChannel {
		guildID = sub.GuildID
	}
	if !posted {
		if slot.MessageID != "" {
			return errorReply(fmt.Sprintf("That workout is already posted: %s", messageLink(guildID, slot)))
		}
		return errorReply("That workout was already handled. `/schedule` shows your next ones.")
	}
	what := "Today's workout"
	if slot.Early {
		what = "Your next workout (early)"
	}
	return reply{ephemeral: true, content: what + " is here: " + messageLink(guildID, slot) + ". React ✅ when you're done."}
}

func messageLink(guildID string, s plans.Slot) string {
	g := guildID
	if g == "" {
		g = "@me"
	}
	return fmt.Sprintf("https://discord.com/channels/%s/%s/%s", g, s.ChannelID, s.MessageID)
}

const (
	forgetConfirm = "forget:yes"
	forgetCancel  = "forget:no"
)

func (b *Bot) forget(context.Context, *discordgo.Interaction) reply {
	return reply{
		ephemeral: true,
		content:   "This deletes **everything** glutebot knows about you: your schedule and settings, every workout and every ✅, and the messages I sent you. It can't be undone.",
		components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Delete my data", Style: discordgo.DangerButton, CustomID: forgetConfirm},
			discordgo.Button{Label: "Keep it", Style: discordgo.SecondaryButton, CustomID: forgetCancel},
		}}},
	}
}

func (b *Bot) forgetNow(ctx context.Context, i *discordgo.Interaction) reply {
	user := userOf(i)
	posts, err := b.sentMessages(ctx, user.ID)
	if err != nil {
		return b.internalError("list messages to delete", err)
	}
	if err := b.store.Forget(ctx, user.ID); err != nil {
		return b.internalError("forget user", err)
	}
	b.charts.forget(user.ID)
	b.log.Info("forgot user", "user", user.ID)
	b.background(func(ctx context.Context) { b.deleteMessages(ctx, user.ID, posts) })
	return reply{ephemeral: true, update: true, content: "Done — everything about you is deleted, and I'm removing the messages I sent you. Take care of your back!"}
}

// export is the user's data as a JSON attachment.
func (b *Bot) export(ctx context.Context, i *discordgo.Interaction) reply {
	user := userOf(i)
	type entry struct {
		Kind string    `json:"kind"`
		Due  time.Time `json:"workout_due"`
		At   time.Time `json:"recorded_at"`
	}
	type slot struct {
		Due       time.Time `json:"due"`
		LocalDate string    `json:"local_date"`
		State     string    `json:"state"`
		MessageID string    `json:"message_id,omitempty"`
	}
	out := struct {
		UserID       string         `json:"user_id"`
		ExportedAt   time.Time      `json:"exported_at"`
		Subscription map[string]any `json:"subscription,omitempty"`
		// The servers whose challenge board shows the user.
		ChallengeBoards []string `json:"challenge_boards"`
		Workouts        []slot   `json:"workouts"`
		Log             []entry  `json:"log"`
	}{UserID: user.ID, ExportedAt: b.now().UTC(), Workouts: []slot{}, Log: []entry{}}

	sub, err := b.store.Subscription(ctx, user.ID)
	switch {
	case err == nil:
		out.Subscription = map[string]any{
			"days": plans.FormatDays(sub.Days), "time": sub.Clock.String(), "timezone": sub.Zone,
			"level": sub.Level.String(), "equipment": sub.Equipment.String(), "where": sub.Delivery.String(),
			"since": sub.Since.UTC(), "next_due": sub.NextDue.UTC(),
		}
		if !sub.PausedUntil.IsZero() {
			out.Subscription["paused_until"] = sub.PausedUntil.UTC()
		}
		switch day, on, err := b.store.Recap(ctx, user.ID); {
		case errors.Is(err, plans.ErrNotFound): // unsubscribed meanwhile
		case err != nil:
			return b.internalError("read recap setting", err)
		case on:
			out.Subscription["weekly_recap"] = strings.ToLower(day.String())
		default:
			out.Subscription["weekly_recap"] = recapOff
		}
	case !errors.Is(err, plans.ErrNotFound):
		return b.internalError("read subscription", err)
	}
	boards, err := b.store.UserBoards(ctx, user.ID)
	if err != nil {
		return b.internalError("read board memberships", err)
	}
	out.ChallengeBoards = append([]string{}, boards...)
	slots, err := b.store.UserSlots(ctx, user.ID)
	if err != nil {
		return b.internalError("read slots", err)
	}
	for _, s := range slots {
		out.Workouts = append(out.Workouts, slot{Due: s.Due.UTC(), LocalDate: s.LocalDate, State: s.State.String(), MessageID: s.MessageID})
	}
	history, err := b.store.History(ctx, user.ID)
	if err != nil {
		return b.internalError("read history", err)
	}
	for _, e := range history {
		out.Log = append(out.Log, entry{Kind: e.Kind.String(), Due: e.Due.UTC(), At: e.At.UTC()})
	}
	body, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return b.internalError("encode export", err)
	}
	return reply{
		ephemeral: true,
		content:   "Here's everything glutebot keeps about you.",
		files:     []*discordgo.File{{Name: "glutebot-export.json", ContentType: "application/json", Reader: strings.NewReader(string(body))}},
	}
}
