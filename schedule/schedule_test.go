package schedule

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/glutebot/glutebot/plans"
)

var monWedFri = []time.Weekday{time.Monday, time.Wednesday, time.Friday}

// at parses a UTC instant.
func at(s string) time.Time {
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		panic(err)
	}
	return t
}

// berlinSub is a Monday/Wednesday/Friday 07:00 Berlin subscription. In June
// 2026, 07:00 CEST is 05:00 UTC; Monday is 2026-06-15.
func berlinSub(user string, next time.Time) plans.Subscription {
	return plans.Subscription{
		UserID:  user,
		Days:    monWedFri,
		Clock:   plans.Clock{Hour: 7, Minute: 0},
		Zone:    "Europe/Berlin",
		NextDue: next,
	}
}

var (
	monday    = at("2026-06-15 05:00:00")
	wednesday = at("2026-06-17 05:00:00")
)

func newTestDispatcher(store Store, poster Poster, cfg Config) (*Dispatcher, *logBuffer) {
	logs := new(logBuffer)
	cfg.Logger = logs.logger()
	return New(store, poster, cfg), logs
}

func mustTick(t *testing.T, d *Dispatcher, now time.Time) {
	t.Helper()
	if err := d.Tick(t.Context(), now); err != nil {
		t.Fatalf("Tick(%s): %v", now, err)
	}
}

func wantAttempts(t *testing.T, p *fakePoster, user string, want int) []attempt {
	t.Helper()
	got := p.attemptsOf(user)
	if len(got) != want {
		t.Fatalf("%s: %d post attempts, want %d: %+v", user, len(got), want, got)
	}
	return got
}

func wantSlots(t *testing.T, s *fakeStore, user string, want ...plans.SlotState) []plans.Slot {
	t.Helper()
	got := s.slotsOf(user)
	var states []plans.SlotState
	for _, slot := range got {
		states = append(states, slot.State)
	}
	if fmt.Sprint(states) != fmt.Sprint(want) {
		t.Fatalf("%s: slot states %v, want %v (%+v)", user, states, want, got)
	}
	return got
}

func TestTickPostsAtItsMinute(t *testing.T) {
	sub := berlinSub("u1", monday)
	store := newFakeStore(sub)
	p := newFakePoster()
	d, _ := newTestDispatcher(store, p, Config{})

	mustTick(t, d, monday.Add(-time.Second))
	wantAttempts(t, p, "u1", 0)

	mustTick(t, d, monday)
	a := wantAttempts(t, p, "u1", 1)[0]
	if a.Late || !a.Due.Equal(monday) {
		t.Errorf("posted %+v, want due %s and not late", a, monday)
	}
	if want := plans.WorkoutFor(nil, sub, monday).Title; a.Title != want {
		t.Errorf("posted workout %q, want %q", a.Title, want)
	}
	slot := wantSlots(t, store, "u1", plans.SlotSent)[0]
	if slot.LocalDate != "2026-06-15" || slot.ChannelID != "dm-u1" || slot.MessageID != "msg-1" || slot.Late {
		t.Errorf("stored slot %+v", slot)
	}
	if got := store.sub("u1").NextDue; !got.Equal(wednesday) {
		t.Errorf("next due %s, want %s", got, wednesday)
	}

	mustTick(t, d, monday.Add(time.Second))
	mustTick(t, d, monday.Add(time.Hour))
	wantAttempts(t, p, "u1", 1)

	mustTick(t, d, wednesday)
	wantAttempts(t, p, "u1", 2)
	wantSlots(t, store, "u1", plans.SlotSent, plans.SlotSent)
}

