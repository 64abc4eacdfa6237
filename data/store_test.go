package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
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
		Days: []time.Weekday{time.Monday, time.Wednesday, time.Sunday}, Clock: plans.Clock{Hour: 7, Minute: 30},
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

func TestErrNotFoundIsPlansErrNotFound(t *testing.T) {
	if !errors.Is(ErrNotFound, plans.ErrNotFound) {
		t.Errorf("errors.Is(ErrNotFound, plans.ErrNotFound) = false, want true")
	}
	if got := ErrNotFound.Error(); got != "data: not found" {
		t.Errorf("ErrNotFound = %q, want %q", got, "data: not found")
	}
}

func TestOpenCreatesPrivateFiles(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	put(t, s, testSub("u1")) // a write, so the WAL and shm files exist
	matches, err := filepath.Glob(path + "*")
	if err != nil {
		t.Fatal(err)
	}
	if len(matches) < 2 {
		t.Fatalf("database files = %v, want the database and its WAL", matches)
	}
	for _, m := range matches {
		fi, err := os.Stat(m)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode = %v, want 0600", filepath.Base(m), fi.Mode().Perm())
		}
	}
	var mode string
	if err := s.read.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
}

func TestEveryConnectionGetsThePragmas(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	check := func(pool string, c *sql.Conn) {
		t.Helper()
		for pragma, want := range map[string]int64{"busy_timeout": 5000, "foreign_keys": 1, "synchronous": 1} {
			var got int64
			if err := c.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil || got != want {
				t.Errorf("%s connection: %s = %d, %v; want %d", pool, pragma, got, err, want)
			}
		}
	}
	// Hold every read connection at once, so each is a distinct one.
	var conns []*sql.Conn
	for range readers {
		c, err := s.read.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		check("read", c)
	}
	for _, c := range conns {
		c.Close()
	}
	w, err := s.write.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	check("write", w)
	w.Close()
	if _, err := s.read.db.ExecContext(ctx, `DELETE FROM subscriptions`); err == nil {
		t.Errorf("the read pool accepted a write")
	}
	if err := s.Writable(ctx); err != nil {
		t.Errorf("Writable = %v", err)
	}
}

