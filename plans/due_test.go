package plans

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// dueZones are the zones the schedule is checked in: hour-long DST on both
// hemispheres, Lord Howe's 30-minute DST, a zone without DST at a half-hour
// offset, and Chatham's +12:45/+13:45.
var dueZones = []string{
	"America/New_York",
	"Europe/Berlin",
	"Australia/Sydney",
	"Australia/Lord_Howe",
	"Asia/Kolkata",
	"Pacific/Chatham",
}

func dueLoc(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func dueTime(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestNextDue(t *testing.T) {
	sun := []time.Weekday{time.Sunday}
	sunMon := []time.Weekday{time.Sunday, time.Monday}
	monWedFri := []time.Weekday{time.Monday, time.Wednesday, time.Friday}
	tests := []struct {
		name  string
		zone  string
		days  []time.Weekday
		clock TimeOfDay
		after string // UTC
		want  string // UTC
	}{
		// New York: gap 02:00-02:59 EST→EDT, fold 01:00-01:59 EDT→EST.
		{"ny ordinary monday", "America/New_York", monWedFri, TimeOfDay{7, 0}, "2026-06-14 12:00", "2026-06-15 11:00"},
		{"ny gap 02:30 comes at 03:00 EDT", "America/New_York", sun, TimeOfDay{2, 30}, "2025-03-08 12:00", "2025-03-09 07:00"},
		{"ny gap start 02:00 is 03:00 EDT", "America/New_York", sun, TimeOfDay{2, 0}, "2025-03-08 12:00", "2025-03-09 07:00"},
		{"ny gap last minute 2026", "America/New_York", sun, TimeOfDay{2, 59}, "2026-03-07 12:00", "2026-03-08 07:00"},
		{"ny 03:00 after gap 2027", "America/New_York", sun, TimeOfDay{3, 0}, "2027-03-13 12:00", "2027-03-14 07:00"},
		{"ny fold 01:30 first occurrence EDT", "America/New_York", sun, TimeOfDay{1, 30}, "2025-11-01 12:00", "2025-11-02 05:30"},
		{"ny fold not again at EST occurrence", "America/New_York", sun, TimeOfDay{1, 30}, "2025-11-02 05:30", "2025-11-09 06:30"},
		{"ny inside second pass of fold", "America/New_York", sunMon, TimeOfDay{1, 30}, "2025-11-02 06:00", "2025-11-03 06:30"},
		{"ny fold 01:00 2027", "America/New_York", sun, TimeOfDay{1, 0}, "2027-11-06 12:00", "2027-11-07 05:00"},
		{"ny fold 01:59 2026", "America/New_York", sun, TimeOfDay{1, 59}, "2026-10-31 12:00", "2026-11-01 05:59"},
		{"ny 02:00 on fold day exists once", "America/New_York", sun, TimeOfDay{2, 0}, "2026-10-31 12:00", "2026-11-01 07:00"},

		// Berlin: gap 02:00-02:59 CET→CEST, fold 02:00-02:59 CEST→CET.
		{"berlin gap 02:30", "Europe/Berlin", sun, TimeOfDay{2, 30}, "2025-03-29 12:00", "2025-03-30 01:00"},
		{"berlin gap 02:15 2027", "Europe/Berlin", sun, TimeOfDay{2, 15}, "2027-03-27 12:00", "2027-03-28 01:00"},
		{"berlin fold 02:30 first occurrence CEST", "Europe/Berlin", sun, TimeOfDay{2, 30}, "2025-10-25 12:00", "2025-10-26 00:30"},
		{"berlin fold not again at CET occurrence", "Europe/Berlin", sun, TimeOfDay{2, 30}, "2025-10-26 00:30", "2025-11-02 01:30"},
		{"berlin fold 02:00 2026", "Europe/Berlin", sun, TimeOfDay{2, 0}, "2026-10-24 12:00", "2026-10-25 00:00"},
		{"berlin 07:00 day after spring", "Europe/Berlin", monWedFri, TimeOfDay{7, 0}, "2026-03-29 12:00", "2026-03-30 05:00"},

		// Sydney: fold 02:00-02:59 AEDT→AEST in April, gap 02:00-02:59 in October.
		{"sydney fold 02:30 first occurrence AEDT", "Australia/Sydney", sun, TimeOfDay{2, 30}, "2025-04-05 00:00", "2025-04-05 15:30"},
		{"sydney fold not again at AEST occurrence", "Australia/Sydney", sun, TimeOfDay{2, 30}, "2025-04-05 15:30", "2025-04-12 16:30"},
		{"sydney fold 02:00 2026", "Australia/Sydney", sun, TimeOfDay{2, 0}, "2026-04-04 00:00", "2026-04-04 15:00"},
		{"sydney gap 02:30", "Australia/Sydney", sun, TimeOfDay{2, 30}, "2025-10-04 00:00", "2025-10-04 16:00"},
		{"sydney gap 02:45 2027", "Australia/Sydney", sun, TimeOfDay{2, 45}, "2027-10-02 00:00", "2027-10-02 16:00"},
		{"sydney local sunday is utc saturday", "Australia/Sydney", sun, TimeOfDay{7, 0}, "2026-06-06 00:00", "2026-06-06 21:00"},

		// Lord Howe: fold 01:30-01:59 (+11→+10:30), gap 02:00-02:29 (+10:30→+11).
		{"lord howe fold 01:45 first occurrence", "Australia/Lord_Howe", sun, TimeOfDay{1, 45}, "2025-04-05 00:00", "2025-04-05 14:45"},
		{"lord howe fold not again", "Australia/Lord_Howe", sun, TimeOfDay{1, 45}, "2025-04-05 14:45", "2025-04-12 15:15"},
		{"lord howe fold 01:30 2027", "Australia/Lord_Howe", sun, TimeOfDay{1, 30}, "2027-04-03 00:00", "2027-04-03 14:30"},
		{"lord howe gap 02:15 comes at 02:30", "Australia/Lord_Howe", sun, TimeOfDay{2, 15}, "2025-10-04 00:00", "2025-10-04 15:30"},
		{"lord howe gap start 02:00", "Australia/Lord_Howe", sun, TimeOfDay{2, 0}, "2026-10-03 00:00", "2026-10-03 15:30"},
		{"lord howe 02:30 right after gap", "Australia/Lord_Howe", sun, TimeOfDay{2, 30}, "2025-10-04 00:00", "2025-10-04 15:30"},

		// Kolkata: +05:30 all year.
		{"kolkata 07:00", "Asia/Kolkata", sun, TimeOfDay{7, 0}, "2026-03-07 12:00", "2026-03-08 01:30"},
		{"kolkata uses the local date", "Asia/Kolkata", []time.Weekday{time.Thursday}, TimeOfDay{7, 0}, "2025-12-31 20:00", "2026-01-01 01:30"},
		{"kolkata midnight", "Asia/Kolkata", monWedFri, TimeOfDay{0, 0}, "2027-01-01 00:00", "2027-01-03 18:30"},

		// Chatham: fold 02:45-03:44 (+13:45→+12:45), gap 02:45-03:44 (+12:45→+13:45).
		{"chatham fold 03:00 first occurrence", "Pacific/Chatham", sun, TimeOfDay{3, 0}, "2025-04-05 00:00", "2025-04-05 13:15"},
		{"chatham fold not again", "Pacific/Chatham", sun, TimeOfDay{3, 0}, "2025-04-05 13:15", "2025-04-12 14:15"},
		{"chatham gap 03:00", "Pacific/Chatham", sun, TimeOfDay{3, 0}, "2025-09-27 00:00", "2025-09-27 14:00"},
		{"chatham gap start 02:45", "Pacific/Chatham", sun, TimeOfDay{2, 45}, "2026-09-26 00:00", "2026-09-26 14:00"},
		{"chatham gap last minute 2027", "Pacific/Chatham", sun, TimeOfDay{3, 44}, "2027-09-25 00:00", "2027-09-25 14:00"},

		// Strictly after: a slot exactly at after is not returned again.
		{"strictly after", "Europe/Berlin", monWedFri, TimeOfDay{7, 0}, "2026-06-15 05:00", "2026-06-17 05:00"},
		{"one second before", "Europe/Berlin", monWedFri, TimeOfDay{7, 0}, "2026-06-15 04:59", "2026-06-15 05:00"},
		{"single day a week ahead", "Europe/Berlin", []time.Weekday{time.Monday}, TimeOfDay{7, 0}, "2026-06-15 05:00", "2026-06-22 05:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := dueLoc(t, tt.zone)
			got := NextDue(tt.days, tt.clock, loc, dueTime(tt.after))
			if want := dueTime(tt.want); !got.Equal(want) {
				t.Errorf("NextDue(%v, %02d:%02d, %s, %s) = %s (%s), want %s (%s)",
					tt.days, tt.clock.Hour, tt.clock.Minute, tt.zone, tt.after,
					got.UTC().Format(time.DateTime), got.In(loc).Format(time.DateTime+" -0700"),
					want.Format(time.DateTime), want.In(loc).Format(time.DateTime+" -0700"))
			}
			if got.Location() != time.UTC {
				t.Errorf("NextDue returned location %v, want UTC", got.Location())
			}
		})
	}
}

func TestNextDueInvalid(t *testing.T) {
	monWedFri := []time.Weekday{time.Monday, time.Wednesday, time.Friday}
	loc := dueLoc(t, "Europe/Berlin")
	after := dueTime("2026-06-15 12:00")
	tests := []struct {
		name  string
		days  []time.Weekday
		clock TimeOfDay
	}{
		{"no days", nil, TimeOfDay{7, 0}},
		{"no valid weekday", []time.Weekday{-1, 7}, TimeOfDay{7, 0}},
		{"hour 24", monWedFri, TimeOfDay{24, 0}},
		{"minute 60", monWedFri, TimeOfDay{7, 60}},
		{"negative", monWedFri, TimeOfDay{-1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NextDue(tt.days, tt.clock, loc, after); !got.IsZero() {
				t.Errorf("NextDue(%v, %v) = %v, want zero", tt.days, tt.clock, got)
			}
		})
	}
}

func TestLocalDate(t *testing.T) {
	tests := []struct {
		zone string
		at   string
		want string
	}{
		{"Asia/Kolkata", "2025-12-31 20:00", "2026-01-01"},
		{"America/New_York", "2026-01-01 03:00", "2025-12-31"},
		{"Pacific/Chatham", "2026-06-06 12:00", "2026-06-07"},
		{"UTC", "2026-06-06 23:59", "2026-06-06"},
	}
	for _, tt := range tests {
		if got := LocalDate(dueTime(tt.at), dueLoc(t, tt.zone)); got != tt.want {
			t.Errorf("LocalDate(%s, %s) = %s, want %s", tt.at, tt.zone, got, tt.want)
		}
	}
}

// dueOracle finds the instant of wall time c on the local date date by brute
// force, minute by minute, independently of resolve: the first instant that
// shows that wall time or, if clocks skip it, the first instant after the
// gap. ok is false if date has no
// gap or occurrence of c at all (a skipped day).
func dueOracle(date time.Time, c TimeOfDay, loc *time.Location) (at time.Time, ok bool) {
	y, m, d := date.Date()
	wall := time.Date(y, m, d, c.Hour, c.Minute, 0, 0, time.UTC)
	from := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Add(-15 * time.Hour)
	to := from.Add(54 * time.Hour)
	for u := from; u.Before(to); u = u.Add(time.Minute) {
		l := u.In(loc)
		lw := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), 0, 0, time.UTC)
		if lw.Equal(wall) {
			return u, true
		}
		if lw.After(wall) {
			// The first minute past the wall time: it was skipped, and
			// this is the first valid instant after the gap.
			return u, true
		}
	}
	return time.Time{}, false
}

