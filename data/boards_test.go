package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/glutebot/glutebot/plans"
)

func TestBoardLifecycle(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if _, err := s.JoinBoard(ctx, "g1", "u1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("JoinBoard without a board = %v, want ErrNotFound", err)
	}
	b := plans.Board{GuildID: "g1", ChannelID: "c1", Spec: "CRON_TZ=Europe/Berlin 0 18 * * 0", NextRun: t0.Add(time.Hour)}
	if err := s.PutBoard(ctx, b); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Board(ctx, "g1"); err != nil || got != b {
		t.Errorf("Board = %+v, %v; want %+v", got, err, b)
	}
	for _, u := range []string{"u2", "u1", "u2"} {
		if _, err := s.JoinBoard(ctx, "g1", u); err != nil {
			t.Fatal(err)
		}
	}
	if again, err := s.JoinBoard(ctx, "g1", "u1"); err != nil || again {
		t.Errorf("joining twice = %v, %v; want false", again, err)
	}
	if got, _ := s.BoardMembers(ctx, "g1"); !slices.Equal(got, []string{"u1", "u2"}) {
		t.Errorf("members = %v, want u1 and u2", got)
	}
	if got, err := s.UserBoards(ctx, "u1"); err != nil || !slices.Equal(got, []string{"g1"}) {
		t.Errorf("UserBoards = %v, %v; want g1", got, err)
	}

	// Started again with another time: members stay.
	b2 := b
	b2.Spec, b2.ChannelID = "CRON_TZ=UTC 30 9 * * 1", "c2"
	if err := s.PutBoard(ctx, b2); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.BoardMembers(ctx, "g1"); len(got) != 2 {
		t.Errorf("members after a restart = %v, want both", got)
	}

	// Due at its next run, not before; the old spec cannot move it.
	if due, _ := s.DueBoards(ctx, t0); len(due) != 0 {
		t.Errorf("due before its run: %+v", due)
	}
	due, err := s.DueBoards(ctx, b.NextRun)
	if err != nil || len(due) != 1 || due[0] != b2 {
		t.Fatalf("DueBoards = %+v, %v; want %+v", due, err, b2)
	}
	if err := s.SetBoardNextRun(ctx, "g1", b.Spec, t0.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Board(ctx, "g1"); !got.NextRun.Equal(b2.NextRun) {
		t.Errorf("a stale spec moved the next run to %s", got.NextRun)
	}
	next := t0.Add(7 * 24 * time.Hour)
	if err := s.SetBoardNextRun(ctx, "g1", b2.Spec, next); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Board(ctx, "g1"); !got.NextRun.Equal(next) {
		t.Errorf("next run = %s, want %s", got.NextRun, next)
	}

	if left, err := s.LeaveBoard(ctx, "g1", "u2"); err != nil || !left {
		t.Errorf("LeaveBoard = %v, %v; want true", left, err)
	}
	if left, _ := s.LeaveBoard(ctx, "g1", "u2"); left {
		t.Errorf("leaving twice reported a change")
	}
	if err := s.DeleteBoard(ctx, "g1"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.BoardMembers(ctx, "g1"); len(got) != 0 {
		t.Errorf("members after stop = %v, want none", got)
	}
	if err := s.DeleteBoard(ctx, "g1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second DeleteBoard = %v, want ErrNotFound", err)
	}
}

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

func TestCheckCopy(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	put(t, s, testSub("u1"))
	good := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(ctx, good); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckCopy(ctx, good); err != nil {
		t.Errorf("CheckCopy of a fresh backup: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.db")
	body, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	for i := 4096; i < len(body); i++ { // every page past the first
		body[i] ^= 0x5a
	}
	if err := os.WriteFile(bad, body, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckCopy(ctx, bad); err == nil {
		t.Errorf("CheckCopy of a corrupted copy passed")
	}
}