func TestOpenTakesPathsWithURICharacters(t *testing.T) {
	dir := t.TempDir()
	name := "a b%20c?d#e.db"
	s, err := Open(context.Background(), filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	put(t, s, testSub("u1"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{name}) {
		t.Errorf("files after Close = %q, want only %q", names, name)
	}
}

func TestOpenFailsOnADirectory(t *testing.T) {
	if s, err := Open(context.Background(), t.TempDir()); err == nil {
		s.Close()
		t.Errorf("Open(a directory) succeeded")
	}
	if _, err := Open(context.Background(), ""); err == nil {
		t.Errorf("Open(\"\") succeeded")
	}
}

func TestOpenTwiceMigratesOnce(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	schema := func(s *Store) string {
		t.Helper()
		rows, err := s.read.QueryContext(ctx, `SELECT name, applied_at FROM migrations ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var name string
			var at int64
			if err := rows.Scan(&name, &at); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s@%d\n", name, at)
		}
		var sqls string
		if err := s.read.QueryRowContext(ctx, `SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master ORDER BY name)`).Scan(&sqls); err != nil {
			t.Fatal(err)
		}
		return b.String() + sqls
	}
	list, err := listMigrations()
	if err != nil {
		t.Fatal(err)
	}
	first := schema(s)
	if n := strings.Count(first, "@"); n != len(list) {
		t.Errorf("migrations recorded = %d, want %d", n, len(list))
	}
	s.Close()

	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer s2.Close()
	s2.Now = func() time.Time { return t0.Add(time.Hour) } // a re-applied migration would record this
	if second := schema(s2); second != first {
		t.Errorf("second Open changed the schema or migrations:\n%s\nwant\n%s", second, first)
	}
}

func TestMigrationsAreNumbered(t *testing.T) {
	list, err := listMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) == 0 {
		t.Fatal("no migrations embedded")
	}
	for i, m := range list {
		if m.version != i+1 {
			t.Errorf("migration %d is %s (number %d), want number %d: no gaps", i, m.name, m.version, i+1)
		}
	}
}

func TestTimesAndDaysAreStoredAsIntegers(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	sub := testSub("u1")
	sub.NextDue = t0.Add(1500 * time.Millisecond).In(time.FixedZone("X", 3600))
	got := put(t, s, sub)
	if want := t0.Add(time.Second); !got.NextDue.Equal(want) || got.NextDue.Location() != time.UTC {
		t.Errorf("NextDue = %v, want %v in UTC (whole seconds)", got.NextDue, want)
	}
	var typ string
	var next, days int64
	if err := s.read.QueryRowContext(ctx, `SELECT typeof(next_due), next_due, days FROM subscriptions`).Scan(&typ, &next, &days); err != nil {
		t.Fatal(err)
	}
	if typ != "integer" || next != t0.Unix()+1 {
		t.Errorf("next_due = %s %d, want integer %d", typ, next, t0.Unix()+1)
	}
	if want := int64(1<<time.Sunday | 1<<time.Monday | 1<<time.Wednesday); days != want {
		t.Errorf("days = %b, want %b", days, want)
	}
}

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
				s.Clock = plans.Clock{Hour: 23, Minute: 59}
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
			if err != nil || !reflect.DeepEqual(read, want) {
				t.Errorf("Subscription = %+v, %v; want %+v", read, err, want)
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

func TestDaysRoundTrip(t *testing.T) {
	tests := []struct {
		in, want []time.Weekday
	}{
		{nil, nil},
		{[]time.Weekday{time.Sunday}, []time.Weekday{time.Sunday}},
		{[]time.Weekday{time.Sunday, time.Monday}, []time.Weekday{time.Monday, time.Sunday}},
		{[]time.Weekday{time.Friday, time.Tuesday, time.Thursday}, []time.Weekday{time.Tuesday, time.Thursday, time.Friday}},
		{[]time.Weekday{time.Monday, time.Monday}, []time.Weekday{time.Monday}},
		{[]time.Weekday{time.Saturday, 9, -1}, []time.Weekday{time.Saturday}},
	}
	for _, tt := range tests {
		s, _ := openTest(t)
		sub := testSub("u1")
		sub.Days = tt.in
		if got := put(t, s, sub).Days; !slices.Equal(got, tt.want) {
			t.Errorf("days %v stored and read = %v, want %v", tt.in, got, tt.want)
		}
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
	type step struct {
		do   string // "mark", "take", "put"
		want bool   // for "take"
	}
	steps := []step{
		{"take", false}, // deliverable: nothing to tell
		{"mark", false},
		{"mark", false}, // a second failure leaves no second notice
		{"take", true},
		{"take", false},
		{"mark", false}, // still undeliverable: already told
		{"take", false},
		{"put", false}, // the user acted
		{"take", false},
		{"mark", false},
		{"take", true},
	}
	for i, st := range steps {
		switch st.do {
		case "mark":
			if err := s.SetUndeliverable(ctx, "u1"); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
		case "put":
			put(t, s, testSub("u1"))
		case "take":
			got, err := s.TakeUndeliverableNotice(ctx, "u1")
			if err != nil || got != st.want {
				t.Errorf("step %d: TakeUndeliverableNotice = %v, %v; want %v", i, got, err, st.want)
			}
		}
	}
	if got, err := s.TakeUndeliverableNotice(ctx, "nobody"); err != nil || got {
		t.Errorf("TakeUndeliverableNotice(nobody) = %v, %v; want false, nil", got, err)
	}
	if sub, _ := s.Subscription(ctx, "u1"); !sub.Undeliverable {
		t.Errorf("Undeliverable = false after SetUndeliverable")
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

func TestDueSubscriptionsUsesTheIndex(t *testing.T) {
	s, _ := openTest(t)
	rows, err := s.read.db.Query(`EXPLAIN QUERY PLAN `+dueQuery, t0.Unix(), t0.Unix(), 10)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	joined := strings.Join(plan, "; ")
	if !strings.Contains(joined, "USING INDEX subscriptions_next_due") || strings.Contains(joined, "TEMP B-TREE") {
		t.Errorf("query plan = %q, want a search of subscriptions_next_due with no sort", joined)
	}
}

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
		if fresh != tt.wantFresh || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ClaimSlot = %+v, %v; want %+v, %v", tt.name, got, fresh, tt.want, tt.wantFresh)
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
		if !reflect.DeepEqual(stored, got) {
			t.Errorf("%s: returned %+v, stored %+v", tt.name, got, slots[i])
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
		{"RecentSlots(t0-4d)", ids(s.RecentSlots(ctx, t0.Add(-4*day))), []int64{early.ID, late.ID}},
		{"RecentSlots(t0)", ids(s.RecentSlots(ctx, t0)), []int64{early.ID, late.ID}},
		{"RecentSlots(t0+1s)", ids(s.RecentSlots(ctx, t0.Add(time.Second))), []int64{late.ID}},
		{"RecentSlots(t0+3d)", ids(s.RecentSlots(ctx, t0.Add(3*day))), nil},
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
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("SlotByMessage(m3) = %+v, %v; want %+v", got, err, want)
	}
	for _, msg := range []string{"", "m2"} {
		if _, err := s.SlotByMessage(ctx, msg); !errors.Is(err, ErrNotFound) {
			t.Errorf("SlotByMessage(%q) = %v, want ErrNotFound", msg, err)
		}
	}
}

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
	if !reflect.DeepEqual(h, wantHistory) {
		t.Errorf("History(u1) =\n %+v\nwant\n %+v", h, wantHistory)
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

func TestDMChannelAndScreening(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if _, err := s.DMChannel(ctx, "u1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("DMChannel before SetDMChannel = %v, want ErrNotFound", err)
	}
	for _, ch := range []string{"dm1", "dm2"} {
		if err := s.SetDMChannel(ctx, "u1", ch); err != nil {
			t.Fatal(err)
		}
		if got, err := s.DMChannel(ctx, "u1"); err != nil || got != ch {
			t.Errorf("DMChannel = %q, %v; want %q", got, err, ch)
		}
	}

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

func TestRestartKeepsEverything(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	populate(t, s, "u1")
	before := snap(t, s, "u1")
	if len(before.Slots) != 2 || len(before.History) != 2 || !before.Screened {
		t.Fatalf("populated snapshot looks incomplete: %+v", before)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if after := snap(t, s2, "u1"); !reflect.DeepEqual(after, before) {
		t.Errorf("after restart\n %+v\nwant\n %+v", after, before)
	}
	if notice, err := s2.TakeUndeliverableNotice(ctx, "u1"); err != nil || !notice {
		t.Errorf("pending notice after restart = %v, %v; want true", notice, err)
	}
}

func TestForgetRemovesTheUserFromEveryTable(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	populate(t, s, "u1")
	populate(t, s, "u2")

	// Every table but the migration record must say whose rows it holds,
	// so that Forget, which deletes by user_id, cannot miss a new table.
	rows, err := s.read.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	var withUser []string
	if err := s.runWrite(ctx, "user tables", func(wtx *writeTx) (err error) {
		withUser, err = userTables(wtx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// Tables that belong to a server, not to a person, and hold nobody's
	// data: a board's channel and schedule.
	servers := []string{"boards"}
	for _, table := range tables {
		if table != "migrations" && !slices.Contains(servers, table) && !slices.Contains(withUser, table) {
			t.Errorf("table %s has no user_id column: Forget would leave its rows behind", table)
		}
	}

	count := func(table, user string) int {
		t.Helper()
		var n int
		if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM "`+table+`" WHERE user_id = ?`, user).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	kept := map[string]int{}
	for _, table := range withUser {
		if count(table, "u1") == 0 {
			t.Fatalf("test setup: u1 has no rows in %s", table)
		}
		kept[table] = count(table, "u2")
	}
	u2 := snap(t, s, "u2")

	if err := s.Forget(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	for _, table := range withUser {
		if n := count(table, "u1"); n != 0 {
			t.Errorf("%s: %d rows of u1 left after Forget, want 0", table, n)
		}
		if n := count(table, "u2"); n != kept[table] {
			t.Errorf("%s: %d rows of u2 after forgetting u1, want %d", table, n, kept[table])
		}
	}
	if after := snap(t, s, "u2"); !reflect.DeepEqual(after, u2) {
		t.Errorf("u2 changed when u1 was forgotten:\n %+v\nwant\n %+v", after, u2)
	}
	if err := s.Forget(ctx, "u1"); err != nil {
		t.Errorf("forgetting twice: %v", err)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Error(err)
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
				if _, err := s.RecentSlots(ctx, t0.Add(-time.Hour)); err != nil {
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

func TestBackupIsAConsistentPrivateCopy(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	populate(t, s, "u1")
	want := snap(t, s, "u1")

	// Writers keep going while the backup is taken.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			u := fmt.Sprintf("w%d", i)
			if err := s.SetScreened(ctx, u, t0); err != nil {
				t.Error(err)
				return
			}
			if err := s.PutSubscription(ctx, testSub(u)); err != nil {
				t.Error(err)
				return
			}
		}
	})
	dst := filepath.Join(filepath.Dir(path), "backup.db")
	err := s.Backup(ctx, dst)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}

	fi, err := os.Stat(dst)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode = %v, want 0600", fi.Mode().Perm())
	}
	b, err := Open(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
	if got := snap(t, b, "u1"); !reflect.DeepEqual(got, want) {
		t.Errorf("backup holds\n %+v\nwant\n %+v", got, want)
	}

	// An existing path is refused and left alone.
	if err := os.WriteFile(dst+".other", []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{dst, dst + ".other"} {
		if err := s.Backup(ctx, p); !errors.Is(err, fs.ErrExist) {
			t.Errorf("Backup over existing %s = %v, want fs.ErrExist", filepath.Base(p), err)
		}
	}
	if got, _ := os.ReadFile(dst + ".other"); string(got) != "keep me" {
		t.Errorf("Backup overwrote an existing file: %q", got)
	}
	// A backup into a missing directory fails.
	bad := filepath.Join(t.TempDir(), "gone", "backup.db")
	if err := s.Backup(ctx, bad); err == nil {
		t.Errorf("Backup into a missing directory succeeded")
	}
}

func TestIntegrityCheckFindsCorruption(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatalf("fresh database: %v", err)
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2000 {
		if _, err := tx.Exec(`INSERT INTO dm_channels (user_id, channel_id) VALUES (?, ?)`, fmt.Sprintf("user%05d", i), "c"); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var root int64
	if err := s.read.db.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_dm_channels_1'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	var pageSize int64
	if err := s.read.db.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil { // checkpoints the WAL into the file
		t.Fatal(err)
	}
	// Scribble over the index's root page, past its header.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	junk := make([]byte, pageSize-64)
	for i := range junk {
		junk[i] = 0xA5
	}
	if _, err := f.WriteAt(junk, (root-1)*pageSize+64); err != nil {
		t.Fatal(err)
	}
	f.Close()

	s2, err := Open(ctx, path)
	if err != nil {
		t.Logf("Open refused the corrupt file: %v", err)
		return // refusing to open a corrupt file is fine too
	}
	defer s2.Close()
	if err := s2.IntegrityCheck(ctx); err == nil {
		t.Errorf("IntegrityCheck passed a corrupted index")
	}
}

// seed inserts n subscriptions in one transaction; one in a hundred is due
// at t0, the rest over the next week.
func seed(tb testing.TB, s *Store, n int) {
	tb.Helper()
	ctx := context.Background()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	for i := range n {
		sub := testSub(fmt.Sprintf("user%06d", i))
		sub.Since = t0
		sub.NextDue = t0.Add(time.Duration(1+i%7) * 24 * time.Hour)
		if i%100 == 0 {
			sub.NextDue = t0
		}
		if err := upsertSubscription(&writeTx{sqlTx: tx, stmts: s.wstmts}, sub); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkDueSubscriptions finds the 1,000 due subscriptions among
// 100,000 (a wave at a popular minute).
func BenchmarkDueSubscriptions(b *testing.B) {
	ctx := context.Background()
	s, _ := openTest(b)
	seed(b, s, 100_000)
	b.ReportAllocs()
	for b.Loop() {
		due, err := s.DueSubscriptions(ctx, t0, 1000)
		if err != nil || len(due) != 1000 {
			b.Fatalf("%d due, %v", len(due), err)
		}
	}
}

// BenchmarkDueSubscriptionsFew looks for due subscriptions among 100,000
// when none is due (an ordinary minute).
func BenchmarkDueSubscriptionsFew(b *testing.B) {
	ctx := context.Background()
	s, _ := openTest(b)
	seed(b, s, 100_000)
	now := t0.Add(-time.Second)
	b.ReportAllocs()
	for b.Loop() {
		due, err := s.DueSubscriptions(ctx, now, 1000)
		if err != nil || len(due) != 0 {
			b.Fatalf("%d due, %v", len(due), err)
		}
	}
}

// BenchmarkSubscriptionHeap reads all of 100,000 subscriptions and reports
// the Go heap one loaded subscription holds (heap-B/sub), the bytes
// allocated to load it (alloc-B/sub) and the database file bytes per
// subscription (file-B/sub). The store itself keeps no subscription in Go
// memory between calls; SQLite's page cache lives outside the Go heap.
func BenchmarkSubscriptionHeap(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	s, path := openTest(b)
	seed(b, s, n)
	all := t0.Add(8 * 24 * time.Hour)
	var held, allocated int64
	var before, after runtime.MemStats
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&before)
		subs, err := s.DueSubscriptions(ctx, all, n)
		runtime.GC()
		runtime.ReadMemStats(&after)
		if err != nil || len(subs) != n {
			b.Fatalf("%d subscriptions, %v", len(subs), err)
		}
		held = int64(after.HeapAlloc) - int64(before.HeapAlloc)
		allocated = int64(after.TotalAlloc - before.TotalAlloc)
		runtime.KeepAlive(subs)
	}
	b.ReportMetric(float64(held)/n, "heap-B/sub")
	b.ReportMetric(float64(allocated)/n, "alloc-B/sub")
	if _, err := s.write.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
	if fi, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(fi.Size())/n, "file-B/sub")
	}
}

// BenchmarkWriteBurst is 500 people running /subscribe at the same moment:
// each stores their subscription, which checks the safety screen in the same
// write. It reports the time for the whole burst.
func BenchmarkWriteBurst(b *testing.B) {
	const n = 500
	ctx := context.Background()
	s, _ := openTest(b)
	users := make([]string, n)
	for i := range users {
		users[i] = fmt.Sprintf("user%03d", i)
		if err := s.SetScreened(ctx, users[i], t0); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		var wg sync.WaitGroup
		for _, u := range users {
			wg.Go(func() {
				if err := s.PutSubscription(ctx, testSub(u)); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
	}
}
