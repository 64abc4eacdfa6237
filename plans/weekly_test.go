package plans

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestReviewWeekSaysWhatChanges(t *testing.T) {
	sub := Subscription{UserID: "u", Days: []time.Weekday{time.Monday, time.Wednesday, time.Friday}, TimeOfDay: TimeOfDay{Hour: 7},
		Zone: "Europe/Berlin", Since: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)}
	sunday := time.Date(2026, 11, 29, 17, 0, 0, 0, time.UTC) // 18:00 in Berlin
	var history []Entry
	for _, d := range []int{23, 25, 27} { // Monday, Wednesday, Friday of that week
		due := time.Date(2026, 11, d, 6, 0, 0, 0, time.UTC)
		history = append(history, Entry{Kind: Done, Due: due, At: due.Add(time.Hour)})
	}
	r := ReviewWeek(history, sub, sunday)
	if r.Done != 3 || r.Target != 3 || r.Streak != 1 || r.Completed != 3 {
		t.Errorf("review %+v, want 3 of 3, a 1-week streak", r)
	}
	if len(r.Changes) == 0 {
		t.Fatalf("three workouts done and nothing changes next week")
	}
	for _, c := range r.Changes {
		if (c.From.Variation == c.To.Variation && c.From.Sets == c.To.Sets && c.From.Reps == c.To.Reps) || c.Change != MovedUp {
			t.Errorf("change %+v: want a step up", c)
		}
	}

	// A week with nothing done changes nothing yet.
	if r := ReviewWeek(nil, sub, sunday); r.Done != 0 || len(r.Changes) != 0 {
		t.Errorf("empty week review %+v", r)
	}
}

func TestStandings(t *testing.T) {
	sub := Subscription{UserID: "a", Days: []time.Weekday{time.Monday, time.Thursday}, Zone: "UTC", TimeOfDay: TimeOfDay{Hour: 7}}
	asOf := time.Date(2026, 11, 29, 17, 0, 0, 0, time.UTC)
	due := time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)
	a := StandingOf("a", sub, []Entry{{Kind: Done, Due: due, At: due}}, asOf)
	if diff := cmp.Diff(Standing{UserID: "a", Done: 1, Target: 2}, a); diff != "" {
		t.Errorf("standing of a subscriber (-want +got):\n%s", diff)
	}
	b := StandingOf("b", DefaultSubscription("b"), nil, asOf)
	if diff := cmp.Diff(Standing{UserID: "b", Target: 3}, b); diff != "" {
		t.Errorf("standing of a member on the defaults, 0 of 3 (-want +got):\n%s", diff)
	}
	st := []Standing{
		{UserID: "c", Done: 1, Target: 3},
		{UserID: "d", Done: 2, Target: 2, Streak: 1},
		{UserID: "a", Done: 1, Target: 2},
		{UserID: "e", Done: 2, Target: 2, Streak: 4},
		{UserID: "b", Done: 1, Target: 3},
	}
	SortStandings(st)
	var order []string
	for _, s := range st {
		order = append(order, s.UserID)
	}
	if diff := cmp.Diff([]string{"e", "d", "a", "b", "c"}, order); diff != "" {
		t.Errorf("board order (-want +got):\n%s", diff)
	}
}

func TestWeeklySpec(t *testing.T) {
	for _, tt := range []struct {
		zone string
		day  time.Weekday
		at   TimeOfDay
		want string
	}{
		{"Europe/Berlin", time.Sunday, TimeOfDay{Hour: 18}, "CRON_TZ=Europe/Berlin 0 18 * * 0"},
		{"America/New_York", time.Saturday, TimeOfDay{Hour: 7, Minute: 30}, "CRON_TZ=America/New_York 30 7 * * 6"},
	} {
		if got := WeeklySpec(tt.zone, tt.day, tt.at); got != tt.want {
			t.Errorf("WeeklySpec(%q, %v, %v) = %q, want %q", tt.zone, tt.day, tt.at, got, tt.want)
		}
	}
}

func TestParseWeekday(t *testing.T) {
	for in, want := range map[string]time.Weekday{
		"sunday": time.Sunday, "Sun": time.Sunday, " tues ": time.Tuesday, "Thursdays": time.Thursday, "weds": time.Wednesday,
	} {
		if got, err := ParseWeekday(in); err != nil || got != want {
			t.Errorf("ParseWeekday(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "su", "someday", "mon wed"} {
		if got, err := ParseWeekday(in); !errors.Is(err, ErrDays) {
			t.Errorf("ParseWeekday(%q) = %v, %v; want an error wrapping ErrDays", in, got, err)
		}
	}
}