// dueOffsetChanges reports whether loc's offset differs between the start and
// the end of the window around the local date, i.e. date may hold a gap or a
// fold.
func dueOffsetChanges(date time.Time, loc *time.Location) bool {
	y, m, d := date.Date()
	_, a := time.Date(y, m, d-1, 12, 0, 0, 0, loc).Zone()
	_, b := time.Date(y, m, d+1, 12, 0, 0, 0, loc).Zone()
	return a != b
}

// dueClocks include the minutes of every gap and fold of dueZones.
var dueClocks = []TimeOfDay{
	{0, 0}, {1, 0}, {1, 29}, {1, 30}, {1, 45}, {1, 59}, {2, 0}, {2, 15}, {2, 29}, {2, 30},
	{2, 44}, {2, 45}, {2, 59}, {3, 0}, {3, 30}, {3, 44}, {3, 45}, {7, 0}, {23, 59},
}

// TestNextDueWalk follows each schedule slot by slot through 2025-2027 and
// checks the sequence against the calendar: every scheduled local date
// exactly once, in order, at the instant the brute-force oracle gives.
func TestNextDueWalk(t *testing.T) {
	schedules := [][]time.Weekday{
		{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday},
		{time.Tuesday, time.Sunday},
	}
	for _, zone := range dueZones {
		loc := dueLoc(t, zone)
		for _, days := range schedules {
			for _, c := range dueClocks {
				t.Run(fmt.Sprintf("%s/%d-days/%02d:%02d", zone, len(days), c.Hour, c.Minute), func(t *testing.T) {
					dueWalk(t, days, c, loc)
				})
			}
		}
	}
}

