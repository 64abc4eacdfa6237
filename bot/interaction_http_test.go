package bot

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/plans"
)

// helpStore has what /help and /tip's autocomplete need: no data. Any
// other method panics (nil Store).
type helpStore struct{ Store }

func (helpStore) ReconcilePosts(context.Context, time.Time, time.Time, time.Time, int64, int) ([]plans.Slot, error) {
	return nil, nil
}
func (helpStore) PendingDeletions(context.Context, int) ([]plans.Deletion, error) { return nil, nil }
func (helpStore) TakeUndeliverableNotice(context.Context, string) (bool, error) {
	return false, nil
}

// bucketCount is how many rate-limit buckets discordgo holds. It reads
// discordgo's unexported buckets map, so it fails the test, rather than
// panicking, when a discordgo upgrade renames or retypes that field.
func bucketCount(t *testing.T, r *discordgo.RateLimiter) int {
	t.Helper()
	r.Lock()
	defer r.Unlock()
	f := reflect.ValueOf(r).Elem().FieldByName("buckets")
	if !f.IsValid() || f.Kind() != reflect.Map {
		t.Fatalf("discordgo.RateLimiter has no map field buckets any more (found %v): update bucketCount to count its buckets", f.Kind())
	}
	return f.Len()
}

// TestInteractionAnswersLeaveNoRateLimitBuckets answers commands and
// autocomplete against the stand-in and checks that discordgo's rate
// limiter did not keep a bucket for each answer's URL
// (bwmarrin/discordgo#1333), which would grow for as long as the bot runs.
func TestInteractionAnswersLeaveNoRateLimitBuckets(t *testing.T) {
	b, srv := openBot(t, Config{}, helpStore{})
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()

	before := bucketCount(t, b.s.Ratelimiter)
	for range 10 {
		i, err := srv.Slash(discordtest.Slash{GuildID: dGuild, ChannelID: dChannel, UserID: dUser, Name: cmdHelp})
		if err != nil {
			t.Fatal(err)
		}
		if cb, err := i.Wait(ctx); err != nil || cb.Type != int(discordgo.InteractionResponseChannelMessageWithSource) || len(cb.Data.Embeds) == 0 {
			t.Fatalf("/help answered %+v, %v", cb, err)
		}
		a, err := srv.Autocomplete(discordtest.Slash{GuildID: dGuild, ChannelID: dChannel, UserID: dUser, Name: cmdTip,
			Options: []discordtest.Option{{Name: optExercise, Value: "squ", Focused: true}}})
		if err != nil {
			t.Fatal(err)
		}
		if cb, err := a.Wait(ctx); err != nil || len(cb.Data.Choices) == 0 {
			t.Fatalf("/tip autocomplete answered %+v, %v", cb, err)
		}
	}
	if after := bucketCount(t, b.s.Ratelimiter); after != before {
		t.Errorf("20 interaction answers left %d rate-limit buckets behind, want none", after-before)
	}
	for _, v := range srv.Violations() {
		t.Errorf("Discord rule broken: %+v", v)
	}
}
