package plans

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Progression, all derived from the log each time (nothing is stored, so
// removing an entry — undoing a ✅ — gives back exactly the earlier state).
//
// Each exercise sits at a step on the user's path through its ladder. The
// path keeps only the rungs the user's equipment allows; every rung has eight
// steps:
//
//	2×10, 2×12, 2×14, 2×15, 3×10, 3×12, 3×14, 3×15
//
// and then the next rung starts again at 2×10. Past the last rung, if that
// rung uses equipment, the path goes on with up to MaxLoadSteps rounds of the
// same eight steps with more load; a bodyweight top rung simply stays at 3×15.
// A level picks the starting rung: the first, second or third allowed one.
//
// Rules, applied workout by workout in the order they were due:
//   - 🤕 pain: every exercise of that session steps back one step (never below
//     the first rung) and the safety flag is raised.
//   - 😅 too hard: the exercise holds; the second 😅 in a row on the same
//     exercise steps it back one step and raises the safety flag.
//   - ✅ done: each exercise of the session moves up one step, except in a
//     deload week, which holds. A ✅ without 😅 or 🤕 clears the safety flag.
//   - 💪 too easy counts as a vote to progress: it cancels an earlier 😅 so it
//     cannot pair with a later one, and with a ✅ the step is taken as usual.
//     It never adds a second step: no exercise moves more than one step per
//     session. When a workout has both 😅 and 💪, the later one counts.
//   - Only ✅ advances. A 😅 or 🤕 without a ✅ still applies to the session
//     that would have been posted.
//   - Two or more whole weeks without a ✅ step every exercise back one step
//     per missed week, but never below the starting rung (an exercise already
//     below it stays where it is).
//   - Every sixth week from the subscription is a deload week: 2×10 on the
//     current rung and load.
//
// Sessions alternate by the number of ✅ before them: even → A (squat, glute
// bridge, deadlift), odd → B (lunge, hip thrust, Romanian deadlift), so
// A,B,A then B,A,B covers all six exercises every week at three a week.

// stepsPerRung is the length of the sets × reps sequence on one rung.
const stepsPerRung = 8

var prescriptions = [stepsPerRung]struct{ sets, reps int }{
	{2, 10}, {2, 12}, {2, 14}, {2, 15}, {3, 10}, {3, 12}, {3, 14}, {3, 15},
}

// MaxLoadSteps is how many times load is added past the last rung.
const MaxLoadSteps = 4

// DeloadEvery is the deload cadence: every DeloadEvery-th week is lighter.
const DeloadEvery = 6

// Change is what last happened to an exercise.
type Change int

const (
	Unchanged   Change = iota // nothing logged for it yet
	MovedUp                   // moved up one step (or stayed at the top)
	Held                      // stayed (😅 once, or a deload week)
	SteppedBack               // moved down (🤕, 😅 twice, or missed weeks)
)

// ExerciseState is where one exercise stands.
type ExerciseState struct {
	Exercise  string // ladder name
	Variation string
	Equipment Equipment // what the variation needs
	Rung      int       // index into the ladder's variations
	Step      int       // position on the user's path; 0 is the first allowed rung at 2×10
	MaxStep   int       // the top of the path
	Sets      int
	Reps      int
	LoadSteps int    // rounds of added load past the last rung
	Load      string // "" or how much load to add
	Change    Change
	Reason    string // why it last held or stepped back: "pain", "too hard", "missed weeks", "deload"
}

// State is a subscriber's progression at one instant.
type State struct {
	Exercises  []ExerciseState // the six ladders, catalogue order
	Completed  int             // completed workouts
	Deload     bool            // the instant falls in a deload week
	SafetyFlag bool            // pain or repeated 😅, not yet followed by a clean ✅
	// MissedWeeks is how many whole weeks without a ✅ preceded the
	// instant since the last ✅, when they were two or more; otherwise 0.
	MissedWeeks int
}

// workoutLog is everything logged about one scheduled workout.
type workoutLog struct {
	due                    time.Time
	done, tooHard, tooEasy bool
	pain                   bool
}

// group folds entries into one record per Due, in Due order. Among 😅 and 💪
// on the same workout the later one counts (😅 on a tie).
func group(history []Entry) []workoutLog {
	es := slices.Clone(history)
	slices.SortStableFunc(es, func(a, b Entry) int {
		return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.Kind, b.Kind), a.At.Compare(b.At))
	})
	var logs []workoutLog
	for len(es) > 0 {
		n := 1
		for n < len(es) && es[n].Due.Equal(es[0].Due) {
			n++
		}
		l := workoutLog{due: es[0].Due}
		var hardAt, easyAt time.Time // the latest of each, when present
		for _, e := range es[:n] {
			switch e.Kind {
			case Done:
				l.done = true
			case Pain:
				l.pain = true
			case TooHard:
				l.tooHard, hardAt = true, e.At // sorted by At within a kind
			case TooEasy:
				l.tooEasy, easyAt = true, e.At
			}
		}
		if l.tooHard && l.tooEasy {
			later := easyAt.After(hardAt)
			l.tooHard, l.tooEasy = !later, later
		}
		logs = append(logs, l)
		es = es[n:]
	}
	return logs
}

// sessionLadders lists the ladders of session A (0) and B (1).
var sessionLadders = [2][3]int{
	{squat, gluteBridge, deadlift},
	{lunge, hipThrust, rdl},
}

// track is one exercise's path during a replay.
type track struct {
	ladder   *Ladder
	allowed  []int
	start    int // starting step
	max      int // last step
	step     int
	hardRun  int // 😅 in a row
	change   Change
	reason   string
	hasEquip bool // the top rung uses equipment, so load can be added
}