func dueWalk(t *testing.T, days []time.Weekday, c TimeOfDay, loc *time.Location) {
	t.Helper()
	scheduled := make(map[time.Weekday]bool)
	for _, d := range days {
		scheduled[d] = true
	}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, loc)
	end := time.Date(2028, 1, 1, 0, 0, 0, 0, loc)
	at := start.Add(-time.Second)
	for date := start; date.Before(end); date = date.AddDate(0, 0, 1) {
		if !scheduled[date.Weekday()] {
			continue
		}
		var want time.Time
		if dueOffsetChanges(date, loc) {
			var ok bool
			if want, ok = dueOracle(date, c, loc); !ok {
				t.Fatalf("oracle found no %02d:%02d on %s", c.Hour, c.Minute, date.Format(time.DateOnly))
			}
		} else {
			want = time.Date(date.Year(), date.Month(), date.Day(), c.Hour, c.Minute, 0, 0, loc)
		}
		got := NextDue(days, c, loc, at)
		if !got.Equal(want) {
			t.Fatalf("after %s: got %s, want %s (slot of %s)",
				at.In(loc).Format(time.DateTime+" -0700"), got.In(loc).Format(time.DateTime+" -0700"),
				want.In(loc).Format(time.DateTime+" -0700"), date.Format(time.DateOnly))
		}
		if got := LocalDate(got, loc); got != date.Format(time.DateOnly) {
			t.Fatalf("slot of %s lands on local date %s", date.Format(time.DateOnly), got)
		}
		at = got
	}
}

