package bot

import (
	"strings"
	"testing"

	"github.com/glutebot/glutebot/plans"
)

func TestWeekTextNeverCountsAZeroStreak(t *testing.T) {
	for _, tc := range []struct {
		s    plans.Summary
		want string
	}{
		{plans.Summary{ThisWeek: 0, Target: 3}, "0 of 3 this week — 3 starts a streak"},
		{plans.Summary{ThisWeek: 1, Target: 3}, "1 of 3 this week — 2 more starts a streak"},
		{plans.Summary{ThisWeek: 1, Target: 2, Streak: 4}, "1 of 2 this week — 1 more keeps your 4-week streak going"},
		{plans.Summary{ThisWeek: 3, Target: 3, Streak: 1}, "3 of 3 this week, week complete · 🔥 1-week streak"},
		// The week just completed starts the streak, before the summary counts it.
		{plans.Summary{ThisWeek: 3, Target: 3, Streak: 0}, "3 of 3 this week, week complete · 🔥 1-week streak"},
	} {
		if got := weekText(tc.s); got != tc.want {
			t.Errorf("weekText(%+v) = %q, want %q", tc.s, got, tc.want)
		}
		if got := weekText(tc.s); strings.Contains(got, "0-week") || strings.Contains(got, "streak 0") {
			t.Errorf("weekText(%+v) = %q counts a zero streak", tc.s, got)
		}
	}
}
