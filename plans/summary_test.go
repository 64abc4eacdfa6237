package plans

import (
	"slices"
	"testing"
	"time"
)

func TestZoneWeeks(t *testing.T) {
	sub := testSub(Beginner, NoEquipment)
	sub.Zone = "Asia/Tokyo" // UTC+9
	sub.Days = []time.Weekday{time.Monday, time.Thursday}
	// Sunday 20:00 UTC is Monday 05:00 in Tokyo: a new week there.
	sun := time.Date(2026, time.March, 8, 20, 0, 0, 0, time.UTC)
	h := []Entry{{Kind: Done, Due: sun, At: sun}}
	if s := Summarize(h, sub, sun.Add(time.Hour)); s.ThisWeek != 1 {
		t.Errorf("Tokyo: ThisWeek = %d, want 1", s.ThisWeek)
	}
	sub.Zone = "UTC"
	if s := Summarize(h, sub, sun.Add(5*time.Hour)); s.ThisWeek != 0 || s.Weekly[len(s.Weekly)-2] != 1 {
		t.Errorf("UTC: ThisWeek = %d, Weekly = %v; want 0 now and 1 last week", s.ThisWeek, s.Weekly)
	}
	sub.Zone = "Mars/Olympus" // falls back to UTC
	if s := Summarize(h, sub, sun.Add(5*time.Hour)); s.ThisWeek != 0 {
		t.Errorf("unknown zone: ThisWeek = %d, want 0 (UTC)", s.ThisWeek)
	}
}

func TestWeekOf(t *testing.T) {
	mon := time.Date(2026, time.March, 2, 0, 0, 0, 0, time.UTC)
	for d := range 7 {
		if weekOf(mon.AddDate(0, 0, d), time.UTC) != weekOf(mon, time.UTC) {
			t.Errorf("day %d of the week is in another week", d)
		}
	}
	if weekOf(mon.AddDate(0, 0, 7), time.UTC) != weekOf(mon, time.UTC)+1 {
		t.Error("next Monday is not the next week")
	}
	old := time.Date(1969, time.December, 29, 12, 0, 0, 0, time.UTC) // a Monday
	if weekOf(old, time.UTC)+1 != weekOf(old.AddDate(0, 0, 7), time.UTC) || weekOf(old, time.UTC) != weekOf(old.AddDate(0, 0, 6), time.UTC) {
		t.Error("weeks before 1970 are not numbered consecutively")
	}
}

func TestSummarize(t *testing.T) {
	sub := testSub(Beginner, NoEquipment)
	tests := []struct {
		name     string
		slots    []int
		asOf     time.Time
		thisWeek int
		streak   int
	}{
		{"nothing", nil, slot(0), 0, 0},
		{"current week reached", []int{0, 1, 2}, slot(2).Add(time.Hour), 3, 1},
		{"current week running does not break", []int{0, 1, 2, 3}, slot(4), 1, 1},
		{"two full weeks", seq(0, 6), slot(6), 0, 2},
		{"a short week breaks it", []int{0, 1, 2, 3, 4, 6, 7, 8}, slot(9), 0, 1},
		{"a finished empty week breaks it", seq(0, 6), slot(9), 0, 0},
	}
	for _, tt := range tests {
		s := Summarize(log(Done, tt.slots...), sub, tt.asOf)
		if s.ThisWeek != tt.thisWeek || s.Streak != tt.streak || s.Completed != len(tt.slots) || s.Target != 3 {
			t.Errorf("%s: this week %d, streak %d, completed %d, target %d; want %d, %d, %d, 3",
				tt.name, s.ThisWeek, s.Streak, s.Completed, s.Target, tt.thisWeek, tt.streak, len(tt.slots))
		}
		if len(s.Weekly) != SummaryWeeks || s.Weekly[SummaryWeeks-1] != s.ThisWeek || len(s.Current) != numLadders {
			t.Errorf("%s: weekly %v, %d current items", tt.name, s.Weekly, len(s.Current))
		}
	}
	// A workout done ahead of its slot counts from when it was recorded.
	early := []Entry{{Kind: Done, Due: slot(2), At: slot(0)}}
	if s := Summarize(early, sub, slot(0).Add(time.Minute)); s.ThisWeek != 1 || s.Completed != 1 {
		t.Errorf("early workout: this week %d, completed %d; want 1, 1", s.ThisWeek, s.Completed)
	}
	// Duplicate ✅ on one workout count once.
	dup := slices.Concat(log(Done, 0), log(Done, 0))
	if s := Summarize(dup, sub, slot(1)); s.Completed != 1 || s.ThisWeek != 1 {
		t.Errorf("duplicate ✅: completed %d, this week %d; want 1, 1", s.Completed, s.ThisWeek)
	}
}
