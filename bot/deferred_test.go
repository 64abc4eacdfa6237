package bot

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/plans"
)

// slowStore's Forget waits for release and then fails; the user has
// nothing else stored.
type slowStore struct {
	helpStore
	release chan struct{}
}

func (s slowStore) Forget(context.Context, string) error {
	<-s.release
	return errors.New("disk on fire")
}

// DMChannel and UserSlots are read by /forget before Forget: nothing to
// delete on Discord.
func (s slowStore) DMChannel(context.Context, string) (string, error)       { return "", plans.ErrNotFound }
func (s slowStore) UserSlots(context.Context, string) ([]plans.Slot, error) { return nil, nil }

const (
	dToken, dGuild, dChannel, dUser = "test-token", "220000000000000001", "320000000000000001", "420000000000000001"
)

// openBot connects a bot made with cfg (its token, URL and logger filled
// in) to a fresh stand-in with one guild, its channel and one user.
func openBot(t *testing.T, cfg Config, store Store) (*Bot, *discordtest.Server) {
	t.Helper()
	srv := discordtest.NewServer(discordtest.Options{Token: dToken, Logf: t.Logf})
	t.Cleanup(srv.Close)
	srv.AddGuild(dGuild, "Back Club", dChannel)
	srv.AddUser(dUser, "ana")
	cfg.Token, cfg.APIURL, cfg.Logger = dToken, srv.URL(), slog.New(slog.DiscardHandler)
	b, err := New(cfg, store)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := b.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b, srv
}

// openDeferring opens a bot whose answer budget is short.
func openDeferring(t *testing.T, store Store) (*Bot, *discordtest.Server) {
	t.Helper()
	return openBot(t, Config{AnswerBudget: 20 * time.Millisecond}, store)
}

func waitCallback(t *testing.T, i *discordtest.Interaction) discordtest.Callback {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cb, err := i.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return cb
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// slowTip makes /tip wait for release before it answers with r.
func slowTip(b *Bot, r reply) chan struct{} {
	release := make(chan struct{})
	b.commands[cmdTip] = func(context.Context, *discordgo.Interaction) reply {
		<-release
		return r
	}
	return release
}

func tipIn(t *testing.T, srv *discordtest.Server) *discordtest.Interaction {
	t.Helper()
	i, err := srv.Slash(discordtest.Slash{GuildID: dGuild, ChannelID: dChannel, UserID: dUser, Name: cmdTip,
		Options: []discordtest.Option{{Name: optExercise, Value: "squat"}}})
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// A public answer that comes after the answer budget is deferred publicly
// and stays public: receiving-and-responding.mdx keeps the deferral's
// flags for the edit, so an ephemeral deferral would hide it. A 429 on the
// edit (a webhook route) is waited out and the edit sent again.
func TestSlowPublicAnswerStaysPublic(t *testing.T) {
	b, srv := openDeferring(t, helpStore{})
	release := slowTip(b, reply{content: "Sit back between your heels; knees track over toes."})
	i := tipIn(t, srv)
	cb := waitCallback(t, i)
	if cb.Type != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) || cb.Data.Flags&discordgo.MessageFlagsEphemeral != 0 {
		t.Fatalf("deferral: type %d flags %d, want a public deferral (type 5 without EPHEMERAL)", cb.Type, cb.Data.Flags)
	}
	srv.LimitResource(http.MethodPatch, "/webhooks/", 200*time.Millisecond)
	close(release)
	eventually(t, "the answer to be edited in", func() bool {
		m, ok := i.Original()
		return ok && strings.Contains(m.Content, "heels")
	})
	m, _ := i.Original()
	if m.Flags&discordgo.MessageFlagsEphemeral != 0 {
		t.Errorf("the public answer arrived ephemeral")
	}
	if srv.Count429() != 1 {
		t.Errorf("Count429() = %d, want the one injected", srv.Count429())
	}
	for _, v := range srv.Violations() {
		if v.Status != http.StatusTooManyRequests {
			t.Errorf("Discord rule broken: %+v", v)
		}
	}
}

// When the guess was wrong (deferred in public, the answer private), the
// public deferral is deleted and the answer sent as a private follow-up:
// never shown where others can read it.
func TestSlowPrivateAnswerAfterPublicDeferralStaysPrivate(t *testing.T) {
	b, srv := openDeferring(t, helpStore{})
	release := slowTip(b, errorReply("Something about your back — just for you."))
	i := tipIn(t, srv)
	if cb := waitCallback(t, i); cb.Data.Flags&discordgo.MessageFlagsEphemeral != 0 {
		t.Fatalf("deferral flags %d, want public (the guess)", cb.Data.Flags)
	}
	close(release)
	eventually(t, "the private follow-up", func() bool { return len(i.Followups()) == 1 })
	if f := i.Followups()[0]; f.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(f.Content, "just for you") {
		t.Errorf("follow-up %q flags %d, want the answer, ephemeral", f.Content, f.Flags)
	}
	if m, ok := i.Original(); ok {
		t.Errorf("the public deferral is still there: %+v", m.Content)
	}
	for _, m := range srv.Messages(dChannel) {
		if strings.Contains(m.Content, "just for you") {
			t.Errorf("private answer in the channel: %q", m.Content)
		}
	}
}

// A button whose handler is slow and then fails answers with a new private
// message; the prompt it was pressed on keeps its text and buttons.
func TestSlowButtonErrorIsAPrivateFollowUp(t *testing.T) {
	store := slowStore{release: make(chan struct{})}
	_, srv := openDeferring(t, store)
	prompt, err := srv.Slash(discordtest.Slash{GuildID: dGuild, ChannelID: dChannel, UserID: dUser, Name: cmdForget})
	if err != nil {
		t.Fatal(err)
	}
	waitCallback(t, prompt)
	before, ok := prompt.Original()
	if !ok {
		t.Fatal("no /forget prompt")
	}
	press, err := srv.Button(discordtest.Button{GuildID: dGuild, ChannelID: dChannel, UserID: dUser, MessageID: before.ID, CustomID: forgetConfirm})
	if err != nil {
		t.Fatal(err)
	}
	if cb := waitCallback(t, press); cb.Type != int(discordgo.InteractionResponseDeferredMessageUpdate) {
		t.Fatalf("button deferral type %d, want 6", cb.Type)
	}
	close(store.release)
	eventually(t, "the error as a follow-up", func() bool { return len(press.Followups()) == 1 })
	if f := press.Followups()[0]; f.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(f.Content, "Sorry") {
		t.Errorf("follow-up %q flags %d, want the apology, ephemeral", f.Content, f.Flags)
	}
	after, _ := prompt.Original()
	if after.Content != before.Content || len(after.Components) == 0 {
		t.Errorf("the prompt changed: %q with %d component rows", after.Content, len(after.Components))
	}
}
