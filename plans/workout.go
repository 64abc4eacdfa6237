package plans

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Workout is one session to post.
type Workout struct {
	Title  string // e.g. "Session A — squat, glute bridge & deadlift"
	WarmUp string
	Deload bool
	Items  []Item   // exactly 3: knee-dominant, bridge or thrust, hinge
	Notes  []string // deload, welcome-back and too-hard messages; may be empty
	// HealthNotes are the notes about pain (a step back after it, an
	// exercise paused, the safety rule): only the subscriber may read them,
	// so a post others can see leaves them out. May be empty.
	HealthNotes []string
	Minutes     int // estimated duration, warm-up included
}

var sessions = [2]struct{ title, warmUp string }{
	{
		title:  "Session A — squat, glute bridge & deadlift",
		warmUp: "Warm-up, 3 minutes: 10 slow cat-cows, 10 bodyweight good mornings, 10 glute bridges with a 2-second squeeze.",
	},
	{
		title:  "Session B — lunge, hip thrust & Romanian deadlift",
		warmUp: "Warm-up, 3 minutes: 10 hip circles each way, 5 bird dogs each side, 10 reverse lunges holding a wall.",
	},
}

// Safety wording shared by workouts and tips.
const (
	deloadNote = "Deload week: lighter sets on the same moves so your body can catch up. Keep the effort easy."
	safetyNote = "You logged pain or a tough session recently. Mild discomfort that settles within a day is fine; " +
		"stop any move that gives sharp, increasing or spreading pain. If pain keeps coming back, check in with a physiotherapist or doctor."
)

// WorkoutFor returns the workout to post for the slot due at due: the
// session and prescriptions follow from every entry for workouts due before
// it (see Progress).
func WorkoutFor(history []Entry, sub Subscription, due time.Time) Workout {
	var before []Entry
	for _, e := range history {
		if e.Due.Before(due) {
			before = append(before, e)
		}
	}
	st := replay(before, sub, due, nil)
	s := st.Session
	w := Workout{
		Title:  sessions[s].title,
		WarmUp: sessions[s].warmUp,
		Deload: st.Deload,
	}
	if st.MissedWeeks >= 2 {
		w.Notes = append(w.Notes, welcomeBack(st.MissedWeeks, st.Exercises, sessionLadders[s]))
	}
	if st.Deload {
		w.Notes = append(w.Notes, deloadNote)
	}
	// One note for each thing that happened, naming every exercise it
	// happened to.
	var paused, hurt, hardTwice, hardOnce []ExerciseState
	for _, i := range sessionLadders[s] {
		x := st.Exercises[i]
		w.Items = append(w.Items, itemOf(x))
		switch {
		case x.Paused:
			paused = append(paused, x)
		case x.Change == SteppedBack && x.Reason == "pain":
			hurt = append(hurt, x)
		case x.Change == SteppedBack && x.Reason == "too hard":
			hardTwice = append(hardTwice, x)
		case x.Change == Held && x.Reason == "too hard":
			hardOnce = append(hardOnce, x)
		}
	}
	if len(paused) > 0 {
		w.HealthNotes = append(w.HealthNotes, pausedNote(paused))
	}
	if len(hurt) > 0 {
		w.HealthNotes = append(w.HealthNotes, listOf(hurt, exerciseOf)+" went back a rung after the pain you logged, with no more reps than last time.")
	}
	if len(hardTwice) > 0 {
		w.Notes = append(w.Notes, listOf(hardTwice, exerciseOf)+" went back a rung after two tough sessions in a row.")
	}
	if len(hardOnce) > 0 {
		w.Notes = append(w.Notes, listOf(hardOnce, exerciseOf)+agree(hardOnce, " stays where it was", " stay where they were")+" after your last tough session.")
	}
	if st.SafetyFlag {
		w.HealthNotes = append(w.HealthNotes, safetyNote)
	}
	w.Minutes = minutes(w.Items)
	return w
}

// welcomeBack greets a user back after weeks off, saying the session eased
// off only when one of its exercises did.
func welcomeBack(weeks int, xs []ExerciseState, session [3]int) string {
	for _, i := range session {
		if xs[i].Change == SteppedBack && xs[i].Reason == "missed weeks" {
			return fmt.Sprintf("Welcome back! After %d weeks off, this session starts a little easier and builds up again.", weeks)
		}
	}
	return fmt.Sprintf("Welcome back! After %d weeks off, you pick up where you left off.", weeks)
}

// pausedNote explains the exercises paused after repeated pain and their
// stand-ins.
func pausedNote(xs []ExerciseState) string {
	return fmt.Sprintf("%s%s: pain was logged on %s %d times within two weeks. %s%s until two weeks pass without pain. "+
		"Please have it checked by a physiotherapist before you bring %s back.",
		listOf(xs, exerciseOf), agree(xs, " is paused", " are paused"), agree(xs, "it", "them"), PainsToPause,
		listOf(xs, func(x ExerciseState) string { return x.Variation }), agree(xs, " stands in", " stand in"), agree(xs, "it", "them"))
}

func exerciseOf(x ExerciseState) string { return x.Exercise }

// listOf lists name(x) for each of xs, "A, b and c": the first capitalised
// as a sentence starts, the rest in lower case.
func listOf(xs []ExerciseState, name func(ExerciseState) string) string {
	var out []string
	for i, x := range xs {
		n := name(x)
		if i > 0 {
			n = strings.ToLower(n[:1]) + n[1:]
		}
		out = append(out, n)
	}
	if len(out) == 1 {
		return out[0]
	}
	return strings.Join(out[:len(out)-1], ", ") + " and " + out[len(out)-1]
}

