package schedule

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/glutebot/glutebot/plans"
	"github.com/google/go-cmp/cmp"
)

func TestPostRecordsTheMessageBeforeAddingDone(t *testing.T) {
	store := newFakeStore(berlinSub("u1", monday))
	p := newFakePoster()
	p.onDone = func(messageID string) {
		slots := store.slotsOf("u1")
		if len(slots) != 1 || slots[0].State != plans.SlotSent || slots[0].MessageID != messageID {
			t.Errorf("when ✅ was added the slot was %+v, want sent with message %s", slots, messageID)
		}
	}
	d, _ := newTestDispatcher(store, p, Config{})
	mustTick(t, d, monday)
	slot := wantSlots(t, store, "u1", plans.SlotSent)[0]
	if !p.hasDone(slot.MessageID) {
		t.Errorf("no ✅ on the post")
	}
}

func TestPostNow(t *testing.T) {
	before := monday.Add(-2 * time.Hour) // Monday 05:00 in Berlin, two hours before the workout
	store := newFakeStore(berlinSub("u1", monday), berlinSub("u2", monday))
	p := newFakePoster()
	p.fail["u2"] = fmt.Errorf("DMs closed: %w", plans.ErrUndeliverable)
	var reported []plans.Slot
	d, _ := newTestDispatcher(store, p, Config{Now: func() time.Time { return before },
		OnPosted: func(s plans.Slot, _ time.Duration) { reported = append(reported, s) }})

	slot, posted, err := d.PostNow(t.Context(), "u1")
	if err != nil || !posted {
		t.Fatalf("PostNow = %+v, %v, %v; want posted", slot, posted, err)
	}
	if !slot.Early || slot.State != plans.SlotSent || slot.MessageID == "" || !slot.Due.Equal(monday) || !p.hasDone(slot.MessageID) {
		t.Errorf("slot %+v: want today's, early, sent, with ✅", slot)
	}
	if len(reported) != 0 {
		t.Errorf("a requested workout was counted as a scheduled one: %+v", reported)
	}
	// Discord refuses: the user is marked unreachable, as the tick does.
	if _, _, err := d.PostNow(t.Context(), "u2"); !errors.Is(err, plans.ErrUndeliverable) {
		t.Errorf("PostNow for closed DMs = %v, want ErrUndeliverable", err)
	}
	wantSlots(t, store, "u2", plans.SlotFailed)
	if !store.sub("u2").Undeliverable {
		t.Errorf("u2 not marked undeliverable")
	}

	// The schedule does not post it again, and neither does a second request.
	mustTick(t, d, monday)
	again, posted, err := d.PostNow(t.Context(), "u1")
	if err != nil || posted || again.MessageID != slot.MessageID {
		t.Errorf("second PostNow = %+v, %v, %v; want the first post, not posted again", again, posted, err)
	}
	wantAttempts(t, p, "u1", 1)
	if next := store.sub("u1").NextDue; !next.Equal(wednesday) {
		t.Errorf("next due %s, want Wednesday's %s", next, wednesday)
	}

	if _, _, err := d.PostNow(t.Context(), "nobody"); !errors.Is(err, plans.ErrNotFound) {
		t.Errorf("PostNow without a subscription = %v, want ErrNotFound", err)
	}
}

