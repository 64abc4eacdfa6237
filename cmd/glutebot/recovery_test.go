package main

import (
	"context"
	"database/sql"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/glutebot/glutebot/bot"
	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/data"
	"github.com/glutebot/glutebot/plans"
)

// gatewayHarness is a running bot whose post for user is in its DM.
func gatewayHarness(t *testing.T, user string) (h *harness, dm string, post discordtest.Message) {
	t.Helper()
	srv := discordtest.NewServer(discordtest.Options{Token: testToken, HeartbeatInterval: 200 * time.Millisecond, Logf: t.Logf})
	t.Cleanup(srv.Close)
	due := time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)
	h = newHarnessOn(t, srv, &fakeClock{t: due.Add(-time.Hour)})
	srv.AddUser(user, "gus")
	h.start()
	h.subscribe(discordtest.Slash{UserID: user})
	h.clock.Set(due)
	dm, post = h.waitForFirstDMPost("the workout", user)
	return h, dm, post
}

// A zombied connection (heartbeats no longer acknowledged) is closed with a
// code that keeps the session, and resumed at resume_gateway_url: nothing
// is identified anew and the reaction made meanwhile is replayed.
func TestZombieConnectionResumes(t *testing.T) {
	const user = "400000000000000011"
	h, dm, post := gatewayHarness(t, user)
	before := h.srv.GatewayStats()

	h.srv.SetHeartbeatACKs(false)
	waitFor(t, "the bot to close the zombied connection", func() bool { return !h.srv.Connected() })
	h.react(dm, post.ID, user, "✅")
	h.srv.SetHeartbeatACKs(true)
	waitFor(t, "the completion made while the connection was down", func() bool { return h.countRows("entries") == 1 })

	after := h.srv.GatewayStats()
	if after.Identifies != before.Identifies {
		t.Errorf("identified %d times after the zombie, want a resume only", after.Identifies-before.Identifies)
	}
	if after.Resumes <= before.Resumes || after.ResumesAtURL != after.Resumes {
		t.Errorf("resumes %d → %d, of them at resume_gateway_url %d", before.Resumes, after.Resumes, after.ResumesAtURL)
	}
	if !strings.Contains(h.logs.String(), "zombied") {
		t.Errorf("the zombied connection was not logged")
	}
}

// A session that cannot be resumed (closed with 4009, then the gateway down
// for a while) starts fresh: Discord replays nothing, so the ✅ given in the
// gap is read back from the post.
func TestFreshSessionReconcilesTheGap(t *testing.T) {
	const user = "400000000000000012"
	h, dm, post := gatewayHarness(t, user)
	before := h.srv.GatewayStats()

	h.srv.SetGatewayDown(true)
	h.srv.CloseGateway(discordtest.CloseSessionTimedOut, "Session timed out.")
	waitFor(t, "the connection to close", func() bool { return !h.srv.Connected() })
	h.react(dm, post.ID, user, "✅")
	h.srv.SetGatewayDown(false)
	waitFor(t, "the ✅ given while no session could hear it", func() bool { return h.countRows("entries") == 1 })
	if after := h.srv.GatewayStats(); after.Identifies != before.Identifies+1 {
		t.Errorf("identifies %d → %d, want one new session", before.Identifies, after.Identifies)
	}
}

// A close code Discord marks "do not reconnect" stops the program with an
// error naming the code and the fix, which main prints as one line and
// exits 1 for.
func TestFatalCloseCodeStopsTheBot(t *testing.T) {
	srv := discordtest.NewServer(discordtest.Options{Token: testToken, HeartbeatInterval: 200 * time.Millisecond, Logf: t.Logf})
	t.Cleanup(srv.Close)
	h := &harness{t: t, srv: srv, clock: &fakeClock{t: time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)}, db: filepath.Join(t.TempDir(), "g.db"), logs: &syncBuffer{}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- runWith(ctx, nil, h.getenv, options{stdout: h.logs, stderr: h.logs, now: h.clock.Now}) }()
	waitFor(t, "the commands to be registered", func() bool { return len(srv.Commands("")) > 0 })
	srv.RevokeToken() // reset in the Developer Portal: 4004 from now on

	var err error
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("still running 30 s after 4004\nlogs:\n%s", h.logs)
	}
	checkFatal(t, err, 4004, "DISCORD_TOKEN")

	// The same at start, before any session.
	err = runWith(ctx, nil, h.getenv, options{stdout: h.logs, stderr: h.logs, now: h.clock.Now})
	checkFatal(t, err, 4004, "DISCORD_TOKEN")
}

