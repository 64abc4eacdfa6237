package data

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/glutebot/glutebot/plans"
)

// t0 is a Monday 06:00 UTC.
var t0 = time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)

func openTest(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return t0 }
	t.Cleanup(func() { s.Close() })
	return s, path
}

func testSub(user string) plans.Subscription {
	return plans.Subscription{
		UserID: user, GuildID: "g1", ChannelID: "c1", Delivery: plans.DeliverChannel,
		Days: []time.Weekday{time.Monday, time.Wednesday, time.Sunday}, TimeOfDay: plans.TimeOfDay{Hour: 7, Minute: 30},
		Zone: "Europe/Berlin", Level: plans.Intermediate, Equipment: plans.Dumbbells, NextDue: t0,
	}
}

// screen records that the user answered the safety screen, which
// PutSubscription requires.
func screen(t testing.TB, s *Store, user string) {
	t.Helper()
	if err := s.SetScreened(context.Background(), user, t0); err != nil {
		t.Fatal(err)
	}
}

// put stores sub for a screened user and returns it as stored.
func put(t testing.TB, s *Store, sub plans.Subscription) plans.Subscription {
	t.Helper()
	screen(t, s, sub.UserID)
	if err := s.PutSubscription(context.Background(), sub); err != nil {
		t.Fatal(err)
	}
	got, err := s.Subscription(context.Background(), sub.UserID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func claim(t testing.TB, s *Store, user, date string, due time.Time) plans.Slot {
	t.Helper()
	slot, _, err := s.ClaimSlot(context.Background(), plans.Slot{UserID: user, LocalDate: date, Due: due, State: plans.SlotSending}, due.Add(48*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return slot
}

// populate gives user a row in every table.
func populate(t testing.TB, s *Store, user string) {
	t.Helper()
	ctx := context.Background()
	sub := testSub(user)
	sub.PausedUntil = t0.Add(time.Hour)
	put(t, s, sub)
	slot := claim(t, s, user, "2026-11-23", t0)
	if err := s.MarkSlot(ctx, slot.ID, plans.SlotSent, "dm-"+user, "msg-"+user); err != nil {
		t.Fatal(err)
	}
	wed := claim(t, s, user, "2026-11-25", t0.Add(48*time.Hour))
	if moved, err := s.MoveSlot(ctx, wed.ID, "2026-11-26", t0.Add(72*time.Hour), t0); err != nil || !moved {
		t.Fatalf("MoveSlot = %v, %v", moved, err)
	}
	if _, _, _, err := s.ClaimFollowUp(ctx, slot.ID, "pain", t0); err != nil {
		t.Fatal(err)
	}
	for _, k := range []plans.Kind{plans.Done, plans.TooEasy} {
		if _, err := s.AddEntry(ctx, slot.ID, k, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetDMChannel(ctx, user, "dm-"+user); err != nil {
		t.Fatal(err)
	}
	if err := s.SetScreened(ctx, user, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUndeliverable(ctx, user); err != nil {
		t.Fatal(err)
	}
	if err := s.PutBoard(ctx, plans.Board{GuildID: "g1", ChannelID: "c1", Spec: "CRON_TZ=UTC 0 18 * * 0", NextRun: t0}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.JoinBoard(ctx, "g1", user); err != nil {
		t.Fatal(err)
	}
}

// snapshot is everything the store says about one user through its API.
type snapshot struct {
	Sub       plans.Subscription
	Slots     []plans.Slot
	History   []plans.Entry
	Kinds     [][]plans.Kind
	DM        string
	Screened  bool
	BySlotMsg plans.Slot
}

func snap(t testing.TB, s *Store, user string) snapshot {
	t.Helper()
	ctx := context.Background()
	var sn snapshot
	var err error
	check := func(e error) {
		t.Helper()
		if e != nil {
			t.Fatal(e)
		}
	}
	sn.Sub, err = s.Subscription(ctx, user)
	check(err)
	sn.Slots, err = s.UserSlots(ctx, user)
	check(err)
	sn.History, err = s.History(ctx, user)
	check(err)
	for _, slot := range sn.Slots {
		k, err := s.SlotKinds(ctx, slot.ID)
		check(err)
		sn.Kinds = append(sn.Kinds, k)
	}
	sn.DM, err = s.DMChannel(ctx, user)
	check(err)
	sn.Screened, err = s.Screened(ctx, user)
	check(err)
	sn.BySlotMsg, err = s.SlotByMessage(ctx, "msg-"+user)
	check(err)
	return sn
}