// TestPostNowOfASlotLeftSendingLooksForItsPost: a /workout whose earlier
// request crashed mid-post finds its slot still sending. Posting it again
// relies on the nonce, which Discord remembers only for minutes, so the
// poster is told to look for the post first (Retry), as recovery does.
func TestPostNowOfASlotLeftSendingLooksForItsPost(t *testing.T) {
	before := monday.Add(-2 * time.Hour)
	store := newFakeStore(berlinSub("u1", monday))
	left := plans.Slot{UserID: "u1", Due: monday, LocalDate: "2026-06-15", State: plans.SlotSending, Early: true}
	if _, fresh, err := store.ClaimSlot(t.Context(), left, monday.Add(48*time.Hour)); err != nil || !fresh {
		t.Fatalf("claim = %v, %v", fresh, err)
	}
	p := newFakePoster()
	d, _ := newTestDispatcher(store, p, Config{Now: func() time.Time { return before }})
	if _, posted, err := d.PostNow(t.Context(), "u1"); err != nil || !posted {
		t.Fatalf("PostNow = %v, %v; want posted", posted, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.attempts) != 1 || !p.attempts[0].Retry {
		t.Errorf("attempts %+v; want one, with Retry", p.attempts)
	}
}

// weekly is the board and recap part of the store, beside fakeStore.
type weekly struct {
	*fakeStore
	mu       sync.Mutex
	failNext bool // SetBoardNextRun fails
	boards   map[string]plans.Board
	members  map[string][]string
	recaps   map[string]plans.Recap
}

func newWeekly(s *fakeStore) *weekly {
	return &weekly{fakeStore: s, boards: map[string]plans.Board{}, members: map[string][]string{}, recaps: map[string]plans.Recap{}}
}

func (w *weekly) DueBoards(ctx context.Context, now time.Time) ([]plans.Board, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []plans.Board
	for _, b := range w.boards {
		if !b.NextRun.After(now) {
			out = append(out, b)
		}
	}
	return out, nil
}

func (w *weekly) SetBoardNextRun(ctx context.Context, guildID, spec string, next time.Time) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.failNext {
		return errors.New("disk full")
	}
	if b, ok := w.boards[guildID]; ok && b.Spec == spec {
		b.NextRun = next
		w.boards[guildID] = b
	}
	return nil
}

func (w *weekly) BoardStandings(ctx context.Context, guildID string, now time.Time) ([]plans.Standing, error) {
	w.mu.Lock()
	members := slices.Clone(w.members[guildID])
	w.mu.Unlock()
	var out []plans.Standing
	for _, id := range members {
		sub, err := w.Subscription(ctx, id)
		if err != nil {
			sub = plans.DefaultSubscription(id)
		}
		history, _ := w.History(ctx, id)
		out = append(out, plans.StandingOf(id, sub, history, now))
	}
	plans.SortStandings(out)
	return out, nil
}

func (w *weekly) DueRecaps(ctx context.Context, now time.Time, limit int) ([]plans.Recap, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []plans.Recap
	for id, r := range w.recaps {
		if !r.Next.After(now) {
			r.Sub = w.sub(id)
			out = append(out, r)
		}
	}
	return out[:min(limit, len(out))], nil
}

func (w *weekly) SetNextRecap(ctx context.Context, userID string, next time.Time) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	r := w.recaps[userID]
	r.Next = next
	w.recaps[userID] = r
	return nil
}

type postedBoard struct {
	board     plans.Board
	standings []plans.Standing
}

// weeklyPoster records boards and recaps; each send can take the wire.
type weeklyPoster struct {
	mu     sync.Mutex
	boards []postedBoard
	recaps map[string][]plans.Review
	wire   *wire
}

func (p *weeklyPoster) PostBoard(ctx context.Context, b plans.Board, st []plans.Standing, now time.Time) error {
	p.wire.use()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.boards = append(p.boards, postedBoard{b, st})
	return nil
}

func (p *weeklyPoster) SendRecap(ctx context.Context, sub plans.Subscription, r plans.Review) error {
	p.wire.use()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.recaps == nil {
		p.recaps = map[string][]plans.Review{}
	}
	p.recaps[sub.UserID] = append(p.recaps[sub.UserID], r)
	return nil
}

func (p *weeklyPoster) recapCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, rs := range p.recaps {
		n += len(rs)
	}
	return n
}

// wire stands for Discord's rate limit: one request at a time, each taking
// per (use inside a synctest bubble; a channel, not a mutex, so waiting
// for it lets the bubble's clock move). A nil wire is free.
type wire struct {
	turn chan struct{} // capacity 1
	per  time.Duration
}

