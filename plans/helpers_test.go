package plans

import (
	"testing"
	"time"
)

// monday is the Monday the test subscriptions start on.
var monday = time.Date(2026, time.March, 2, 0, 0, 0, 0, time.UTC)

func testSub(level Level, equip Equipment) Subscription {
	return Subscription{
		UserID:    "u1",
		Days:      []time.Weekday{time.Monday, time.Wednesday, time.Friday},
		TimeOfDay: TimeOfDay{Hour: 7},
		Zone:      "UTC",
		Level:     level,
		Equipment: equip,
		Since:     monday,
	}
}

// slot is the n-th Mon/Wed/Fri 07:00 slot from monday, n counting from 0.
func slot(n int) time.Time {
	return monday.AddDate(0, 0, 7*(n/3)+2*(n%3)).Add(7 * time.Hour)
}

// log builds entries of kind for each slot, recorded an hour after it.
func log(kind Kind, slots ...int) []Entry {
	var es []Entry
	for _, n := range slots {
		es = append(es, Entry{Kind: kind, Due: slot(n), At: slot(n).Add(time.Hour)})
	}
	return es
}

func seq(from, to int) []int {
	var s []int
	for i := from; i < to; i++ {
		s = append(s, i)
	}
	return s
}

// at returns the state of the named ladder.
func at(t *testing.T, st State, ladder int) ExerciseState {
	t.Helper()
	if len(st.Exercises) != numLadders {
		t.Fatalf("state has %d exercises, want %d", len(st.Exercises), numLadders)
	}
	return st.Exercises[ladder]
}
