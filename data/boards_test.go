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
	if got, err := s.Board(ctx, "g1"); err != nil {
		t.Fatal(err)
	} else if diff := cmp.Diff(b, got); diff != "" {
		t.Errorf("Board (-want +got):\n%s", diff)
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
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]plans.Board{b2}, due); diff != "" {
		t.Fatalf("DueBoards (-want +got):\n%s", diff)
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

func TestBoardStandings(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if err := s.PutBoard(ctx, plans.Board{GuildID: "g1", ChannelID: "c1", Spec: "CRON_TZ=UTC 0 18 * * 0", NextRun: t0}); err != nil {
		t.Fatal(err)
	}
	// u0 joins first but has no subscription; u1 did one workout of three
	// this week and u2 one of two; u3, who did two, is not on the board.
	for _, u := range []string{"u0", "u1", "u2"} {
		if _, err := s.JoinBoard(ctx, "g1", u); err != nil {
			t.Fatal(err)
		}
	}
	twice := testSub("u2")
	twice.Days = []time.Weekday{time.Monday, time.Thursday}
	for _, sub := range []plans.Subscription{testSub("u1"), twice, testSub("u3")} {
		put(t, s, sub)
	}
	for _, w := range []struct {
		user string
		due  time.Time
	}{{"u1", t0}, {"u2", t0}, {"u3", t0}, {"u3", t0.AddDate(0, 0, -1)}} {
		slot := claim(t, s, w.user, w.due.Format(time.DateOnly), w.due)
		if _, err := s.AddEntry(ctx, slot.ID, plans.Done, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.BoardStandings(ctx, "g1", t0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := []plans.Standing{{UserID: "u2", Done: 1, Target: 2}, {UserID: "u1", Done: 1, Target: 3}, {UserID: "u0", Done: 0, Target: 3}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("BoardStandings (-want +got):\n%s", diff)
	}
	// u2 stops: the board keeps counting them on the plan they kept, as
	// /progress does, not on the defaults.
	if err := s.DeleteSubscription(ctx, "u2"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.BoardStandings(ctx, "g1", t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	} else if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("BoardStandings after u2 stopped (-want +got):\n%s", diff)
	}
	if got, err := s.BoardStandings(ctx, "nowhere", t0); err != nil || len(got) != 0 {
		t.Errorf("BoardStandings of a server without a board = %v, %v; want none", got, err)
	}
}
