//go:build unix

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/glutebot/glutebot/bot/discordtest"
	"github.com/glutebot/glutebot/data"
	"github.com/glutebot/glutebot/plans"
)

// crashSeed replays TestCrashSafety's random choices. The program runs on the
// real clock, so a replay repeats the kill moments and reactions, not every
// interleaving.
var crashSeed = flag.Int64("crash.seed", 0, "TestCrashSafety's random seed; 0 takes one from the clock (the test logs it)")

// TestCrashSafety runs the real binary as a subprocess against the stand-in
// and kills it with SIGKILL at random moments, while a wave of workouts is
// going out and while users react ✅ on their posts, restarting it on the
// same database file each time. In the end the database is intact, every
// subscriber has exactly one post, every slot is closed, and every ✅ a user
// left is counted exactly once: those the bot acknowledged, and those it
// never saw, which the last start reads back.
func TestCrashSafety(t *testing.T) {
	kills := 20
	if testing.Short() {
		kills = 5
	}
	const (
		users = 60
		late  = users / 2 // the first half was due minutes ago: posted late
	)
	bin := buildBinary(t)

	seed := *crashSeed
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	t.Logf("random seed %d (replay the same kill moments and reactions with -crash.seed=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))      // kill moments
	reactRNG := rand.New(rand.NewPCG(uint64(seed), 1)) // reactions, on their own goroutine

	srv := discordtest.NewServer(discordtest.Options{Token: testToken})
	t.Cleanup(srv.Close)
	db := filepath.Join(t.TempDir(), "crash.db")

	// The program runs on the real clock. Subscribers live in a zone where
	// it is about noon, so that no slot crosses a local midnight and every
	// one is within the grace window until the end.
	now := time.Now()
	zone := fmt.Sprintf("Etc/GMT%+d", now.UTC().Hour()-12) // Etc/GMT-3 is UTC+3
	if zone == "Etc/GMT+0" {
		zone = "Etc/GMT"
	}
	loc, err := plans.LoadZone(zone)
	if err != nil {
		t.Fatal(err)
	}
	local := now.In(loc)
	days := []time.Weekday{local.Weekday(), (local.Weekday() + 3) % 7}
	ids := make([]string, users)
	due := make(map[string]time.Time, users)
	ctx := context.Background()
	store, err := data.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ids {
		ids[i] = fmt.Sprintf("8%017d", i)
		srv.AddUser(ids[i], fmt.Sprintf("user%d", i))
		at := local.Add(-5 * time.Second).Truncate(time.Minute)
		if i < late {
			at = at.Add(-5 * time.Minute)
		}
		due[ids[i]] = at.UTC()
		if err := store.SetScreened(ctx, ids[i], at); err != nil {
			t.Fatal(err)
		}
		if err := store.PutSubscription(ctx, plans.Subscription{
			UserID: ids[i], Days: days, Clock: plans.Clock{Hour: at.Hour(), Minute: at.Minute()}, Zone: zone,
			Since: at.AddDate(0, 0, -14).UTC(), NextDue: at.UTC(),
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}

	w := &crashWorld{srv: srv, users: ids}
	var logs []*syncBuffer
	var starts []time.Time
	startProgram := func() *exec.Cmd {
		t.Helper()
		starts = append(starts, time.Now())
		out := &syncBuffer{}
		logs = append(logs, out)
		cmd := exec.Command(bin)
		cmd.Env = []string{
			"DISCORD_TOKEN=" + testToken,
			"DISCORD_API_URL=" + srv.URL(),
			"GLUTEBOT_DB=" + db,
			"GLUTEBOT_RATE=40",
			"LOG_LEVEL=debug",
		}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	allLogs := func() string {
		var sb strings.Builder
		for i, l := range logs {
			fmt.Fprintf(&sb, "--- run %d\n%s", i+1, l)
		}
		return sb.String()
	}

	// Users react ✅ on most of their posts as the posts appear, whether
	// or not the bot is running.
	stopReacting := make(chan struct{})
	var reacting sync.WaitGroup
	reacting.Go(func() {
		for {
			select {
			case <-stopReacting:
				return
			case <-time.After(15 * time.Millisecond):
			}
			w.reactSome(t, reactRNG)
		}
	})

	inFlight := 0
	for k := range kills {
		before := w.postCount()
		cmd := startProgram()
		time.Sleep(time.Duration(rng.Int64N(int64(1500 * time.Millisecond))))
		at := w.postCount()
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatalf("kill %d: %v", k+1, err)
		}
		err := cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("run %d ended with %v before it was killed\n%s", k+1, err, allLogs())
		}
		if at > before || (at > 0 && at < users) {
			inFlight++
		}
	}
	close(stopReacting)
	reacting.Wait()

	// The last start finishes the wave and reads back the reactions made
	// while the bot was down; then it stops gracefully.
	cmd := startProgram()
	final := logs[len(logs)-1]
	waitFor(t, "every subscriber's post", func() bool { return w.postCount() >= users })
	waitFor(t, "reconciliation at start", func() bool {
		return strings.Contains(final.String(), "reconciled reactions made while offline")
	})
	waitForSlotsClosed(t, db)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the last run did not stop cleanly on SIGTERM: %v\n%s", err, allLogs())
	}

	store, err = data.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := store.IntegrityCheck(ctx); err != nil {
		t.Fatalf("integrity check: %v", err)
	}

	completions, acknowledged := 0, 0
	for _, u := range ids {
		posts, replies := w.messages(u)
		if len(posts) != 1 {
			t.Errorf("user %s has %d workout posts, want 1", u, len(posts))
			continue
		}
		post := posts[0]
		slots, err := store.UserSlots(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		if len(slots) != 1 {
			t.Errorf("user %s has %d slots, want 1: %+v", u, len(slots), slots)
			continue
		}
		slot := slots[0]
		if !slot.Due.Equal(due[u]) {
			t.Errorf("user %s's slot is due %v, want %v", u, slot.Due, due[u])
		}
		switch slot.State {
		case plans.SlotSent:
			if slot.MessageID != post.ID || slot.ChannelID != post.ChannelID {
				t.Errorf("user %s's slot records message %s in %s, but the post is %s in %s",
					u, slot.MessageID, slot.ChannelID, post.ID, post.ChannelID)
			}
		case plans.SlotFailed:
			if !strings.Contains(allLogs(), fmt.Sprintf("slot=%d ", slot.ID)) {
				t.Errorf("user %s's slot %d failed without a logged reason", u, slot.ID)
			}
		default:
			t.Errorf("user %s's slot ended in state %d, want sent", u, slot.State)
		}
		if wasLate := due[u].Before(local.Add(-time.Minute)); wasLate {
			if !slot.Late {
				t.Errorf("user %s's slot was claimed minutes after it was due but is not marked late", u)
			}
			if len(post.Embeds) == 0 || !strings.Contains(post.Embeds[0].Description, "late") {
				t.Errorf("user %s's late post does not say it is late: %+v", u, post.Embeds)
			}
		}

		history, err := store.History(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		done := 0
		for _, e := range history {
			if e.Kind == plans.Done && e.Due.Equal(slot.Due) {
				done++
			}
		}
		reacted := false
		for _, r := range srv.Reactions(post.ChannelID, post.ID, "✅") {
			reacted = reacted || r == u
		}
		acks := 0
		for _, r := range replies {
			if r.MessageReference != nil && r.MessageReference.MessageID == post.ID && strings.HasPrefix(r.Content, "Logged — ") {
				acks++
			}
		}
		switch {
		case done > 1:
			t.Errorf("user %s's ✅ is counted %d times", u, done)
		case acks > 1:
			t.Errorf("user %s's ✅ was acknowledged %d times", u, acks)
		case acks == 1 && done == 0:
			t.Errorf("user %s's ✅ was acknowledged but is not in the log", u)
		case reacted && done == 0:
			t.Errorf("user %s's ✅ is on the post but not in the log after the last start", u)
		case !reacted && done > 0:
			t.Errorf("user %s has a completion without a ✅ on the post", u)
		}
		completions += done
		acknowledged += acks
	}
	for _, v := range srv.Violations() {
		if v.Status == 429 && justStarted(starts, v.At) {
			// A fresh process cannot know the per-route buckets its
			// killed predecessor spent a moment ago (reactions: one per
			// 250 ms per channel); discordgo waits and retries.
			continue
		}
		t.Errorf("Discord rule broken: %+v", v)
	}
	t.Logf("%d kills (%d with the wave in flight), %d posts for %d subscribers, %d ✅ by users, %d completions logged, %d acknowledged before a kill or at once",
		kills, inFlight, w.postCount(), users, w.reactedCount(), completions, acknowledged)
	if t.Failed() {
		t.Logf("program logs:\n%s", allLogs())
	}
}

// justStarted reports whether at is within a second of a start of the
// program.
func justStarted(starts []time.Time, at time.Time) bool {
	for _, s := range starts {
		if d := at.Sub(s); d >= 0 && d < time.Second {
			return true
		}
	}
	return false
}

// buildBinary builds the program into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
		if _, err := os.Stat(goTool); err != nil {
			t.Skip("no go tool to build the binary with")
		}
	}
	bin := filepath.Join(t.TempDir(), "glutebot")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// waitForSlotsClosed waits until no slot of the database is left in flight.
func waitForSlotsClosed(t *testing.T, path string) {
	t.Helper()
	store, err := data.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	waitFor(t, "every slot to be closed", func() bool {
		for _, state := range []plans.SlotState{plans.SlotDue, plans.SlotSending} {
			open, err := store.SlotsInState(context.Background(), state)
			if err != nil {
				t.Fatal(err)
			}
			if len(open) > 0 {
				return false
			}
		}
		return true
	})
}

// crashWorld reads the users' DM channels in the stand-in and reacts for
// the users.
type crashWorld struct {
	srv   *discordtest.Server
	users []string

	mu      sync.Mutex
	reacted map[string]bool // message ids a user reacted ✅ on
}

// messages returns the user's workout posts and the bot's other messages
// (replies) in their DM channel.
func (w *crashWorld) messages(userID string) (posts, replies []discordtest.Message) {
	ch := w.srv.DMChannelID(userID)
	if ch == "" {
		return nil, nil
	}
	for _, m := range w.srv.BotMessages(ch) {
		if len(m.Embeds) > 0 && m.MessageReference == nil {
			posts = append(posts, m)
		} else {
			replies = append(replies, m)
		}
	}
	return posts, replies
}

func (w *crashWorld) postCount() int {
	n := 0
	for _, u := range w.users {
		posts, _ := w.messages(u)
		n += len(posts)
	}
	return n
}

func (w *crashWorld) reactedCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.reacted)
}

// reactSome has each user whose post is there react ✅ on it with a chance
// of one in ten per call, so that reactions land before, during and after
// the bot handles a post, and some users never react.
func (w *crashWorld) reactSome(t *testing.T, rng *rand.Rand) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.reacted == nil {
		w.reacted = make(map[string]bool)
	}
	for i, u := range w.users {
		if i%5 == 4 {
			continue // every fifth user never reacts
		}
		posts, _ := w.messages(u)
		for _, p := range posts {
			if w.reacted[p.ID] || rng.IntN(10) != 0 {
				continue
			}
			if err := w.srv.React(p.ChannelID, p.ID, u, "✅"); err != nil {
				t.Errorf("user %s reacts on %s: %v", u, p.ID, err)
				continue
			}
			w.reacted[p.ID] = true
		}
	}
}
