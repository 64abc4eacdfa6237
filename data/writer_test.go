package data

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/glutebot/glutebot/plans"
)

// openBubbled opens a store inside a synctest bubble, so that the test can
// wait until every writer is queued (synctest.Wait) before letting the
// writer go on.
func openBubbled(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return t0 }
	t.Cleanup(func() { s.Close() })
	return s
}

// holdWriter makes the writer wait inside a transaction until release is
// closed, and returns once it does.
func holdWriter(t *testing.T, s *Store) (release chan struct{}, done chan error) {
	t.Helper()
	release, done = make(chan struct{}), make(chan error, 1)
	go func() {
		done <- s.runWrite(context.Background(), "hold", func(*writeTx) error { <-release; return nil })
	}()
	synctest.Wait()
	return release, done
}

func TestGroupedWriteThatFailsRollsBackAlone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		s := openBubbled(t)
		for i := range 5 {
			screen(t, s, fmt.Sprintf("u%d", i))
		}
		var groups []int
		s.onGroup = func(n int) { groups = append(groups, n) }
		release, held := holdWriter(t, s)

		boom := errors.New("boom")
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range 5 {
			wg.Go(func() {
				errs[i] = s.PutSubscription(ctx, testSub(fmt.Sprintf("u%d", i)))
			})
		}
		wg.Go(func() {
			errs[5] = s.runWrite(ctx, "fail", func(wtx *writeTx) error {
				if err := upsertSubscription(wtx, testSub("bad")); err != nil {
					return err
				}
				return boom
			})
		})
		synctest.Wait() // all six are queued behind the held write
		close(release)
		wg.Wait()
		if err := <-held; err != nil {
			t.Fatal(err)
		}

		if fmt.Sprint(groups) != "[1 6]" {
			t.Errorf("groups of %v, want the held write alone, then the six queued ones together", groups)
		}
		for i, err := range errs[:5] {
			if err != nil {
				t.Errorf("write %d: %v", i, err)
			}
		}
		if !errors.Is(errs[5], boom) {
			t.Errorf("failing write returned %v, want boom", errs[5])
		}
		if n, err := s.CountSubscriptions(ctx); err != nil || n != 5 {
			t.Errorf("%d subscriptions stored (%v), want the 5 that succeeded", n, err)
		}
		if _, err := s.Subscription(ctx, "bad"); !errors.Is(err, ErrNotFound) {
			t.Errorf("the failed write's row: %v, want it rolled back", err)
		}
	})
}

func TestPanickingWriteFailsAloneAndTheWriterGoesOn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		s := openBubbled(t)
		screen(t, s, "u1")
		release, held := holdWriter(t, s)
		var wg sync.WaitGroup
		var putErr, panicErr error
		wg.Go(func() { putErr = s.PutSubscription(ctx, testSub("u1")) })
		wg.Go(func() {
			panicErr = s.runWrite(ctx, "panic", func(wtx *writeTx) error {
				if err := upsertSubscription(wtx, testSub("bad")); err != nil {
					return err
				}
				var m map[string]int
				m["boom"]++ // a nil map: panics
				return nil
			})
		})
		synctest.Wait()
		close(release)
		wg.Wait()
		<-held
		if putErr != nil {
			t.Errorf("the write grouped with a panicking one: %v", putErr)
		}
		if panicErr == nil || !strings.Contains(panicErr.Error(), "panic") {
			t.Errorf("panicking write returned %v, want an error saying it panicked", panicErr)
		}
		if _, err := s.Subscription(ctx, "bad"); !errors.Is(err, ErrNotFound) {
			t.Errorf("the panicking write's row: %v, want it rolled back", err)
		}
		if err := s.PutSubscription(ctx, testSub("u1")); err != nil { // the writer still runs
			t.Errorf("a write after the panic: %v", err)
		}
	})
}

func TestQueuedWriteWhoseCallerGivesUpIsNotRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := openBubbled(t)
		screen(t, s, "u1")
		release, held := holdWriter(t, s)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			err := s.PutSubscription(ctx, testSub("u1"))
			done <- err
		}()
		synctest.Wait()
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("PutSubscription after cancel = %v, want context.Canceled", err)
		}
		close(release)
		<-held
		if _, err := s.Subscription(context.Background(), "u1"); !errors.Is(err, ErrNotFound) {
			t.Errorf("the given-up write was stored: %v", err)
		}
	})
}

// A write that has begun runs to the end even when its caller gives up
// half-way: a statement interrupted by the caller's context would make
// SQLite roll back the whole group's transaction.
func TestBegunWriteRunsToTheEndWhenItsCallerGivesUp(t *testing.T) {
	s, _ := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	screen(t, s, "u1")
	err := s.runWrite(ctx, "give up half-way", func(wtx *writeTx) error {
		if err := upsertSubscription(wtx, testSub("u1")); err != nil {
			return err
		}
		cancel()
		_, err := wtx.Exec(`INSERT INTO dm_channels (user_id, channel_id) VALUES (?, ?)`, "u1", "dm1")
		return err
	})
	if err != nil {
		t.Fatalf("write whose caller gave up after it began = %v, want it committed", err)
	}
	if _, err := s.Subscription(context.Background(), "u1"); err != nil {
		t.Errorf("first statement lost: %v", err)
	}
	if ch, err := s.DMChannel(context.Background(), "u1"); err != nil || ch != "dm1" {
		t.Errorf("DMChannel = %q, %v; want dm1 (the statement after the cancel ran)", ch, err)
	}
}

