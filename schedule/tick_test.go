package schedule

import (
	"strings"
	"testing"
	"time"

	"github.com/glutebot/glutebot/plans"
)

var (
	monday    = at("2026-06-15 05:00:00")
	wednesday = at("2026-06-17 05:00:00")
)

func TestTickPostsAtItsMinute(t *testing.T) {
	sub := berlinSub("u1", monday)
	store := newFakeStore(sub)
	p := newFakePoster()
	d, _ := newTestDispatcher(store, p, Config{})

	mustTick(t, d, monday.Add(-time.Second))
	wantAttempts(t, p, "u1", 0)

	mustTick(t, d, monday)
	a := wantAttempts(t, p, "u1", 1)[0]
	if a.Late || !a.Due.Equal(monday) {
		t.Errorf("posted %+v, want due %s and not late", a, monday)
	}
	if want := plans.WorkoutFor(nil, sub, monday).Title; a.Title != want {
		t.Errorf("posted workout %q, want %q", a.Title, want)
	}
	slot := wantSlots(t, store, "u1", plans.SlotSent)[0]
	if slot.LocalDate != "2026-06-15" || slot.ChannelID != "dm-u1" || slot.MessageID != "msg-1" || slot.Late {
		t.Errorf("stored slot %+v", slot)
	}
	if got := store.sub("u1").NextDue; !got.Equal(wednesday) {
		t.Errorf("next due %s, want %s", got, wednesday)
	}

	mustTick(t, d, monday.Add(time.Second))
	mustTick(t, d, monday.Add(time.Hour))
	wantAttempts(t, p, "u1", 1)

	mustTick(t, d, wednesday)
	wantAttempts(t, p, "u1", 2)
	wantSlots(t, store, "u1", plans.SlotSent, plans.SlotSent)
}

func TestTickAcrossClockChanges(t *testing.T) {
	sundays := []time.Weekday{time.Sunday}
	tests := []struct {
		name     string
		due      time.Time // first occurrence / first instant after a gap, UTC
		notDue   time.Time // an instant at which nothing may be posted
		next     time.Time // the following week's slot
		zone     string
		hh, mm   int
		notAfter bool // notDue comes after due (a fold's second occurrence)
	}{
		// Berlin 2025-10-26: 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
		{"fold posts once", at("2025-10-26 00:30:00"), at("2025-10-26 01:30:00"), at("2025-11-02 01:30:00"), "Europe/Berlin", 2, 30, true},
		// Berlin 2026-03-29: 02:30 does not exist; it is posted at 03:00 CEST (01:00 UTC), right after the gap.
		{"gap posts after the gap", at("2026-03-29 01:00:00"), at("2026-03-29 00:59:59"), at("2026-04-05 00:30:00"), "Europe/Berlin", 2, 30, false},
		// Lord Howe 2025-10-05: 02:15 does not exist (+10:30 → +11 at 02:00); posted at 02:30 +11.
		{"half-hour gap", at("2025-10-04 15:30:00"), at("2025-10-04 15:29:59"), at("2025-10-11 15:15:00"), "Australia/Lord_Howe", 2, 15, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub := plans.Subscription{UserID: "u1", Days: sundays, TimeOfDay: plans.TimeOfDay{Hour: tt.hh, Minute: tt.mm}, Zone: tt.zone, NextDue: tt.due}
			store := newFakeStore(sub)
			p := newFakePoster()
			d, _ := newTestDispatcher(store, p, Config{})
			if !tt.notAfter {
				mustTick(t, d, tt.notDue)
				wantAttempts(t, p, "u1", 0)
			}
			mustTick(t, d, tt.due)
			if a := wantAttempts(t, p, "u1", 1)[0]; a.Late {
				t.Errorf("posted late: %+v", a)
			}
			if tt.notAfter {
				mustTick(t, d, tt.notDue)
				wantAttempts(t, p, "u1", 1)
			}
			if got := store.sub("u1").NextDue; !got.Equal(tt.next) {
				t.Errorf("next due %s, want %s", got, tt.next)
			}
		})
	}
}

