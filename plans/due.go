package plans

import (
	"slices"
	"time"
)

// NextDue returns the first scheduled instant strictly after after, in UTC:
// the next local date in loc whose weekday is one of days, at the wall time c.
//
// Clock changes are resolved so that no slot is skipped or doubled:
//   - a wall time that does not exist because clocks spring forward is
//     delivered at the first valid instant after the gap (02:30 on a day New
//     York jumps from 02:00 to 03:00 is delivered at 03:00 EDT);
//   - a wall time that occurs twice because clocks fall back is delivered at
//     its first occurrence only.
//
// The result lies at most seven days (plus one clock change) after after.
// NextDue returns the zero Time when days holds no valid weekday or c is not
// a time of day.
func NextDue(days []time.Weekday, c TimeOfDay, loc *time.Location, after time.Time) time.Time {
	if !validTimeOfDay(c) || !slices.ContainsFunc(days, validWeekday) {
		return time.Time{}
	}
	y, m, d := after.In(loc).Date()
	// Day 0 may already be past; day 7 is the same weekday a week on and is
	// always after after, so eight days always hold the answer.
	for i := range 8 {
		date := time.Date(y, m, d+i, 12, 0, 0, 0, time.UTC) // normalises the day
		if !slices.Contains(days, date.Weekday()) {
			continue
		}
		if t := resolve(date.Year(), date.Month(), date.Day(), c, loc); t.After(after) {
			return t.UTC()
		}
	}
	// Unreachable for real zones: a week always contains the weekday.
	return time.Time{}
}

// LocalDate is t's calendar date in loc, as "2006-01-02": the key that makes a
// slot unique per subscriber and day.
func LocalDate(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(time.DateOnly)
}

// resolve returns the instant of wall time c on the given date in loc.
//
// time.Date cannot be used for this: at a gap it picks whichever offset its
// first lookup lands on (02:30 on New York's spring-forward day comes back
// as 01:30 EST, an hour early), and at a fold it returns either occurrence
// depending on the zone (Berlin and Sydney get the second). Instead, every
// zone period that could contain the wall time is examined in order, and the
// first one that does is taken.
func resolve(year int, month time.Month, day int, c TimeOfDay, loc *time.Location) time.Time {
	// The wall time read as if it were UTC; subtracting an offset gives the
	// instant that offset would map it to.
	wall := time.Date(year, month, day, c.Hour, c.Minute, 0, 0, time.UTC)
	// UTC offsets lie within -12h and +14h, so any instant showing this wall
	// time lies within a day of it.
	limit := wall.Add(26 * time.Hour)
	t := wall.Add(-26 * time.Hour).In(loc)
	for {
		_, offset := t.Zone()
		start, end := t.ZoneBounds()
		at := wall.Add(-time.Duration(offset) * time.Second)
		if end.IsZero() || at.Before(end) {
			if start.IsZero() || !at.Before(start) {
				return at.In(loc) // periods come in order: this is the first occurrence
			}
			// at lies before this period began although it lies after every
			// earlier one ended: the wall time fell into the gap before this
			// period, so it is delivered at the first instant after the gap.
			return start.In(loc)
		}
		if end.After(limit) {
			break
		}
		t = end.In(loc)
	}
	// Not reached with tz data (the loop always returns), kept so a broken
	// zone still yields a sensible instant.
	return time.Date(year, month, day, c.Hour, c.Minute, 0, 0, loc)
}

func validTimeOfDay(c TimeOfDay) bool {
	return c.Hour >= 0 && c.Hour < 24 && c.Minute >= 0 && c.Minute < 60
}

func validWeekday(d time.Weekday) bool {
	return d >= time.Sunday && d <= time.Saturday
}
