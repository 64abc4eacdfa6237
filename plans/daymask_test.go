package plans

import (
	"slices"
	"testing"
	"time"
)

func TestDayMaskRoundTrip(t *testing.T) {
	for m := DayMask(0); m < 1<<7; m++ {
		if got := MaskOf(m.Days()); got != m {
			t.Errorf("MaskOf(%v.Days()) = %d, want %d", m, got, m)
		}
	}
	days := []time.Weekday{time.Sunday, time.Monday, time.Friday}
	if got, want := MaskOf(days).Days(), []time.Weekday{time.Monday, time.Friday, time.Sunday}; !slices.Equal(got, want) {
		t.Errorf("Days() = %v, want %v (Monday first)", got, want)
	}
	if got := MaskOf([]time.Weekday{-1, 7, time.Tuesday}); got != 1<<time.Tuesday {
		t.Errorf("MaskOf with out-of-range days = %d, want only Tuesday", got)
	}
}