func newTrack(l *Ladder, sub Subscription) track {
	t := track{ladder: l, allowed: l.allowed(sub.Equipment)}
	if len(t.allowed) == 0 { // unknown equipment value: fall back to bodyweight
		t.allowed = l.allowed(NoEquipment)
	}
	n := len(t.allowed)
	t.max = n*stepsPerRung - 1
	if l.Variations[t.allowed[n-1]].Equipment != NoEquipment {
		t.hasEquip = true
		t.max += MaxLoadSteps * stepsPerRung
	}
	t.start = min(max(int(sub.Level), 0), n-1) * stepsPerRung
	t.step = t.start
	return t
}

func (t *track) up() {
	if t.step < t.max {
		t.step++
	}
	t.change, t.reason = MovedUp, ""
}

func (t *track) hold(reason string) { t.change, t.reason = Held, reason }

// down steps back n steps, not below floor (nor raising a step already below
// it).
func (t *track) down(n, floor int, reason string) {
	t.step = max(t.step-n, min(t.step, floor))
	t.change, t.reason = SteppedBack, reason
}

func (t *track) state(deload bool) ExerciseState {
	n := len(t.allowed)
	rungPos, within, load := t.step/stepsPerRung, t.step%stepsPerRung, 0
	if rungPos >= n {
		load = rungPos - n + 1
		rungPos = n - 1
	}
	idx := t.allowed[rungPos]
	v := t.ladder.Variations[idx]
	p := prescriptions[within]
	if deload {
		p = prescriptions[0]
	}
	return ExerciseState{
		Exercise:  t.ladder.Name,
		Variation: v.Name,
		Equipment: v.Equipment,
		Rung:      idx,
		Step:      t.step,
		MaxStep:   t.max,
		Sets:      p.sets,
		Reps:      p.reps,
		LoadSteps: load,
		Load:      loadText(load),
		Change:    t.change,
		Reason:    t.reason,
	}
}

func loadText(steps int) string {
	switch {
	case steps <= 0:
		return ""
	case steps == 1:
		return "add 2.5–5 kg"
	default:
		return fmt.Sprintf("%d load steps up: 2.5–5 kg each", steps)
	}
}

// Progress derives every exercise's rung, sets and reps at asOf from the log.
// Entries count when they were due or recorded by asOf. See the rules above.
func Progress(history []Entry, sub Subscription, asOf time.Time) State {
	return replay(known(history, asOf), sub, asOf)
}

// known keeps the entries that exist at asOf: those for workouts due by then
// and those recorded by then (a workout done ahead of its slot).
func known(history []Entry, asOf time.Time) []Entry {
	var out []Entry
	for _, e := range history {
		if !e.Due.After(asOf) || (!e.At.IsZero() && !e.At.After(asOf)) {
			out = append(out, e)
		}
	}
	return out
}

// replay applies the rules to every entry in history and reports the state
// at asOf, whose week settles missed weeks and deload.
func replay(history []Entry, sub Subscription, asOf time.Time) State {
	loc := zoneOf(sub)
	logs := group(history)
	origin := sub.Since
	if origin.IsZero() {
		origin = asOf
		if len(logs) > 0 && logs[0].due.Before(origin) {
			origin = logs[0].due
		}
	}
	first := weekOf(origin, loc)
	deloadWeek := func(w int) bool { return w >= first && (w-first)%DeloadEvery == DeloadEvery-1 }

	var tracks [numLadders]track
	for i := range catalogue {
		tracks[i] = newTrack(&catalogue[i], sub)
	}
	st := State{}
	lastDone := first - 1 // the week of the last ✅
	penalised := 0        // missed weeks since lastDone already stepped back
	missed := func(w int) {
		gap := w - lastDone - 1
		if gap < 2 || gap <= penalised {
			return
		}
		for i := range tracks { // penalised is 0 or a gap already stepped back
			tracks[i].down(gap-penalised, tracks[i].start, "missed weeks")
		}
		penalised = gap
		st.MissedWeeks = gap
	}

	for _, l := range logs {
		w := weekOf(l.due, loc)
		missed(w)
		deload := deloadWeek(w)
		for _, i := range sessionLadders[st.Completed%2] {
			t := &tracks[i]
			switch {
			case l.pain:
				t.hardRun = 0
				t.down(1, 0, "pain")
				st.SafetyFlag = true
			case l.tooHard:
				t.hardRun++
				if t.hardRun >= 2 {
					t.hardRun = 0
					t.down(1, 0, "too hard")
					st.SafetyFlag = true
				} else {
					t.hold("too hard")
				}
			case l.tooEasy || l.done:
				t.hardRun = 0
				if !l.done {
					break
				}
				if deload {
					t.hold("deload")
				} else {
					t.up()
				}
			}
		}
		if l.done {
			if !l.pain && !l.tooHard {
				st.SafetyFlag = false
			}
			st.Completed++
			lastDone, penalised, st.MissedWeeks = max(lastDone, w), 0, 0
		}
	}
	now := weekOf(asOf, loc)
	missed(now)
	st.Deload = deloadWeek(now)
	st.Exercises = make([]ExerciseState, numLadders)
	for i := range tracks {
		st.Exercises[i] = tracks[i].state(st.Deload)
	}
	return st
}

// weekOf numbers the Monday-start week holding t's local date in loc;
// consecutive weeks have consecutive numbers.
func weekOf(t time.Time, loc *time.Location) int {
	y, m, d := t.In(loc).Date()
	days := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
	// 1970-01-01 was a Thursday: shift so weeks start on Monday, and floor
	// for dates before 1970.
	days += 3
	if days < 0 {
		return (days - 6) / 7
	}
	return days / 7
}
