package plans

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestPainReplySaysWhenToSeeAProfessional: the answer to "it hurt" is the
// one moment the user is thinking about their pain, so it says when to see
// a professional — pain that lasts or keeps coming back, and the warning
// signs that mean stop now — not only after three reports.
func TestPainReplySaysWhenToSeeAProfessional(t *testing.T) {
	r := PainReply(log(Pain, 0), testSub(Beginner, NoEquipment), slot(0).Add(time.Hour))
	for _, want := range []string{"health professional", "keeps coming back", "down a leg", "numbness", "bladder or bowel"} {
		if !strings.Contains(r, want) {
			t.Errorf("the first pain reply lacks %q:\n%s", want, r)
		}
	}
}

// TestLateDoneKeepsTheSessionsThatWerePosted: a ✅ on an old post, given
// after a newer post went out, does not change which session the newer one
// was. Monday's A is not done by Wednesday, so Wednesday brings A again;
// the user then marks Monday's done and does Wednesday's: both count for
// A's exercises, and Friday is B.
func TestLateDoneKeepsTheSessionsThatWerePosted(t *testing.T) {
	sub := testSub(Beginner, NoEquipment)
	posted := WorkoutFor(nil, sub, slot(1))
	h := []Entry{
		{Kind: Done, Due: slot(0), At: slot(1).Add(2 * time.Hour)}, // Monday's, marked on Wednesday
		{Kind: Done, Due: slot(1), At: slot(1).Add(3 * time.Hour)},
	}
	if again := WorkoutFor(h, sub, slot(1)); again.Title != posted.Title {
		t.Errorf("Wednesday's workout read back as %q but was posted as %q", again.Title, posted.Title)
	}
	if w := WorkoutFor(h, sub, slot(2)); w.Title != sessions[1].title {
		t.Errorf("after two A sessions done, Friday is %q, want B", w.Title)
	}
	st := Progress(h, sub, slot(2))
	if sq, lu := at(t, st, squat), at(t, st, lunge); sq.Reps != 14 || lu.Reps != 10 {
		t.Errorf("after A done twice: squat %d×%d, lunge %d×%d; want squat two steps up (2×14), lunge unchanged (2×10)", sq.Sets, sq.Reps, lu.Sets, lu.Reps)
	}
}

// TestReviewWeekComparesWithWhatWasDone: the recap's "next week" compares
// each exercise with its last session this week, so a step back after pain
// on Friday is told, and an exercise held after "too hard" is not shown
// going up with "too hard" beside it.
func TestReviewWeekComparesWithWhatWasDone(t *testing.T) {
	sub := testSub(Beginner, NoEquipment)
	sunday := slot(2).Add(2*24*time.Hour + 11*time.Hour)
	h := slices.Concat(log(Done, 0, 1, 2), log(Pain, 2))
	r := ReviewWeek(h, sub, sunday)
	eased := map[string]bool{}
	for _, c := range r.Changes {
		if c.Change == SteppedBack && c.Reason == "pain" {
			eased[c.To.Exercise] = true
		}
	}
	if len(eased) != 3 {
		t.Errorf("after pain on Friday's A session the review tells %v as eased off, want squat, glute bridge and deadlift:\n%+v", eased, r.Changes)
	}

	nextSunday := sunday.AddDate(0, 0, 7)
	h = slices.Concat(h, log(Done, 3, 4, 5), log(TooHard, 4, 5))
	for _, c := range ReviewWeek(h, sub, nextSunday).Changes {
		if c.Change != MovedUp && c.To.Sets*c.To.Reps > c.From.Sets*c.From.Reps {
			t.Errorf("%s goes from %d×%d to %d×%d with %q", c.To.Exercise, c.From.Sets, c.From.Reps, c.To.Sets, c.To.Reps, c.Reason)
		}
	}
}

// TestWelcomeBackSaysWhatItDoes: after weeks off, the first post says it
// eased off only when its exercises did; a session already at its start
// picks up where it was, and an exercise held after "too hard" weeks ago is
// not told about again.
func TestWelcomeBackSaysWhatItDoes(t *testing.T) {
	sub := testSub(Beginner, NoEquipment)
	// Week 1: A hurt, then B, then A rated too hard but not done: A stays
	// at its start. Weeks 2 and 3 missed; A comes next.
	h := slices.Concat(log(Done, 0, 1), log(Pain, 0), log(TooHard, 2))
	w := WorkoutFor(h, sub, slot(9))
	if !strings.Contains(w.String(), "Welcome back") || strings.Contains(w.String(), "easier") || strings.Contains(w.String(), "tough session") {
		t.Errorf("a session that could not ease off reads\n%s", w)
	}
	// A, B, A done: B had moved up, so after the same break it starts
	// easier, and says so.
	if w := WorkoutFor(log(Done, 0, 1, 2), sub, slot(9)); !strings.Contains(w.String(), "Welcome back") || !strings.Contains(w.String(), "easier") {
		t.Errorf("a session that eased off after weeks away reads\n%s", w)
	}
}

