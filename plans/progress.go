package plans

import (
	"cmp"
	"slices"
	"time"
)

// Progression, all derived from the log each time (nothing is stored, so
// removing an entry — undoing a ✅ — gives back exactly the earlier state).
//
// Each exercise walks its path (see path.go): the rungs its ladder has for
// the user's equipment, each rung a list of sets × reps steps. The level and
// equipment pick the starting rung (startTable).
//
// Rules, applied workout by workout in the order they were due:
//   - ✅ done: each exercise of the session moves up one step, except in a
//     deload week, which holds. A ✅ without 😅 or 🤕 clears the safety flag.
//   - 🤕 pain: every exercise of that session goes back to the start of the
//     rung before the one it was on (or the start of the first rung), and
//     the next session of it never has more total reps than the session
//     that hurt. The safety flag is raised. Pain on a workout counts against
//     every exercise of that workout: the log does not say which one hurt.
//   - Three pain reports on one exercise within PainWindow: it is paused and
//     the gentlest rung of its partner ladder (same movement pattern, other
//     session) stands in, until PainWindow passes without pain on it. The
//     user is told to see a physiotherapist.
//   - 😅 too hard: the exercise holds; the second 😅 in a row on the same
//     exercise takes it back one rung, as pain does, and raises the safety
//     flag.
//   - 💪 too easy counts as a vote to progress: it cancels an earlier 😅 so it
//     cannot pair with a later one, and with a ✅ the step is taken as usual.
//     It never adds a second step. When a workout has both 😅 and 💪, the
//     later one counts.
//   - Only ✅ advances. A 😅 or 🤕 without a ✅ still applies to the session
//     that would have been posted.
//   - Two or more whole weeks without a ✅ step every exercise back one step
//     per missed week, but never below the starting rung (an exercise already
//     below it stays where it is), and never to more total reps.
//   - Deload: after DeloadEvery-1 weeks with a ✅ on a loaded rung (or
//     BodyweightDeloadEvery-1 weeks with a ✅, loaded or not), the next week
//     is a deload week: every exercise repeats its last session with a set
//     fewer (so never a new rung or more load) and ✅ holds.
//     A break of two weeks or more counts as the rest and restarts the count.
//
// Sessions alternate: each workout is the other session than the last one
// done before it (A — squat, glute bridge, deadlift — when there is none;
// B is lunge, hip thrust, Romanian deadlift), so A,B,A then B,A,B covers
// all six exercises every week at three a week. A ✅ counts here only from
// when it was recorded: marking an old post done after a newer one went out
// does not change the session the newer one was posted with.

// DeloadEvery is the deload cadence of loaded work: every DeloadEvery-th
// week of training is lighter.
const DeloadEvery = 6

// BodyweightDeloadEvery is the deload cadence while every exercise is still
// on a bodyweight rung: none in the first weeks.
const BodyweightDeloadEvery = 12

// PainWindow is the window in which three pain reports pause an exercise,
// and how long the pause lasts after the last report.
const PainWindow = 14 * 24 * time.Hour

// PainsToPause is how many pain reports within PainWindow pause an exercise.
const PainsToPause = 3

// Change is what last happened to an exercise.
type Change int

const (
	Unchanged   Change = iota // nothing logged for it yet
	MovedUp                   // moved up one step (or stayed at the top)
	Held                      // stayed (😅 once, a deload week, or missed weeks at the start)
	SteppedBack               // moved down (🤕, 😅 twice, or missed weeks)
)

// ExerciseState is where one exercise stands: what its next session asks.
type ExerciseState struct {
	Exercise  string // ladder name
	Variation string // the variation to do (the stand-in's when Paused)
	Modifier  string // "" or how to make it harder: "3-1-3 tempo", "5-second pause", "deficit", "loaded backpack"
	Equipment Equipment
	Rung      int // index into the variations of the ladder named by Exercise (StandIn when Paused)
	Step      int // position on the user's path; 0 is the path's first step
	MaxStep   int // the top of the path
	Sets      int
	Reps      int
	EachSide  bool // a single-leg move: Reps on each side
	Rest      int  // seconds between sets
	LoadSteps int  // load steps above the first weight
	Load      string
	Change    Change
	Reason    string // why it last held or stepped back: "pain", "too hard", "missed weeks", "deload", "paused"
	Paused    bool   // paused after repeated pain; StandIn's gentlest rung replaces it
	StandIn   string // ladder name of the stand-in when Paused
}

