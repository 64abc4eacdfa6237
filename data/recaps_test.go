package data

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRecapSettings(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	put(t, s, testSub("u1"))
	put(t, s, testSub("u2"))

	// New subscribers get Sunday recaps, to be scheduled.
	due, err := s.DueRecaps(ctx, t0, 10)
	if err != nil || len(due) != 2 {
		t.Fatalf("DueRecaps = %+v, %v; want both, unscheduled", due, err)
	}
	for _, r := range due {
		if r.Day != time.Sunday || !r.Next.IsZero() || r.Sub.Zone != "Europe/Berlin" {
			t.Errorf("recap %+v, want Sunday, unscheduled, with the subscription", r)
		}
	}
	later := t0.Add(24 * time.Hour)
	for _, u := range []string{"u1", "u2"} {
		if err := s.SetNextRecap(ctx, u, later); err != nil {
			t.Fatal(err)
		}
	}
	if due, _ := s.DueRecaps(ctx, t0, 10); len(due) != 0 {
		t.Errorf("due before their time: %+v", due)
	}

	// Off: never listed; on again for Friday: listed to be scheduled.
	if day, on, err := s.Recap(ctx, "u1"); err != nil || !on || day != time.Sunday {
		t.Errorf("Recap = %v, %v, %v; want Sunday, on", day, on, err)
	}
	if err := s.SetRecap(ctx, "u1", 0, false); err != nil {
		t.Fatal(err)
	}
	if _, on, err := s.Recap(ctx, "u1"); err != nil || on {
		t.Errorf("Recap after off = %v, %v", on, err)
	}
	if due, _ := s.DueRecaps(ctx, later, 10); len(due) != 1 || due[0].Sub.UserID != "u2" {
		t.Errorf("DueRecaps with u1 off = %+v, want u2 only", due)
	}
	if err := s.SetRecap(ctx, "u1", time.Friday, true); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueRecaps(ctx, t0, 10); len(due) != 1 || due[0].Day != time.Friday || !due[0].Next.IsZero() {
		t.Errorf("DueRecaps after choosing Friday = %+v", due)
	}

	// Subscribing again keeps the choice; a new zone reschedules the recap.
	if err := s.SetNextRecap(ctx, "u1", later); err != nil {
		t.Fatal(err)
	}
	sub := testSub("u1")
	put(t, s, sub)
	if due, _ := s.DueRecaps(ctx, t0, 10); len(due) != 0 {
		t.Errorf("same zone again: %+v due, want none", due)
	}
	sub.Zone = "America/New_York"
	put(t, s, sub)
	if due, _ := s.DueRecaps(ctx, t0, 10); len(due) != 1 || due[0].Day != time.Friday || !due[0].Next.IsZero() {
		t.Errorf("after a change of zone = %+v, want u1's Friday recap to be scheduled again", due)
	}

	// Unsubscribed or unreachable: no recap.
	if err := s.DeleteSubscription(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUndeliverable(ctx, "u2"); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueRecaps(ctx, later, 10); len(due) != 0 {
		t.Errorf("DueRecaps = %+v, want none", due)
	}
	if _, _, err := s.Recap(ctx, "u1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Recap without a subscription = %v, want ErrNotFound", err)
	}
	if err := s.SetRecap(ctx, "u1", time.Monday, true); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetRecap without a subscription = %v, want ErrNotFound", err)
	}
}