func TestDowntime(t *testing.T) {
	tests := []struct {
		name       string
		nextDue    time.Time // when the bot went down, the subscription's next due
		now        time.Time // when it came back
		wantStates []plans.SlotState
		wantPost   bool
		wantDue    time.Time // Due of the one slot recorded
		wantNext   time.Time
		wantLog    string
	}{
		{
			name: "two hours: one late post", nextDue: monday, now: monday.Add(2 * time.Hour),
			wantStates: []plans.SlotState{plans.SlotSent}, wantPost: true, wantDue: monday, wantNext: wednesday,
			wantLog: "workout posted",
		},
		{
			name: "two days: skipped and logged", nextDue: monday, now: wednesday.Add(-time.Hour),
			wantStates: []plans.SlotState{plans.SlotSkipped}, wantDue: monday, wantNext: wednesday,
			wantLog: "missed slot skipped",
		},
		{
			name: "two days with a slot today: only today's, late", nextDue: monday, now: wednesday.Add(time.Hour),
			wantStates: []plans.SlotState{plans.SlotSent}, wantPost: true, wantDue: wednesday, wantNext: at("2026-06-19 05:00:00"),
			wantLog: "missed=1",
		},
		{
			name: "six weeks: only today's, late", nextDue: at("2026-05-04 05:00:00"), now: monday.Add(4 * time.Hour),
			wantStates: []plans.SlotState{plans.SlotSent}, wantPost: true, wantDue: monday, wantNext: wednesday,
			wantLog: "missed=4", // at least: the walk looks back eight days
		},
		{
			name: "exactly the grace window", nextDue: monday, now: monday.Add(6 * time.Hour),
			wantStates: []plans.SlotState{plans.SlotSent}, wantPost: true, wantDue: monday, wantNext: wednesday,
		},
		{
			name: "a second past the grace window", nextDue: monday, now: monday.Add(6*time.Hour + time.Second),
			wantStates: []plans.SlotState{plans.SlotSkipped}, wantDue: monday, wantNext: wednesday,
			wantLog: "missed slot skipped",
		},
		{
			name: "within a minute is on time", nextDue: monday, now: monday.Add(time.Minute),
			wantStates: []plans.SlotState{plans.SlotSent}, wantPost: true, wantDue: monday, wantNext: wednesday,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newFakeStore(berlinSub("u1", tt.nextDue))
			p := newFakePoster()
			d, logs := newTestDispatcher(store, p, Config{})
			mustTick(t, d, tt.now)
			mustTick(t, d, tt.now.Add(time.Second)) // a second tick changes nothing

			slot := wantSlots(t, store, "u1", tt.wantStates...)[0]
			if !slot.Due.Equal(tt.wantDue) {
				t.Errorf("slot due %s, want %s", slot.Due, tt.wantDue)
			}
			if tt.wantPost {
				a := wantAttempts(t, p, "u1", 1)[0]
				if late := tt.now.Sub(tt.wantDue) > time.Minute; a.Late != late || slot.Late != late {
					t.Errorf("posted late=%v, stored late=%v, want %v", a.Late, slot.Late, late)
				}
			} else {
				wantAttempts(t, p, "u1", 0)
			}
			if got := store.sub("u1").NextDue; !got.Equal(tt.wantNext) {
				t.Errorf("next due %s, want %s", got, tt.wantNext)
			}
			if !strings.Contains(logs.String(), tt.wantLog) {
				t.Errorf("log lacks %q:\n%s", tt.wantLog, logs)
			}
		})
	}
}

func TestGraceEndsAtLocalMidnight(t *testing.T) {
	// 23:00 Berlin is 21:00 UTC; 90 minutes later it is tomorrow in Berlin.
	sub := plans.Subscription{UserID: "u1", Days: monWedFri, TimeOfDay: plans.TimeOfDay{Hour: 23}, Zone: "Europe/Berlin", NextDue: at("2026-06-15 21:00:00")}
	store := newFakeStore(sub)
	p := newFakePoster()
	d, _ := newTestDispatcher(store, p, Config{})
	mustTick(t, d, at("2026-06-15 22:30:00"))
	wantAttempts(t, p, "u1", 0)
	wantSlots(t, store, "u1", plans.SlotSkipped)
}

