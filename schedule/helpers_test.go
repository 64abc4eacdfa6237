package schedule

import (
	"fmt"
	"testing"
	"time"

	"github.com/glutebot/glutebot/plans"
)

var monWedFri = []time.Weekday{time.Monday, time.Wednesday, time.Friday}

// at parses a UTC instant.
func at(s string) time.Time {
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		panic(err)
	}
	return t
}

// berlinSub is a Monday/Wednesday/Friday 07:00 Berlin subscription. In June
// 2026, 07:00 CEST is 05:00 UTC; Monday is 2026-06-15.
func berlinSub(user string, next time.Time) plans.Subscription {
	return plans.Subscription{
		UserID:    user,
		Days:      monWedFri,
		TimeOfDay: plans.TimeOfDay{Hour: 7, Minute: 0},
		Zone:      "Europe/Berlin",
		NextDue:   next,
	}
}

func newTestDispatcher(store Store, poster Poster, cfg Config) (*Dispatcher, *logBuffer) {
	logs := new(logBuffer)
	cfg.Logger = logs.logger()
	return New(store, poster, cfg), logs
}

func mustTick(t *testing.T, d *Dispatcher, now time.Time) {
	t.Helper()
	if err := d.Tick(t.Context(), now); err != nil {
		t.Fatalf("Tick(%s): %v", now, err)
	}
}

func wantAttempts(t *testing.T, p *fakePoster, user string, want int) []attempt {
	t.Helper()
	got := p.attemptsOf(user)
	if len(got) != want {
		t.Fatalf("%s: %d post attempts, want %d: %+v", user, len(got), want, got)
	}
	return got
}

func wantSlots(t *testing.T, s *fakeStore, user string, want ...plans.SlotState) []plans.Slot {
	t.Helper()
	got := s.slotsOf(user)
	var states []plans.SlotState
	for _, slot := range got {
		states = append(states, slot.State)
	}
	if fmt.Sprint(states) != fmt.Sprint(want) {
		t.Fatalf("%s: slot states %v, want %v (%+v)", user, states, want, got)
	}
	return got
}

var everyDay = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
