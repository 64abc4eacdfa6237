package data

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/glutebot/glutebot/plans"
	"github.com/google/go-cmp/cmp"
)

func TestPutSubscription(t *testing.T) {
	earlier := t0.Add(-30 * 24 * time.Hour)
	tests := []struct {
		name      string
		existing  *plans.Subscription
		put       func(plans.Subscription) plans.Subscription
		wantSince time.Time
	}{
		{
			name:      "new subscription starts now",
			put:       func(s plans.Subscription) plans.Subscription { return s },
			wantSince: t0,
		},
		{
			name:      "new subscription keeps a given start",
			put:       func(s plans.Subscription) plans.Subscription { s.Since = earlier; return s },
			wantSince: earlier,
		},
		{
			name:     "existing subscription keeps its start",
			existing: &plans.Subscription{UserID: "u1", Since: earlier, Zone: "UTC", Days: []time.Weekday{time.Tuesday}},
			put: func(s plans.Subscription) plans.Subscription {
				s.Since = t0.Add(time.Hour)
				return s
			},
			wantSince: earlier,
		},
		{
			name:     "every field is replaced",
			existing: &plans.Subscription{UserID: "u1", Since: earlier, Zone: "UTC", PausedUntil: t0, Days: []time.Weekday{time.Friday}},
			put: func(s plans.Subscription) plans.Subscription {
				s.GuildID, s.ChannelID, s.Delivery = "", "dm", plans.DeliverDM
				s.Days = []time.Weekday{time.Saturday, time.Tuesday}
				s.TimeOfDay = plans.TimeOfDay{Hour: 23, Minute: 59}
				s.Zone, s.Level, s.Equipment = "America/New_York", plans.Advanced, plans.Gym
				s.PausedUntil, s.NextDue = t0.Add(7*24*time.Hour), t0.Add(8*24*time.Hour)
				return s
			},
			wantSince: earlier,
		},
		{
			name: "a paused subscription stays paused",
			put: func(s plans.Subscription) plans.Subscription {
				s.PausedUntil = t0.Add(14 * 24 * time.Hour)
				return s
			},
			wantSince: t0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, _ := openTest(t)
			if tt.existing != nil {
				put(t, s, *tt.existing)
				if err := s.SetUndeliverable(ctx, "u1"); err != nil {
					t.Fatal(err)
				}
			}
			in := tt.put(testSub("u1"))
			screen(t, s, "u1")
			if err := s.PutSubscription(ctx, in); err != nil {
				t.Fatal(err)
			}
			want := in
			want.Since = tt.wantSince
			want.Days = plans.MaskOf(in.Days).Days() // stored Monday first
			want.Undeliverable = false
			read, err := s.Subscription(ctx, "u1")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, read); diff != "" {
				t.Errorf("Subscription (-want +got):\n%s", diff)
			}
			if notice, err := s.TakeUndeliverableNotice(ctx, "u1"); err != nil || notice {
				t.Errorf("notice after PutSubscription = %v, %v; want false (the user acted)", notice, err)
			}
		})
	}
}

func TestPutSubscriptionRefusesAnEmptyUser(t *testing.T) {
	s, _ := openTest(t)
	if err := s.PutSubscription(context.Background(), testSub("")); err == nil {
		t.Errorf("PutSubscription with no user id succeeded")
	}
}