func newWire(per time.Duration) *wire { return &wire{turn: make(chan struct{}, 1), per: per} }

func (w *wire) use() {
	if w == nil {
		return
	}
	w.turn <- struct{}{}
	defer func() { <-w.turn }()
	time.Sleep(w.per)
}

// wirePoster is a fakePoster whose posts take the wire.
type wirePoster struct {
	*fakePoster
	wire *wire
}

func (p wirePoster) SendWorkout(ctx context.Context, sub plans.Subscription, slot plans.Slot, w plans.Workout) (string, string, error) {
	p.wire.use()
	return p.fakePoster.SendWorkout(ctx, sub, slot, w)
}

func TestPostBoards(t *testing.T) {
	sunday := at("2026-06-14 16:00:00") // 18:00 in Berlin
	spec := "CRON_TZ=Europe/Berlin 0 18 * * 0"
	fs := newFakeStore(berlinSub("u1", monday))
	for _, due := range []time.Time{at("2026-06-08 05:00:00"), at("2026-06-10 05:00:00")} {
		fs.history["u1"] = append(fs.history["u1"], plans.Entry{Kind: plans.Done, Due: due, At: due.Add(time.Hour)})
	}
	w := newWeekly(fs)
	w.boards["g1"] = plans.Board{GuildID: "g1", ChannelID: "c1", Spec: spec, NextRun: sunday}
	w.members["g1"] = []string{"u2", "u1"} // u2 joined but never subscribed
	p := &weeklyPoster{}
	d, _ := newTestDispatcher(fs, newFakePoster(), Config{Boards: BoardConfig{Store: w, Poster: p}})

	if err := d.PostBoards(t.Context(), sunday.Add(-time.Second)); err != nil || len(p.boards) != 0 {
		t.Fatalf("before its minute: %v, %d boards", err, len(p.boards))
	}
	// Its next run cannot be recorded: it is not posted, or every second
	// until the write worked would post it again.
	w.failNext = true
	for range 3 {
		if err := d.PostBoards(t.Context(), sunday); err != nil {
			t.Fatal(err)
		}
	}
	if len(p.boards) != 0 {
		t.Fatalf("%d boards posted while their next run could not be recorded, want 0", len(p.boards))
	}
	w.failNext = false
	if err := d.PostBoards(t.Context(), sunday); err != nil {
		t.Fatal(err)
	}
	if err := d.PostBoards(t.Context(), sunday.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if len(p.boards) != 1 {
		t.Fatalf("%d boards posted, want 1", len(p.boards))
	}
	want := []plans.Standing{{UserID: "u1", Done: 2, Target: 3, Streak: 0}, {UserID: "u2", Done: 0, Target: 3}}
	if diff := cmp.Diff(want, p.boards[0].standings); diff != "" {
		t.Errorf("standings (-want +got):\n%s", diff)
	}
	if next := w.boards["g1"].NextRun; !next.Equal(sunday.AddDate(0, 0, 7)) {
		t.Errorf("next run %s, want a week on", next)
	}

	// Down all week and back a day late: that board is skipped, the next
	// one scheduled.
	late := sunday.AddDate(0, 0, 8)
	if err := d.PostBoards(t.Context(), late); err != nil {
		t.Fatal(err)
	}
	if len(p.boards) != 1 {
		t.Errorf("a board a day late was posted")
	}
	if next := w.boards["g1"].NextRun; !next.Equal(sunday.AddDate(0, 0, 14)) {
		t.Errorf("next run after a missed one %s, want %s", next, sunday.AddDate(0, 0, 14))
	}
}

func TestSendRecaps(t *testing.T) {
	sunday := at("2026-06-14 16:00:00") // 18:00 in Berlin
	paused := berlinSub("u2", monday)
	paused.PausedUntil = sunday.Add(48 * time.Hour)
	fs := newFakeStore(berlinSub("u1", monday), paused)
	w := newWeekly(fs)
	w.recaps["u1"] = plans.Recap{Day: time.Sunday}
	w.recaps["u2"] = plans.Recap{Day: time.Sunday}
	p := &weeklyPoster{}
	d, _ := newTestDispatcher(fs, newFakePoster(), Config{Recaps: RecapConfig{Store: w, Sender: p}})

	// First seen on Friday: scheduled for Sunday 18:00 Berlin, not sent.
	if err := d.SendRecaps(t.Context(), at("2026-06-12 10:00:00")); err != nil {
		t.Fatal(err)
	}
	if n := p.recapCount(); n != 0 {
		t.Fatalf("%d recaps sent on first sight", n)
	}
	if next := w.recaps["u1"].Next; !next.Equal(sunday) {
		t.Fatalf("first recap at %s, want %s", next, sunday)
	}
	for _, now := range []time.Time{sunday, sunday.Add(time.Second)} {
		if err := d.SendRecaps(t.Context(), now); err != nil {
			t.Fatal(err)
		}
	}
	if got := p.recaps["u1"]; len(got) != 1 || got[0].Target != 3 {
		t.Errorf("u1's recaps %+v, want one", got)
	}
	if got := p.recaps["u2"]; len(got) != 0 {
		t.Errorf("a paused subscriber got a recap: %+v", got)
	}
	for _, u := range []string{"u1", "u2"} {
		if next := w.recaps[u].Next; !next.Equal(sunday.AddDate(0, 0, 7)) {
			t.Errorf("%s: next recap %s, want a week on", u, next)
		}
	}
}

// TestWeeklyWorkYieldsToDueWorkouts: 10,000 recaps and a board fall due at
// the minute 200 workouts do, all sharing one rate-limited wire. The wave
// takes the wire as if the recaps were not there, bar the one request
// already on it; the recaps go out after.
func TestWeeklyWorkYieldsToDueWorkouts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const perRequest = 20 * time.Millisecond // Discord's 50 per second
		due := time.Now().Add(time.Hour).Truncate(time.Minute)
		berlin := mustZone(t, "Europe/Berlin")
		var subs []plans.Subscription
		for i := range 200 {
			sub := berlinSub(fmt.Sprintf("w%03d", i), due)
			sub.Days, sub.TimeOfDay = everyDay, plans.TimeOfDay{Hour: due.In(berlin).Hour(), Minute: due.Minute()}
			subs = append(subs, sub)
		}
		fs := newFakeStore(subs...)
		w := newWeekly(fs)
		for i := range 10000 {
			id := fmt.Sprintf("r%05d", i)
			fs.subs[id] = plans.Subscription{UserID: id, Days: monWedFri, TimeOfDay: plans.TimeOfDay{Hour: 7}, Zone: "UTC", NextDue: due.Add(24 * time.Hour)}
			w.recaps[id] = plans.Recap{Day: time.Sunday, Next: due}
		}
		spec := fmt.Sprintf("CRON_TZ=UTC %d %d * * %d", due.Minute(), due.Hour(), due.Weekday())
		w.boards["g1"] = plans.Board{GuildID: "g1", ChannelID: "c1", Spec: spec, NextRun: due}
		w.members["g1"] = []string{"w000"}
		shared := newWire(perRequest)
		wp := &weeklyPoster{wire: shared}
		p := newFakePoster()
		var mu sync.Mutex
		var last time.Time
		p.onDone = func(string) {
			mu.Lock()
			defer mu.Unlock()
			last = time.Now()
		}
		d, _ := newTestDispatcher(fs, wirePoster{p, shared}, Config{
			Boards: BoardConfig{Store: w, Poster: wp},
			Recaps: RecapConfig{Store: w, Sender: wp},
		})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- d.Run(ctx) }()
		time.Sleep(time.Until(due) + 10*time.Minute)
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		for _, sub := range subs {
			wantSlots(t, fs, sub.UserID, plans.SlotSent)
		}
		// The wave alone needs 200 × 20 ms; the weekly jobs may have one
		// request each on the wire when it starts.
		limit := 200*perRequest + 2*perRequest
		if took := last.Sub(due); took > limit {
			t.Errorf("the wave took %s with weekly work due, want at most %s", took, limit)
		}
		if n := wp.recapCount(); n != 10000 {
			t.Errorf("%d recaps sent, want 10000", n)
		}
		if len(wp.boards) != 1 {
			t.Errorf("%d boards posted, want 1", len(wp.boards))
		}
	})
}