// TotalReps is sets × reps (per side for a single-leg move).
func (x ExerciseState) TotalReps() int { return x.Sets * x.Reps }

// State is a subscriber's progression at one instant.
type State struct {
	Exercises  []ExerciseState // the six ladders, catalogue order
	Completed  int             // completed workouts
	Session    int             // the session of a workout due at the instant: 0 (A) or 1 (B)
	Deload     bool            // the instant falls in a deload week
	SafetyFlag bool            // pain or repeated 😅, not yet followed by a clean ✅
	// MissedWeeks is how many whole weeks without a ✅ preceded the
	// instant since the last ✅, when they were two or more; otherwise 0.
	MissedWeeks int
}

// Paused lists the exercises paused after repeated pain.
func (s State) Paused() []ExerciseState {
	var out []ExerciseState
	for _, x := range s.Exercises {
		if x.Paused {
			out = append(out, x)
		}
	}
	return out
}

// workoutLog is everything logged about one scheduled workout.
type workoutLog struct {
	due                    time.Time
	doneAt                 time.Time // when the first ✅ was recorded; zero when unknown
	done, tooHard, tooEasy bool
	pain                   bool
	tied                   bool // 😅 and 💪 at the same instant: 😅 counts
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
				if !l.done {
					l.doneAt = e.At // sorted by At within a kind
				}
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
			l.tied = easyAt.Equal(hardAt)
			l.tooHard, l.tooEasy = !later, later
		}
		logs = append(logs, l)
		es = es[n:]
	}
	return logs
}

// Feedback is the feedback on one workout that the plan acts on: of 😅 and
// 💪 only the later one, and pain, which decides the next session whatever
// else was said.
type Feedback struct {
	TooHard, TooEasy, Pain bool
	// Tied: 😅 and 💪 were given at the same instant, so which came last
	// is unknown; the plan holds, as for 😅.
	Tied bool
}

// FeedbackOn reads the feedback on the workout due at due as the plan does.
func FeedbackOn(history []Entry, due time.Time) Feedback {
	var own []Entry
	for _, e := range history {
		if e.Due.Equal(due) {
			own = append(own, e)
		}
	}
	for _, l := range group(own) {
		return Feedback{TooHard: l.tooHard, TooEasy: l.tooEasy, Pain: l.pain, Tied: l.tied}
	}
	return Feedback{}
}

// TooHardStepsBack reports whether the 😅 on the workout due at due is the
// second in a row on its moves, which takes their next session back a rung
// instead of holding it. A workout with nothing logged on it has no 😅: false.
func TooHardStepsBack(history []Entry, sub Subscription, due time.Time) bool {
	var upTo []Entry
	for _, e := range history {
		if !e.Due.After(due) {
			upTo = append(upTo, e)
		}
	}
	session := -1 // the session the workout was posted with; -1 when nothing was logged on it
	st := replay(upTo, sub, due, func(w posted) {
		if w.due.Equal(due) {
			session = w.session
		}
	})
	if session < 0 {
		return false
	}
	for _, i := range sessionLadders[session] {
		if x := st.Exercises[i]; x.Change == SteppedBack && x.Reason == "too hard" {
			return true
		}
	}
	return false
}

// sessionLadders lists the ladders of session A (0) and B (1).
var sessionLadders = [2][3]int{
	{squat, gluteBridge, deadlift},
	{lunge, hipThrust, rdl},
}

// stepRef is one step of a path: a rung and a position in its scheme.
type stepRef struct{ rung, within int }

// track is one exercise's walk along its path during a replay.
type track struct {
	ladder  int
	path    path
	step    int // index into path.steps
	hardRun int // 😅 in a row
	change  Change
	reason  string
	fresh   bool        // the last move was up: the current step is not done yet
	cap     int         // > 0: the next session has at most this many total reps
	pains   []time.Time // when pain was reported on it, oldest first
	paused  time.Time   // paused until then after repeated pain
}

func newTrack(li int, sub Subscription) track {
	p := pathFor(li, sub)
	return track{ladder: li, path: p, step: p.first}
}

