package plans

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestStartingRungs(t *testing.T) {
	// The table in path.go, checked against what a new subscriber gets.
	tests := []struct {
		level Level
		equip Equipment
		want  [numLadders]string
	}{
		{Beginner, NoEquipment, [numLadders]string{"Box squat", "Supported split squat", "Glute bridge", "Shoulders-elevated hip thrust", "Hip hinge drill", "Wall hip hinge"}},
		{Intermediate, NoEquipment, [numLadders]string{"Bodyweight squat", "Split squat", "Marching glute bridge", "Paused hip thrust", "Backpack deadlift", "Supported single-leg RDL"}},
		{Advanced, NoEquipment, [numLadders]string{"Pause squat", "Reverse lunge", "Single-leg glute bridge", "Single-leg hip thrust", "Kickstand deadlift", "Single-leg RDL"}},
		{Beginner, Dumbbells, [numLadders]string{"Bodyweight squat", "Split squat", "Glute bridge", "Shoulders-elevated hip thrust", "Hip hinge drill", "Wall hip hinge"}},
		{Intermediate, Dumbbells, [numLadders]string{"Goblet squat", "Bulgarian split squat", "Dumbbell glute bridge", "Dumbbell hip thrust", "Dumbbell deadlift", "Dumbbell RDL"}},
		{Advanced, Dumbbells, [numLadders]string{"Goblet squat", "Dumbbell Bulgarian split squat", "Dumbbell glute bridge", "Dumbbell hip thrust", "Dumbbell deadlift", "Dumbbell RDL"}},
		{Beginner, Gym, [numLadders]string{"Bodyweight squat", "Split squat", "Marching glute bridge", "Dumbbell hip thrust", "Hip hinge drill", "Wall hip hinge"}},
		{Intermediate, Gym, [numLadders]string{"Goblet squat", "Bulgarian split squat", "Barbell glute bridge", "Barbell hip thrust", "Dumbbell deadlift", "Dumbbell RDL"}},
		{Advanced, Gym, [numLadders]string{"Barbell back squat", "Dumbbell Bulgarian split squat", "Barbell glute bridge", "Barbell hip thrust", "Trap bar deadlift", "Barbell RDL"}},
	}
	for _, tt := range tests {
		st := Progress(nil, testSub(tt.level, tt.equip), monday)
		for i, x := range st.Exercises {
			if x.Variation != tt.want[i] || x.Modifier != "" || x.LoadSteps != 0 {
				t.Errorf("%s/%s: %s starts on %q %q +%d, want %q", tt.level, tt.equip, x.Exercise, x.Variation, x.Modifier, x.LoadSteps, tt.want[i])
			}
			v := catalogue[i].Variations[x.Rung]
			switch {
			case v.Heavy && (x.Sets != 3 || x.Reps != 6 || x.Rest != restHeavy):
				t.Errorf("%s/%s: heavy %s starts at %d × %d rest %d, want 3 × 6 rest %d", tt.level, tt.equip, x.Variation, x.Sets, x.Reps, x.Rest, restHeavy)
			case !v.Heavy && (x.Sets != 2 || x.Reps != 10):
				t.Errorf("%s/%s: %s starts at %d × %d, want 2 × 10", tt.level, tt.equip, x.Variation, x.Sets, x.Reps)
			}
			loaded := v.Equipment != NoEquipment || v.Carried
			if loaded != strings.Contains(x.Load, "3–4 more times") {
				t.Errorf("%s/%s: %s load guidance %q; want first-weight guidance exactly on loaded rungs", tt.level, tt.equip, x.Variation, x.Load)
			}
			if x.EachSide != v.SingleLeg {
				t.Errorf("%s: EachSide %v, want %v", x.Variation, x.EachSide, v.SingleLeg)
			}
		}
	}
	// Equipment changes the start: at every level, no two equipment
	// settings start the same.
	for lv := Beginner; lv <= Advanced; lv++ {
		for e1 := NoEquipment; e1 <= Gym; e1++ {
			for e2 := e1 + 1; e2 <= Gym; e2++ {
				a, b := Progress(nil, testSub(lv, e1), monday), Progress(nil, testSub(lv, e2), monday)
				if cmp.Equal(a.Exercises, b.Exercises) {
					t.Errorf("%s: %s and %s start the same", lv, e1, e2)
				}
			}
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
	// Squat path without equipment: box squat is steps 0-7, bodyweight
	// squat (the intermediate start) 8-15.
	cat := func(parts ...[]Entry) []Entry { return slices.Concat(parts...) }
	tests := []struct {
		name    string
		history []Entry
		asOf    int // slot
		squat   int // squat step
		safety  bool
		change  Change
		reason  string
	}{
		{"nothing logged", nil, 0, 8, false, Unchanged, ""},
		{"done", log(Done, 0), 1, 9, false, MovedUp, ""},
		{"feedback without done does not advance", log(TooEasy, 0), 1, 8, false, Unchanged, ""},
		{"too hard holds", cat(log(Done, 0), log(TooHard, 0)), 1, 8, false, Held, "too hard"},
		{"too hard twice in a row goes back one rung", cat(log(Done, 0, 1, 2, 3, 4, 5), log(TooHard, 4, 6)), 7, 0, true, SteppedBack, "too hard"},
		{"too hard, done, too hard holds", cat(log(Done, 0, 1, 2, 3, 4), log(TooHard, 0, 4)), 5, 9, false, Held, "too hard"},
		{"too hard, too hard goes back", cat(log(Done, 0, 1, 3), log(TooHard, 0, 3)), 4, 0, true, SteppedBack, "too hard"},
		{"too hard, too easy, too hard holds", cat(log(Done, 0, 1, 3), log(TooHard, 0, 3), log(TooEasy, 2)), 4, 8, false, Held, "too hard"},
		{"too easy with done is one step", cat(log(Done, 0), log(TooEasy, 0)), 1, 9, false, MovedUp, ""},
		{"pain goes to the start of the rung before", cat(log(Done, 0, 1, 2), log(Pain, 2)), 3, 0, true, SteppedBack, "pain"},
		{"pain without done still goes back", cat(log(Done, 0, 1), log(Pain, 2)), 3, 0, true, SteppedBack, "pain"},
		{"clean done clears the flag", cat(log(Done, 0, 1, 2, 3, 4), log(Pain, 2)), 5, 1, false, MovedUp, ""},
		{"done with too hard keeps the flag", cat(log(Done, 0, 1, 2, 3), log(Pain, 2), log(TooHard, 3)), 4, 0, true, SteppedBack, "pain"},
		{"pain on the first rung stays at its start", cat(log(Done, 0, 1), log(Pain, 2, 4)), 5, 0, true, SteppedBack, "pain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := Progress(tt.history, sub, slot(tt.asOf))
			sq := at(t, st, squat)
			if sq.Step != tt.squat || st.SafetyFlag != tt.safety || sq.Change != tt.change || sq.Reason != tt.reason {
				t.Errorf("squat step %d, safety %v, change %v %q; want %d, %v, %v %q",
					sq.Step, st.SafetyFlag, sq.Change, sq.Reason, tt.squat, tt.safety, tt.change, tt.reason)
			}
		})
	}
}

// TestSetbacksNeverAddWork: after pain or two 😅, the next session of each
// exercise of that workout is the start of the rung before, and never has
// more total reps than the session that went wrong — whatever the level,
// equipment and point on the path.
func TestSetbacksNeverAddWork(t *testing.T) {
	for level := Beginner; level <= Advanced; level++ {
		for equip := NoEquipment; equip <= Gym; equip++ {
			sub := testSub(level, equip)
			for done := 0; done < 60; done += 7 {
				for _, bad := range [][]Entry{log(Pain, done), slices.Concat(log(TooHard, done), log(TooHard, done+1))} {
					h := slices.Concat(log(Done, seq(0, done)...), bad)
					last := bad[len(bad)-1].Due
					before := Progress(h[:len(h)-1], sub, last)
					after := Progress(h, sub, last.Add(time.Minute))
					for _, i := range sessionLadders[before.Completed%2] {
						b, a := before.Exercises[i], after.Exercises[i]
						if a.TotalReps() > b.TotalReps() {
							t.Errorf("%s/%s after %d done, %s: %s went from %d×%d to %d×%d", level, equip, done, bad[0].Kind, a.Exercise, b.Sets, b.Reps, a.Sets, a.Reps)
						}
						if a.Step > b.Step || a.LoadSteps > b.LoadSteps && a.Variation == b.Variation {
							t.Errorf("%s/%s after %d done: %s moved up after a setback: %+v → %+v", level, equip, done, a.Exercise, b, a)
						}
					}
				}
			}
		}
	}
}

// TestPainPausesAnExercise: three pain reports on an exercise within two
// weeks pause it; its partner ladder's gentlest rung stands in, the workout
// says to see a physiotherapist, and the pause ends two weeks after the last
// report.
func TestPainPausesAnExercise(t *testing.T) {
	sub := testSub(Intermediate, Dumbbells)
	// Slots 0, 2 and 4 are A sessions (no ✅ on them, so A repeats): pain
	// three times within five days.
	h := slices.Concat(log(Pain, 0, 2, 4))
	twice := Progress(log(Pain, 0, 2), sub, slot(4))
	if len(twice.Paused()) != 0 {
		t.Fatalf("paused after two reports: %+v", twice.Paused())
	}
	st := Progress(h, sub, slot(5))
	paused := st.Paused()
	if len(paused) != 3 {
		t.Fatalf("paused %d exercises, want the 3 of session A", len(paused))
	}
	for _, x := range paused {
		li := ladderIndex(x.Exercise)
		if x.StandIn != catalogue[partner[li]].Name || x.Variation != catalogue[partner[li]].Variations[0].Name {
			t.Errorf("%s stand-in = %s / %s, want the first rung of %s", x.Exercise, x.StandIn, x.Variation, catalogue[partner[li]].Name)
		}
	}
	w := WorkoutFor(h, sub, slot(5))
	names := map[string]bool{}
	for _, it := range w.Items {
		names[it.Variation] = true
		if !it.Paused {
			t.Errorf("%s not marked paused", it.Exercise)
		}
	}
	if len(names) != 3 {
		t.Errorf("stand-ins are not three different moves: %v", names)
	}
	if !strings.Contains(strings.Join(w.HealthNotes, " "), "physiotherapist") {
		t.Errorf("health notes %q do not suggest a physiotherapist", w.HealthNotes)
	}
	if r := PainReply(h, sub, slot(4).Add(time.Hour)); !strings.Contains(r, "physiotherapist") || !strings.Contains(r, "paused") {
		t.Errorf("third report's reply %q does not say paused and physiotherapist", r)
	}
	if r := PainReply(log(Pain, 0), sub, slot(0).Add(time.Hour)); strings.Contains(r, "paused") || !strings.Contains(r, "no more reps") {
		t.Errorf("first report's reply %q", r)
	}
	// Two weeks after the last report (slot 4, a Friday) the pause is over.
	if p := Progress(h, sub, slot(4).Add(PainWindow)).Paused(); len(p) != 0 {
		t.Errorf("still paused two weeks after the last pain: %+v", p)
	}
	if p := Progress(h, sub, slot(4).Add(PainWindow-time.Hour)).Paused(); len(p) != 3 {
		t.Errorf("pause ended early: %d paused", len(p))
	}
	// Three reports spread over more than two weeks do not pause.
	spread := slices.Concat(log(Pain, 0), log(Done, 1, 2, 3), log(Pain, 6), log(Done, 7, 8, 9), log(Pain, 12))
	if p := Progress(spread, sub, slot(13)).Paused(); len(p) != 0 {
		t.Errorf("paused after reports 3 weeks apart: %+v", p)
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

// TestFeedbackOnReadsAsProgressDoes: what FeedbackOn says of a workout is
// what Progress acts on, so a post never promises what the plan won't do.
func TestFeedbackOnReadsAsProgressDoes(t *testing.T) {
	due, other := slot(0), slot(1)
	entry := func(k Kind, min int) Entry {
		return Entry{Kind: k, Due: due, At: due.Add(time.Duration(min) * time.Minute)}
	}
	for _, tc := range []struct {
		name    string
		entries []Entry
		want    Feedback
	}{
		{"nothing", nil, Feedback{}},
		{"😅 then 💪", []Entry{entry(TooHard, 1), entry(TooEasy, 2)}, Feedback{TooEasy: true}},
		{"💪 then 😅", []Entry{entry(TooEasy, 1), entry(TooHard, 2)}, Feedback{TooHard: true}},
		{"💪 and 🤕", []Entry{entry(Done, 0), entry(TooEasy, 1), entry(Pain, 2)}, Feedback{TooEasy: true, Pain: true}},
		{"😅 and 💪 at once", []Entry{entry(TooHard, 1), entry(TooEasy, 1)}, Feedback{TooHard: true, Tied: true}},
		{"another workout's 🤕", []Entry{entry(TooEasy, 1), {Kind: Pain, Due: other, At: other}}, Feedback{TooEasy: true}},
	} {
		if got := FeedbackOn(tc.entries, due); got != tc.want {
			t.Errorf("%s: FeedbackOn = %+v, want %+v", tc.name, got, tc.want)
		}
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
	if got := at(t, Progress(hurt, sub, slot(30)), squat).Step; got != 0 {
		t.Errorf("after pain and a long gap squat at step %d, want 0", got)
	}
}

// TestDeloads: with every session done, a deload week drops a set at the
// same or a lower load and never starts a new rung; loaded work deloads
// every sixth week; bodyweight work has none in its first weeks.
func TestDeloads(t *testing.T) {
	for level := Beginner; level <= Advanced; level++ {
		for equip := NoEquipment; equip <= Gym; equip++ {
			prev := map[string]Item{}
			everLoaded := false
			var deloadWeeks []int
			for n, w := range simulate(level, equip, 3, 24) {
				week := n/3 + 1
				if w.Deload && !slices.Contains(deloadWeeks, week) {
					deloadWeeks = append(deloadWeeks, week)
					if !everLoaded && week < BodyweightDeloadEvery {
						t.Errorf("%s/%s: deload in week %d of bodyweight-only work", level, equip, week)
					}
				}
				for _, it := range w.Items {
					p, ok := prev[it.Exercise]
					if w.Deload && ok {
						if it.Variation != p.Variation || it.Modifier != p.Modifier {
							t.Errorf("%s/%s week %d: deload starts %s (%s), last time %s (%s)", level, equip, week, it.Variation, it.Modifier, p.Variation, p.Modifier)
						}
						if it.Sets >= p.Sets && p.Sets > 1 {
							t.Errorf("%s/%s week %d: deload %s keeps %d sets (was %d)", level, equip, week, it.Exercise, it.Sets, p.Sets)
						}
						if strings.HasPrefix(it.Load, "add") {
							t.Errorf("%s/%s week %d: deload adds load to %s: %q", level, equip, week, it.Exercise, it.Load)
						}
					}
					if it.Load != "" {
						everLoaded = true
					}
					if !w.Deload {
						prev[it.Exercise] = it
					}
				}
			}
			if equip == Gym && level == Advanced && !slices.Equal(deloadWeeks, []int{6, 12, 18, 24}) {
				t.Errorf("%s/%s: deload weeks %v, want every sixth", level, equip, deloadWeeks)
			}
			if len(deloadWeeks) == 0 {
				t.Errorf("%s/%s: no deload in 24 weeks", level, equip)
			}
		}
	}
	if w := WorkoutFor(log(Done, seq(0, 15)...), testSub(Advanced, Gym), slot(15)); !w.Deload || !slices.Contains(w.Notes, deloadNote) {
		t.Errorf("week 6 workout = %+v; want Deload and its note", w)
	}
	// A break is the rest: after two weeks off the count starts again.
	back := slices.Concat(log(Done, seq(0, 12)...), log(Done, 18, 19, 20))
	if Progress(back, testSub(Advanced, Gym), slot(21)).Deload {
		t.Error("deload in the first week after a break")
	}
}

func TestTopOfPath(t *testing.T) {
	many := log(Done, seq(0, 400)...)
	end := slot(400)
	none := at(t, Progress(many, testSub(Advanced, NoEquipment), end), hipThrust)
	if none.Variation != "Shoulders-elevated hip thrust" || none.Modifier != "loaded backpack" || none.Step != none.MaxStep || none.LoadSteps != openLoads {
		t.Errorf("bodyweight top = %+v; want the backpack hip thrust at the top", none)
	}
	gym := at(t, Progress(many, testSub(Advanced, Gym), end), hipThrust)
	if gym.Variation != "Barbell hip thrust" || gym.Step != gym.MaxStep || gym.LoadSteps != openLoads || gym.Sets != 3 || gym.Reps != 10 {
		t.Errorf("gym top = %+v; want barbell hip thrust 3 × 10 with %d load steps", gym, openLoads)
	}
}

// TestLoads: load guidance is the first weight, then steps stated per
// dumbbell or in total, in kg and lb, one step at a time.
func TestLoads(t *testing.T) {
	for _, tt := range []struct {
		level  Level
		equip  Equipment
		ladder int
		unit   string
	}{
		{Beginner, Dumbbells, hipThrust, "per dumbbell"},
		{Advanced, Gym, squat, "in total"},
		{Advanced, NoEquipment, hipThrust, "in the backpack"},
	} {
		sub := testSub(tt.level, tt.equip)
		var h []Entry
		prevLoad := 0
		sawStep := false
		for d := range 200 {
			due := monday.AddDate(0, 0, d).Add(7 * time.Hour)
			h = append(h, Entry{Kind: Done, Due: due, At: due})
			st := Progress(h, sub, due.Add(time.Hour))
			x := at(t, st, tt.ladder)
			if st.Deload {
				continue // a deload may show the load before
			}
			if x.LoadSteps > prevLoad+1 || x.LoadSteps < prevLoad {
				t.Fatalf("%s day %d: load step %d after %d", tt.unit, d, x.LoadSteps, prevLoad)
			}
			prevLoad = x.LoadSteps
			switch {
			case x.Load == "":
			case x.LoadSteps == 0 && !strings.Contains(x.Load, "3–4 more times"):
				t.Errorf("%s: first weight guidance %q", tt.unit, x.Load)
			case x.LoadSteps > 0:
				sawStep = true
				if !strings.Contains(x.Load, tt.unit) || !strings.Contains(x.Load, "kg") || !strings.Contains(x.Load, "lb") {
					t.Errorf("load %q does not say %s in kg and lb", x.Load, tt.unit)
				}
			}
		}
		if !sawStep {
			t.Errorf("%s: no load step in 200 sessions", tt.unit)
		}
	}
}

// TestRepRanges: light rungs stay in 2–3 × 10–15 with rest 60–90 s; heavy
// barbell rungs in 3 × 6–10 with longer rest. Every prescription has rest.
func TestRepRanges(t *testing.T) {
	for level := Beginner; level <= Advanced; level++ {
		for equip := NoEquipment; equip <= Gym; equip++ {
			for _, w := range simulate(level, equip, 3, 60) {
				if w.Minutes < 10 || w.Minutes > 60 {
					t.Errorf("%s/%s: a %d-minute session", level, equip, w.Minutes)
				}
				for _, it := range w.Items {
					v := catalogue[ladderIndex(it.Exercise)].Variations[slices.IndexFunc(catalogue[ladderIndex(it.Exercise)].Variations, func(v Variation) bool { return v.Name == it.Variation })]
					lo, hi, rest := 10, 15, restBodyweight
					if v.Heavy {
						lo, hi, rest = 6, 10, restHeavy
					} else if it.Load != "" {
						rest = restLoaded
					}
					if it.Reps < lo || it.Reps > hi || it.Sets < 1 || it.Sets > 3 || it.Rest != rest {
						t.Errorf("%s/%s: %s", level, equip, it)
					}
					if it.EachSide != v.SingleLeg || it.EachSide != strings.Contains(it.String(), "(each side)") {
						t.Errorf("%s: each side %v, single-leg %v", it, it.EachSide, v.SingleLeg)
					}
				}
			}
		}
	}
}

// TestBreakRestartsTheDeloadCount: a break of two weeks or more counts as the
// rest, so the weeks before it do not bring the next deload forward; the
// first deload after it comes when it would for someone who only started
// then.
func TestBreakRestartsTheDeloadCount(t *testing.T) {
	sub := testSub(Advanced, Gym)
	firstDeload := func(history []Entry) int {
		for n := 18; n < 18+3*12; n++ {
			if WorkoutFor(history, sub, slot(n)).Deload {
				return n / 3
			}
		}
		return -1
	}
	after := log(Done, seq(18, 18+3*12)...)                  // weeks 6–17
	withBefore := append(log(Done, seq(0, 12)...), after...) // weeks 0–3, then a two-week break
	if got, want := firstDeload(withBefore), firstDeload(after); got != want || got < 0 {
		t.Errorf("first deload after the break in week %d, want week %d as for a fresh start", got, want)
	}
}
