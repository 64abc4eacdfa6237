package plans

import (
	"flag"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

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

// seedFlag sets the seed of the randomised tests: go test ./plans -run
// TestProgressProperties -seed N replays a run whose log printed seed N.
// PLANS_SEED=N does the same where the flag cannot be passed (go test ./...).
var seedFlag = flag.Uint64("seed", 0, "seed for plans' randomised tests; 0 picks a new one")

// testSeed is the seed a randomised test runs with: -seed, else PLANS_SEED,
// else a new one each run. It is logged, so a failure says how to replay it.
func testSeed(t *testing.T) uint64 {
	t.Helper()
	seed := *seedFlag
	if seed == 0 {
		if env := os.Getenv("PLANS_SEED"); env != "" {
			var err error
			if seed, err = strconv.ParseUint(env, 10, 64); err != nil {
				t.Fatalf("PLANS_SEED=%q: %v", env, err)
			}
		}
	}
	for seed == 0 {
		seed = rand.Uint64()
	}
	t.Logf("seed %d: replay with go test ./plans -run '^%s$' -seed %d", seed, t.Name(), seed)
	return seed
}

func TestProgressProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(testSeed(t), 2))
	for iter := range 300 {
		sub := testSub(Level(r.IntN(3)), Equipment(r.IntN(3)))
		if r.IntN(2) == 0 {
			sub.Zone = "America/New_York"
		}
		h := randomHistory(r, 1+r.IntN(80))
		checkProperties(t, iter, h, sub)
	}
}

// TestReplayShowsWorkoutsAsPosted: the workouts a replay hands its callers
// (ReviewWeek's "last seen", Summarize's weeks, TooHardStepsBack's session)
// are the ones WorkoutFor posted, exercise by exercise.
func TestReplayShowsWorkoutsAsPosted(t *testing.T) {
	r := rand.New(rand.NewPCG(testSeed(t), 4))
	for iter := range 100 {
		sub := testSub(Level(r.IntN(3)), Equipment(r.IntN(3)))
		if r.IntN(2) == 0 {
			sub.Since, sub.Zone = time.Time{}, "America/New_York"
		}
		h := randomHistory(r, 1+r.IntN(60))
		met := 0
		replay(h, sub, slot(0).AddDate(2, 0, 0), func(w posted) {
			met++
			want := WorkoutFor(h, sub, w.due)
			if want.Title != sessions[w.session].title {
				t.Fatalf("#%d: the workout due %v was posted as %q, the replay met session %d", iter, w.due, want.Title, w.session)
			}
			for k, x := range w.items {
				if diff := cmp.Diff(want.Items[k], itemOf(x)); diff != "" {
					t.Fatalf("#%d: the workout due %v (-posted +replay):\n%s", iter, w.due, diff)
				}
			}
		})
		if workouts := len(group(h)); met != workouts {
			t.Fatalf("#%d: the replay met %d workouts of %d", iter, met, workouts)
		}
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
		pain := slices.ContainsFunc(prefix, func(e Entry) bool { return e.Kind == Pain && e.Due.Equal(due) })
		for j, x := range st.Exercises {
			p := prev.Exercises[j]
			if x.Step < 0 || x.Step > x.MaxStep || x.Sets < 1 || x.Sets > 3 || x.Reps < 1 || x.Reps > 15 || x.Rest <= 0 {
				t.Fatalf("#%d entry %d: %s out of range: %+v", iter, i, x.Exercise, x)
			}
			if d := x.Step - p.Step; d > 1 {
				t.Fatalf("#%d entry %d: %s moved %d steps up in one workout", iter, i, x.Exercise, d)
			}
			if pain && slices.Contains(sessionLadders[prev.Session][:], j) && x.TotalReps() > p.TotalReps() {
				t.Fatalf("#%d entry %d: %s went from %d to %d reps after pain", iter, i, x.Exercise, p.TotalReps(), x.TotalReps())
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
		if diff := cmp.Diff(prev, Progress(without, sub, asOf)); diff != "" {
			t.Fatalf("#%d entry %d: undo did not give back the state before (-before +undo):\n%s", iter, i, diff)
		}
	}
	shuffled := slices.Clone(h)
	rand.New(rand.NewPCG(uint64(len(h)), 3)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	end := slot(0).AddDate(2, 0, 0)
	if diff := cmp.Diff(Progress(h, sub, end), Progress(shuffled, sub, end)); diff != "" {
		t.Fatalf("#%d: the order of the log changed the state (-in order +shuffled):\n%s", iter, diff)
	}
	if !slices.Equal(h, orig) {
		t.Fatalf("#%d: Progress modified the history it was given", iter)
	}
}
