package data

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestRecapSettings(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	put(t, s, testSub("u1"))
	put(t, s, testSub("u2"))

	// New subscribers get Sunday recaps, to be scheduled, with their
	// subscription.
	due, err := s.DueRecaps(ctx, t0, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range due {
		sub, err := s.Subscription(ctx, r.Sub.UserID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(sub, r.Sub); diff != "" {
			t.Errorf("recap's subscription (-want +got):\n%s", diff)
		}
	}
	wantDueRecaps(t, s, t0, dueRecap{"u1", time.Sunday, false}, dueRecap{"u2", time.Sunday, false})
	later := t0.Add(24 * time.Hour)
	scheduleRecap(t, s, "u1", later)
	scheduleRecap(t, s, "u2", later)
	wantDueRecaps(t, s, t0) // not before their time
	wantDueRecaps(t, s, later, dueRecap{"u1", time.Sunday, true}, dueRecap{"u2", time.Sunday, true})

	// Off: never listed; on again for Friday: listed to be scheduled.
	wantRecap(t, s, "u1", time.Sunday, true)
	setRecap(t, s, "u1", 0, false)
	wantRecap(t, s, "u1", 0, false)
	wantDueRecaps(t, s, later, dueRecap{"u2", time.Sunday, true})
	setRecap(t, s, "u1", time.Friday, true)
	wantDueRecaps(t, s, t0, dueRecap{"u1", time.Friday, false})

	// Subscribing again keeps the choice; a new zone reschedules the recap.
	scheduleRecap(t, s, "u1", later)
	sub := testSub("u1")
	put(t, s, sub)
	wantDueRecaps(t, s, t0) // same zone again
	sub.Zone = "America/New_York"
	put(t, s, sub)
	wantDueRecaps(t, s, t0, dueRecap{"u1", time.Friday, false})

	// Unsubscribed or unreachable: no recap.
	if err := s.DeleteSubscription(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	markUndeliverable(t, s, "u2")
	wantDueRecaps(t, s, later)
	if _, _, err := s.Recap(ctx, "u1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Recap without a subscription = %v, want ErrNotFound", err)
	}
	if err := s.SetRecap(ctx, "u1", time.Monday, true); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetRecap without a subscription = %v, want ErrNotFound", err)
	}
}

// dueRecap is what a test asks of a recap DueRecaps lists.
type dueRecap struct {
	User      string
	Day       time.Weekday
	Scheduled bool // Next is set
}

// wantDueRecaps checks the recaps due at now, in order.
func wantDueRecaps(t *testing.T, s *Store, now time.Time, want ...dueRecap) {
	t.Helper()
	due, err := s.DueRecaps(context.Background(), now, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []dueRecap
	for _, r := range due {
		got = append(got, dueRecap{r.Sub.UserID, r.Day, !r.Next.IsZero()})
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("DueRecaps(t0%+v) (-want +got):\n%s", now.Sub(t0), diff)
	}
}

// scheduleRecap records the user's next recap, as the scheduler does.
func scheduleRecap(t *testing.T, s *Store, user string, next time.Time) {
	t.Helper()
	if err := s.SetNextRecap(context.Background(), user, next); err != nil {
		t.Fatal(err)
	}
}

// setRecap is the user choosing their recap's day, or turning it off.
func setRecap(t *testing.T, s *Store, user string, day time.Weekday, on bool) {
	t.Helper()
	if err := s.SetRecap(context.Background(), user, day, on); err != nil {
		t.Fatal(err)
	}
}

// wantRecap checks the user's recap setting.
func wantRecap(t *testing.T, s *Store, user string, wantDay time.Weekday, wantOn bool) {
	t.Helper()
	day, on, err := s.Recap(context.Background(), user)
	if err != nil || on != wantOn || on && day != wantDay {
		t.Errorf("Recap(%s) = %v, %v, %v; want %v, %v", user, day, on, err, wantDay, wantOn)
	}
}

// TestRecapChoiceOutlivesUnsubscribe: the recap choice is a setting like
// the others, so coming back after /unsubscribe keeps it.
func TestRecapChoiceOutlivesUnsubscribe(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	put(t, s, testSub("u1"))
	if err := s.SetRecap(ctx, "u1", time.Monday, false); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSubscription(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	put(t, s, testSub("u1"))
	if _, on, err := s.Recap(ctx, "u1"); err != nil || on {
		t.Errorf("recap after coming back: on %v, %v; want off, as chosen before /unsubscribe", on, err)
	}
	// A new subscriber still gets recaps by default.
	put(t, s, testSub("u2"))
	if day, on, err := s.Recap(ctx, "u2"); err != nil || !on || day != time.Sunday {
		t.Errorf("a new subscriber's recap: %v %v, %v; want Sunday, on", day, on, err)
	}
}