func (t *track) up() {
	if t.step < len(t.path.steps)-1 {
		t.step++
	}
	t.change, t.reason, t.cap, t.fresh = MovedUp, "", 0, true
}

func (t *track) hold(reason string) { t.change, t.reason = Held, reason }

// capAt keeps the next session at or below total reps.
func (t *track) capAt(total int) {
	if t.cap == 0 || total < t.cap {
		t.cap = total
	}
}

// down steps back n steps, not below floor (nor raising a step already
// below it), and never to more total reps than shown. An exercise already
// at the floor holds, for the same reason.
func (t *track) down(n, floor, shown int, reason string) {
	step := max(t.step-n, min(t.step, floor))
	if step == t.step {
		t.hold(reason)
		return
	}
	t.step = step
	t.change, t.reason, t.fresh = SteppedBack, reason, false
	t.capAt(shown)
}

// backOneRung goes to the first step of the rung before the current one (of
// the current one when it is the first), with the next session capped at
// the total reps shown last time. A loaded round below the user's start is
// one they never lifted: they get its first weight instead.
func (t *track) backOneRung(shown int, reason string) {
	rs := t.path.rungs
	target := max(t.path.steps[t.step].rung-1, 0)
	if target < t.path.start {
		for target > 0 && rs[target].load > 0 {
			target--
		}
	}
	for i, s := range t.path.steps {
		if s.rung == target {
			t.step = i
			break
		}
	}
	t.change, t.reason, t.fresh = SteppedBack, reason, false
	t.capAt(shown)
}

// painAt records a pain report and pauses the exercise on the third within
// PainWindow (a report while paused extends the pause).
func (t *track) painAt(due time.Time) {
	t.pains = append(t.pains, due)
	n := 0
	for _, p := range t.pains {
		if due.Sub(p) < PainWindow {
			n++
		}
	}
	if n >= PainsToPause || due.Before(t.paused) {
		t.paused = due.Add(PainWindow)
	}
}

// view is what the exercise's next session asks for.
func (t *track) view(deload bool, at time.Time) ExerciseState {
	li, p, st := t.ladder, t.path, t.path.steps[t.step]
	paused := at.Before(t.paused)
	if paused {
		li = partner[t.ladder]
		p = paths[li][Beginner][NoEquipment]
		st = stepRef{0, 0}
	} else if deload && t.step > 0 && t.fresh {
		// A deload repeats the last session with a set fewer: it never
		// starts a new rung or load.
		st = t.path.steps[t.step-1]
	}
	r := p.rungs[st.rung]
	v := catalogue[li].Variations[r.variation]
	pr := r.scheme.steps[st.within]
	if deload {
		pr.sets = max(pr.sets-1, 1)
	}
	if t.cap > 0 && pr.sets*pr.reps > t.cap {
		pr.reps = max(t.cap/pr.sets, 1)
		for pr.sets > 1 && pr.reps < 5 {
			pr.sets--
			pr.reps = t.cap / pr.sets
		}
		pr.reps = max(min(pr.reps, t.cap), 1)
	}
	x := ExerciseState{
		Exercise:  catalogue[t.ladder].Name,
		Variation: v.Name,
		Modifier:  r.mod.String(),
		Equipment: v.Equipment,
		Rung:      r.variation,
		Step:      t.step,
		MaxStep:   len(t.path.steps) - 1,
		Sets:      pr.sets,
		Reps:      pr.reps,
		EachSide:  v.SingleLeg,
		Rest:      r.scheme.rest,
		LoadSteps: r.load,
		Load:      r.loadText(st.within, t.fresh && !deload),
		Change:    t.change,
		Reason:    t.reason,
	}
	if paused {
		x.Paused, x.StandIn, x.Reason = true, catalogue[li].Name, "paused"
	}
	return x
}