func TestTickAcrossClockChanges(t *testing.T) {
	sundays := []time.Weekday{time.Sunday}
	tests := []struct {
		name     string
		due      time.Time // first occurrence / first instant after a gap, UTC
		notDue   time.Time // an instant at which nothing may be posted
		next     time.Time // the following week's slot
		zone     string
		hh, mm   int
		notAfter bool // notDue comes after due (a fold's second occurrence)
	}{
		// Berlin 2025-10-26: 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
		{"fold posts once", at("2025-10-26 00:30:00"), at("2025-10-26 01:30:00"), at("2025-11-02 01:30:00"), "Europe/Berlin", 2, 30, true},
		// Berlin 2026-03-29: 02:30 does not exist; it is posted at 03:00 CEST (01:00 UTC), right after the gap.
		{"gap posts after the gap", at("2026-03-29 01:00:00"), at("2026-03-29 00:59:59"), at("2026-04-05 00:30:00"), "Europe/Berlin", 2, 30, false},
		// Lord Howe 2025-10-05: 02:15 does not exist (+10:30 → +11 at 02:00); posted at 02:30 +11.
		{"half-hour gap", at("2025-10-04 15:30:00"), at("2025-10-04 15:29:59"), at("2025-10-11 15:15:00"), "Australia/Lord_Howe", 2, 15, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub := plans.Subscription{UserID: "u1", Days: sundays, Clock: plans.Clock{Hour: tt.hh, Minute: tt.mm}, Zone: tt.zone, NextDue: tt.due}
			store := newFakeStore(sub)
			p := newFakePoster()
			d, _ := newTestDispatcher(store, p, Config{})
			if !tt.notAfter {
				mustTick(t, d, tt.notDue)
				wantAttempts(t, p, "u1", 0)
			}
			mustTick(t, d, tt.due)
			if a := wantAttempts(t, p, "u1", 1)[0]; a.Late {
				t.Errorf("posted late: %+v", a)
			}
			if tt.notAfter {
				mustTick(t, d, tt.notDue)
				wantAttempts(t, p, "u1", 1)
			}
			if got := store.sub("u1").NextDue; !got.Equal(tt.next) {
				t.Errorf("next due %s, want %s", got, tt.next)
			}
		})
	}
}

func TestDowntime(t *testing.T) {
	tests := []struct {
		name       string
		nextDue    time.Time // when the bot went down, the subscription's next due
		now        time.Time // when it came back
		wantStates []plans.SlotState
		wantPost   bool
		wantDue    time.Time // Due of the one slot recorded
		wantNext   time.Time
		wantLog    string
	}{
		{
			name: "two hours: one late post", nextDue: monday, now: monday.Add(2 * time.Hour),
			wantStates: []plans.SlotState{plans.SlotSent}, wantPost: true, wantDue: monday, wantNext: wednesday,
			wantLog: "workout posted",
		},
		{
			name: "two days: skipped and logged", nextDue: monday, now: wednesday.Add(-time.Hour),
			wantStates: []plans.SlotState{plans.SlotSkipped}, wantDue: monday, wantNext: wednesday,
			wantLog: "missed slot skipped",
		},
		{
			name: "two days with a slot today: only today's, late", nextDue: monday, now: wednesday.Add(time.Hour),
			wantStates: []plans.SlotState{plans.SlotSent}, wantPost: true, wantDue: wednesday, wantNext: at("2026-06-19 05:00:00"),
			wantLog: "missed=1",
		},
		{
			name: "six weeks: only today's, late", nextDue: at("2026-05-04 05:00:00"), now: monday.Add(4 * time.Hour),
			wantStates: []plans.SlotState{plans.SlotSent}, wantPost: true, wantDue: monday, wantNext: wednesday,
			wantLog: "missed=4", // at least: the walk looks back eight days
		},
		{
			name: "exactly the grace window", nextDue: monday, now: monday.Add(6 * time.Hour),
			wantStates: []plans.SlotState{plans.SlotSent}, wantPost: true, wantDue: monday, wantNext: wednesday,
		},
		{
			name: "a second past the grace window", nextDue: monday, now: monday.Add(6*time.Hour + time.Second),
			wantStates: []plans.SlotState{plans.SlotSkipped}, wantDue: monday, wantNext: wednesday,
			wantLog: "missed slot skipped",
		},
		{
			name: "within a minute is on time", nextDue: monday, now: monday.Add(time.Minute),
			wantStates: []plans.SlotState{plans.SlotSent}, wantPost: true, wantDue: monday, wantNext: wednesday,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newFakeStore(berlinSub("u1", tt.nextDue))
			p := newFakePoster()
			d, logs := newTestDispatcher(store, p, Config{})
			mustTick(t, d, tt.now)
			mustTick(t, d, tt.now.Add(time.Second)) // a second tick changes nothing

			slot := wantSlots(t, store, "u1", tt.wantStates...)[0]
			if !slot.Due.Equal(tt.wantDue) {
				t.Errorf("slot due %s, want %s", slot.Due, tt.wantDue)
			}
			if tt.wantPost {
				a := wantAttempts(t, p, "u1", 1)[0]
				if late := tt.now.Sub(tt.wantDue) > time.Minute; a.Late != late || slot.Late != late {
					t.Errorf("posted late=%v, stored late=%v, want %v", a.Late, slot.Late, late)
				}
			} else {
				wantAttempts(t, p, "u1", 0)
			}
			if got := store.sub("u1").NextDue; !got.Equal(tt.wantNext) {
				t.Errorf("next due %s, want %s", got, tt.wantNext)
			}
			if !strings.Contains(logs.String(), tt.wantLog) {
				t.Errorf("log lacks %q:\n%s", tt.wantLog, logs)
			}
		})
	}
}