func TestConfiguredGrace(t *testing.T) {
	store := newFakeStore(berlinSub("u1", monday))
	p := newFakePoster()
	d, _ := newTestDispatcher(store, p, Config{Grace: time.Hour})
	mustTick(t, d, monday.Add(2*time.Hour))
	wantAttempts(t, p, "u1", 0)
	wantSlots(t, store, "u1", plans.SlotSkipped)
}

func TestExistingSlotIsNotPostedAgain(t *testing.T) {
	// The user asked for Monday's workout early with /workout; the bot
	// claimed the slot for that date.
	store := newFakeStore(berlinSub("u1", monday))
	if _, _, err := store.ClaimSlot(t.Context(), plans.Slot{UserID: "u1", LocalDate: "2026-06-15", Due: monday, State: plans.SlotSent, Early: true}, monday); err != nil {
		t.Fatal(err)
	}
	p := newFakePoster()
	d, _ := newTestDispatcher(store, p, Config{})
	mustTick(t, d, monday)
	wantAttempts(t, p, "u1", 0)
	wantSlots(t, store, "u1", plans.SlotSent)
	if got := store.sub("u1").NextDue; !got.Equal(wednesday) {
		t.Errorf("next due %s, want %s", got, wednesday)
	}
}

// TestUnschedulableIsParked: a subscription with no valid days is reported
// once and leaves the waves, so it cannot sit at the front of every batch;
// the others are still posted.
func TestUnschedulableIsParked(t *testing.T) {
	for _, next := range []time.Time{monday, {}} { // due, and never scheduled
		broken := berlinSub("u1", next)
		broken.Days = nil
		store := newFakeStore(broken, berlinSub("u2", monday))
		p := newFakePoster()
		d, logs := newTestDispatcher(store, p, Config{Batch: 1})
		for i := range 3 {
			mustTick(t, d, monday.Add(time.Duration(i)*time.Second))
		}
		wantAttempts(t, p, "u1", 0)
		wantSlots(t, store, "u1")
		wantAttempts(t, p, "u2", 1)
		if got := strings.Count(logs.String(), "no valid days or time"); got != 1 {
			t.Errorf("next due %v: reported %d times, want once:\n%s", next, got, logs)
		}
		if got := store.sub("u1").NextDue; !got.Equal(never) {
			t.Errorf("next due %v: parked at %v, want %v", next, got, never)
		}
	}
}

func TestNeverScheduledStartsFromNow(t *testing.T) {
	store := newFakeStore(berlinSub("u1", time.Time{}))
	p := newFakePoster()
	d, _ := newTestDispatcher(store, p, Config{})
	mustTick(t, d, monday.Add(time.Hour))
	wantAttempts(t, p, "u1", 0)
	if got := store.sub("u1").NextDue; !got.Equal(wednesday) {
		t.Errorf("next due %s, want %s", got, wednesday)
	}
}

func TestUnknownZoneFallsBackToUTC(t *testing.T) {
	sub := berlinSub("u1", at("2026-06-15 07:00:00"))
	sub.Zone = "Mars/Olympus_Mons"
	store := newFakeStore(sub)
	p := newFakePoster()
	d, logs := newTestDispatcher(store, p, Config{})
	mustTick(t, d, at("2026-06-15 07:00:00"))
	wantAttempts(t, p, "u1", 1)
	if got, want := store.sub("u1").NextDue, at("2026-06-17 07:00:00"); !got.Equal(want) {
		t.Errorf("next due %s, want %s", got, want)
	}
	if !strings.Contains(logs.String(), "scheduling in UTC") {
		t.Errorf("fallback not logged:\n%s", logs)
	}
}
