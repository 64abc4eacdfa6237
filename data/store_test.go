package data

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/glutebot/glutebot/plans"
)

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
		UserID: user, GuildID: "g", ChannelID: "c", Delivery: plans.DeliverChannel,
		Days: []time.Weekday{time.Monday, time.Wednesday, time.Sunday}, Clock: plans.Clock{Hour: 7, Minute: 30},
		Zone: "Europe/Berlin", Level: plans.Intermediate, Equipment: plans.Dumbbells, NextDue: t0,
	}
}

func TestOpenCreatesAPrivateFileAndMigratesOnce(t *testing.T) {
	s, path := openTest(t)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("database mode = %v, want 0600", fi.Mode().Perm())
	}
	s.Close()
	s2, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer s2.Close()
	var n int
	if err := s2.read.QueryRow(`SELECT count(*) FROM migrations`).Scan(&n); err != nil || n != 1 {
		t.Errorf("migrations recorded = %d, %v; want 1", n, err)
	}
	if err := s2.IntegrityCheck(context.Background()); err != nil {
		t.Error(err)
	}
}

func TestSubscriptionRoundTripKeepsSinceAndSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	got, err := s.PutSubscription(ctx, testSub("u1"))
	if err != nil {
		t.Fatal(err)
	}
	want := testSub("u1")
	want.Since = t0
	want.Days = []time.Weekday{time.Monday, time.Wednesday, time.Sunday}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("stored\n %+v\nwant\n %+v", got, want)
	}
	// Changing the schedule later keeps the plan's start.
	s.Now = func() time.Time { return t0.Add(48 * time.Hour) }
	changed := testSub("u1")
	changed.Clock = plans.Clock{Hour: 18}
	got, err = s.PutSubscription(ctx, changed)
	if err != nil || !got.Since.Equal(t0) || got.Clock.Hour != 18 {
		t.Errorf("after change: %+v, %v; want Since %v and 18:00", got, err, t0)
	}
	s.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got2, err := s2.Subscription(ctx, "u1"); err != nil || fmt.Sprint(got2) != fmt.Sprint(got) {
		t.Errorf("after restart: %+v, %v; want %+v", got2, err, got)
	}
	if _, err := s2.Subscription(ctx, "nobody"); !errors.Is(err, plans.ErrNotFound) {
		t.Errorf("Subscription(nobody) = %v, want ErrNotFound", err)
	}
	if err := s2.DeleteSubscription(ctx, "nobody"); !errors.Is(err, plans.ErrNotFound) {
		t.Errorf("DeleteSubscription(nobody) = %v, want ErrNotFound", err)
	}
}

func TestDueSubscriptionsSkipsPausedUndeliverableAndFuture(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	for i, due := range []time.Time{t0.Add(-time.Minute), t0, t0.Add(time.Second)} {
		sub := testSub(fmt.Sprintf("u%d", i))
		sub.NextDue = due
		if _, err := s.PutSubscription(ctx, sub); err != nil {
			t.Fatal(err)
		}
	}
	paused := testSub("paused")
	paused.PausedUntil = t0.Add(time.Hour)
	paused.NextDue = t0.Add(-time.Hour)
	gone := testSub("gone")
	gone.NextDue = t0.Add(-time.Hour)
	for _, sub := range []plans.Subscription{paused, gone} {
		if _, err := s.PutSubscription(ctx, sub); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetUndeliverable(ctx, "gone"); err != nil {
		t.Fatal(err)
	}
	due, err := s.DueSubscriptions(ctx, t0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range due {
		ids = append(ids, d.UserID)
	}
	if !slices.Equal(ids, []string{"u0", "u1"}) {
		t.Errorf("due = %v, want [u0 u1]", ids)
	}
	// The undeliverable user is told once.
	for i, want := range []bool{true, false} {
		if got, err := s.TakeUndeliverableNotice(ctx, "gone"); err != nil || got != want {
			t.Errorf("notice %d = %v, %v; want %v", i, got, err, want)
		}
	}
	// Subscribing again makes them deliverable, with no notice left.
	if _, err := s.PutSubscription(ctx, gone); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.TakeUndeliverableNotice(ctx, "gone"); got {
		t.Errorf("notice after resubscribing = true, want false")
	}
}

func TestClaimSlotIsUniquePerUserAndLocalDate(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if _, err := s.PutSubscription(ctx, testSub("u1")); err != nil {
		t.Fatal(err)
	}
	slot := plans.Slot{UserID: "u1", LocalDate: "2026-11-23", Due: t0, State: plans.SlotSending}
	var wg sync.WaitGroup
	var mu sync.Mutex
	fresh := 0
	ids := map[int64]bool{}
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
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
		}()
	}
	wg.Wait()
	if fresh != 1 || len(ids) != 1 {
		t.Errorf("%d claims succeeded over %d slot ids, want exactly 1 of 1", fresh, len(ids))
	}
	sub, _ := s.Subscription(ctx, "u1")
	if !sub.NextDue.Equal(t0.Add(48 * time.Hour)) {
		t.Errorf("next due = %v, want it advanced", sub.NextDue)
	}
}