func TestPutSubscriptionNeedsTheSafetyScreen(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	refused := func(when string) {
		t.Helper()
		if err := s.PutSubscription(ctx, testSub("u1")); !errors.Is(err, plans.ErrNotScreened) {
			t.Errorf("%s: PutSubscription = %v, want an error wrapping plans.ErrNotScreened", when, err)
		}
		if n, err := s.CountSubscriptions(ctx); err != nil || n != 0 {
			t.Errorf("%s: %d subscriptions stored (%v), want none", when, n, err)
		}
	}
	refused("before the screen")
	screen(t, s, "u1")
	if err := s.PutSubscription(ctx, testSub("u1")); err != nil {
		t.Fatalf("after the screen: %v", err)
	}
	if err := s.Forget(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	refused("after Forget")
}

func TestScreeningKeepsTheFirstAnswer(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if ok, err := s.Screened(ctx, "u1"); err != nil || ok {
		t.Errorf("Screened before SetScreened = %v, %v; want false", ok, err)
	}
	for _, at := range []time.Time{t0, t0.Add(time.Hour)} {
		if err := s.SetScreened(ctx, "u1", at); err != nil {
			t.Fatal(err)
		}
	}
	if ok, err := s.Screened(ctx, "u1"); err != nil || !ok {
		t.Errorf("Screened = %v, %v; want true", ok, err)
	}
	if ok, _ := s.Screened(ctx, "u2"); ok {
		t.Errorf("Screened(u2) = true, want false")
	}
	var at int64
	if err := s.read.QueryRowContext(ctx, `SELECT at FROM screenings WHERE user_id = 'u1'`).Scan(&at); err != nil || at != t0.Unix() {
		t.Errorf("screened at %d, %v; want the first answer %d", at, err, t0.Unix())
	}
}

func TestSubscriptionUpdatesOfAnUnknownUser(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	put(t, s, testSub("u1"))
	tests := map[string]func() error{
		"Subscription":       func() error { _, err := s.Subscription(ctx, "nobody"); return err },
		"DeleteSubscription": func() error { return s.DeleteSubscription(ctx, "nobody") },
		"SetNextDue":         func() error { return s.SetNextDue(ctx, "nobody", t0) },
		"SetPaused":          func() error { return s.SetPaused(ctx, "nobody", t0, t0) },
		"SetUndeliverable":   func() error { return s.SetUndeliverable(ctx, "nobody") },
	}
	for name, f := range tests {
		err := f()
		if !errors.Is(err, ErrNotFound) || !errors.Is(err, plans.ErrNotFound) {
			t.Errorf("%s(nobody) = %v, want an error wrapping ErrNotFound", name, err)
		}
	}
	if n, err := s.CountSubscriptions(ctx); err != nil || n != 1 {
		t.Errorf("CountSubscriptions = %d, %v; want 1 (nothing created)", n, err)
	}
}

func TestSetNextDueAndSetPaused(t *testing.T) {
	week := 7 * 24 * time.Hour
	tests := []struct {
		name       string
		apply      func(context.Context, *Store) error
		wantNext   time.Time
		wantPaused time.Time
	}{
		{"next due", func(ctx context.Context, s *Store) error { return s.SetNextDue(ctx, "u1", t0.Add(time.Hour)) }, t0.Add(time.Hour), time.Time{}},
		{"pause", func(ctx context.Context, s *Store) error {
			return s.SetPaused(ctx, "u1", t0.Add(week), t0.Add(week+time.Hour))
		}, t0.Add(week + time.Hour), t0.Add(week)},
		{"resume", func(ctx context.Context, s *Store) error {
			if err := s.SetPaused(ctx, "u1", t0.Add(week), t0.Add(week)); err != nil {
				return err
			}
			return s.SetPaused(ctx, "u1", time.Time{}, t0.Add(2*time.Hour))
		}, t0.Add(2 * time.Hour), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, _ := openTest(t)
			put(t, s, testSub("u1"))
			if err := tt.apply(ctx, s); err != nil {
				t.Fatal(err)
			}
			got, err := s.Subscription(ctx, "u1")
			if err != nil {
				t.Fatal(err)
			}
			if !got.NextDue.Equal(tt.wantNext) || !got.PausedUntil.Equal(tt.wantPaused) {
				t.Errorf("next due %v, paused until %v; want %v, %v", got.NextDue, got.PausedUntil, tt.wantNext, tt.wantPaused)
			}
		})
	}
}

func TestUndeliverableNoticeIsTakenOnce(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	put(t, s, testSub("u1"))

	takeNotice(t, s, "u1", false) // deliverable: nothing to tell
	markUndeliverable(t, s, "u1")
	markUndeliverable(t, s, "u1") // a second failure leaves no second notice
	takeNotice(t, s, "u1", true)
	takeNotice(t, s, "u1", false)
	markUndeliverable(t, s, "u1") // still undeliverable: already told
	takeNotice(t, s, "u1", false)
	put(t, s, testSub("u1")) // the user acted
	takeNotice(t, s, "u1", false)
	markUndeliverable(t, s, "u1")
	takeNotice(t, s, "u1", true)
	takeNotice(t, s, "nobody", false)

	if sub, _ := s.Subscription(ctx, "u1"); !sub.Undeliverable {
		t.Errorf("Undeliverable = false after SetUndeliverable")
	}
}

// markUndeliverable records that Discord refused to reach the user.
func markUndeliverable(t *testing.T, s *Store, user string) {
	t.Helper()
	if err := s.SetUndeliverable(context.Background(), user); err != nil {
		t.Fatal(err)
	}
}

// takeNotice takes the user's undeliverable notice and checks whether there
// was one.
func takeNotice(t *testing.T, s *Store, user string, want bool) {
	t.Helper()
	if got, err := s.TakeUndeliverableNotice(context.Background(), user); err != nil || got != want {
		t.Errorf("TakeUndeliverableNotice(%s) = %v, %v; want %v", user, got, err, want)
	}
}

