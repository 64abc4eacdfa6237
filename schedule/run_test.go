package schedule

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/glutebot/glutebot/plans"
)

// The tests in this file run in a synctest bubble: time.Now and timers are
// fake and advance only when every goroutine in the bubble is blocked, so
// the dispatcher's own clock (time.Now by default) is driven by the test.

func TestRunPostsAtTheMinuteNoneEarly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		berlin, err := time.LoadLocation("Europe/Berlin")
		if err != nil {
			t.Fatal(err)
		}
		days := []time.Weekday{time.Saturday, time.Sunday, time.Monday}
		clock := plans.TimeOfDay{Hour: 7, Minute: 0}
		start := time.Now()
		var want []time.Time
		for due := start; len(want) < 3; {
			due = plans.NextDue(days, clock, berlin, due)
			want = append(want, due)
		}
		store := newFakeStore(plans.Subscription{UserID: "u1", Days: days, TimeOfDay: clock, Zone: "Europe/Berlin", NextDue: want[0]})
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
			sub.TimeOfDay = plans.TimeOfDay{Hour: due.In(mustZone(t, "Europe/Berlin")).Hour(), Minute: due.Minute()}
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
			sub.TimeOfDay = plans.TimeOfDay{Hour: due.In(mustZone(t, "Europe/Berlin")).Hour(), Minute: due.Minute()}
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