// TestNextDueAfterEveryMinuteOfTransitionDays asks for the next slot from
// every minute of each transition day (including both passes through a
// fold): the answer is always the day's one slot if it is still ahead, and
// never the second occurrence of a folded time.
func TestNextDueAfterEveryMinuteOfTransitionDays(t *testing.T) {
	every := []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	for _, zone := range dueZones {
		loc := dueLoc(t, zone)
		for date := time.Date(2025, 1, 1, 12, 0, 0, 0, loc); date.Year() < 2028; date = date.AddDate(0, 0, 1) {
			if !dueOffsetChanges(date, loc) {
				continue
			}
			for _, c := range []TimeOfDay{{1, 30}, {2, 15}, {2, 45}, {3, 0}} {
				slot, _ := dueOracle(date, c, loc)
				next, _ := dueOracle(date.AddDate(0, 0, 1), c, loc)
				from := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, loc)
				for u := from; LocalDate(u, loc) == LocalDate(date, loc); u = u.Add(time.Minute) {
					want := slot
					if !u.Before(slot) {
						want = next
					}
					if got := NextDue(every, c, loc, u); !got.Equal(want) {
						t.Fatalf("%s %02d:%02d after %s: got %s, want %s", zone, c.Hour, c.Minute,
							u.In(loc).Format(time.DateTime+" -0700"), got.In(loc).Format(time.DateTime+" -0700"),
							want.In(loc).Format(time.DateTime+" -0700"))
					}
				}
			}
		}
	}
}