// Progress derives every exercise's rung, sets and reps at asOf from the log.
// Entries count when they were due or recorded by asOf. See the rules above.
func Progress(history []Entry, sub Subscription, asOf time.Time) State {
	return replay(known(history, asOf), sub, asOf, nil)
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

// posted is one workout a replay met, as it was posted: what WorkoutFor
// gives for it.
type posted struct {
	due     time.Time
	done    bool
	session int
	items   [3]ExerciseState // sessionLadders[session], before the workout's own feedback
}

// replay applies the rules to every entry in history and reports the state
// at asOf, whose week settles missed weeks and deload. When each is not nil,
// it is called with every workout logged in history, in due order, so a
// caller that needs what several workouts asked replays the log once.
func replay(history []Entry, sub Subscription, asOf time.Time, each func(posted)) State {
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

	var tracks [numLadders]track
	for i := range catalogue {
		tracks[i] = newTrack(i, sub)
	}
	st := State{}
	lastDone := first - 1 // the week of the last ✅
	penalised := 0        // missed weeks since lastDone already stepped back

	// Deload bookkeeping: week is the week entered last; worked counts the
	// weeks with a ✅ since the last deload or break, loadedWeeks those of
	// them with a ✅ on a loaded rung.
	week, deload, worked, loadedWeeks := first-1, false, 0, 0
	workedThis, loadedThis := false, false
	enter := func(w int) {
		for week < w {
			if week >= first {
				switch {
				case deload:
					worked, loadedWeeks = 0, 0
				case workedThis:
					worked++
					if loadedThis {
						loadedWeeks++
					}
				}
			}
			week++
			workedThis, loadedThis = false, false
			deload = week >= first && (worked >= BodyweightDeloadEvery-1 || loadedWeeks >= DeloadEvery-1)
			if !deload && week < w-1 {
				week = w - 1 // idle weeks in between change nothing
			}
		}
	}
	missed := func(w int, at time.Time) {
		gap := w - lastDone - 1
		if gap < 2 || gap <= penalised {
			return
		}
		for i := range tracks { // penalised is 0 or a gap already stepped back
			t := &tracks[i]
			t.down(gap-penalised, t.path.first, t.view(false, at).TotalReps(), "missed weeks")
		}
		penalised = gap
		st.MissedWeeks = gap
		// The break was the rest: the count restarts, and the week of the
		// last ✅ before it, which enter has not counted yet, is not counted.
		worked, loadedWeeks, workedThis, loadedThis = 0, 0, false, false
	}

	// dones are the workouts done so far, in due order, with their session.
	type doneRef struct {
		at      time.Time
		session int
	}
	var dones []doneRef
	sessionAt := func(t time.Time) int {
		for _, d := range slices.Backward(dones) {
			if d.at.IsZero() || !d.at.After(t) {
				return 1 - d.session
			}
		}
		return 0
	}

	for _, l := range logs {
		w := weekOf(l.due, loc)
		missed(w, l.due)
		enter(w)
		session := sessionAt(l.due)
		p := posted{due: l.due, done: l.done, session: session}
		for k, i := range sessionLadders[session] {
			t := &tracks[i]
			shown := t.view(deload, l.due)
			p.items[k] = shown
			if l.done && shown.Load != "" {
				loadedThis = true
			}
			switch {
			case l.pain:
				t.hardRun = 0
				t.painAt(l.due)
				t.backOneRung(shown.TotalReps(), "pain")
				st.SafetyFlag = true
			case l.tooHard:
				t.hardRun++
				if t.hardRun >= 2 {
					t.hardRun = 0
					t.backOneRung(shown.TotalReps(), "too hard")
					st.SafetyFlag = true
				} else {
					t.hold("too hard")
				}
			case l.tooEasy || l.done:
				t.hardRun = 0
				switch {
				case !l.done:
				case shown.Paused:
					t.hold("paused")
				case deload:
					t.hold("deload")
				default:
					t.up()
				}
			}
		}
		if l.done {
			if !l.pain && !l.tooHard {
				st.SafetyFlag = false
			}
			st.Completed++
			dones = append(dones, doneRef{l.doneAt, session})
			workedThis = true
			lastDone, penalised, st.MissedWeeks = max(lastDone, w), 0, 0
		}
		if each != nil {
			each(p)
		}
	}
	now := weekOf(asOf, loc)
	missed(now, asOf)
	enter(now)
	st.Deload = deload
	st.Session = sessionAt(asOf)
	st.Exercises = make([]ExerciseState, numLadders)
	for i := range tracks {
		st.Exercises[i] = tracks[i].view(st.Deload, asOf)
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