func TestGraceEndsAtLocalMidnight(t *testing.T) {
	// 23:00 Berlin is 21:00 UTC; 90 minutes later it is tomorrow in Berlin.
	sub := plans.Subscription{UserID: "u1", Days: monWedFri, Clock: plans.Clock{Hour: 23}, Zone: "Europe/Berlin", NextDue: at("2026-06-15 21:00:00")}
	store := newFakeStore(sub)
	p := newFakePoster()
	d, _ := newTestDispatcher(store, p, Config{})
	mustTick(t, d, at("2026-06-15 22:30:00"))
	wantAttempts(t, p, "u1", 0)
	wantSlots(t, store, "u1", plans.SlotSkipped)
}

func TestConfiguredGrace(t *testing.T) {
	store := newFakeStore(berlinSub("u1", monday))
	p := newFakePoster()
	d, _ := newTestDispatcher(store, p, Config{Grace: time.Hour})
	mustTick(t, d, monday.Add(2*time.Hour))
	wantAttempts(t, p, "u1", 0)
	wantSlots(t, store, "u1", plans.SlotSkipped)
}

func TestExistingSlotIsNotPostedAgain(t *testing.T) {
	// The user asked for Monday's workout early with /workout; the bot
	// claimed the slot for that date.
	store := newFakeStore(berlinSub("u1", monday))
	if _, _, err := store.ClaimSlot(t.Context(), plans.Slot{UserID: "u1", LocalDate: "2026-06-15", Due: monday, State: plans.SlotSent, Early: true}, monday); err != nil {
		t.Fatal(err)
	}
	p := newFakePoster()
	d, _ := newTestDispatcher(store, p, Config{})
	mustTick(t, d, monday)
	wantAttempts(t, p, "u1", 0)
	wantSlots(t, store, "u1", plans.SlotSent)
	if got := store.sub("u1").NextDue; !got.Equal(wednesday) {
		t.Errorf("next due %s, want %s", got, wednesday)
	}
}

