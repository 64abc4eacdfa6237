package data

import (
	"context"
	"testing"
	"time"

	"github.com/glutebot/glutebot/plans"
)

// ReconcilePosts lists the posts whose reactions can still change what is
// recorded, by id, in pages.
func TestReconcilePosts(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	const day = 24 * time.Hour
	now := t0
	put(t, s, testSub("u1"))
	post := func(date string, due time.Time, done time.Time) int64 {
		t.Helper()
		slot := claim(t, s, "u1", date, due)
		if err := s.MarkSlot(ctx, slot.ID, plans.SlotSent, "c1", "m-"+date); err != nil {
			t.Fatal(err)
		}
		if !done.IsZero() {
			if _, err := s.AddEntry(ctx, slot.ID, plans.Done, done); err != nil {
				t.Fatal(err)
			}
		}
		return slot.ID
	}
	var never time.Time
	openRecent := post("2026-11-21", now.Add(-2*day), never)                 // not done, 2 days old: in
	post("2026-11-19", now.Add(-4*day), never)                               // not done, 4 days old: out
	doneRecent := post("2026-11-18", now.Add(-5*day), now.Add(-2*time.Hour)) // done 2 h ago: in
	post("2026-11-20", now.Add(-3*day+time.Hour), now.Add(-2*day))           // done 2 days ago: out
	claim(t, s, "u1", "2026-11-22", now.Add(-day))                           // never posted: out
	post("2026-11-10", now.Add(-13*day), now.Add(-time.Hour))                // before since: out

	list := func(after int64, limit int) []int64 {
		t.Helper()
		slots, err := s.ReconcilePosts(ctx, now.Add(-7*day), now.Add(-3*day), now.Add(-day), after, limit)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, sl := range slots {
			ids = append(ids, sl.ID)
		}
		return ids
	}
	want := []int64{min(openRecent, doneRecent), max(openRecent, doneRecent)}
	if got := list(0, 10); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("ReconcilePosts = %v, want %v", got, want)
	}
	first := list(0, 1)
	if len(first) != 1 || first[0] != want[0] {
		t.Fatalf("first page %v", first)
	}
	if rest := list(first[0], 10); len(rest) != 1 || rest[0] != want[1] {
		t.Errorf("page after %d: %v, want [%d]", first[0], rest, want[1])
	}
}
