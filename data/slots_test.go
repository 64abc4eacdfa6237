package data

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/glutebot/glutebot/plans"
	"github.com/google/go-cmp/cmp"
)

func TestClaimSlot(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	put(t, s, testSub("u1"))
	put(t, s, testSub("u2"))
	tests := []struct {
		name      string
		slot      plans.Slot
		next      time.Time
		wantFresh bool
		want      plans.Slot // ID 0: compare everything else
		wantErr   error
	}{
		{
			name:      "new slot",
			slot:      plans.Slot{UserID: "u1", LocalDate: "2026-11-23", Due: t0, State: plans.SlotSending, Late: true},
			next:      t0.Add(48 * time.Hour),
			wantFresh: true,
			want:      plans.Slot{UserID: "u1", LocalDate: "2026-11-23", Due: t0, State: plans.SlotSending, Late: true},
		},
		{
			name: "same user and date: the stored slot comes back",
			slot: plans.Slot{UserID: "u1", LocalDate: "2026-11-23", Due: t0.Add(time.Hour), State: plans.SlotSkipped, Early: true},
			next: t0.Add(72 * time.Hour),
			want: plans.Slot{UserID: "u1", LocalDate: "2026-11-23", Due: t0, State: plans.SlotSending, Late: true},
		},
		{
			name:      "same user, next date",
			slot:      plans.Slot{UserID: "u1", LocalDate: "2026-11-25", Due: t0.Add(48 * time.Hour), State: plans.SlotDue, Early: true},
			next:      t0.Add(96 * time.Hour),
			wantFresh: true,
			want:      plans.Slot{UserID: "u1", LocalDate: "2026-11-25", Due: t0.Add(48 * time.Hour), State: plans.SlotDue, Early: true},
		},
		{
			name:      "other user, same date",
			slot:      plans.Slot{UserID: "u2", LocalDate: "2026-11-23", Due: t0, State: plans.SlotSending},
			next:      t0.Add(24 * time.Hour),
			wantFresh: true,
			want:      plans.Slot{UserID: "u2", LocalDate: "2026-11-23", Due: t0, State: plans.SlotSending},
		},
		{
			name:    "no subscription",
			slot:    plans.Slot{UserID: "nobody", LocalDate: "2026-11-23", Due: t0},
			next:    t0.Add(24 * time.Hour),
			wantErr: ErrNotFound,
		},
	}
	ids := map[int64]string{}
	for _, tt := range tests {
		got, fresh, err := s.ClaimSlot(ctx, tt.slot, tt.next)
		if tt.wantErr != nil {
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("%s: err = %v, want %v", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got.ID == 0 {
			t.Errorf("%s: stored slot has no ID", tt.name)
		}
		key := got.UserID + " " + got.LocalDate
		if prev, ok := ids[got.ID]; ok && prev != key {
			t.Errorf("%s: ID %d reused for %s and %s", tt.name, got.ID, prev, key)
		}
		ids[got.ID] = key
		id := got.ID
		got.ID = 0
		if fresh != tt.wantFresh {
			t.Errorf("%s: ClaimSlot inserted = %v, want %v", tt.name, fresh, tt.wantFresh)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: ClaimSlot (-want +got):\n%s", tt.name, diff)
		}
		// The next due instant moves either way.
		sub, err := s.Subscription(ctx, tt.slot.UserID)
		if err != nil || !sub.NextDue.Equal(tt.next) {
			t.Errorf("%s: next due = %v, %v; want %v", tt.name, sub.NextDue, err, tt.next)
		}
		// What was returned is what is stored.
		slots, _ := s.UserSlots(ctx, tt.slot.UserID)
		i := slices.IndexFunc(slots, func(x plans.Slot) bool { return x.ID == id })
		if i < 0 {
			t.Errorf("%s: slot %d not among %+v", tt.name, id, slots)
			continue
		}
		stored := slots[i]
		stored.ID = 0 // as got's, cleared above
		if diff := cmp.Diff(stored, got); diff != "" {
			t.Errorf("%s: returned slot differs from the stored one (-stored +returned):\n%s", tt.name, diff)
		}
	}
	if slots, _ := s.UserSlots(ctx, "nobody"); len(slots) != 0 {
		t.Errorf("a claim without a subscription stored %+v", slots)
	}
	if _, _, err := s.ClaimSlot(ctx, plans.Slot{UserID: "u1"}, t0); err == nil {
		t.Errorf("ClaimSlot without a local date succeeded")
	}
}

func TestClaimSlotIsUniqueUnderConcurrency(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	put(t, s, testSub("u1"))
	slot := plans.Slot{UserID: "u1", LocalDate: "2026-11-23", Due: t0, State: plans.SlotSending}
	const claimers = 32
	var wg sync.WaitGroup
	var mu sync.Mutex
	fresh := 0
	ids := map[int64]bool{}
	for range claimers {
		wg.Go(func() {
			got, ok, err := s.ClaimSlot(ctx, slot, t0.Add(48*time.Hour))
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			ids[got.ID] = true
			if ok {
				fresh++
			}
		})
	}
	wg.Wait()
	if fresh != 1 || len(ids) != 1 {
		t.Errorf("%d of %d claims inserted, over %d slot ids; want exactly 1 of 1", fresh, claimers, len(ids))
	}
	if slots, _ := s.UserSlots(ctx, "u1"); len(slots) != 1 {
		t.Errorf("stored slots = %+v, want 1", slots)
	}
}

func TestSlotQueries(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	put(t, s, testSub("u1"))
	put(t, s, testSub("u2"))
	day := 24 * time.Hour
	// Claimed out of due order, to see the ordering.
	late := claim(t, s, "u1", "2026-11-25", t0.Add(2*day))
	early := claim(t, s, "u1", "2026-11-23", t0)
	other := claim(t, s, "u2", "2026-11-23", t0.Add(time.Hour))
	stuck := claim(t, s, "u2", "2026-11-20", t0.Add(-3*day))

	for _, m := range []struct {
		id             int64
		state          plans.SlotState
		channel, msgID string
	}{
		{early.ID, plans.SlotSent, "dm1", "m1"},
		{late.ID, plans.SlotSent, "dm1", "m3"},
		{other.ID, plans.SlotFailed, "c9", ""},
	} {
		if err := s.MarkSlot(ctx, m.id, m.state, m.channel, m.msgID); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.MarkSlot(ctx, 999, plans.SlotSent, "c", "m"); !errors.Is(err, ErrNotFound) {
		t.Errorf("MarkSlot(999) = %v, want ErrNotFound", err)
	}

	ids := func(slots []plans.Slot, err error) []int64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, s := range slots {
			out = append(out, s.ID)
		}
		return out
	}
	tests := []struct {
		name string
		got  []int64
		want []int64
	}{
		{"SlotsInState(sending)", ids(s.SlotsInState(ctx, plans.SlotSending)), []int64{stuck.ID}},
		{"SlotsInState(sent)", ids(s.SlotsInState(ctx, plans.SlotSent)), []int64{early.ID, late.ID}},
		{"SlotsInState(failed)", ids(s.SlotsInState(ctx, plans.SlotFailed)), []int64{other.ID}},
		{"SlotsInState(skipped)", ids(s.SlotsInState(ctx, plans.SlotSkipped)), nil},
		{"UserSlots(u1)", ids(s.UserSlots(ctx, "u1")), []int64{early.ID, late.ID}},
		{"UserSlots(u2)", ids(s.UserSlots(ctx, "u2")), []int64{stuck.ID, other.ID}},
		{"UserSlots(nobody)", ids(s.UserSlots(ctx, "nobody")), nil},
	}
	for _, tt := range tests {
		if !slices.Equal(tt.got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}

	got, err := s.SlotByMessage(ctx, "m3")
	want := late
	want.State, want.ChannelID, want.MessageID = plans.SlotSent, "dm1", "m3"
	if err != nil {
		t.Fatalf("SlotByMessage(m3): %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SlotByMessage(m3) (-want +got):\n%s", diff)
	}
	for _, msg := range []string{"", "m2"} {
		if _, err := s.SlotByMessage(ctx, msg); !errors.Is(err, ErrNotFound) {
			t.Errorf("SlotByMessage(%q) = %v, want ErrNotFound", msg, err)
		}
	}
}

func TestMoveSlotOnceAndOnlyToAFreeDay(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	put(t, s, testSub("u1"))
	mon := claim(t, s, "u1", "2026-11-23", t0)
	wed := claim(t, s, "u1", "2026-11-25", t0.Add(48*time.Hour))

	if moved, err := s.MoveSlot(ctx, mon.ID, "2026-11-25", t0.Add(48*time.Hour), t0); err != nil || moved {
		t.Errorf("moving onto Wednesday's workout = %v, %v; want false", moved, err)
	}
	if moved, _ := s.SlotMoved(ctx, mon.ID); moved {
		t.Errorf("a refused move counts as a move")
	}
	if moved, err := s.MoveSlot(ctx, mon.ID, "2026-11-24", t0.Add(24*time.Hour), t0); err != nil || !moved {
		t.Fatalf("moving to a free Tuesday = %v, %v; want true", moved, err)
	}
	slots, err := s.UserSlots(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	moved := mon
	moved.LocalDate, moved.Due = "2026-11-24", t0.Add(24*time.Hour)
	if diff := cmp.Diff([]plans.Slot{moved, wed}, slots); diff != "" {
		t.Errorf("slots after the move (-want +got):\n%s", diff)
	}
	if moved, _ := s.SlotMoved(ctx, mon.ID); !moved {
		t.Errorf("SlotMoved = false after a move")
	}
	if moved, err := s.MoveSlot(ctx, mon.ID, "2026-11-22", t0.Add(-24*time.Hour), t0); err != nil || moved {
		t.Errorf("moving a second time = %v, %v; want false", moved, err)
	}
	if moved, _ := s.SlotMoved(ctx, wed.ID); moved {
		t.Errorf("Wednesday counts as moved")
	}
	if _, err := s.MoveSlot(ctx, 9999, "2026-11-24", t0, t0); !errors.Is(err, plans.ErrNotFound) {
		t.Errorf("moving an unknown slot: %v, want ErrNotFound", err)
	}
}

func TestClaimFollowUpOncePerReason(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	put(t, s, testSub("u1"))
	slot := claim(t, s, "u1", "2026-11-23", t0)
	for i, want := range []bool{true, false, false} {
		if got, ch, msg, err := s.ClaimFollowUp(ctx, slot.ID, "pain", t0); err != nil || got != want || ch != "" || msg != "" {
			t.Errorf("claim %d = %v, %q, %q, %v; want %v and no message yet", i, got, ch, msg, err, want)
		}
	}
	if err := s.SetFollowUpMessage(ctx, slot.ID, "pain", "dm1", "m1"); err != nil {
		t.Fatal(err)
	}
	// Another reason is fresh, and learns the DM to add to.
	if got, ch, msg, err := s.ClaimFollowUp(ctx, slot.ID, "notes", t0); err != nil || !got || ch != "dm1" || msg != "m1" {
		t.Errorf("another reason = %v, %q, %q, %v; want fresh with dm1/m1", got, ch, msg, err)
	}
	if _, _, _, err := s.ClaimFollowUp(ctx, 9999, "pain", t0); !errors.Is(err, plans.ErrNotFound) {
		t.Errorf("unknown slot: %v, want ErrNotFound", err)
	}
	if err := s.SetFollowUpMessage(ctx, slot.ID, "nope", "dm1", "m1"); !errors.Is(err, plans.ErrNotFound) {
		t.Errorf("SetFollowUpMessage of an unclaimed reason: %v, want ErrNotFound", err)
	}
}

func TestWorkoutNumber(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	day := func(n int) time.Time { return t0.AddDate(0, 0, n) }
	put(t, s, testSub("u1"))
	put(t, s, testSub("u2"))
	// Sent, skipped, failed, then the one being posted (sending), then a
	// later one already sent (a /workout ahead of time).
	states := []plans.SlotState{plans.SlotSent, plans.SlotSkipped, plans.SlotFailed, plans.SlotSending, plans.SlotSent}
	var slots []plans.Slot
	for i, st := range states {
		slot := claim(t, s, "u1", day(i).Format(time.DateOnly), day(i))
		if st != plans.SlotSending {
			if err := s.MarkSlot(ctx, slot.ID, st, "c1", fmt.Sprint("m", i)); err != nil {
				t.Fatal(err)
			}
		}
		slots = append(slots, slot)
	}
	other := claim(t, s, "u2", day(0).Format(time.DateOnly), day(0))
	for _, tt := range []struct {
		slot plans.Slot
		want int
	}{
		{slots[0], 1},
		{slots[1], 2}, // a skipped slot asked about counts itself
		{slots[3], 2},
		{slots[4], 3},
		{other, 1},
		{plans.Slot{ID: other.ID, UserID: "u1", Due: day(9)}, 0}, // not u1's
	} {
		if got, err := s.WorkoutNumber(ctx, tt.slot); err != nil || got != tt.want {
			t.Errorf("WorkoutNumber(slot %d of %s due %s) = %d, %v; want %d", tt.slot.ID, tt.slot.UserID, tt.slot.Due, got, err, tt.want)
		}
	}
}