func TestUndeliverableGetsOneAttempt(t *testing.T) {
	store := newFakeStore(berlinSub("u1", monday), berlinSub("u2", monday), berlinSub("u3", monday))
	p := newFakePoster()
	p.fail["u2"] = fmt.Errorf("create message: %w", plans.ErrUndeliverable)
	d, logs := newTestDispatcher(store, p, Config{})

	mustTick(t, d, monday)
	mustTick(t, d, monday.Add(time.Minute))
	wantAttempts(t, p, "u2", 1)
	wantSlots(t, store, "u2", plans.SlotFailed)
	if !store.sub("u2").Undeliverable {
		t.Error("u2 not marked undeliverable")
	}
	for _, u := range []string{"u1", "u3"} {
		wantAttempts(t, p, u, 1)
		wantSlots(t, store, u, plans.SlotSent)
	}

	mustTick(t, d, wednesday)
	wantAttempts(t, p, "u2", 1)
	wantSlots(t, store, "u2", plans.SlotFailed)
	for _, u := range []string{"u1", "u3"} {
		wantAttempts(t, p, u, 2)
	}
	if got := strings.Count(logs.String(), "stopped sending"); got != 1 {
		t.Errorf("logged %d times that u2 is unreachable, want 1:\n%s", got, logs)
	}
}

func TestFailedPostIsNotRetried(t *testing.T) {
	store := newFakeStore(berlinSub("u1", monday), berlinSub("u2", monday))
	p := newFakePoster()
	p.fail["u1"] = errors.New("discord: 500 Internal Server Error")
	d, logs := newTestDispatcher(store, p, Config{})

	for _, now := range []time.Time{monday, monday.Add(time.Second), monday.Add(time.Hour)} {
		mustTick(t, d, now)
	}
	wantAttempts(t, p, "u1", 1)
	wantSlots(t, store, "u1", plans.SlotFailed)
	wantSlots(t, store, "u2", plans.SlotSent)
	if store.sub("u1").Undeliverable {
		t.Error("a server error marked u1 undeliverable")
	}
	if !strings.Contains(logs.String(), "post failed") {
		t.Errorf("failure not logged:\n%s", logs)
	}

	delete(p.fail, "u1")
	mustTick(t, d, wednesday)
	wantAttempts(t, p, "u1", 2)
	wantSlots(t, store, "u1", plans.SlotFailed, plans.SlotSent)
}

