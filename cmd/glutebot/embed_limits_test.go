package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/glutebot/glutebot/bot"
	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/data"
	"github.com/glutebot/glutebot/plans"
)

// TestEveryWorkoutFitsDiscord renders every workout a subscriber of any
// level and equipment can get — every rung of every ladder, with and without
// load, deload, stepped-back and safety notes, late and early — and posts
// each through the bot's SendWorkout to the stand-in, which refuses any
// message or embed over Discord's limits.
func TestEveryWorkoutFitsDiscord(t *testing.T) {
	t.Parallel()
	workouts := everyWorkout(t)

	// One channel per post keeps the per-channel message limit out of the way.
	srv := discordtest.NewServer(discordtest.Options{Token: testToken, GlobalLimit: 100000, Logf: t.Logf})
	t.Cleanup(srv.Close)
	channels := make([]string, len(workouts))
	for k := range channels {
		channels[k] = fmt.Sprintf("5%017d", k)
	}
	srv.AddGuild(xGuild, "Back Club", channels...)
	const ana = "510000000000000001"
	srv.AddUser(ana, "ana")

	ctx := context.Background()
	store, err := data.Open(ctx, filepath.Join(t.TempDir(), "embeds.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	b, err := bot.New(bot.Config{Token: testToken, APIURL: srv.URL(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return monday }}, store)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })

	for k, w := range workouts {
		sub := plans.Subscription{UserID: ana, GuildID: xGuild, ChannelID: channels[k], Delivery: plans.DeliverChannel}
		// Each post its own slot, with its own date: Discord keeps a nonce
		// per author, across channels, so one user and date is one post.
		slot := plans.Slot{ID: int64(k + 1), UserID: ana, LocalDate: monday.AddDate(0, 0, k).Format(time.DateOnly), Due: monday,
			Late: k%3 == 1, Early: k%3 == 2}
		ch, msg, err := b.SendWorkout(ctx, sub, slot, w)
		if err != nil {
			t.Fatalf("post %q: %v\n%s", w.Title, err, w)
		}
		posted := srv.BotMessages(ch)
		if len(posted) != 1 || posted[0].ID != msg || len(posted[0].Embeds) != 1 || len(posted[0].Embeds[0].Fields) != len(w.Items) {
			t.Fatalf("%q was posted as %+v", w.Title, posted)
		}
	}
	t.Logf("posted %d distinct workouts", len(workouts))
	noViolations(t, srv)
}

// everyWorkout follows simulated subscribers of every level and equipment
// through a long stretch of training, in a few patterns of feedback, and
// returns each distinct workout they get. It fails the test unless every
// rung of every ladder comes up.
func everyWorkout(t *testing.T) []plans.Workout {
	t.Helper()
	type pattern struct {
		name     string
		feedback func(n int) []plans.Kind // what the user logs for their n-th workout; nil: skipped
	}
	patterns := []pattern{
		{"all done", func(int) []plans.Kind { return []plans.Kind{plans.Done} }},
		{"too hard now and then", func(n int) []plans.Kind {
			if n%5 == 4 {
				return []plans.Kind{plans.Done, plans.TooHard}
			}
			return []plans.Kind{plans.Done}
		}},
		{"pain and gaps", func(n int) []plans.Kind {
			switch {
			case n%40 >= 34: // two weeks off
				return nil
			case n%11 == 10:
				return []plans.Kind{plans.Pain}
			}
			return []plans.Kind{plans.Done, plans.TooEasy}
		}},
	}
	seen := map[string]bool{}
	rungs := map[string]bool{}
	var out []plans.Workout
	loc := time.UTC
	for level := plans.Beginner; level <= plans.Advanced; level++ {
		for eq := plans.NoEquipment; eq <= plans.Gym; eq++ {
			for _, p := range patterns {
				sub := plans.Subscription{UserID: "u", Days: []time.Weekday{time.Monday, time.Wednesday, time.Friday},
					TimeOfDay: plans.TimeOfDay{Hour: 7}, Zone: "UTC", Level: level, Equipment: eq, Since: monday}
				var history []plans.Entry
				due := monday
				for n := 0; n < 300; n++ {
					due = plans.NextDue(sub.Days, sub.TimeOfDay, loc, due)
					w := plans.WorkoutFor(history, sub, due)
					if key := w.String(); !seen[key] {
						seen[key] = true
						out = append(out, w)
					}
					for _, it := range w.Items {
						rungs[it.Exercise+"/"+it.Variation] = true
					}
					for _, k := range p.feedback(n) {
						history = append(history, plans.Entry{Kind: k, Due: due, At: due.Add(time.Hour)})
					}
				}
			}
		}
	}
	for _, l := range plans.Ladders() {
		for _, v := range l.Variations {
			if !rungs[l.Name+"/"+v.Name] {
				t.Errorf("no simulated subscriber ever got %s / %s", l.Name, v.Name)
			}
		}
	}
	return out
}