func TestEntriesAreIdempotentAndUndoable(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	slot, _, err := s.ClaimSlot(ctx, plans.Slot{UserID: "u1", LocalDate: "2026-11-23", Due: t0, State: plans.SlotSending}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MarkSlot(ctx, slot.ID, plans.SlotSent, "dm1", "m1"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.SlotByMessage(ctx, "m1"); err != nil || got.ID != slot.ID || got.State != plans.SlotSent {
		t.Errorf("SlotByMessage(m1) = %+v, %v", got, err)
	}
	if _, err := s.SlotByMessage(ctx, "other"); !errors.Is(err, plans.ErrNotFound) {
		t.Errorf("SlotByMessage(other) = %v, want ErrNotFound", err)
	}
	for i, want := range []bool{true, false} {
		if added, err := s.AddEntry(ctx, slot.ID, plans.Done, t0.Add(time.Hour)); err != nil || added != want {
			t.Errorf("AddEntry #%d = %v, %v; want %v", i, added, err, want)
		}
	}
	if _, err := s.AddEntry(ctx, slot.ID, plans.TooHard, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddEntry(ctx, 999, plans.Done, t0); !errors.Is(err, plans.ErrNotFound) {
		t.Errorf("AddEntry(unknown slot) = %v, want ErrNotFound", err)
	}
	h, err := s.History(ctx, "u1")
	if err != nil || len(h) != 2 || h[0].Kind != plans.Done || !h[0].Due.Equal(t0) || h[1].Kind != plans.TooHard {
		t.Errorf("History = %+v, %v", h, err)
	}
	if removed, err := s.RemoveEntry(ctx, slot.ID, plans.Done); err != nil || !removed {
		t.Errorf("RemoveEntry = %v, %v", removed, err)
	}
	if kinds, _ := s.SlotKinds(ctx, slot.ID); !slices.Equal(kinds, []plans.Kind{plans.TooHard}) {
		t.Errorf("SlotKinds after undo = %v, want [TooHard]", kinds)
	}
	if recent, _ := s.RecentSlots(ctx, t0.Add(-time.Hour)); len(recent) != 1 {
		t.Errorf("RecentSlots = %v, want the one sent slot", recent)
	}
}

func TestForgetRemovesTheUserFromEveryTable(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	for _, u := range []string{"u1", "u2"} {
		if _, err := s.PutSubscription(ctx, testSub(u)); err != nil {
			t.Fatal(err)
		}
		slot, _, err := s.ClaimSlot(ctx, plans.Slot{UserID: u, LocalDate: "2026-11-23", Due: t0}, t0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddEntry(ctx, slot.ID, plans.Done, t0); err != nil {
			t.Fatal(err)
		}
		if err := s.SetDMChannel(ctx, u, "dm-"+u); err != nil {
			t.Fatal(err)
		}
		if err := s.SetScreened(ctx, u, t0); err != nil {
			t.Fatal(err)
		}
	}
	tables, err := userTables(ctx, s.read)
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 5 {
		t.Fatalf("user tables = %v, want at least 5", tables)
	}
	if err := s.Forget(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		var n1, n2 int
		s.read.QueryRow(`SELECT count(*) FROM ` + table + ` WHERE user_id = 'u1'`).Scan(&n1)
		s.read.QueryRow(`SELECT count(*) FROM ` + table + ` WHERE user_id = 'u2'`).Scan(&n2)
		if n1 != 0 || n2 == 0 {
			t.Errorf("%s: %d rows of u1 left (want 0), %d of u2 (want some)", table, n1, n2)
		}
	}
}

func TestConcurrentHandlersNeverSeeLockedErrors(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := fmt.Sprintf("u%d", g)
			for i := range 25 {
				if _, err := s.PutSubscription(ctx, testSub(u)); err != nil {
					t.Error(err)
					return
				}
				slot, _, err := s.ClaimSlot(ctx, plans.Slot{UserID: u, LocalDate: fmt.Sprintf("d%d", i), Due: t0}, t0)
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := s.AddEntry(ctx, slot.ID, plans.Done, t0); err != nil {
					t.Error(err)
					return
				}
				if _, err := s.History(ctx, u); err != nil {
					t.Error(err)
					return
				}
				if _, err := s.DueSubscriptions(ctx, t0, 10); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestBackupIsAConsistentCopy(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	if _, err := s.PutSubscription(ctx, testSub("u1")); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(filepath.Dir(path), "backup.db")
	if err := s.Backup(ctx, dst); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, dst); err == nil {
		t.Errorf("second Backup over an existing file succeeded")
	}
	b, err := Open(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.Subscription(ctx, "u1"); err != nil {
		t.Errorf("backup lacks the subscription: %v", err)
	}
}

// BenchmarkDueSubscriptions finds the due subscriptions among 100,000.
func BenchmarkDueSubscriptions(b *testing.B) {
	ctx := context.Background()
	s, _ := openTest(b)
	seed(b, s, 100_000)
	b.ResetTimer()
	for b.Loop() {
		due, err := s.DueSubscriptions(ctx, t0, 1000)
		if err != nil || len(due) != 1000 {
			b.Fatalf("%d due, %v", len(due), err)
		}
	}
}

// seed inserts n subscriptions; one in a hundred is due at t0.
func seed(tb testing.TB, s *Store, n int) {
	tb.Helper()
	ctx := context.Background()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		due := t0.Add(time.Duration(1+i%7) * 24 * time.Hour)
		if i%100 == 0 {
			due = t0
		}
		if _, err := tx.Exec(`INSERT INTO subscriptions (`+subscriptionColumns+`, notice_pending) VALUES (?, '', '', 0, 42, 7, 0, 'Europe/Berlin', 0, 0, ?, 0, 0, ?, 0)`,
			fmt.Sprintf("user%06d", i), t0.Unix(), due.Unix()); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkDueSubscriptionsFew finds the few due among 100,000 (an ordinary
// minute, not a 07:00 wave).
func BenchmarkDueSubscriptionsFew(b *testing.B) {
	ctx := context.Background()
	s, _ := openTest(b)
	seed(b, s, 100_000)
	now := t0.Add(-time.Second) // before the wave: nothing due
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.DueSubscriptions(ctx, now, 1000); err != nil {
			b.Fatal(err)
		}
	}
}
