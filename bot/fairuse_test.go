package bot

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/plans"
)

// progressStore has what /progress needs: a subscriber with some history.
// Any other method panics (nil Store).
type progressStore struct {
	helpStore
	mu      sync.Mutex
	history []plans.Entry
}

func (s *progressStore) Subscription(_ context.Context, userID string) (plans.Subscription, error) {
	return plans.Subscription{UserID: userID, Zone: "UTC", Days: []time.Weekday{time.Monday, time.Wednesday, time.Friday},
		TimeOfDay: plans.TimeOfDay{Hour: 7}, Since: t0.AddDate(0, 0, -28)}, nil
}

func (s *progressStore) History(context.Context, string) ([]plans.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]plans.Entry(nil), s.history...), nil
}

func (s *progressStore) log(e plans.Entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.history = append(s.history, e)
}

// fairUseBot is a bot connected to the stand-in, with its chart draws
// counted.
func fairUseBot(t *testing.T, store Store) (*Bot, *discordtest.Server, *countingDraw) {
	t.Helper()
	const token = "test-token"
	srv := discordtest.NewServer(discordtest.Options{Token: token, Logf: t.Logf})
	t.Cleanup(srv.Close)
	srv.AddGuild(fairGuild, "Back Club", fairChannel)
	srv.AddUser(fairUser, "ana")
	srv.AddUser(fairOther, "ben")
	b, err := New(Config{Token: token, APIURL: srv.URL(), Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return t0 }}, store)
	if err != nil {
		t.Fatal(err)
	}
	// The limits' clock stands still: no bucket refills while a test runs,
	// however slowly it runs.
	b.fair.now = func() time.Time { return t0 }
	draws := new(countingDraw)
	b.charts.draw = func(weekly []int, target int) ([]byte, error) {
		draws.add()
		return weeklyChart(weekly, target)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := b.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b, srv, draws
}

const (
	fairGuild   = "210000000000000001"
	fairChannel = "310000000000000001"
	fairUser    = "410000000000000001"
	fairOther   = "410000000000000002"
)

