package main

// The steps of the end-to-end journeys: what users do (commands, buttons,
// reactions) and what the tests read back (answers, posts, replies, rows),
// named so that a test reads as its story. harness_test.go runs the program;
// steps_posts_test.go holds the steps around workout posts and
// steps_rows_test.go those that read the database.

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/bot/discordtest"
)

func (h *harness) slash(in discordtest.Slash) discordtest.Callback {
	h.t.Helper()
	i, err := h.srv.Slash(in)
	if err != nil {
		h.t.Fatalf("inject /%s: %v", in.Name, err)
	}
	return h.wait(i)
}

// wait returns the answer to i as the user sees it: for a deferred answer,
// what the deferral was completed with.
func (h *harness) wait(i *discordtest.Interaction) discordtest.Callback {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cb := h.ack(ctx, i)
	if cb.Type == int(discordgo.InteractionResponseDeferredChannelMessageWithSource) {
		return h.deferredAnswer(ctx, i, cb)
	}
	return cb
}

// ack returns the bot's first answer to i as it is, a deferral included,
// checking Discord's 3 s deadline.
func (h *harness) ack(ctx context.Context, i *discordtest.Interaction) discordtest.Callback {
	h.t.Helper()
	cb, err := i.Wait(ctx)
	if err != nil {
		h.t.Fatalf("no answer to interaction: %v\nlogs:\n%s", err, h.logs)
	}
	if cb.Latency >= 3*time.Second {
		h.t.Errorf("answered after %v, later than Discord's 3 s", cb.Latency)
	}
	return cb
}

// loadingFlag marks a deferred answer Discord still shows as "thinking".
const loadingFlag = 1 << 7

