package plans

import (
	"fmt"
	"testing"
	"time"
)

// simulate runs weeks of every session done for level × equipment at days a
// week and returns each workout, in order.
func simulate(level Level, equip Equipment, days, weeks int) []Workout {
	sub := testSub(level, equip)
	if days == 2 {
		sub.Days = []time.Weekday{time.Monday, time.Thursday}
	}
	var history []Entry
	var out []Workout
	due := NextDue(sub.Days, sub.TimeOfDay, time.UTC, monday.Add(-time.Minute))
	for due.Before(monday.AddDate(0, 0, 7*weeks)) {
		w := WorkoutFor(history, sub, due)
		out = append(out, w)
		history = append(history, Entry{Kind: Done, Due: due, At: due.Add(time.Hour)})
		due = NextDue(sub.Days, sub.TimeOfDay, time.UTC, due)
	}
	return out
}

// itemKey identifies what an item asks: the move, its sets × reps and
// its load step.
func itemKey(it Item) string {
	return fmt.Sprintf("%s|%s|%d×%d|%s", it.Variation, it.Modifier, it.Sets, it.Reps, it.Load)
}

// TestNoPlateau: with every session done, no exercise stays at the same
// prescription for more than two of its sessions in a row, over 24 weeks,
// for every level × equipment at 2 and 3 days a week.
func TestNoPlateau(t *testing.T) {
	for level := Beginner; level <= Advanced; level++ {
		for equip := NoEquipment; equip <= Gym; equip++ {
			for _, days := range []int{2, 3} {
				last := map[string]string{}
				run := map[string]int{}
				for n, w := range simulate(level, equip, days, 24) {
					for _, it := range w.Items {
						k := itemKey(it)
						if last[it.Exercise] == k {
							run[it.Exercise]++
						} else {
							last[it.Exercise], run[it.Exercise] = k, 1
						}
						if run[it.Exercise] > 2 {
							t.Errorf("%s/%s, %d days: workout %d: %s at %q for %d sessions in a row",
								level, equip, days, n+1, it.Exercise, k, run[it.Exercise])
						}
					}
				}
			}
		}
	}
}
