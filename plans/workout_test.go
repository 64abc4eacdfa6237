package plans

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

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
	if diff := cmp.Diff(WorkoutFor(history, sub, slot(6)), WorkoutFor(later, sub, slot(6))); diff != "" {
		t.Errorf("feedback on the slot itself changed it (-without +with the feedback):\n%s", diff)
	}
	// The next one after pain carries the safety note and the step back,
	// both as health notes: a channel post must not show them.
	w := WorkoutFor(later, sub, slot(7))
	if !slices.Contains(w.HealthNotes, safetyNote) {
		t.Errorf("after pain: health notes %q lack the safety note", w.HealthNotes)
	}
	for _, n := range w.Notes {
		if Tip(n).Private() {
			t.Errorf("after pain: public note %q talks about health", n)
		}
	}
	if len(w.HealthNotes) < 2 {
		t.Errorf("after pain: health notes %q, want the step back and the safety note", w.HealthNotes)
	}
}

func TestWorkoutNotes(t *testing.T) {
	sub := testSub(Beginner, NoEquipment)
	// The clean B session at slot 3 has cleared the safety flag; the A
	// session still says why its exercises are easier.
	h := slices.Concat(log(Done, 0, 1, 2, 3), log(TooHard, 0, 2))
	w := WorkoutFor(h, sub, slot(4))
	want := []string{
		"Squat, glute bridge and deadlift went back a rung after two tough sessions in a row.",
	}
	if diff := cmp.Diff(want, w.Notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	w = WorkoutFor(log(Done, seq(0, 3)...), sub, slot(9)) // weeks 2 and 3 missed
	if len(w.Notes) != 1 || w.Notes[0] != "Welcome back! After 2 weeks off, this session starts a little easier and builds up again." {
		t.Errorf("after a break: notes = %q", w.Notes)
	}
}
