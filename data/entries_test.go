package data

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/glutebot/glutebot/plans"
	"github.com/google/go-cmp/cmp"
)

func TestEntries(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	put(t, s, testSub("u1"))
	put(t, s, testSub("u2"))
	second := claim(t, s, "u1", "2026-11-25", t0.Add(48*time.Hour))
	first := claim(t, s, "u1", "2026-11-23", t0)
	others := claim(t, s, "u2", "2026-11-23", t0)
	at := t0.Add(3 * time.Hour)

	adds := []struct {
		slot  int64
		kind  plans.Kind
		at    time.Time
		want  bool
		error error
	}{
		{first.ID, plans.Done, at, true, nil},
		{first.ID, plans.Done, at.Add(time.Minute), false, nil}, // the same ✅ event twice counts once
		{second.ID, plans.Pain, at.Add(48 * time.Hour), true, nil},
		{second.ID, plans.Done, at.Add(48 * time.Hour), true, nil},
		{first.ID, plans.TooHard, at, true, nil},
		{others.ID, plans.TooEasy, at, true, nil},
		{999, plans.Done, at, false, ErrNotFound},
	}
	for i, a := range adds {
		got, err := s.AddEntry(ctx, a.slot, a.kind, a.at)
		if !errors.Is(err, a.error) || got != a.want {
			t.Errorf("AddEntry #%d (slot %d, kind %d) = %v, %v; want %v, %v", i, a.slot, a.kind, got, err, a.want, a.error)
		}
	}

	h, err := s.History(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	wantHistory := []plans.Entry{
		{Kind: plans.Done, Due: t0, At: at},
		{Kind: plans.TooHard, Due: t0, At: at},
		{Kind: plans.Done, Due: t0.Add(48 * time.Hour), At: at.Add(48 * time.Hour)},
		{Kind: plans.Pain, Due: t0.Add(48 * time.Hour), At: at.Add(48 * time.Hour)},
	}
	if diff := cmp.Diff(wantHistory, h); diff != "" {
		t.Errorf("History(u1) (-want +got):\n%s", diff)
	}

	removes := []struct {
		slot int64
		kind plans.Kind
		want bool
	}{
		{first.ID, plans.Done, true},
		{first.ID, plans.Done, false},
		{first.ID, plans.Pain, false},
		{999, plans.Done, false},
	}
	for i, r := range removes {
		if got, err := s.RemoveEntry(ctx, r.slot, r.kind); err != nil || got != r.want {
			t.Errorf("RemoveEntry #%d = %v, %v; want %v", i, got, err, r.want)
		}
	}
	kinds := []struct {
		slot int64
		want []plans.Kind
	}{
		{first.ID, []plans.Kind{plans.TooHard}},
		{second.ID, []plans.Kind{plans.Done, plans.Pain}},
		{others.ID, []plans.Kind{plans.TooEasy}},
		{999, nil},
	}
	for _, k := range kinds {
		if got, err := s.SlotKinds(ctx, k.slot); err != nil || !slices.Equal(got, k.want) {
			t.Errorf("SlotKinds(%d) = %v, %v; want %v", k.slot, got, err, k.want)
		}
	}
	// Re-adding after an undo counts again.
	if added, err := s.AddEntry(ctx, first.ID, plans.Done, at); err != nil || !added {
		t.Errorf("AddEntry after RemoveEntry = %v, %v; want true", added, err)
	}
}

func TestButtonEntriesAreMarked(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	put(t, s, testSub("u1"))
	slot := claim(t, s, "u1", "2026-11-23", t0)
	if _, err := s.AddEntry(ctx, slot.ID, plans.Done, t0); err != nil {
		t.Fatal(err)
	}
	if added, err := s.AddButtonEntry(ctx, slot.ID, plans.TooHard, t0); err != nil || !added {
		t.Fatalf("AddButtonEntry = %v, %v", added, err)
	}
	if added, err := s.AddButtonEntry(ctx, slot.ID, plans.Done, t0); err != nil || added {
		t.Errorf("AddButtonEntry of a kind a reaction recorded = %v, %v; want false", added, err)
	}
	got, err := s.ButtonKinds(ctx, slot.ID)
	if err != nil || !slices.Equal(got, []plans.Kind{plans.TooHard}) {
		t.Errorf("ButtonKinds = %v, %v; want [too hard]", got, err)
	}
	if all, _ := s.SlotKinds(ctx, slot.ID); !slices.Equal(all, []plans.Kind{plans.Done, plans.TooHard}) {
		t.Errorf("SlotKinds = %v", all)
	}
}