func TestDueSubscriptions(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	for _, sub := range []struct {
		user          string
		next, paused  time.Time
		undeliverable bool
	}{
		{user: "b-early", next: t0.Add(-time.Hour)},
		{user: "a-early", next: t0.Add(-time.Hour)}, // same instant: ordered by user id
		{user: "c-now", next: t0},
		{user: "d-future", next: t0.Add(time.Second)},
		{user: "e-paused", next: t0.Add(-time.Hour), paused: t0.Add(time.Hour)},
		{user: "f-pause-over", next: t0.Add(-time.Minute), paused: t0},
		{user: "g-closed-dms", next: t0.Add(-time.Hour), undeliverable: true},
	} {
		in := testSub(sub.user)
		in.NextDue, in.PausedUntil = sub.next, sub.paused
		put(t, s, in)
		if sub.undeliverable {
			if err := s.SetUndeliverable(ctx, sub.user); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		now   time.Time
		limit int
		want  []string
	}{
		{t0, 100, []string{"a-early", "b-early", "f-pause-over", "c-now"}},
		{t0, 2, []string{"a-early", "b-early"}},
		{t0, 0, nil},
		{t0.Add(-2 * time.Hour), 100, nil},
		{t0.Add(-time.Hour), 100, []string{"a-early", "b-early"}},
		{t0.Add(time.Hour), 100, []string{"a-early", "b-early", "e-paused", "f-pause-over", "c-now", "d-future"}},
	}
	for _, tt := range tests {
		subs, err := s.DueSubscriptions(ctx, tt.now, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, sub := range subs {
			got = append(got, sub.UserID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("DueSubscriptions(t0%+v, %d) = %v, want %v", tt.now.Sub(t0), tt.limit, got, tt.want)
		}
	}
	if n, err := s.CountSubscriptions(ctx); err != nil || n != 7 {
		t.Errorf("CountSubscriptions = %d, %v; want 7", n, err)
	}
}

// The queries Run makes every second, whatever is due, must each search
// their index: a full scan would cost every second in proportion to the
// subscribers. Sorting is allowed only among the few due boards.
func TestEverySecondQueriesUseTheirIndex(t *testing.T) {
	s, _ := openTest(t)
	for _, tt := range []struct {
		query, index string
		args         []any
		sorts        bool
	}{
		{dueQuery, "subscriptions_next_due", []any{t0.Unix(), t0.Unix(), 10}, false},
		{dueRecapsQuery, "subscriptions_next_recap", []any{t0.Unix(), 10}, false},
		{dueBoardsQuery, "boards_next_run", []any{t0.Unix()}, true},
	} {
		plan, err := queryList(context.Background(), s.read.db, func(row scanner) (detail string, err error) {
			var id, parent, notused int
			return detail, row.Scan(&id, &parent, &notused, &detail)
		}, `EXPLAIN QUERY PLAN `+tt.query, tt.args...)
		if err != nil {
			t.Fatal(err)
		}
		joined := strings.Join(plan, "; ")
		if !strings.Contains(joined, "USING INDEX "+tt.index) || !tt.sorts && strings.Contains(joined, "TEMP B-TREE") {
			t.Errorf("query plan = %q, want a search of %s (a sort allowed: %v)", joined, tt.index, tt.sorts)
		}
	}
}

func TestDeleteSubscriptionKeepsHistory(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	put(t, s, testSub("u1"))
	slot := claim(t, s, "u1", "2026-11-23", t0)
	if _, err := s.AddEntry(ctx, slot.ID, plans.Done, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSubscription(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Subscription(ctx, "u1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Subscription after delete = %v, want ErrNotFound", err)
	}
	if err := s.DeleteSubscription(ctx, "u1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second DeleteSubscription = %v, want ErrNotFound", err)
	}
	if h, err := s.History(ctx, "u1"); err != nil || len(h) != 1 {
		t.Errorf("History after delete = %+v, %v; want the one entry", h, err)
	}
	if slots, err := s.UserSlots(ctx, "u1"); err != nil || len(slots) != 1 {
		t.Errorf("UserSlots after delete = %+v, %v; want the one slot", slots, err)
	}
}

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
	if diff := cmp.Diff(settingsOf(sub), got); diff != "" {
		t.Errorf("LastSettings after unsubscribe (-want +got):\n%s", diff)
	}

	// A changed subscription replaces them; Forget deletes them.
	sub.TimeOfDay, sub.Level = plans.TimeOfDay{Hour: 18}, plans.Advanced
	put(t, s, sub)
	got, err = s.LastSettings(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(settingsOf(sub), got); diff != "" {
		t.Errorf("LastSettings after a change (-want +got):\n%s", diff)
	}
	if err := s.Forget(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LastSettings(ctx, "u1"); !errors.Is(err, plans.ErrNotFound) {
		t.Errorf("LastSettings after Forget: %v, want ErrNotFound", err)
	}
}

// settingsOf is what LastSettings keeps of sub: the choices the user made
// and when they first subscribed; the schedule's state is left zero.
func settingsOf(sub plans.Subscription) plans.Subscription {
	return plans.Subscription{UserID: sub.UserID, GuildID: sub.GuildID, ChannelID: sub.ChannelID, Delivery: sub.Delivery,
		Days: sub.Days, TimeOfDay: sub.TimeOfDay, Zone: sub.Zone, Level: sub.Level, Equipment: sub.Equipment, Since: sub.Since}
}