func TestCloseWaitsForTheWriteUnderWayAndRefusesLaterOnes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "test.db")
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		release := make(chan struct{})
		held := make(chan error, 1)
		go func() {
			held <- s.runWrite(ctx, "hold", func(wtx *writeTx) error {
				<-release
				return upsertSubscription(wtx, testSub("u1"))
			})
		}()
		synctest.Wait()
		closed := make(chan error, 1)
		go func() { closed <- s.Close() }()
		synctest.Wait()
		select {
		case err := <-closed:
			t.Fatalf("Close returned (%v) while a write was under way", err)
		default:
		}
		close(release)
		if err := <-held; err != nil {
			t.Errorf("write under way at Close: %v", err)
		}
		if err := <-closed; err != nil {
			t.Fatal(err)
		}
		if err := s.PutSubscription(ctx, testSub("u2")); !errors.Is(err, errClosed) {
			t.Errorf("PutSubscription after Close = %v, want errClosed", err)
		}

		s2, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s2.Close()
		if _, err := s2.Subscription(ctx, "u1"); err != nil {
			t.Errorf("the write under way at Close was lost: %v", err)
		}
	})
}

// TestConcurrentWritesKeepEveryOutcome mixes writes that succeed and writes
// that fail half-way, from many goroutines at once, and checks that exactly
// the ones reported as done are stored.
func TestConcurrentWritesKeepEveryOutcome(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	var groups sync.Map
	s.onGroup = func(n int) { groups.Store(n, true) }
	const n = 300
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			errs[i] = s.runWrite(ctx, "write", func(wtx *writeTx) error {
				if err := upsertSubscription(wtx, testSub(fmt.Sprintf("u%03d", i))); err != nil {
					return err
				}
				if i%3 == 0 {
					return fmt.Errorf("write %d fails after its insert", i)
				}
				return nil
			})
		})
	}
	wg.Wait()
	for i := range n {
		_, err := s.Subscription(ctx, fmt.Sprintf("u%03d", i))
		if stored := err == nil; stored != (errs[i] == nil) {
			t.Errorf("write %d: returned %v, stored %v", i, errs[i], stored)
		}
	}
	grouped := false
	groups.Range(func(k, _ any) bool { grouped = grouped || k.(int) > 1; return true })
	if !grouped {
		t.Log("every write committed alone this time; the grouping was not exercised")
	}
}

func TestConcurrentHandlersNeverSeeLockedErrors(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	const users, rounds = 24, 20
	var wg sync.WaitGroup
	for g := range users {
		u := fmt.Sprintf("u%02d", g)
		screen(t, s, u)
		wg.Go(func() {
			for i := range rounds {
				if err := concurrentRound(ctx, s, u, i); err != nil {
					t.Errorf("%s round %d: %v", u, i, err)
					return
				}
			}
		})
		// Readers that touch every user's rows at once.
		wg.Go(func() {
			for range rounds {
				if _, err := s.DueSubscriptions(ctx, t0, 50); err != nil {
					t.Error(err)
					return
				}
				since := t0.Add(-time.Hour)
				if _, err := s.ReconcilePosts(ctx, since, since, since, 0, 100); err != nil {
					t.Error(err)
					return
				}
				if _, err := s.CountSubscriptions(ctx); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if n, err := s.CountSubscriptions(ctx); err != nil || n != users {
		t.Errorf("CountSubscriptions = %d, %v; want %d", n, err, users)
	}
	for g := range users {
		u := fmt.Sprintf("u%02d", g)
		if h, err := s.History(ctx, u); err != nil || len(h) != rounds {
			t.Errorf("History(%s) has %d entries, %v; want %d", u, len(h), err, rounds)
		}
	}
}

func concurrentRound(ctx context.Context, s *Store, u string, i int) error {
	if err := s.PutSubscription(ctx, testSub(u)); err != nil {
		return err
	}
	due := t0.Add(time.Duration(i) * 24 * time.Hour)
	slot, _, err := s.ClaimSlot(ctx, plans.Slot{UserID: u, LocalDate: due.Format(time.DateOnly), Due: due}, due)
	if err != nil {
		return err
	}
	if err := s.MarkSlot(ctx, slot.ID, plans.SlotSent, "dm-"+u, fmt.Sprintf("m-%s-%d", u, i)); err != nil {
		return err
	}
	for range 2 { // a duplicate event
		if _, err := s.AddEntry(ctx, slot.ID, plans.Done, due); err != nil {
			return err
		}
	}
	if err := s.SetDMChannel(ctx, u, "dm-"+u); err != nil {
		return err
	}
	if _, err := s.SlotByMessage(ctx, fmt.Sprintf("m-%s-%d", u, i)); err != nil {
		return err
	}
	if _, err := s.Subscription(ctx, u); err != nil {
		return err
	}
	_, err = s.History(ctx, u)
	return err
}