// backupFiles is a BackupStore that writes a small file per copy and can be
// told to fail the integrity check.
type backupFiles struct{ corrupt bool }

func (b *backupFiles) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s: %w", path, os.ErrExist)
	}
	return os.WriteFile(path, []byte("copy"), 0o600)
}

func (b *backupFiles) CheckCopy(ctx context.Context, path string) error {
	if b.corrupt {
		return errors.New("database disk image is malformed")
	}
	return nil
}

func TestBackupsRotate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "backups")
	store := &backupFiles{}
	d, _ := newTestDispatcher(newFakeStore(), newFakePoster(), Config{Backup: BackupConfig{Store: store, Dir: dir}})
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// A copy a crash left half-written on an earlier night.
	if err := os.WriteFile(filepath.Join(dir, ".glutebot-20261001T030000Z.db.partial"), []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	night := at("2026-11-01 03:00:00")
	var made []string
	for i := range 9 {
		path, err := d.Backup(t.Context(), night.AddDate(0, 0, i))
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, filepath.Base(path))
	}
	if made[0] != "glutebot-20261101T030000Z.db" {
		t.Errorf("first backup named %s", made[0])
	}
	list := func() []string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}
	want := append(slices.Clone(made[2:]), "notes.txt")
	if got := list(); !slices.Equal(got, want) {
		t.Errorf("backup dir holds %v, want the newest 7 and the stray file (no half-written copy): %v", got, want)
	}

	// A copy that fails its check is deleted; the last good ones stay.
	store.corrupt = true
	if _, err := d.Backup(t.Context(), night.AddDate(0, 0, 9)); err == nil {
		t.Errorf("a corrupt copy was accepted")
	}
	if got := list(); !slices.Equal(got, want) {
		t.Errorf("after a failed check the dir holds %v, want %v", got, want)
	}
}

