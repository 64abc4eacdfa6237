package plans

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

// monday is the Monday the test subscriptions start on.
var monday = time.Date(2026, time.March, 2, 0, 0, 0, 0, time.UTC)

func testSub(level Level, equip Equipment) Subscription {
	return Subscription{
		UserID:    "u1",
		Days:      []time.Weekday{time.Monday, time.Wednesday, time.Friday},
		Clock:     Clock{Hour: 7},
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

func TestStartingRungs(t *testing.T) {
	tests := []struct {
		level     Level
		equip     Equipment
		squat     string
		rdlRung   string
		thrustTop int // MaxStep of hip thrust
	}{
		{Beginner, NoEquipment, "Box squat", "Wall hip hinge", 3*8 - 1},
		{Intermediate, NoEquipment, "Bodyweight squat", "Supported single-leg RDL", 3*8 - 1},
		{Advanced, NoEquipment, "Pause squat", "Single-leg RDL", 3*8 - 1},
		{Advanced, Dumbbells, "Pause squat", "Single-leg RDL", 4*8 - 1 + MaxLoadSteps*8},
		{Beginner, Gym, "Box squat", "Wall hip hinge", 5*8 - 1 + MaxLoadSteps*8},
	}
	for _, tt := range tests {
		st := Progress(nil, testSub(tt.level, tt.equip), monday)
		sq, r := at(t, st, squat), at(t, st, rdl)
		if sq.Variation != tt.squat || r.Variation != tt.rdlRung {
			t.Errorf("%s/%s: start %q and %q, want %q and %q", tt.level, tt.equip, sq.Variation, r.Variation, tt.squat, tt.rdlRung)
		}
		if sq.Sets != 2 || sq.Reps != 10 || sq.Load != "" {
			t.Errorf("%s/%s: start at %d × %d %q, want 2 × 10 without load", tt.level, tt.equip, sq.Sets, sq.Reps, sq.Load)
		}
		if got := at(t, st, hipThrust).MaxStep; got != tt.thrustTop {
			t.Errorf("%s/%s: hip thrust top step %d, want %d", tt.level, tt.equip, got, tt.thrustTop)
		}
	}
}

func TestDoneAdvancesTheSessionOneStep(t *testing.T) {
	sub := testSub(Beginner, NoEquipment)
	// A-sessions are the even completions: slots 0, 2, 4, ...
	want := []struct {
		variation  string
		sets, reps int
	}{
		{"Box squat", 2, 10}, {"Box squat", 2, 12}, {"Box squat", 2, 14}, {"Box squat", 2, 15},
		{"Box squat", 3, 10}, {"Box squat", 3, 12}, {"Box squat", 3, 14}, {"Box squat", 3, 15},
		{"Bodyweight squat", 2, 10}, {"Bodyweight squat", 2, 12},
	}
	for k, w := range want {
		// k A-sessions done means 2k completions (A and B alternate), one
		// a day so that no deload week interrupts them.
		var h []Entry
		for d := range 2 * k {
			due := monday.AddDate(0, 0, d).Add(7 * time.Hour)
			h = append(h, Entry{Kind: Done, Due: due, At: due})
		}
		st := Progress(h, sub, monday.AddDate(0, 0, 2*k))
		sq := at(t, st, squat)
		if sq.Variation != w.variation || sq.Sets != w.sets || sq.Reps != w.reps {
			t.Errorf("after %d A-sessions squat = %s %d × %d, want %s %d × %d", k, sq.Variation, sq.Sets, sq.Reps, w.variation, w.sets, w.reps)
		}
		if lu := at(t, st, lunge); lu.Step != k {
			t.Errorf("after %d B-sessions lunge is at step %d, want %d", k, lu.Step, k)
		}
	}
	one := Progress(log(Done, 0), sub, slot(1))
	for i, x := range one.Exercises {
		wantStep := 0
		if slices.Contains(sessionLadders[0][:], i) {
			wantStep = 1
		}
		if x.Step != wantStep || x.Change == SteppedBack {
			t.Errorf("after one session A, %s is at step %d (%v), want %d", x.Exercise, x.Step, x.Change, wantStep)
		}
	}
}

func TestFeedbackRules(t *testing.T) {
	sub := testSub(Intermediate, NoEquipment)
	start := 8 // intermediate starts on the second rung
	cat := func(parts ...[]Entry) []Entry { return slices.Concat(parts...) }
	tests := []struct {
		name    string
		history []Entry
		asOf    int // slot
		squat   int // squat step relative to start
		safety  bool
		change  Change
		reason  string
	}{
		{"nothing logged", nil, 0, 0, false, Unchanged, ""},
		{"done", log(Done, 0), 1, 1, false, MovedUp, ""},
		{"feedback without done does not advance", log(TooEasy, 0), 1, 0, false, Unchanged, ""},
		{"too hard holds", cat(log(Done, 0), log(TooHard, 0)), 1, 0, false, Held, "too hard"},
		{"too hard twice in a row steps back", cat(log(Done, 0, 1, 2, 3, 4, 5), log(TooHard, 4, 6)), 7, 2 - 1, true, SteppedBack, "too hard"},
		{"too hard, done, too hard holds", cat(log(Done, 0, 1, 2, 3, 4), log(TooHard, 0, 4)), 5, 1, false, Held, "too hard"},
		{"too hard, too hard steps back", cat(log(Done, 0, 1, 3), log(TooHard, 0, 3)), 4, -1, true, SteppedBack, "too hard"},
		{"too hard, too easy, too hard holds", cat(log(Done, 0, 1, 3), log(TooHard, 0, 3), log(TooEasy, 2)), 4, 0, false, Held, "too hard"},
		{"too easy with done is one step", cat(log(Done, 0), log(TooEasy, 0)), 1, 1, false, MovedUp, ""},
		{"pain steps back and flags", cat(log(Done, 0, 1, 2), log(Pain, 2)), 3, 1 - 1, true, SteppedBack, "pain"},
		{"pain without done still steps back", cat(log(Done, 0, 1), log(Pain, 2)), 3, 1 - 1, true, SteppedBack, "pain"},
		{"clean done clears the flag", cat(log(Done, 0, 1, 2, 3, 4), log(Pain, 2)), 5, 1, false, MovedUp, ""},
		{"done with too hard keeps the flag", cat(log(Done, 0, 1, 2, 3), log(Pain, 2), log(TooHard, 3)), 4, 0, true, SteppedBack, "pain"},
		{"pain on the first rung stays on it", log(Pain, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18), 19, -8, true, SteppedBack, "pain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := Progress(tt.history, sub, slot(tt.asOf))
			sq := at(t, st, squat)
			if sq.Step != start+tt.squat || st.SafetyFlag != tt.safety || sq.Change != tt.change || sq.Reason != tt.reason {
				t.Errorf("squat step %d, safety %v, change %v %q; want %d, %v, %v %q",
					sq.Step-start, st.SafetyFlag, sq.Change, sq.Reason, tt.squat, tt.safety, tt.change, tt.reason)
			}
		})
	}
}

func TestLaterFeedbackWins(t *testing.T) {
	sub := testSub(Beginner, NoEquipment)
	due := slot(0)
	hardThenEasy := []Entry{{Kind: Done, Due: due, At: due}, {Kind: TooHard, Due: due, At: due.Add(time.Minute)}, {Kind: TooEasy, Due: due, At: due.Add(2 * time.Minute)}}
	if got := at(t, Progress(hardThenEasy, sub, slot(1)), squat); got.Step != 1 {
		t.Errorf("😅 then 💪: squat at step %d, want 1 (the later 💪 counts)", got.Step)
	}
	easyThenHard := []Entry{{Kind: Done, Due: due, At: due}, {Kind: TooEasy, Due: due, At: due.Add(time.Minute)}, {Kind: TooHard, Due: due, At: due.Add(2 * time.Minute)}}
	if got := at(t, Progress(easyThenHard, sub, slot(1)), squat); got.Step != 0 || got.Change != Held {
		t.Errorf("💪 then 😅: squat at step %d (%v), want held at 0", got.Step, got.Change)
	}
}

func TestMissedWeeks(t *testing.T) {
	sub := testSub(Intermediate, NoEquipment)
	history := log(Done, seq(0, 9)...) // weeks 1-3 complete: squat and others up 4 or 5 steps
	base := at(t, Progress(history, sub, slot(9)), squat).Step
	tests := []struct {
		name      string
		asOf      time.Time
		stepsBack int
	}{
		{"the week after", slot(12), 0},   // week 5 starts: only week 4 missed
		{"two weeks missed", slot(15), 2}, // in week 6, weeks 4 and 5 are over
		{"three weeks missed", slot(18), 3},
		{"floor at the starting rung", slot(60), base - 8},
	}
	for _, tt := range tests {
		st := Progress(history, sub, tt.asOf)
		if got := base - at(t, st, squat).Step; got != tt.stepsBack {
			t.Errorf("%s: stepped back %d, want %d", tt.name, got, tt.stepsBack)
		}
		if wantMissed := tt.stepsBack > 0; (st.MissedWeeks >= 2) != wantMissed {
			t.Errorf("%s: MissedWeeks = %d", tt.name, st.MissedWeeks)
		}
	}
	// Coming back resets the count: the first session after three missed
	// weeks (4, 5 and 6) is three steps down, then moves up one. Nine
	// sessions were done, so it is a B session, with the lunge.
	lungeBase := at(t, Progress(history, sub, slot(9)), lunge).Step
	back := append(slices.Clone(history), log(Done, 18)...)
	st := Progress(back, sub, slot(19))
	if got := at(t, st, lunge).Step; got != lungeBase-3+1 {
		t.Errorf("after returning, lunge at step %d, want %d", got, lungeBase-3+1)
	}
	if st.MissedWeeks != 0 {
		t.Errorf("MissedWeeks after returning = %d, want 0", st.MissedWeeks)
	}
	// Below the starting rung (after pain), missed weeks do not raise it.
	hurt := log(Pain, 0)
	if got := at(t, Progress(hurt, sub, slot(30)), squat).Step; got != 7 {
		t.Errorf("after pain and a long gap squat at step %d, want 7", got)
	}
}

func TestDeloadWeek(t *testing.T) {
	sub := testSub(Beginner, NoEquipment)
	// Weeks 1-5 are slots 0-14, week 6 (deload) is slots 15-17.
	history := log(Done, seq(0, 15)...)
	before := Progress(history, sub, slot(14)).Exercises
	st := Progress(history, sub, slot(15))
	if !st.Deload {
		t.Fatal("week 6 is not a deload week")
	}
	for _, x := range st.Exercises {
		if x.Sets != 2 || x.Reps != 10 {
			t.Errorf("deload %s = %d × %d, want 2 × 10", x.Exercise, x.Sets, x.Reps)
		}
	}
	withDeload := append(slices.Clone(history), log(Done, 15, 16, 17)...)
	after := Progress(withDeload, sub, slot(18))
	if after.Deload {
		t.Error("week 7 is a deload week")
	}
	for i, x := range after.Exercises {
		// Fifteen sessions end on A; deload sessions hold. Compare with
		// the last step before deload plus the one session since week 5.
		if x.Step < before[i].Step || x.Step > before[i].Step+1 {
			t.Errorf("%s moved from %d to %d across a deload week", x.Exercise, before[i].Step, x.Step)
		}
	}
	if w := WorkoutFor(history, sub, slot(15)); !w.Deload || !slices.Contains(w.Notes, deloadNote) {
		t.Errorf("deload workout = %+v; want Deload and its note", w)
	}
	if !Progress(nil, sub, slot(33)).Deload || Progress(nil, sub, slot(30)).Deload {
		t.Error("deload weeks are not every sixth week")
	}
}

func TestTopOfLadder(t *testing.T) {
	many := log(Done, seq(0, 400)...)
	end := slot(400)
	none := at(t, Progress(many, testSub(Advanced, NoEquipment), end), hipThrust)
	if none.Variation != "Single-leg hip thrust" || none.Step != none.MaxStep || none.Load != "" {
		t.Errorf("bodyweight top = %+v; want single-leg hip thrust at the top, no load", none)
	}
	gym := at(t, Progress(many, testSub(Advanced, Gym), end), hipThrust)
	if gym.Variation != "Barbell hip thrust" || gym.Step != gym.MaxStep || gym.LoadSteps != MaxLoadSteps || gym.Load == "" {
		t.Errorf("gym top = %+v; want barbell hip thrust with %d load steps", gym, MaxLoadSteps)
	}
	if gym.Sets != 3 || gym.Reps != 15 {
		t.Errorf("gym top = %d × %d, want 3 × 15", gym.Sets, gym.Reps)
	}
}

func TestLoadAfterLastRung(t *testing.T) {
	sub := testSub(Beginner, Dumbbells)
	thrustTop := len(catalogue[hipThrust].allowed(Dumbbells)) * stepsPerRung // first loaded step
	var h []Entry
	for d := range 80 { // a workout a day: 40 B-sessions, two deload weeks hold at most 8
		due := monday.AddDate(0, 0, d).Add(7 * time.Hour)
		h = append(h, Entry{Kind: Done, Due: due, At: due})
		x := at(t, Progress(h, sub, due.Add(time.Hour)), hipThrust)
		switch {
		case x.Step < thrustTop && (x.LoadSteps != 0 || x.Load != ""):
			t.Fatalf("day %d: load before the last rung is done: %+v", d, x)
		case x.Step >= thrustTop && (x.LoadSteps != 1+(x.Step-thrustTop)/stepsPerRung || x.Load == "" || x.Variation != "Dumbbell hip thrust"):
			t.Fatalf("day %d: past the last rung: %+v; want load on the dumbbell hip thrust", d, x)
		}
	}
	if x := at(t, Progress(h, sub, monday.AddDate(0, 0, 80)), hipThrust); x.Step < thrustTop {
		t.Errorf("after 40 B-sessions hip thrust is at step %d, want past %d", x.Step, thrustTop)
	}
}

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

func TestWorkoutFor(t *testing.T) {
	sub := testSub(Beginner, NoEquipment)
	var history []Entry
	for week := range 2 {
		seen := map[string]bool{}
		for d := range 3 {
			n := 3*week + d
			w := WorkoutFor(history, sub, slot(n))
			if len(w.Items) != 3 || w.WarmUp == "" || w.Title == "" {
				t.Fatalf("slot %d: workout %+v; want a title, warm-up and 3 items", n, w)
			}
			wantTitle := sessions[n%2].title
			if w.Title != wantTitle {
				t.Errorf("slot %d: %q, want %q", n, w.Title, wantTitle)
			}
			for _, it := range w.Items {
				seen[it.Exercise] = true
				if len(it.Cues) < 2 || len(it.Cues) > 3 {
					t.Errorf("%s has %d cues, want 2 or 3", it.Exercise, len(it.Cues))
				}
				if it.Sets < 2 || it.Sets > 3 || it.Reps < 10 || it.Reps > 15 {
					t.Errorf("%s prescribed %d × %d, outside 2-3 × 10-15", it.Exercise, it.Sets, it.Reps)
				}
			}
			history = append(history, log(Done, n)...)
		}
		if len(seen) != numLadders {
			t.Errorf("week %d covers %d exercises, want all %d", week+1, len(seen), numLadders)
		}
	}
	// Entries at or after the slot do not shape it.
	later := append(slices.Clone(history), log(Pain, 6)...)
	if got, want := WorkoutFor(later, sub, slot(6)), WorkoutFor(history, sub, slot(6)); !reflect.DeepEqual(got, want) {
		t.Errorf("feedback on the slot itself changed it: %+v vs %+v", got, want)
	}
	// The next one after pain carries the safety note.
	if w := WorkoutFor(later, sub, slot(7)); !slices.Contains(w.Notes, safetyNote) {
		t.Errorf("after pain: notes %q lack the safety note", w.Notes)
	}
}

func TestWorkoutNotes(t *testing.T) {
	sub := testSub(Beginner, NoEquipment)
	// The clean B session at slot 3 has cleared the safety flag; the A
	// session still says why its exercises are easier.
	h := slices.Concat(log(Done, 0, 1, 2, 3), log(TooHard, 0, 2))
	w := WorkoutFor(h, sub, slot(4))
	want := []string{
		"Squat eased back a step after two tough sessions in a row.",
		"Glute bridge eased back a step after two tough sessions in a row.",
		"Deadlift eased back a step after two tough sessions in a row.",
	}
	if !slices.Equal(w.Notes, want) {
		t.Errorf("notes = %q\nwant %q", w.Notes, want)
	}
	w = WorkoutFor(log(Done, seq(0, 3)...), sub, slot(9)) // weeks 2 and 3 missed
	if len(w.Notes) != 1 || w.Notes[0] != "Welcome back! After 2 weeks off, every exercise starts a little easier and builds up again." {
		t.Errorf("after a break: notes = %q", w.Notes)
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

// randomHistory builds a plausible log: workouts on the schedule, some
// skipped, with random feedback, and sometimes long breaks.
func randomHistory(r *rand.Rand, n int) []Entry {
	var h []Entry
	due := slot(0)
	for range n {
		due = due.Add(time.Duration(1+r.IntN(3)) * 24 * time.Hour)
		if r.IntN(20) == 0 {
			due = due.AddDate(0, 0, 7*(1+r.IntN(4)))
		}
		at := due.Add(time.Hour)
		if r.IntN(5) > 0 {
			h = append(h, Entry{Kind: Done, Due: due, At: at})
		}
		for _, k := range []Kind{TooHard, TooEasy, Pain} {
			if r.IntN(8) == 0 {
				h = append(h, Entry{Kind: k, Due: due, At: at.Add(time.Duration(r.IntN(60)) * time.Minute)})
			}
		}
	}
	return h
}

func TestProgressProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 300 {
		sub := testSub(Level(r.IntN(3)), Equipment(r.IntN(3)))
		if r.IntN(2) == 0 {
			sub.Zone = "America/New_York"
		}
		h := randomHistory(r, 1+r.IntN(80))
		checkProperties(t, iter, h, sub)
	}
}

func FuzzProgress(f *testing.F) {
	f.Add(uint64(1), uint8(10), uint8(0))
	f.Add(uint64(42), uint8(200), uint8(5))
	f.Fuzz(func(t *testing.T, seed uint64, n, settings uint8) {
		r := rand.New(rand.NewPCG(seed, 7))
		sub := testSub(Level(settings%3), Equipment(settings/3%3))
		checkProperties(t, 0, randomHistory(r, int(n)), sub)
	})
}

// checkProperties checks, after every workout in h, that each exercise
// stays in range, moves at most one step for that workout, moves up only
// with a ✅, and that removing the workout's entries restores the earlier
// state exactly.
func checkProperties(t *testing.T, iter int, h []Entry, sub Subscription) {
	t.Helper()
	orig := slices.Clone(h)
	for i := range h {
		if i+1 < len(h) && h[i+1].Due.Equal(h[i].Due) {
			continue // only look at whole workouts
		}
		due := h[i].Due
		asOf := due.Add(time.Minute)
		var prefix, before []Entry
		for _, e := range h[:i+1] {
			prefix = append(prefix, e)
			if !e.Due.Equal(due) {
				before = append(before, e)
			}
		}
		st, prev := Progress(prefix, sub, asOf), Progress(before, sub, asOf)
		done := slices.ContainsFunc(prefix, func(e Entry) bool { return e.Kind == Done && e.Due.Equal(due) })
		for j, x := range st.Exercises {
			p := prev.Exercises[j]
			if x.Step < 0 || x.Step > x.MaxStep || x.Sets < 2 || x.Sets > 3 || x.Reps < 10 || x.Reps > 15 {
				t.Fatalf("#%d entry %d: %s out of range: %+v", iter, i, x.Exercise, x)
			}
			if d := x.Step - p.Step; d > 1 || d < -1 {
				t.Fatalf("#%d entry %d: %s moved %d steps in one workout", iter, i, x.Exercise, d)
			}
			if x.Step > p.Step && !done {
				t.Fatalf("#%d entry %d: %s advanced without a ✅", iter, i, x.Exercise)
			}
		}
		// Undo: dropping the workout's entries from the whole log gives
		// back the state before it, exactly (later entries are not known
		// yet at asOf).
		var without []Entry
		for _, e := range h {
			if !e.Due.Equal(due) {
				without = append(without, e)
			}
		}
		if undo := Progress(without, sub, asOf); !reflect.DeepEqual(undo, prev) {
			t.Fatalf("#%d entry %d: undo gave %+v, want %+v", iter, i, undo, prev)
		}
	}
	shuffled := slices.Clone(h)
	rand.New(rand.NewPCG(uint64(len(h)), 3)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	end := slot(0).AddDate(2, 0, 0)
	if a, b := Progress(h, sub, end), Progress(shuffled, sub, end); !reflect.DeepEqual(a, b) {
		t.Fatalf("#%d: the order of the log changed the state", iter)
	}
	if !slices.Equal(h, orig) {
		t.Fatalf("#%d: Progress modified the history it was given", iter)
	}
}