func checkFatal(t *testing.T, err error, code int, fix string) {
	t.Helper()
	var fatal *bot.FatalGatewayError
	if !errors.As(err, &fatal) || fatal.Code != code {
		t.Fatalf("run returned %v, want a FatalGatewayError with code %d", err, code)
	}
	line := err.Error()
	if strings.Contains(line, "\n") || !strings.Contains(line, "4004") || !strings.Contains(line, fix) {
		t.Errorf("error %q: want one line naming code %d and %s", line, code, fix)
	}
}

// A post that landed just before a crash, with the crash recorded before
// its outcome, leaves its slot in flight. Restarted after Discord forgot
// the nonce (the stand-in's window set to 2 minutes, the restart 5 minutes
// later), the bot finds the post in the channel instead of posting again.
func TestSlotInFlightPastTheNonceWindowIsNotPostedTwice(t *testing.T) {
	const user = "400000000000000013"
	due := time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)
	clock := &fakeClock{t: due.Add(-time.Hour)}
	srv := discordtest.NewServer(discordtest.Options{Token: testToken, Now: clock.Now, NonceWindow: 2 * time.Minute, Logf: t.Logf})
	t.Cleanup(srv.Close)
	h := newHarnessOn(t, srv, clock)
	srv.AddUser(user, "gus")
	h.start()
	h.subscribe(discordtest.Slash{UserID: user})
	h.clock.Set(due)
	dm, post := h.waitForFirstDMPost("the workout", user)
	waitFor(t, "the post to be recorded", func() bool { return h.query(`SELECT count(*) FROM slots WHERE message_id = ?`, post.ID) == 1 })
	h.stop()
	h.stop = nil

	// The crash: the post is on Discord, the database never heard of it.
	h.exec(`UPDATE slots SET state = ?, channel_id = '', message_id = ''`, plans.SlotSending)
	h.clock.Set(due.Add(5 * time.Minute))
	h.start()
	waitFor(t, "the slot to be closed", func() bool {
		return h.query(`SELECT count(*) FROM slots WHERE state = ? AND message_id = ?`, plans.SlotSent, post.ID) == 1
	})
	if n := len(h.workoutPosts(dm)); n != 1 {
		t.Errorf("%d workout posts after the restart, want the one from before the crash", n)
	}
}

// exec runs a statement on the bot's database, as a crash would leave it.
func (h *harness) exec(q string, args ...any) {
	h.t.Helper()
	db, err := sql.Open("sqlite", h.db)
	if err != nil {
		h.t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(q, args...); err != nil {
		h.t.Fatalf("%s: %v", q, err)
	}
}

// A ✅ given as a super reaction while the bot was down counts: the users of
// a reaction are listed with type=1 as well as type=0 (message.mdx, Get
// Reactions), not only the normal ones, which would miss it.
func TestSuperReactionWhileDownIsCounted(t *testing.T) {
	const (
		guild, channel = "200000000000000021", "300000000000000021"
		user           = "400000000000000021"
	)
	due := time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)
	h := newHarness(t, due.Add(-time.Hour))
	h.srv.AddGuild(guild, "Back Club", channel)
	h.srv.AddUser(user, "sue")
	h.start()
	h.subscribe(discordtest.Slash{GuildID: guild, ChannelID: channel, UserID: user, Options: []discordtest.Option{
		{Name: "days", Value: "mon,wed,fri"}, {Name: "time", Value: "07:00"}, {Name: "timezone", Value: "UTC"}, {Name: "where", Value: "here"}}})
	h.clock.Set(due)
	post := h.waitForPosts("the workout in the channel", channel, 1)[0]
	waitFor(t, "the post to be recorded", func() bool { return h.query(`SELECT count(*) FROM slots WHERE message_id = ?`, post.ID) == 1 })
	h.stop()
	h.stop = nil

	if err := h.srv.SuperReact(channel, post.ID, user, "✅"); err != nil {
		t.Fatal(err)
	}
	h.start()
	waitFor(t, "the super ✅ to be read back", func() bool { return h.countRows("entries") == 1 })
}