// TestRestartBetweenClaimAndPost: the process dies while the first post is
// on the wire (it lands, the answer is lost); the next start posts that slot
// again with the same nonce and delivers the rest: one message each.
func TestRestartBetweenClaimAndPost(t *testing.T) {
	store := newFakeStore(berlinSub("u1", monday), berlinSub("u2", monday))
	p := newFakePoster()
	ctx, crash := context.WithCancel(t.Context())
	p.before = func(int) error {
		crash()
		return context.Canceled
	}
	first, _ := newTestDispatcher(store, p, Config{Senders: 1})
	if err := first.Tick(ctx, monday); !errors.Is(err, context.Canceled) {
		t.Fatalf("Tick during a crash: %v, want context.Canceled", err)
	}
	if got := store.slotsOf("u1"); len(got) != 1 || got[0].State != plans.SlotSending {
		t.Fatalf("after the crash u1 has slots %+v, want one in flight", got)
	}

	p.mu.Lock()
	p.before = nil
	p.mu.Unlock()
	restart := monday.Add(30 * time.Second)
	second, _ := newTestDispatcher(store, p, Config{})
	if err := second.Recover(t.Context(), restart); err != nil {
		t.Fatal(err)
	}
	mustTick(t, second, restart)
	mustTick(t, second, restart.Add(time.Second))
	for _, u := range []string{"u1", "u2"} {
		if got := p.messagesOf(u); got != 1 {
			t.Errorf("%s got %d messages, want 1", u, got)
		}
		slot := wantSlots(t, store, u, plans.SlotSent)[0]
		if slot.MessageID == "" || slot.Late {
			t.Errorf("%s slot %+v", u, slot)
		}
	}
	wantAttempts(t, p, "u1", 2) // the lost one and its safe repeat

	// A third start finds nothing left in flight.
	third, _ := newTestDispatcher(store, p, Config{})
	if err := third.Recover(t.Context(), restart.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	wantAttempts(t, p, "u1", 2)
}

func TestRecoverClosesWhatCannotBePosted(t *testing.T) {
	store := newFakeStore(
		berlinSub("stale", wednesday),
		berlinSub("early", wednesday),
		berlinSub("late", wednesday),
		berlinSub("unreachable", wednesday),
	)
	unreachable := store.subs["unreachable"]
	unreachable.Undeliverable = true
	store.subs["unreachable"] = unreachable
	now := monday.Add(3 * time.Hour)
	for _, slot := range []plans.Slot{
		{UserID: "stale", LocalDate: "2026-06-12", Due: at("2026-06-12 05:00:00")},
		{UserID: "gone", LocalDate: "2026-06-15", Due: monday},
		{UserID: "early", LocalDate: "2026-06-17", Due: wednesday, Early: true},
		{UserID: "late", LocalDate: "2026-06-15", Due: monday},
		{UserID: "unreachable", LocalDate: "2026-06-15", Due: monday},
	} {
		slot.State = plans.SlotSending
		slot.ID = int64(len(store.slots) + 1)
		store.slots = append(store.slots, slot)
	}
	p := newFakePoster()
	d, logs := newTestDispatcher(store, p, Config{})
	if err := d.Recover(t.Context(), now); err != nil {
		t.Fatal(err)
	}
	wantSlots(t, store, "stale", plans.SlotSkipped)
	wantSlots(t, store, "gone", plans.SlotSkipped)
	wantSlots(t, store, "unreachable", plans.SlotFailed)
	wantSlots(t, store, "early", plans.SlotSent)
	wantSlots(t, store, "late", plans.SlotSent)
	for user, late := range map[string]bool{"early": false, "late": true} {
		if a := wantAttempts(t, p, user, 1)[0]; a.Late != late {
			t.Errorf("%s posted with late=%v, want %v", user, a.Late, late)
		}
	}
	for _, u := range []string{"stale", "gone", "unreachable"} {
		wantAttempts(t, p, u, 0)
	}
	if !strings.Contains(logs.String(), "past the grace window") {
		t.Errorf("stale slot not logged:\n%s", logs)
	}
}

// TestWaveCrashThenRecover sends a 200-slot 07:00 wave, crashes halfway and
// restarts: every subscriber ends with exactly one message.
func TestWaveCrashThenRecover(t *testing.T) {
	const users = 200
	var subs []plans.Subscription
	for i := range users {
		subs = append(subs, berlinSub(fmt.Sprintf("u%03d", i), monday))
	}
	store := newFakeStore(subs...)
	p := newFakePoster()
	ctx, crash := context.WithCancel(t.Context())
	p.before = func(n int) error {
		if n == users/2 {
			crash()
			return context.Canceled
		}
		return nil
	}
	first, _ := newTestDispatcher(store, p, Config{})
	if err := first.Tick(ctx, monday); !errors.Is(err, context.Canceled) {
		t.Fatalf("Tick during a crash: %v, want context.Canceled", err)
	}
	before := len(p.allAttempts())
	if before < users/2 || before >= users {
		t.Fatalf("%d attempts before the crash, want the wave cut short after %d", before, users/2)
	}

	p.mu.Lock()
	p.before = nil
	p.mu.Unlock()
	restart := monday.Add(2 * time.Minute)
	second, _ := newTestDispatcher(store, p, Config{})
	if err := second.Recover(t.Context(), restart); err != nil {
		t.Fatal(err)
	}
	mustTick(t, second, restart)
	mustTick(t, second, restart.Add(time.Second))

	repeated := 0
	for _, sub := range subs {
		if got := p.messagesOf(sub.UserID); got != 1 {
			t.Errorf("%s got %d messages, want 1", sub.UserID, got)
		}
		slot := wantSlots(t, store, sub.UserID, plans.SlotSent)[0]
		if slot.MessageID != fmt.Sprintf("msg-%d", slot.ID) {
			t.Errorf("%s slot %+v records the wrong message", sub.UserID, slot)
		}
		switch n := len(p.attemptsOf(sub.UserID)); n {
		case 1:
		case 2:
			repeated++
		default:
			t.Errorf("%s: %d attempts", sub.UserID, n)
		}
		if got := store.sub(sub.UserID).NextDue; !got.Equal(wednesday) {
			t.Errorf("%s next due %s, want %s", sub.UserID, got, wednesday)
		}
	}
	if repeated == 0 {
		t.Error("no slot was left in flight by the crash: the test did not crash mid-post")
	}
}

// TestUnschedulableIsParked: a subscription with no valid days is reported
// once and leaves the waves, so it cannot sit at the front of every batch;
// the others are still posted.
func TestUnschedulableIsParked(t *testing.T) {
	for _, next := range []time.Time{monday, {}} { // due, and never scheduled
		broken := berlinSub("u1", next)
		broken.Days = nil
		store := newFakeStore(broken, berlinSub("u2", monday))
		p := newFakePoster()
		d, logs := newTestDispatcher(store, p, Config{Batch: 1})
		for i := range 3 {
			mustTick(t, d, monday.Add(time.Duration(i)*time.Second))
		}
		wantAttempts(t, p, "u1", 0)
		wantSlots(t, store, "u1")
		wantAttempts(t, p, "u2", 1)
		if got := strings.Count(logs.String(), "no valid days or time"); got != 1 {
			t.Errorf("next due %v: reported %d times, want once:\n%s", next, got, logs)
		}
		if got := store.sub("u1").NextDue; !got.Equal(never) {
			t.Errorf("next due %v: parked at %v, want %v", next, got, never)
		}
	}
}

func TestNeverScheduledStartsFromNow(t *testing.T) {
	store := newFakeStore(berlinSub("u1", time.Time{}))
	p := newFakePoster()
	d, _ := newTestDispatcher(store, p, Config{})
	mustTick(t, d, monday.Add(time.Hour))
	wantAttempts(t, p, "u1", 0)
	if got := store.sub("u1").NextDue; !got.Equal(wednesday) {
		t.Errorf("next due %s, want %s", got, wednesday)
	}
}

func TestUnknownZoneFallsBackToUTC(t *testing.T) {
	sub := berlinSub("u1", at("2026-06-15 07:00:00"))
	sub.Zone = "Mars/Olympus_Mons"
	store := newFakeStore(sub)
	p := newFakePoster()
	d, logs := newTestDispatcher(store, p, Config{})
	mustTick(t, d, at("2026-06-15 07:00:00"))
	wantAttempts(t, p, "u1", 1)
	if got, want := store.sub("u1").NextDue, at("2026-06-17 07:00:00"); !got.Equal(want) {
		t.Errorf("next due %s, want %s", got, want)
	}
	if !strings.Contains(logs.String(), "scheduling in UTC") {
		t.Errorf("fallback not logged:\n%s", logs)
	}
}

// The tests below run in a synctest bubble: time.Now and timers are fake and
// advance only when every goroutine in the bubble is blocked, so the
// dispatcher's own clock (time.Now by default) is driven by the test.

func TestRunPostsAtTheMinuteNoneEarly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		berlin, err := time.LoadLocation("Europe/Berlin")
		if err != nil {
			t.Fatal(err)
		}
		days := []time.Weekday{time.Saturday, time.Sunday, time.Monday}
		clock := plans.Clock{Hour: 7, Minute: 0}
		start := time.Now()
		var want []time.Time
		for due := start; len(want) < 3; {
			due = plans.NextDue(days, clock, berlin, due)
			want = append(want, due)
		}
		store := newFakeStore(plans.Subscription{UserID: "u1", Days: days, Clock: clock, Zone: "Europe/Berlin", NextDue: want[0]})
		p := newFakePoster()
		d, _ := newTestDispatcher(store, p, Config{})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		// Start off the whole second: Run must still wake on whole seconds.
		time.Sleep(1500 * time.Millisecond)
		go func() { done <- d.Run(ctx) }()

		time.Sleep(time.Until(want[0]) - time.Second)
		synctest.Wait()
		wantAttempts(t, p, "u1", 0)

		time.Sleep(time.Second)
		synctest.Wait()
		wantAttempts(t, p, "u1", 1)

		time.Sleep(time.Until(want[2]) + time.Hour)
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("Run: %v", err)
		}
		got := wantAttempts(t, p, "u1", 3)
		for i, a := range got {
			if !a.At.Equal(want[i]) || !a.Due.Equal(want[i]) || a.Late {
				t.Errorf("post %d at %s for %s (late %v), want at and for %s", i, a.At, a.Due, a.Late, want[i])
			}
		}
	})
}