func FuzzNextDue(f *testing.F) {
	f.Add(uint8(0), uint8(0b0000001), uint8(2), uint8(30), int64(5_700_000))    // New York, spring gap
	f.Add(uint8(1), uint8(0b0101010), uint8(2), uint8(30), int64(25_000_000))   // Berlin, fall fold
	f.Add(uint8(3), uint8(0b1000001), uint8(2), uint8(15), int64(24_000_000))   // Lord Howe
	f.Add(uint8(5), uint8(0b1111111), uint8(3), uint8(0), int64(8_000_000))     // Chatham
	f.Add(uint8(4), uint8(0b0010000), uint8(23), uint8(59), int64(-86_400_000)) // Kolkata
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	span := int64(time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start) / time.Second)
	locs := make([]*time.Location, len(dueZones))
	for i, z := range dueZones {
		locs[i] = dueLoc(f, z)
	}
	f.Fuzz(func(t *testing.T, zone, mask, hour, minute uint8, offset int64) {
		loc := locs[int(zone)%len(locs)]
		var days []time.Weekday
		for d := time.Sunday; d <= time.Saturday; d++ {
			if mask&(1<<d) != 0 {
				days = append(days, d)
			}
		}
		if len(days) == 0 {
			return
		}
		c := TimeOfDay{int(hour) % 24, int(minute) % 60}
		offset %= span
		if offset < 0 {
			offset += span
		}
		after := start.Add(time.Duration(offset) * time.Second)

		got := NextDue(days, c, loc, after)
		if !got.After(after) {
			t.Fatalf("NextDue(%v, %v, %s, %s) = %s: not after", days, c, loc, after, got)
		}
		if got.Sub(after) > 7*24*time.Hour+time.Hour {
			t.Fatalf("NextDue(%v, %v, %s, %s) = %s: more than a week ahead", days, c, loc, after, got)
		}
		local := got.In(loc)
		if !slices.Contains(days, local.Weekday()) {
			t.Fatalf("NextDue(%v, %v, %s, %s) = %s: a %s", days, c, loc, after, local, local.Weekday())
		}
		// The instant is the oracle's for its local date: the right minute,
		// or, in a gap, the first instant after the gap.
		if want, _ := dueOracle(local, c, loc); !got.Equal(want) {
			t.Fatalf("NextDue(%v, %v, %s, %s) = %s, want %s", days, c, loc, after, local, want.In(loc))
		}
		// Nothing scheduled was passed over: every earlier scheduled local
		// date from after's on has its slot at or before after.
		for date := after.In(loc); LocalDate(date, loc) < LocalDate(local, loc); date = date.AddDate(0, 0, 1) {
			if !slices.Contains(days, date.Weekday()) {
				continue
			}
			if slot, _ := dueOracle(date, c, loc); slot.After(after) {
				t.Fatalf("NextDue(%v, %v, %s, %s) = %s skips the slot at %s", days, c, loc, after, local, slot.In(loc))
			}
		}
	})
}