// TestPausedExercisesAreToldOnce: pain on one session counts against each
// of its exercises, so three reports pause all three at once; the post and
// the pain reply say so in one note, not three near-identical ones.
func TestPausedExercisesAreToldOnce(t *testing.T) {
	sub := testSub(Beginner, NoEquipment)
	h := slices.Concat(log(Done, 0, 1, 2, 3, 4, 5), log(Pain, 0, 2, 4))
	w := WorkoutFor(h, sub, slot(6))
	if len(w.HealthNotes) != 1 {
		t.Fatalf("health notes %q, want one note", w.HealthNotes)
	}
	for _, want := range []string{"Squat, glute bridge and deadlift are paused", "Supported split squat, shoulders-elevated hip thrust and wall hip hinge stand in", "physiotherapist"} {
		if !strings.Contains(w.HealthNotes[0], want) {
			t.Errorf("the note %q lacks %q", w.HealthNotes[0], want)
		}
	}
	if r := PainReply(h, sub, slot(4).Add(time.Hour)); strings.Count(r, "paused") != 1 || !strings.Contains(r, w.HealthNotes[0]) {
		t.Errorf("the third report's reply:\n%s\nwant the note once:\n%s", r, w.HealthNotes[0])
	}
	one := pausedNote([]ExerciseState{at(t, Progress(h, sub, slot(6)), squat)})
	if !strings.HasPrefix(one, "Squat is paused: pain was logged on it 3 times") || !strings.Contains(one, "Supported split squat stands in") {
		t.Errorf("one paused exercise reads %q", one)
	}
}

// TestReviewWeekReasonsExplainTheChange: a reason beside a change says why
// it is lighter, never stands beside a step up. Before a deload week each
// exercise is lighter "for the deload"; after it, each goes up without one.
func TestReviewWeekReasonsExplainTheChange(t *testing.T) {
	sub := testSub(Beginner, NoEquipment)
	sunday := func(week int) time.Time { return monday.AddDate(0, 0, 7*week+6).Add(18 * time.Hour) }
	before := ReviewWeek(log(Done, seq(0, 30)...), sub, sunday(9))
	if !before.Deload || len(before.Changes) != numLadders {
		t.Fatalf("the week before the deload: deload %v, %d changes", before.Deload, len(before.Changes))
	}
	for _, c := range before.Changes {
		if c.Reason != "deload" {
			t.Errorf("before the deload %s goes %d×%d → %d×%d with reason %q, want deload", c.To.Exercise, c.From.Sets, c.From.Reps, c.To.Sets, c.To.Reps, c.Reason)
		}
	}
	for _, c := range ReviewWeek(log(Done, seq(0, 33)...), sub, sunday(10)).Changes {
		if c.Reason != "" || c.Change != MovedUp {
			t.Errorf("after the deload %s goes %d×%d → %d×%d as %v with reason %q", c.To.Exercise, c.From.Sets, c.From.Reps, c.To.Sets, c.To.Reps, c.Change, c.Reason)
		}
	}
}

// TestTooHardStepsBack tells a second 😅 in a row on a session's moves,
// which takes them back a rung, from a first, which holds them.
func TestTooHardStepsBack(t *testing.T) {
	sub := testSub(Beginner, NoEquipment)
	h := slices.Concat(log(Done, 0, 1, 2), log(TooHard, 0))
	if TooHardStepsBack(h, sub, slot(0)) {
		t.Errorf("a first 😅 steps back")
	}
	if TooHardStepsBack(h, sub, slot(1)) {
		t.Errorf("a workout without 😅 steps back")
	}
	h = append(h, log(TooHard, 2)...)
	if !TooHardStepsBack(h, sub, slot(2)) {
		t.Errorf("a second 😅 on session A does not step back")
	}
	h = append(h, log(Done, 3)...)
	if w := WorkoutFor(h, sub, slot(4)); !strings.Contains(strings.Join(w.Notes, " "), "went back a rung") {
		t.Errorf("the next A session after two 😅 reads\n%s", w)
	}
	if TooHardStepsBack(h, sub, slot(4)) {
		t.Errorf("the next A session, with nothing logged on it yet, steps back")
	}
}
