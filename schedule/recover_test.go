package schedule

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/glutebot/glutebot/plans"
)

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