func slash(t *testing.T, srv *discordtest.Server, user, name string) discordtest.Callback {
	t.Helper()
	i, err := srv.Slash(discordtest.Slash{GuildID: fairGuild, ChannelID: fairChannel, UserID: user, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cb, err := i.Wait(ctx)
	if err != nil {
		t.Fatalf("/%s: no answer: %v", name, err)
	}
	return cb
}

func hasChart(cb discordtest.Callback) bool {
	return len(cb.Files) == 1 && cb.Files[0].Name == "progress.png" && len(cb.Data.Embeds) == 1
}

// isCooldown reports whether cb is the slow-down answer: one private line
// with a relative Discord timestamp.
func isCooldown(cb discordtest.Callback) bool {
	c := cb.Data.Content
	return cb.Data.Flags&discordgo.MessageFlagsEphemeral != 0 && len(cb.Data.Embeds) == 0 && len(cb.Files) == 0 &&
		!strings.Contains(c, "\n") && strings.Contains(c, "again <t:") && strings.HasSuffix(c, ":R>.")
}

// TestProgressTwiceDrawsOnce: /progress twice in a row draws one chart and
// shows it both times; a new entry in the log draws it anew.
func TestProgressTwiceDrawsOnce(t *testing.T) {
	store := &progressStore{}
	_, srv, draws := fairUseBot(t, store)
	first := slash(t, srv, fairUser, cmdProgress)
	second := slash(t, srv, fairUser, cmdProgress)
	if !hasChart(first) || !hasChart(second) {
		t.Fatalf("/progress answered without a chart: %+v / %+v", first.Data, second.Data)
	}
	if draws.count() != 1 {
		t.Errorf("/progress twice drew %d charts, want 1", draws.count())
	}
	if string(first.Files[0].Data) != string(second.Files[0].Data) {
		t.Errorf("the second /progress showed a different chart")
	}
	store.log(plans.Entry{Kind: plans.Done, Due: t0.Add(-time.Hour), At: t0.Add(-time.Hour)})
	if cb := slash(t, srv, fairUser, cmdProgress); !hasChart(cb) || draws.count() != 2 {
		t.Errorf("after a ✅ /progress drew %d charts in all, want 2", draws.count())
	}
}

// TestProgressFloodIsToldToSlowDown: 30 /progress at once get a few
// charts and, for the rest, the slow-down line with when to try again; the
// chart is drawn once; another user is not limited by the first.
func TestProgressFloodIsToldToSlowDown(t *testing.T) {
	_, srv, draws := fairUseBot(t, &progressStore{})
	burst := make([]discordtest.Slash, 30)
	for k := range burst {
		burst[k] = discordtest.Slash{GuildID: fairGuild, ChannelID: fairChannel, UserID: fairUser, Name: cmdProgress}
	}
	pending, err := srv.SlashBurst(burst)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	charts, slowed := 0, 0
	for _, i := range pending {
		cb, err := i.Wait(ctx)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case hasChart(cb):
			charts++
		case isCooldown(cb):
			slowed++
			if !strings.Contains(cb.Data.Content, "`/progress`") {
				t.Errorf("the slow-down line does not say what to wait for: %q", cb.Data.Content)
			}
		default:
			t.Errorf("/progress answered %+v", cb.Data)
		}
	}
	if charts == 0 || charts > chartBurst || slowed != len(burst)-charts {
		t.Errorf("30 /progress at once: %d charts, %d told to slow down; want 1 to %d charts, the rest slowed", charts, slowed, chartBurst)
	}
	if draws.count() != 1 {
		t.Errorf("%d charts drawn, want 1", draws.count())
	}
	if cb := slash(t, srv, fairOther, cmdProgress); !hasChart(cb) {
		t.Errorf("another user's /progress was limited too: %+v", cb.Data)
	}
	if cb := slash(t, srv, fairUser, cmdHelp); isCooldown(cb) || len(cb.Data.Embeds) == 0 {
		t.Errorf("/help, another family, was limited by /progress: %+v", cb.Data)
	}
	for _, v := range srv.Violations() {
		t.Errorf("Discord rule broken: %+v", v)
	}
}

// TestButtonsShareTheLimit: a user who has spent their everyday allowance
// gets the slow-down line for a button press too, as a new private message;
// the message with the button is left as it was.
func TestButtonsShareTheLimit(t *testing.T) {
	_, srv, _ := fairUseBot(t, helpStore{})
	var prompt *discordtest.Interaction
	for k := range lightBurst {
		i, err := srv.Slash(discordtest.Slash{GuildID: fairGuild, ChannelID: fairChannel, UserID: fairUser, Name: cmdForget})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		cb, err := i.Wait(ctx)
		cancel()
		if err != nil || isCooldown(cb) || len(cb.Data.Components) == 0 {
			t.Fatalf("/forget %d of %d: %+v, %v", k+1, lightBurst, cb.Data, err)
		}
		prompt = i
	}
	if cb := slash(t, srv, fairUser, cmdForget); !isCooldown(cb) {
		t.Fatalf("/forget %d: %+v, want the slow-down line", lightBurst+1, cb.Data)
	}
	msg, ok := prompt.Original()
	if !ok {
		t.Fatal("no /forget prompt to press")
	}
	press, err := srv.Button(discordtest.Button{GuildID: fairGuild, ChannelID: fairChannel, UserID: fairUser, MessageID: msg.ID, CustomID: forgetCancel})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cb, err := press.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cb.Type != int(discordgo.InteractionResponseChannelMessageWithSource) || !isCooldown(cb) || !strings.Contains(cb.Data.Content, "that button") {
		t.Errorf("the press over the limit was answered %d %+v, want the slow-down line as a new private message", cb.Type, cb.Data)
	}
	if after, _ := prompt.Original(); len(after.Components) == 0 {
		t.Errorf("the prompt lost its buttons to a press over the limit")
	}
	for _, v := range srv.Violations() {
		t.Errorf("Discord rule broken: %+v", v)
	}
}
