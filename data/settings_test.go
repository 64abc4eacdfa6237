package data

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/glutebot/glutebot/plans"
)

func TestLastSettingsOutliveUnsubscribe(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if _, err := s.LastSettings(ctx, "u1"); !errors.Is(err, plans.ErrNotFound) {
		t.Fatalf("LastSettings of a stranger: %v, want ErrNotFound", err)
	}
	sub := put(t, s, testSub("u1"))
	if err := s.DeleteSubscription(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	got, err := s.LastSettings(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	want := plans.Subscription{UserID: "u1", GuildID: sub.GuildID, ChannelID: sub.ChannelID, Delivery: sub.Delivery,
		Days: sub.Days, Clock: sub.Clock, Zone: sub.Zone, Level: sub.Level, Equipment: sub.Equipment, Since: sub.Since}
	if !equalSettings(got, want) {
		t.Errorf("LastSettings after unsubscribe = %+v, want %+v", got, want)
	}

	// A changed subscription replaces them; Forget deletes them.
	sub.Clock, sub.Level = plans.Clock{Hour: 18}, plans.Advanced
	put(t, s, sub)
	if got, _ := s.LastSettings(ctx, "u1"); got.Clock != sub.Clock || got.Level != plans.Advanced {
		t.Errorf("LastSettings after a change = %+v", got)
	}
	if err := s.Forget(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LastSettings(ctx, "u1"); !errors.Is(err, plans.ErrNotFound) {
		t.Errorf("LastSettings after Forget: %v, want ErrNotFound", err)
	}
}

func equalSettings(a, b plans.Subscription) bool {
	return a.UserID == b.UserID && a.GuildID == b.GuildID && a.ChannelID == b.ChannelID && a.Delivery == b.Delivery &&
		slices.Equal(a.Days, b.Days) && a.Clock == b.Clock && a.Zone == b.Zone && a.Level == b.Level &&
		a.Equipment == b.Equipment && a.Since.Equal(b.Since)
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
	if slots[0].ID != mon.ID || slots[0].LocalDate != "2026-11-24" || !slots[0].Due.Equal(t0.Add(24*time.Hour)) {
		t.Errorf("after the move: %+v", slots[0])
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
