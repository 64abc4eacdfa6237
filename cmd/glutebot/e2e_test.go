package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	_ "modernc.org/sqlite"

	"github.com/glutebot/glutebot/bot"
	"github.com/glutebot/glutebot/bot/discordtest"
)

const testToken = "MTAwMDAwMDAwMDAwMDAwMDAx.test.token-for-the-stand-in"

// fakeClock is the program's clock in end-to-end tests: the test moves it,
// and counts the scheduler's ticks that have run at the new time since, to
// know the scheduler has looked at it.
type fakeClock struct {
	mu      sync.Mutex
	t       time.Time
	ticks   int       // ticks finished at the time set (or later, while running) since the last Set or Run
	running time.Time // when set, the clock runs on from t at real speed since this real instant
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.running.IsZero() {
		return c.t.Add(time.Since(c.running))
	}
	return c.t
}

// Set stops the clock at t.
func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t, c.ticks, c.running = t, 0, time.Time{}
}

// Run sets the clock to t and lets it run at real speed from now.
func (c *fakeClock) Run(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t, c.ticks, c.running = t, 0, time.Now()
}

// onTick is told of each of the scheduler's finished ticks.
func (c *fakeClock) onTick(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Equal(c.t) || !c.running.IsZero() && !now.Before(c.t) {
		c.ticks++
	}
}

// waitTick waits until a whole tick of the scheduler has run at the time
// last set.
func (c *fakeClock) waitTick(t testing.TB) {
	t.Helper()
	waitFor(t, "a tick at the time set", func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.ticks > 0
	})
}

// waitFor polls cond until it holds, failing the test after 15 s.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// syncBuffer collects the program's logs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness runs the real program against the stand-in.
type harness struct {
	t     testing.TB
	srv   *discordtest.Server
	clock *fakeClock
	db    string
	logs  *syncBuffer
	stop  func()
	env   map[string]string // more environment for the program

	answerBudget time.Duration     // the bot's, when not zero
	transport    http.RoundTripper // the bot's, when not nil
}

func newHarness(t testing.TB, start time.Time) *harness {
	t.Helper()
	srv := discordtest.NewServer(discordtest.Options{Token: testToken, Logf: t.Logf})
	t.Cleanup(srv.Close)
	h := &harness{t: t, srv: srv, clock: &fakeClock{t: start}, db: filepath.Join(t.TempDir(), "glutebot.db"), logs: &syncBuffer{}}
	t.Cleanup(func() {
		if h.stop != nil {
			h.stop()
		}
	})
	return h
}

func (h *harness) getenv(k string) string {
	if v, ok := h.env[k]; ok {
		return v
	}
	return map[string]string{
		"DISCORD_TOKEN":   testToken,
		"DISCORD_API_URL": h.srv.URL(),
		"GLUTEBOT_DB":     h.db,
		"LOG_LEVEL":       "debug",
	}[k]
}

// start runs the program until stop is called, and waits until its commands
// are registered.
func (h *harness) start() {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	before := h.srv.Requests("/api/v9/applications/")
	go func() {
		done <- runWith(ctx, nil, h.getenv, options{stdout: h.logs, stderr: h.logs, now: h.clock.Now, answerBudget: h.answerBudget, transport: h.transport, onTick: h.clock.onTick})
	}()
	h.stop = func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				h.t.Errorf("run returned %v", err)
			}
		case <-time.After(15 * time.Second):
			h.t.Errorf("run did not return within 15 s of cancel")
		}
		h.stop = nil
	}
	waitFor(h.t, "commands to be registered", func() bool {
		select {
		case err := <-done:
			h.t.Fatalf("run stopped early: %v\nlogs:\n%s", err, h.logs)
		default:
		}
		// The overwrite request has arrived, and the stand-in holds the
		// commands (it may still be applying them when the request counts).
		return h.srv.Requests("/api/v9/applications/") > before && len(h.srv.Commands("")) == len(bot.Commands())
	})
}

func (h *harness) restart() {
	h.t.Helper()
	h.stop()
	h.start()
}

func (h *harness) slash(in discordtest.Slash) discordtest.Callback {
	h.t.Helper()
	i, err := h.srv.Slash(in)
	if err != nil {
		h.t.Fatalf("inject /%s: %v", in.Name, err)
	}
	return h.wait(i)
}

