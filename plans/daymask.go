package plans

import "time"

// DayMask is a set of weekdays as a bitmask: bit d is set for time.Weekday
// d. The store keeps days this way and /subscribe's buttons carry it, so
// both read and write it here.
type DayMask int64

// MaskOf returns the set of days; days outside Sunday–Saturday are ignored.
func MaskOf(days []time.Weekday) DayMask {
	var m DayMask
	for _, d := range days {
		if validWeekday(d) {
			m |= 1 << d
		}
	}
	return m
}

// Days lists the set's days Monday first, the order a Subscription holds.
func (m DayMask) Days() []time.Weekday {
	var out []time.Weekday
	for i := 1; i <= 7; i++ {
		d := time.Weekday(i % 7)
		if m&(1<<d) != 0 {
			out = append(out, d)
		}
	}
	return out
}
