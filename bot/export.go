package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

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
		// What /unsubscribe kept, for /subscribe to bring back.
		KeptSettings map[string]any `json:"kept_settings,omitempty"`
		// The servers whose challenge board shows the user.
		ChallengeBoards []string `json:"challenge_boards"`
		Workouts        []slot   `json:"workouts"`
		Log             []entry  `json:"log"`
	}{UserID: user.ID, ExportedAt: b.now().UTC(), Workouts: []slot{}, Log: []entry{}}

	sub, err := b.store.Subscription(ctx, user.ID)
	switch {
	case err == nil:
		out.Subscription = settingsJSON(sub)
		out.Subscription["next_due"] = sub.NextDue.UTC()
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
	default:
		switch kept, err := b.store.LastSettings(ctx, user.ID); {
		case err == nil:
			out.KeptSettings = settingsJSON(kept)
		case !errors.Is(err, plans.ErrNotFound):
			return b.internalError("read kept settings", err)
		}
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

// settingsJSON is a subscriber's settings as /export shows them.
func settingsJSON(sub plans.Subscription) map[string]any {
	return map[string]any{
		"days": plans.FormatDays(sub.Days), "time": sub.TimeOfDay.String(), "timezone": sub.Zone,
		"level": sub.Level.String(), "equipment": sub.Equipment.String(), "where": sub.Delivery.String(),
		"since": sub.Since.UTC(),
	}
}
