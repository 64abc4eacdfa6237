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
	seed := *crashSeed
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	t.Logf("random seed %d (replay the same kill moments and reactions with -crash.seed=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))      // kill moments
	reactRNG := rand.New(rand.NewPCG(uint64(seed), 1)) // reactions, on their own goroutine

	w := newCrashWorld(t, 60) // the first half was due minutes ago: posted late

	stopReacting := w.usersReact(t, reactRNG)
	inFlight := w.killAtRandomMoments(t, kills, rng)
	stopReacting()
	w.finishTheWave(t)

	store := w.openIntactStore(t)
	completions, acknowledged := 0, 0
	for _, u := range w.users {
		done, acks := w.checkUser(t, store, u)
		completions += done
		acknowledged += acks
	}
	w.noViolationsButRestartWaits(t)
	t.Logf("%d kills (%d with the wave in flight), %d posts for %d subscribers, %d ✅ by users, %d completions logged, %d acknowledged before a kill or at once",
		kills, inFlight, w.postCount(), len(w.users), w.reactedCount(), completions, acknowledged)
	if t.Failed() {
		t.Logf("program logs:\n%s", w.allLogs())
	}
}

// newCrashWorld builds the program and a database of users subscribers,
// each due about now (the first half minutes ago), beside a stand-in that
// knows them.
func newCrashWorld(t *testing.T, users int) *crashWorld {
	late := users / 2
	w := &crashWorld{bin: buildBinary(t), db: filepath.Join(t.TempDir(), "crash.db"), due: make(map[string]time.Time, users)}
	w.srv = discordtest.NewServer(discordtest.Options{Token: testToken})
	t.Cleanup(w.srv.Close)

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
	w.local = now.In(loc)
	days := []time.Weekday{w.local.Weekday(), (w.local.Weekday() + 3) % 7}
	w.users = make([]string, users)
	ctx := context.Background()
	store, err := data.Open(ctx, w.db)
	if err != nil {
		t.Fatal(err)
	}
	for i := range w.users {
		id := fmt.Sprintf("8%017d", i)
		w.users[i] = id
		w.srv.AddUser(id, fmt.Sprintf("user%d", i))
		at := w.local.Add(-5 * time.Second).Truncate(time.Minute)
		if i < late {
			at = at.Add(-5 * time.Minute)
		}
		w.due[id] = at.UTC()
		if err := store.SetScreened(ctx, id, at); err != nil {
			t.Fatal(err)
		}
		if err := store.PutSubscription(ctx, plans.Subscription{
			UserID: id, Days: days, TimeOfDay: plans.TimeOfDay{Hour: at.Hour(), Minute: at.Minute()}, Zone: zone,
			Since: at.AddDate(0, 0, -14).UTC(), NextDue: at.UTC(),
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	return w
}

// startProgram starts the binary on the world's database.
func (w *crashWorld) startProgram(t *testing.T) *exec.Cmd {
	t.Helper()
	w.starts = append(w.starts, time.Now())
	out := &syncBuffer{}
	w.logs = append(w.logs, out)
	cmd := exec.Command(w.bin)
	cmd.Env = []string{
		"DISCORD_TOKEN=" + testToken,
		"DISCORD_API_URL=" + w.srv.URL(),
		"GLUTEBOT_DB=" + w.db,
		"GLUTEBOT_RATE=40",
		"LOG_LEVEL=debug",
	}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// allLogs is every run's log, in order.
func (w *crashWorld) allLogs() string {
	var sb strings.Builder
	for i, l := range w.logs {
		fmt.Fprintf(&sb, "--- run %d\n%s", i+1, l)
	}
	return sb.String()
}

// usersReact has users react ✅ on most of their posts as the posts
// appear, whether or not the bot is running, until the returned stop.
func (w *crashWorld) usersReact(t *testing.T, rng *rand.Rand) (stop func()) {
	stopReacting := make(chan struct{})
	var reacting sync.WaitGroup
	reacting.Go(func() {
		for {
			select {
			case <-stopReacting:
				return
			case <-time.After(15 * time.Millisecond):
			}
			w.reactSome(t, rng)
		}
	})
	return func() {
		close(stopReacting)
		reacting.Wait()
	}
}

// killAtRandomMoments starts the program kills times and SIGKILLs it at a
// random moment within 1.5 s of each start. It returns how many kills
// caught the wave in flight.
func (w *crashWorld) killAtRandomMoments(t *testing.T, kills int, rng *rand.Rand) (inFlight int) {
	for k := range kills {
		before := w.postCount()
		cmd := w.startProgram(t)
		time.Sleep(time.Duration(rng.Int64N(int64(1500 * time.Millisecond))))
		at := w.postCount()
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatalf("kill %d: %v", k+1, err)
		}
		err := cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("run %d ended with %v before it was killed\n%s", k+1, err, w.allLogs())
		}
		if at > before || (at > 0 && at < len(w.users)) {
			inFlight++
		}
	}
	return inFlight
}

// finishTheWave starts the program a last time: it finishes the wave and
// reads back the reactions made while the bot was down; then it stops
// gracefully.
func (w *crashWorld) finishTheWave(t *testing.T) {
	cmd := w.startProgram(t)
	final := w.logs[len(w.logs)-1]
	waitFor(t, "every subscriber's post", func() bool { return w.postCount() >= len(w.users) })
	waitFor(t, "reconciliation at start", func() bool {
		return strings.Contains(final.String(), "reconciled reactions made while offline")
	})
	waitForSlotsClosed(t, w.db)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the last run did not stop cleanly on SIGTERM: %v\n%s", err, w.allLogs())
	}
}

// openIntactStore opens the database after the last run and checks its
// integrity.
func (w *crashWorld) openIntactStore(t *testing.T) *data.Store {
	store, err := data.Open(context.Background(), w.db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := store.IntegrityCheck(context.Background()); err != nil {
		t.Fatalf("integrity check: %v", err)
	}
	return store
}

// checkUser checks that user u has exactly one post and one slot, sent (or
// failed with a reason logged) and late if it was, and that their ✅ is
// counted exactly once if they left one. It returns the completions logged
// for the slot and the acknowledgements the bot sent.
func (w *crashWorld) checkUser(t *testing.T, store *data.Store, u string) (done, acks int) {
	ctx := context.Background()
	posts, replies := w.messages(u)
	if len(posts) != 1 {
		t.Errorf("user %s has %d workout posts, want 1", u, len(posts))
		return 0, 0
	}
	post := posts[0]
	slots, err := store.UserSlots(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if len(slots) != 1 {
		t.Errorf("user %s has %d slots, want 1: %+v", u, len(slots), slots)
		return 0, 0
	}
	slot := slots[0]
	if !slot.Due.Equal(w.due[u]) {
		t.Errorf("user %s's slot is due %v, want %v", u, slot.Due, w.due[u])
	}
	switch slot.State {
	case plans.SlotSent:
		if slot.MessageID != post.ID || slot.ChannelID != post.ChannelID {
			t.Errorf("user %s's slot records message %s in %s, but the post is %s in %s",
				u, slot.MessageID, slot.ChannelID, post.ID, post.ChannelID)
		}
	case plans.SlotFailed:
		if !strings.Contains(w.allLogs(), fmt.Sprintf("slot=%d ", slot.ID)) {
			t.Errorf("user %s's slot %d failed without a logged reason", u, slot.ID)
		}
	default:
		t.Errorf("user %s's slot ended in state %d, want sent", u, slot.State)
	}
	if wasLate := w.due[u].Before(w.local.Add(-time.Minute)); wasLate {
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
	for _, e := range history {
		if e.Kind == plans.Done && e.Due.Equal(slot.Due) {
			done++
		}
	}
	reacted := false
	for _, r := range w.srv.Reactions(post.ChannelID, post.ID, "✅") {
		reacted = reacted || r == u
	}
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
	return done, acks
}

// noViolationsButRestartWaits fails on every request Discord would have
// refused, except a 429 right after a start.
func (w *crashWorld) noViolationsButRestartWaits(t *testing.T) {
	for _, v := range w.srv.Violations() {
		if v.Status == 429 && justStarted(w.starts, v.At) {
			// A fresh process cannot know the per-route buckets its
			// killed predecessor spent a moment ago (reactions: one per
			// 250 ms per channel); discordgo waits and retries.
			continue
		}
		t.Errorf("Discord rule broken: %+v", v)
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

// crashWorld is the program's binary and database, the stand-in, and the
// subscribers: it runs and kills the program, reads the users' DM channels
// in the stand-in and reacts for the users.
type crashWorld struct {
	bin, db string
	srv     *discordtest.Server
	users   []string
	due     map[string]time.Time // each user's slot
	local   time.Time            // when the world was made, in the subscribers' zone
	logs    []*syncBuffer        // one per run
	starts  []time.Time

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