// deferredAnswer waits for the answer a deferral (type 5) promised, as
// the user sees it: the deferred message once edited, or a follow-up when
// the bot replaced the deferral with one of other visibility. A slow
// machine defers answers the tests usually get at once.
func (h *harness) deferredAnswer(ctx context.Context, i *discordtest.Interaction, cb discordtest.Callback) discordtest.Callback {
	h.t.Helper()
	for {
		if f := i.Followups(); len(f) > 0 {
			return answerFrom(cb, f[0])
		}
		if m, ok := i.Original(); ok && m.Flags&loadingFlag == 0 {
			return answerFrom(cb, m)
		}
		select {
		case <-ctx.Done():
			h.t.Fatalf("deferred answer never completed\nlogs:\n%s", h.logs)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// answerFrom is the callback as if m had been the answer itself.
func answerFrom(cb discordtest.Callback, m discordtest.Message) discordtest.Callback {
	cb.Data = discordgo.InteractionResponseData{Content: m.Content, Embeds: m.Embeds, Components: m.Components,
		Flags: m.Flags, AllowedMentions: cb.Data.AllowedMentions}
	cb.Files = m.Files
	return cb
}

// subscribe runs /subscribe and, the first time, answers the safety screen.
func (h *harness) subscribe(in discordtest.Slash) discordtest.Callback {
	h.t.Helper()
	in.Name = "subscribe"
	i, err := h.srv.Slash(in)
	if err != nil {
		h.t.Fatal(err)
	}
	cb := h.wait(i)
	if cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		h.t.Errorf("/subscribe answer is not ephemeral")
	}
	id := buttonID(cb, "None of these apply")
	if id == "" {
		return cb
	}
	msg, _ := i.Original()
	b, err := h.srv.Button(discordtest.Button{GuildID: in.GuildID, ChannelID: in.ChannelID, UserID: in.UserID, MessageID: msg.ID, CustomID: id})
	if err != nil {
		h.t.Fatal(err)
	}
	return h.waitPress(b, msg)
}

// waitPress waits for the answer to a button pressed on before: when the
// press was deferred (type 6), the edit of the message it is on, or a
// follow-up.
func (h *harness) waitPress(b *discordtest.Interaction, before discordtest.Message) discordtest.Callback {
	h.t.Helper()
	cb := h.wait(b)
	if cb.Type != int(discordgo.InteractionResponseDeferredMessageUpdate) {
		return cb
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		if f := b.Followups(); len(f) > 0 {
			return answerFrom(cb, f[0])
		}
		if m, ok := b.Original(); ok && m.EditedTimestamp != nil && (before.EditedTimestamp == nil || m.EditedTimestamp.After(*before.EditedTimestamp)) {
			return answerFrom(cb, m)
		}
		select {
		case <-ctx.Done():
			h.t.Fatalf("deferred button answer never came\nlogs:\n%s", h.logs)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func buttonID(cb discordtest.Callback, label string) string {
	for _, row := range cb.Data.Components {
		r, ok := row.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range r.Components {
			if b, ok := c.(*discordgo.Button); ok && b.Label == label {
				return b.CustomID
			}
		}
	}
	return ""
}

// The world of the experience tests: one server with one channel, and the
// stand-in's default bot user.
const (
	xGuild   = "210000000000000001"
	xChannel = "310000000000000001"
	botID    = "100000000000000001"
)

// monday is Monday 23 November 2026, 05:00 UTC: two hours before a 07:00 UTC
// workout.
var monday = time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC)

// at is a day of the test week (0 = Monday 23 November 2026) at hh:mm UTC.
func at(day, hh, mm int) time.Time {
	return time.Date(2026, 11, 23+day, hh, mm, 0, 0, time.UTC)
}

// place is where a user runs a command: a server channel or their DM with
// the bot.
type place struct {
	name           string
	guild, channel string
}

var (
	inServer = place{"server", xGuild, xChannel}
	inDM     = place{"DM", "", ""}
	places   = []place{inServer, inDM}
)

// newWorld is a harness with the server and the given users, not yet
// started.
func newWorld(t testing.TB, start time.Time, users ...string) *harness {
	t.Helper()
	h := newHarness(t, start)
	h.srv.AddGuild(xGuild, "Back Club", xChannel)
	for _, u := range users {
		h.srv.AddUser(u, "user"+u[len(u)-2:])
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the program's logs:\n%s", h.logs)
		}
	})
	return h
}

// command runs a slash command as user in p and returns the answer and the
// interaction.
func (h *harness) command(p place, user, name string, opts ...discordtest.Option) (discordtest.Callback, *discordtest.Interaction) {
	h.t.Helper()
	i, err := h.srv.Slash(discordtest.Slash{GuildID: p.guild, ChannelID: p.channel, UserID: user, Name: name, Options: opts})
	if err != nil {
		h.t.Fatalf("inject /%s in a %s: %v", name, p.name, err)
	}
	return h.wait(i), i
}

// private runs a command whose answer must be ephemeral and returns it.
func (h *harness) private(p place, user, name string, opts ...discordtest.Option) discordtest.Callback {
	h.t.Helper()
	cb, _ := h.command(p, user, name, opts...)
	if cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		h.t.Errorf("/%s in a %s: answer is not ephemeral: %q", name, p.name, cb.Data.Content)
	}
	return cb
}

// press presses the button labelled label on the message i's answer left.
func (h *harness) press(i *discordtest.Interaction, cb discordtest.Callback, label string) (discordtest.Callback, *discordtest.Interaction) {
	h.t.Helper()
	id := buttonID(cb, label)
	if id == "" {
		h.t.Fatalf("no button %q on %q", label, cb.Data.Content)
	}
	msg, ok := i.Original()
	if !ok {
		h.t.Fatalf("the answer with button %q has no message", label)
	}
	b, err := h.srv.Button(discordtest.Button{GuildID: i.GuildID, ChannelID: i.ChannelID, UserID: i.UserID, MessageID: msg.ID, CustomID: id})
	if err != nil {
		h.t.Fatalf("press %q: %v", label, err)
	}
	return h.waitPress(b, msg), b
}

// autocomplete asks for the choices of option while the user has typed typed.
func (h *harness) autocomplete(p place, user, command, option, typed string) []*discordgo.ApplicationCommandOptionChoice {
	h.t.Helper()
	i, err := h.srv.Autocomplete(discordtest.Slash{GuildID: p.guild, ChannelID: p.channel, UserID: user, Name: command,
		Options: []discordtest.Option{{Name: option, Value: typed, Focused: true}}})
	if err != nil {
		h.t.Fatalf("autocomplete /%s %s %q: %v", command, option, typed, err)
	}
	cb := h.wait(i)
	if cb.Type != int(discordgo.InteractionApplicationCommandAutocompleteResult) {
		h.t.Fatalf("autocomplete answered with type %d", cb.Type)
	}
	return cb.Data.Choices
}

// opt is shorthand for a slash command option.
func opt(name string, value any) discordtest.Option {
	return discordtest.Option{Name: name, Value: value}
}

// noViolations fails the test for every request Discord would have refused.
func noViolations(t testing.TB, srv *discordtest.Server) {
	t.Helper()
	for _, v := range srv.Violations() {
		t.Errorf("Discord rule broken: %+v", v)
	}
}

// tick moves the clock to t and waits until the scheduler has looked at it.
func (h *harness) tick(t time.Time) {
	h.t.Helper()
	h.clock.Set(t)
	h.clock.waitTick(h.t)
}

// progressFields renders /progress's embed as "Name: Value" lines.
func progressFields(cb discordtest.Callback) string {
	if len(cb.Data.Embeds) == 0 {
		return ""
	}
	var sb strings.Builder
	for _, f := range cb.Data.Embeds[0].Fields {
		sb.WriteString(f.Name + ": " + f.Value + "\n")
	}
	return sb.String()
}

var timestampF = regexp.MustCompile(`<t:(\d+):F>`)

// timestamps lists the <t:...:F> timestamps in s.
func timestamps(s string) []time.Time {
	var out []time.Time
	for _, m := range timestampF.FindAllStringSubmatch(s, -1) {
		n, _ := strconv.ParseInt(m[1], 10, 64)
		out = append(out, time.Unix(n, 0).UTC())
	}
	return out
}

// subscribeUTC runs /subscribe in user's DM with the bot for days at clock
// UTC, with any more options, and answers the safety screen the first time.
func (h *harness) subscribeUTC(user, days, clock string, more ...discordtest.Option) discordtest.Callback {
	h.t.Helper()
	return h.subscribe(discordtest.Slash{UserID: user, Options: append([]discordtest.Option{opt("days", days), opt("time", clock), opt("timezone", "UTC")}, more...)})
}

// subscribeIn runs /subscribe as user in p with opts and, the first time,
// answers the safety screen.
func (h *harness) subscribeIn(p place, user string, opts ...discordtest.Option) discordtest.Callback {
	h.t.Helper()
	return h.subscribe(discordtest.Slash{GuildID: p.guild, ChannelID: p.channel, UserID: user, Options: opts})
}

// forget runs /forget as user in p and presses "Delete my data".
func (h *harness) forget(p place, user string) discordtest.Callback {
	h.t.Helper()
	cb, i := h.command(p, user, "forget")
	cb, _ = h.press(i, cb, "Delete my data")
	return cb
}

// wantSays fails the test for each of wants the answer's text lacks; what
// names the command or button it answers.
func wantSays(t testing.TB, what string, cb discordtest.Callback, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(cb.Data.Content, w) {
			t.Errorf("%s answered %q, want %q", what, cb.Data.Content, w)
		}
	}
}

// noViolationsBut is noViolations but for Discord's refusals with the code
// the test brings about.
func noViolationsBut(t testing.TB, srv *discordtest.Server, code int) {
	t.Helper()
	for _, v := range srv.Violations() {
		if v.Code != code {
			t.Errorf("Discord rule broken: %+v", v)
		}
	}
}