// panicPoster panics on one user's post.
type panicPoster struct {
	*fakePoster
	user string
}

func (p panicPoster) SendWorkout(ctx context.Context, sub plans.Subscription, slot plans.Slot, w plans.Workout) (string, string, error) {
	if sub.UserID == p.user {
		panic("poster bug")
	}
	return p.fakePoster.SendWorkout(ctx, sub, slot, w)
}

// TestRunSurvivesAPanickingPost: a panic in a post, on a sender goroutine,
// leaves that slot in flight and the rest of the wave, and the next ticks,
// going.
func TestRunSurvivesAPanickingPost(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		due := time.Now().Add(time.Hour).Truncate(time.Minute)
		berlin := mustZone(t, "Europe/Berlin")
		var subs []plans.Subscription
		for _, u := range []string{"u1", "u2", "u3"} {
			sub := berlinSub(u, due)
			sub.Days, sub.TimeOfDay = everyDay, plans.TimeOfDay{Hour: due.In(berlin).Hour(), Minute: due.Minute()}
			subs = append(subs, sub)
		}
		store := newFakeStore(subs...)
		p := newFakePoster()
		d, logs := newTestDispatcher(store, panicPoster{p, "u2"}, Config{})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- d.Run(ctx) }()
		time.Sleep(time.Until(due) + 24*time.Hour + time.Minute)
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		for _, u := range []string{"u1", "u3"} {
			wantSlots(t, store, u, plans.SlotSent, plans.SlotSent)
		}
		wantSlots(t, store, "u2", plans.SlotSending, plans.SlotSending)
		if !strings.Contains(logs.String(), "post panicked") {
			t.Errorf("the panic was not logged:\n%s", logs)
		}
	})
}
