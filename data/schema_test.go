package data

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestOpenTwiceMigratesOnce(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	list, err := listMigrations()
	if err != nil {
		t.Fatal(err)
	}
	applied, schema := schemaOf(t, s)
	if len(applied) != len(list) {
		t.Errorf("migrations recorded = %q, want %d", applied, len(list))
	}
	s.Close()

	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer s2.Close()
	s2.Now = func() time.Time { return t0.Add(time.Hour) } // a re-applied migration would record this
	applied2, schema2 := schemaOf(t, s2)
	if diff := cmp.Diff(applied, applied2); diff != "" {
		t.Errorf("second Open changed the migration record (-first +second):\n%s", diff)
	}
	if diff := cmp.Diff(schema, schema2); diff != "" {
		t.Errorf("second Open changed the schema (-first +second):\n%s", diff)
	}
}

// schemaOf returns the migrations recorded as applied ("name@applied_at")
// and the SQL of every table and index, by name.
func schemaOf(t *testing.T, s *Store) (applied, schema []string) {
	t.Helper()
	ctx := context.Background()
	applied, err := queryList(ctx, s.read, func(row scanner) (string, error) {
		var name string
		var at int64
		err := row.Scan(&name, &at)
		return fmt.Sprintf("%s@%d", name, at), err
	}, `SELECT name, applied_at FROM migrations ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	schema, err = queryList(ctx, s.read, scanValue[string], `SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	return applied, schema
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