func (h *harness) wait(i *discordtest.Interaction) discordtest.Callback {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cb, err := i.Wait(ctx)
	if err != nil {
		h.t.Fatalf("no answer to interaction: %v\nlogs:\n%s", err, h.logs)
	}
	if cb.Latency >= 3*time.Second {
		h.t.Errorf("answered after %v, later than Discord's 3 s", cb.Latency)
	}
	if cb.Type == int(discordgo.InteractionResponseDeferredChannelMessageWithSource) {
		return h.deferredAnswer(ctx, i, cb)
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

// countRows counts rows of a table in the program's database.
func (h *harness) countRows(table string) int {
	h.t.Helper()
	return h.query("SELECT count(*) FROM " + table)
}

func TestEndToEnd(t *testing.T) {
	// Monday 23 November 2026, 05:00 UTC.
	h := newHarness(t, time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC))
	h.srv.AddGuild("200000000000000001", "Back Club", "300000000000000001")
	const (
		guild, channel = "200000000000000001", "300000000000000001"
		ana, ben, eve  = "400000000000000001", "400000000000000002", "400000000000000003"
		cai            = "400000000000000004"
	)
	h.srv.AddUser(ana, "ana")
	h.srv.AddUser(ben, "ben")
	h.srv.AddUser(eve, "eve")
	h.srv.AddUser(cai, "cai")
	h.start()

	// Bad input: an ephemeral explanation with an example, nothing stored.
	for _, opts := range [][]discordtest.Option{
		{{Name: "time", Value: "25:99"}},
		{{Name: "time", Value: "half past seven"}},
		{{Name: "timezone", Value: "Mars/Olympus"}},
		{{Name: "days", Value: "funday"}},
		{{Name: "days", Value: "mon"}},
		{{Name: "days", Value: "mon,tue,wed,thu"}},
	} {
		cb := h.slash(discordtest.Slash{GuildID: guild, ChannelID: channel, UserID: ana, Name: "subscribe", Options: opts})
		if cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(cb.Data.Content, "for example") {
			t.Errorf("/subscribe %v answered %q (flags %d), want an ephemeral error with an example", opts, cb.Data.Content, cb.Data.Flags)
		}
	}
	if n := h.countRows("subscriptions"); n != 0 {
		t.Fatalf("bad input stored %d subscriptions, want 0", n)
	}

	// Ana subscribes in a server, Ben in a DM, in different zones.
	cb := h.subscribe(discordtest.Slash{GuildID: guild, ChannelID: channel, UserID: ana, Options: []discordtest.Option{
		{Name: "days", Value: "mon,wed,fri"}, {Name: "time", Value: "07:00"}, {Name: "timezone", Value: "Europe/Berlin"},
	}})
	anaDue := time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC) // Monday 07:00 in Berlin
	if want := fmt.Sprintf("<t:%d:F>", anaDue.Unix()); !strings.Contains(cb.Data.Content, want) {
		t.Errorf("ana's confirmation %q does not give the next workout as %s", cb.Data.Content, want)
	}
	// Cai wants hers in the server channel.
	h.subscribe(discordtest.Slash{GuildID: guild, ChannelID: channel, UserID: cai, Options: []discordtest.Option{
		{Name: "timezone", Value: "Europe/Berlin"}, {Name: "where", Value: "here"},
	}})
	cb = h.subscribe(discordtest.Slash{UserID: ben, Options: []discordtest.Option{
		{Name: "days", Value: "Tuesday Thursday"}, {Name: "time", Value: "06:30"}, {Name: "timezone", Value: "America/New_York"},
	}})
	benDue := time.Date(2026, 11, 24, 11, 30, 0, 0, time.UTC) // Tuesday 06:30 in New York
	if want := fmt.Sprintf("<t:%d:F>", benDue.Unix()); !strings.Contains(cb.Data.Content, want) {
		t.Errorf("ben's confirmation %q does not give the next workout as %s", cb.Data.Content, want)
	}

	// Nothing early.
	h.tick(anaDue.Add(-time.Second))
	if ch := h.srv.DMChannelID(ana); ch != "" && len(h.workoutPosts(ch)) > 0 {
		t.Fatalf("ana got a workout before her minute")
	}

	// Ana's workout at her minute, by DM, with ✅ pre-added.
	h.clock.Set(anaDue)
	var anaDM string
	waitFor(t, "ana's workout", func() bool {
		anaDM = h.srv.DMChannelID(ana)
		return anaDM != "" && len(h.workoutPosts(anaDM)) == 1
	})
	post := h.workoutPosts(anaDM)[0]
	if len(post.Embeds) != 1 || len(post.Embeds[0].Fields) != 3 {
		t.Fatalf("ana's post has %d embeds, want one with three exercises: %+v", len(post.Embeds), post.Message)
	}
	for _, f := range post.Embeds[0].Fields {
		if !strings.Contains(f.Name, " × ") || !strings.Contains(f.Value, "•") {
			t.Errorf("exercise field %q / %q lacks sets × reps or form cues", f.Name, f.Value)
		}
	}
	waitFor(t, "the bot's own ✅", func() bool { return len(h.srv.Reactions(anaDM, post.ID, "✅")) == 1 })
	waitFor(t, "cai's workout in the channel", func() bool { return len(h.workoutPosts(channel)) == 1 })
	caiPost := h.workoutPosts(channel)[0]
	if !strings.Contains(caiPost.Content, "<@"+cai+">") {
		t.Errorf("cai's channel post %q does not mention her", caiPost.Content)
	}

	// Ben's comes on Tuesday, once; ana's is not repeated.
	h.clock.Set(benDue)
	var benDM string
	waitFor(t, "ben's workout", func() bool {
		benDM = h.srv.DMChannelID(ben)
		return benDM != "" && len(h.workoutPosts(benDM)) == 1
	})
	h.tick(benDue.Add(2 * time.Minute))
	if n := len(h.workoutPosts(anaDM)); n != 1 {
		t.Errorf("ana has %d workout posts, want 1", n)
	}
	if n := len(h.workoutPosts(benDM)); n != 1 {
		t.Errorf("ben has %d workout posts, want 1", n)
	}

	// A stranger's ✅ on cai's post changes nothing; ana's on her own post
	// records one completion.
	if err := h.srv.React(channel, caiPost.ID, eve, "✅"); err != nil {
		t.Fatal(err)
	}
	if err := h.srv.React(anaDM, post.ID, ana, "✅"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "ana's completion", func() bool { return h.countRows("entries") >= 1 })
	// The post itself says so: edited, not answered.
	waitFor(t, "the post to show the ✅", func() bool {
		return strings.HasPrefix(h.workoutPosts(anaDM)[0].Content, "✅ Done — 1 of 3 this week")
	})

	progress := func() string {
		cb := h.slash(discordtest.Slash{GuildID: guild, ChannelID: channel, UserID: ana, Name: "progress"})
		if cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || len(cb.Data.Embeds) == 0 {
			t.Fatalf("/progress answered %+v, want an ephemeral embed", cb.Data)
		}
		var sb strings.Builder
		for _, f := range cb.Data.Embeds[0].Fields {
			sb.WriteString(f.Name + ": " + f.Value + "\n")
		}
		return sb.String()
	}
	if got := progress(); !strings.Contains(got, "Completed: 1 workout") || !strings.Contains(got, "This week: 1 of 3") {
		t.Errorf("/progress shows\n%s\nwant 1 completed, 1 of 3 this week", got)
	}

	// A restart on the same file keeps everything and posts nothing again.
	h.restart()
	if got := progress(); !strings.Contains(got, "Completed: 1 workout") {
		t.Errorf("after a restart /progress shows\n%s\nwant 1 completed", got)
	}
	h.tick(benDue.Add(2 * time.Minute)) // a tick of the new process
	if n := len(h.workoutPosts(benDM)); n != 1 {
		t.Errorf("after a restart ben has %d posts, want 1", n)
	}

	if n := h.countRows("entries"); n != 1 {
		t.Errorf("%d log entries, want only ana's", n)
	}
	noViolations(t, h.srv)
	logs := h.logs.String()
	if strings.Contains(logs, testToken) {
		t.Errorf("the bot token appears in the logs")
	}
	for _, i := range h.srv.Interactions() {
		if strings.Contains(logs, i.Token) {
			t.Errorf("interaction %s's token appears in the logs", i.ID)
		}
	}
}