func TestRunStopLetsPostsInFlightFinish(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		due := time.Now().Add(time.Hour).Truncate(time.Minute)
		var subs []plans.Subscription
		for i := range 3 {
			sub := berlinSub(fmt.Sprintf("u%d", i), due)
			sub.Days = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
			sub.Clock = plans.Clock{Hour: due.In(mustZone(t, "Europe/Berlin")).Hour(), Minute: due.Minute()}
			subs = append(subs, sub)
		}
		store := newFakeStore(subs...)
		p := newFakePoster()
		p.delay = 3 * time.Second
		d, _ := newTestDispatcher(store, p, Config{Senders: 1})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- d.Run(ctx) }()

		time.Sleep(time.Until(due) + time.Second)
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("Run: %v", err)
		}
		if got := time.Since(due); got != p.delay {
			t.Errorf("Run returned %s after the post began, want when it finished (%s)", got, p.delay)
		}
		if got := len(p.allAttempts()); got != 1 {
			t.Fatalf("%d posts started, want 1 (one sender, stopped during the first)", got)
		}
		wantSlots(t, store, "u0", plans.SlotSent)

		// The next start delivers the rest once.
		p.delay = 0
		next, _ := newTestDispatcher(store, p, Config{})
		if err := next.Recover(t.Context(), time.Now()); err != nil {
			t.Fatal(err)
		}
		mustTick(t, next, time.Now())
		for _, sub := range subs {
			if got := p.messagesOf(sub.UserID); got != 1 {
				t.Errorf("%s got %d messages, want 1", sub.UserID, got)
			}
			wantSlots(t, store, sub.UserID, plans.SlotSent)
		}
	})
}

func TestSendersAreBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var subs []plans.Subscription
		for i := range 20 {
			subs = append(subs, berlinSub(fmt.Sprintf("u%02d", i), monday))
		}
		store := newFakeStore(subs...)
		p := newFakePoster()
		p.delay = time.Second
		d, _ := newTestDispatcher(store, p, Config{Senders: 4})
		mustTick(t, d, monday)
		if p.maxInFlight != 4 {
			t.Errorf("%d posts in flight at once, want 4", p.maxInFlight)
		}
		for _, sub := range subs {
			wantSlots(t, store, sub.UserID, plans.SlotSent)
		}
	})
}

// TestTicksDoNotOverlap runs the cron: a wave that takes longer than a
// second is not joined by the next ticks (cron.SkipIfStillRunning), and the
// rest of the wave goes out once it is done.
func TestTicksDoNotOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		due := time.Now().Add(time.Hour).Truncate(time.Minute)
		var subs []plans.Subscription
		for i := range 8 {
			sub := berlinSub(fmt.Sprintf("u%d", i), due)
			sub.Days = everyDay
			sub.Clock = plans.Clock{Hour: due.In(mustZone(t, "Europe/Berlin")).Hour(), Minute: due.Minute()}
			subs = append(subs, sub)
		}
		store := newFakeStore(subs...)
		p := newFakePoster()
		p.delay = 5 * time.Second
		d, _ := newTestDispatcher(store, p, Config{Senders: 4, Batch: 4})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() { done <- d.Run(ctx) }()
		time.Sleep(time.Until(due) + 30*time.Second)
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("Run: %v", err)
		}
		if p.maxInFlight != 4 {
			t.Errorf("%d posts in flight at once, want 4: two ticks overlapped", p.maxInFlight)
		}
		for _, sub := range subs {
			wantAttempts(t, p, sub.UserID, 1)
			wantSlots(t, store, sub.UserID, plans.SlotSent)
		}
	})
}

var everyDay = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