// agree picks the singular or plural wording for xs.
func agree(xs []ExerciseState, one, many string) string {
	if len(xs) == 1 {
		return one
	}
	return many
}

// minutes estimates a session: the warm-up, then each exercise's reps
// (about four seconds each, more with a tempo or a long pause, both sides
// for a single-leg move), its rests and a minute to set up.
func minutes(items []Item) int {
	secs := warmUpMinutes * 60
	for _, it := range items {
		perRep := 4
		switch it.Modifier {
		case tempo.String():
			perRep = 8
		case longPause.String():
			perRep = 9
		}
		sides := 1
		if it.EachSide {
			sides = 2
		}
		secs += it.Sets*it.Reps*sides*perRep + (it.Sets-1)*it.Rest + 60
	}
	return (secs + 59) / 60
}

// warmUpMinutes is the length of every session's warm-up.
const warmUpMinutes = 3

func itemOf(x ExerciseState) Item {
	ladder := x.Exercise
	if x.Paused {
		ladder = x.StandIn
	}
	v := catalogue[ladderIndex(ladder)].Variations[x.Rung]
	cues := slices.Clone(v.Cues[:min(3, len(v.Cues))])
	for m := tempo; m <= backpack; m++ {
		if m.String() == x.Modifier {
			cues = append([]string{m.cue()}, cues[:2]...)
		}
	}
	return Item{
		Exercise:  x.Exercise,
		Variation: x.Variation,
		Modifier:  x.Modifier,
		Sets:      x.Sets,
		Reps:      x.Reps,
		EachSide:  x.EachSide,
		Rest:      x.Rest,
		Load:      x.Load,
		Cues:      cues,
		Paused:    x.Paused,
	}
}

func ladderIndex(name string) int {
	for i := range catalogue {
		if catalogue[i].Name == name {
			return i
		}
	}
	panic("plans: unknown ladder " + name)
}

// String renders the workout as plain text.
func (w Workout) String() string {
	var sb strings.Builder
	sb.WriteString(w.Title + "\n" + w.WarmUp + "\n")
	if w.Minutes > 0 {
		fmt.Fprintf(&sb, "About %d minutes.\n", w.Minutes)
	}
	for _, it := range w.Items {
		sb.WriteString("• " + it.String() + "\n")
	}
	for _, n := range slices.Concat(w.Notes, w.HealthNotes) {
		sb.WriteString("Note: " + n + "\n")
	}
	return sb.String()
}

// SummaryWeeks is how many weeks Summary.Weekly covers.
const SummaryWeeks = 12

// Summary is a subscriber's progress at a glance.
type Summary struct {
	Completed  int    // all-time completed workouts
	ThisWeek   int    // completions this week (Monday-start, subscriber's zone)
	Target     int    // len(sub.Days)
	Streak     int    // weeks in a row that reached Target
	Weekly     []int  // completions per week for the last SummaryWeeks weeks, oldest first, current week last
	Current    []Item // each of the six exercises: current variation and prescription
	SafetyFlag bool   // recent pain or repeated too-hard
}

// Summarize reports progress at asOf. The streak counts consecutive weeks
// whose completions reached the target; the current week adds to it once
// reached and never breaks it while it is still running.
func Summarize(history []Entry, sub Subscription, asOf time.Time) Summary {
	loc := zoneOf(sub)
	perWeek := map[int]int{} // completions per week number
	st := replay(known(history, asOf), sub, asOf, func(w posted) {
		if w.done {
			perWeek[weekOf(w.due, loc)]++
		}
	})
	now := weekOf(asOf, loc)
	s := Summary{
		Completed:  st.Completed,
		ThisWeek:   perWeek[now],
		Target:     len(sub.Days),
		SafetyFlag: st.SafetyFlag,
	}
	target := max(s.Target, 1)
	w := now
	if s.ThisWeek < target {
		w-- // the running week has not broken anything yet
	}
	for ; perWeek[w] >= target; w-- {
		s.Streak++
	}
	for w := now - SummaryWeeks + 1; w <= now; w++ {
		s.Weekly = append(s.Weekly, perWeek[w])
	}
	for _, x := range st.Exercises {
		s.Current = append(s.Current, itemOf(x))
	}
	return s
}

// PainReply is the one-line answer to a pain report (🤕), from the log
// including it: what the plan does now, and for an exercise paused after
// repeated pain, its stand-in and the advice to see a physiotherapist; and
// always when to see a health professional.
func PainReply(history []Entry, sub Subscription, asOf time.Time) string {
	var sb strings.Builder
	sb.WriteString("Sorry it hurt. Your next session goes back a rung on these moves, with no more reps than this one. " +
		"Mild discomfort that settles within a day is fine; sharp, increasing or spreading pain is not — stop that move. " +
		"See a health professional if it lasts more than a few weeks or keeps coming back, and straight away if pain spreads " +
		"down a leg or comes with numbness, weakness, or bladder or bowel changes.")
	if len(history) > 0 {
		if paused := Progress(history, sub, asOf).Paused(); len(paused) > 0 {
			sb.WriteString(" " + pausedNote(paused))
		}
	}
	sb.WriteString(" " + Disclaimer)
	return sb.String()
}