// A gap longer than Discord can replay ends in close 4007 (invalid seq) on
// RESUME: the bot must identify anew rather than resume the dead session
// forever, and then read back the ✅ given in the gap.
func TestUnreplayableGapStartsAFreshSession(t *testing.T) {
	const user = "400000000000000014"
	h, dm, post := gatewayHarness(t, user)
	before := h.srv.GatewayStats()

	h.srv.SetGatewayDown(true)
	h.srv.DropGateway()
	waitFor(t, "the connection to drop", func() bool { return !h.srv.Connected() })
	h.react(dm, post.ID, user, "✅")
	for k := range 1100 { // more events than a session keeps for RESUME
		h.react(dm, post.ID, user, []string{"😅", "💪"}[k%2])
		if err := h.srv.Unreact(dm, post.ID, user, []string{"😅", "💪"}[k%2]); err != nil {
			t.Fatal(err)
		}
	}
	h.srv.SetGatewayDown(false)
	waitFor(t, "the ✅ given in the gap", func() bool { return h.countRows("entries") == 1 })
	if after := h.srv.GatewayStats(); after.Identifies != before.Identifies+1 {
		t.Errorf("identifies %d → %d, want one new session after 4007", before.Identifies, after.Identifies)
	}
}

// The program itself: a token Discord refuses on the gateway (4004) ends
// it with exit status 1, and its last line says which code and what to do.
func TestFatalCloseCodeExitStatus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	srv := discordtest.NewServer(discordtest.Options{Token: testToken, Logf: t.Logf})
	t.Cleanup(srv.Close)
	srv.RevokeToken()
	bin := buildBinary(t)
	cmd := exec.Command(bin)
	cmd.Env = []string{"DISCORD_TOKEN=" + testToken, "DISCORD_API_URL=" + srv.URL(), "GLUTEBOT_DB=" + filepath.Join(t.TempDir(), "g.db"), "LOG_LEVEL=error"}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit: %v, want status 1\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "glutebot: ") || !strings.Contains(last, "4004") || !strings.Contains(last, "DISCORD_TOKEN") {
		t.Errorf("last line %q: want the close code and the fix", last)
	}
	t.Logf("exit status 1, last line: %s", last)
}

// TestForgetCutShortByACrashFinishesAtTheNextStart: /forget deletes the
// user's rows and queues the bot's messages for deletion in one
// transaction. A crash before the messages are gone leaves them queued, and
// the next start deletes them: nothing the bot wrote stays behind.
func TestForgetCutShortByACrashFinishesAtTheNextStart(t *testing.T) {
	t.Parallel()
	const ana = "670000000000000001"
	h := subscribedByDM(t, ana)
	dm, _ := h.mondaysPost(ana)
	h.stop()

	// What a crash right after /forget's transaction leaves: the user
	// gone, their messages queued, none deleted.
	store, err := data.Open(context.Background(), h.db)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Forget(context.Background(), ana); err != nil {
		t.Fatal(err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(h.srv.BotMessages(dm)); n == 0 {
		t.Fatal("test setup: no bot messages in the DM")
	}

	h.start()
	waitFor(t, "the bot's DMs to be deleted", func() bool { return len(h.srv.BotMessages(dm)) == 0 })
	waitFor(t, "the queue to empty", func() bool { return h.query("SELECT count(*) FROM pending_deletions") == 0 })
	noViolations(t, h.srv)
}
