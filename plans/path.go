package plans

import "fmt"

// Paths: the rungs each exercise climbs, per equipment setting, and where a
// level starts on them.
//
// A path is a list of rungs. A rung is a variation, sometimes done a harder
// way (a modifier: a 3-1-3 tempo, a five-second pause, a deficit, a loaded
// backpack), at a load. A loaded rung — one that needs dumbbells or a gym,
// or is done with a loaded backpack — repeats at heavier loads: its first
// round is at the user's first weight, each later round one load step
// heavier. Past the top bodyweight rung the path goes on with tempo, pauses,
// deficits, single-leg versions and a loaded backpack, so a user who keeps
// training never stalls.
//
// Each rung has a rep scheme:
//
//	light, first round:  2×10, 2×12, 2×14, 2×15, 3×10, 3×12, 3×14, 3×15 (rest 60 s; 90 s when loaded)
//	light, later rounds: 3×10, 3×12, 3×15                                  (rest 90 s)
//	heavy barbell:       3×6, 3×7, 3×8, 3×9, 3×10                          (rest 150 s)
//
// Starting rungs, level × equipment (startTable holds the exact names):
//
//	beginner      none: the easiest bodyweight rung of every exercise.
//	              dumbbells: bodyweight squat and split squat, the rest as none.
//	              gym: as dumbbells, plus a marching bridge and a dumbbell hip thrust.
//	intermediate  none: the second bodyweight rung (backpack deadlift).
//	              dumbbells: dumbbell rungs (goblet squat, dumbbell bridge, hip
//	              thrust, deadlift and RDL) and the bodyweight Bulgarian split squat.
//	              gym: as dumbbells, but the barbell glute bridge and hip thrust.
//	advanced      none: the third bodyweight rung (pause squat, single-leg moves).
//	              dumbbells: dumbbell rungs, dumbbell Bulgarian split squat.
//	              gym: barbell back squat, barbell glute bridge and hip thrust,
//	              trap bar deadlift, barbell RDL; dumbbell Bulgarian split squat.

// modifier is a harder way of doing a variation.
type modifier int

const (
	plain     modifier = iota
	tempo              // 3 seconds down, 1 second pause, 3 seconds up
	longPause          // a five-second hold in the hardest position
	deficit            // standing on a step for a longer range
	backpack           // holding a loaded backpack
)

func (m modifier) String() string {
	return [...]string{"", "3-1-3 tempo", "5-second pause", "deficit", "loaded backpack"}[m]
}

// cue is the one instruction a modifier adds to the variation's cues.
func (m modifier) cue() string {
	return [...]string{"",
		"Tempo 3-1-3: three seconds down, one second still, three seconds up",
		"Hold the hardest position for five slow seconds on every rep",
		"Stand on a sturdy step for a longer range; stop where your back stays flat",
		"Hold a backpack of books or bottles close to your body",
	}[m]
}

// loadKind says how a rung's load is added.
type loadKind int

const (
	unloaded     loadKind = iota
	perDumbbell           // one or two dumbbells
	barbellLoad           // plates on a bar
	backpackLoad          // books or bottles in a backpack
)

// firstWeight tells a user how to pick the load of a rung's first round.
func (k loadKind) firstWeight() string {
	switch k {
	case perDumbbell:
		return "first weight: dumbbells you could lift 3–4 more times than asked"
	case barbellLoad:
		return "first weight: a load you could lift 3–4 more times than asked (the bar alone is 20 kg / 45 lb)"
	case backpackLoad:
		return "first load: about 4 kg (9 lb) in the backpack, or what you could lift 3–4 more times than asked"
	}
	return ""
}

// step is the size of one load step, per dumbbell or in total, in kg and lb.
func (k loadKind) step() string {
	switch k {
	case perDumbbell:
		return "1–2 kg per dumbbell (2–5 lb)"
	case barbellLoad:
		return "2.5–5 kg in total (5–10 lb)"
	case backpackLoad:
		return "2 kg in the backpack (about 4 lb)"
	}
	return ""
}

// scheme is a list of sets × reps prescriptions with their rest.
type scheme struct {
	steps []prescription
	rest  int // seconds between sets
}

type prescription struct{ sets, reps int }

var (
	lightFirst = []prescription{{2, 10}, {2, 12}, {2, 14}, {2, 15}, {3, 10}, {3, 12}, {3, 14}, {3, 15}}
	lightLater = []prescription{{3, 10}, {3, 12}, {3, 15}}
	heavySteps = []prescription{{3, 6}, {3, 7}, {3, 8}, {3, 9}, {3, 10}}
)

// Rest between sets, in seconds.
const (
	restBodyweight = 60
	restLoaded     = 90
	restHeavy      = 150
)

// openLoads is how many load steps past the first weight the top rung of a
// path allows: more than two years of steady training.
const openLoads = 24

// rungSpec names one entry of a path; loads is how many load steps past the
// first weight it takes before the next entry (loaded rungs only).
type rungSpec struct {
	variation string
	mod       modifier
	loads     int
}

// rung is one expanded entry of a path.
type rung struct {
	variation int // index into the ladder's variations
	mod       modifier
	load      int // load steps past the first weight
	kind      loadKind
	scheme    scheme
}

// pathSpecs lists, per ladder and equipment, the rungs in order.
var pathSpecs = [numLadders][3][]rungSpec{
	squat: {
		NoEquipment: {{"Box squat", plain, 0}, {"Bodyweight squat", plain, 0}, {"Pause squat", plain, 0},
			{"Bodyweight squat", tempo, 0}, {"Single-leg box squat", plain, 0}, {"Single-leg box squat", tempo, 0},
			{"Bodyweight squat", backpack, openLoads}},
		Dumbbells: {{"Box squat", plain, 0}, {"Bodyweight squat", plain, 0}, {"Pause squat", plain, 0},
			{"Goblet squat", plain, openLoads}},
		Gym: {{"Box squat", plain, 0}, {"Bodyweight squat", plain, 0}, {"Goblet squat", plain, 2},
			{"Barbell back squat", plain, openLoads}},
	},
	lunge: {
		NoEquipment: {{"Supported split squat", plain, 0}, {"Split squat", plain, 0}, {"Reverse lunge", plain, 0},
			{"Reverse lunge", deficit, 0}, {"Bulgarian split squat", plain, 0}, {"Bulgarian split squat", tempo, 0},
			{"Bulgarian split squat", backpack, openLoads}},
		Dumbbells: {{"Supported split squat", plain, 0}, {"Split squat", plain, 0}, {"Reverse lunge", plain, 0},
			{"Bulgarian split squat", plain, 0}, {"Dumbbell Bulgarian split squat", plain, openLoads}},
		Gym: {{"Supported split squat", plain, 0}, {"Split squat", plain, 0}, {"Reverse lunge", plain, 0},
			{"Bulgarian split squat", plain, 0}, {"Dumbbell Bulgarian split squat", plain, openLoads}},
	},
	gluteBridge: {
		NoEquipment: {{"Glute bridge", plain, 0}, {"Marching glute bridge", plain, 0}, {"Single-leg glute bridge", plain, 0},
			{"Single-leg glute bridge", longPause, 0}, {"Single-leg glute bridge", tempo, 0},
			{"Glute bridge", backpack, openLoads}},
		Dumbbells: {{"Glute bridge", plain, 0}, {"Marching glute bridge", plain, 0}, {"Single-leg glute bridge", plain, 0},
			{"Dumbbell glute bridge", plain, openLoads}},
		Gym: {{"Glute bridge", plain, 0}, {"Marching glute bridge", plain, 0}, {"Dumbbell glute bridge", plain, 2},
			{"Barbell glute bridge", plain, openLoads}},
	},
	hipThrust: {
		NoEquipment: {{"Shoulders-elevated hip thrust", plain, 0}, {"Paused hip thrust", plain, 0},
			{"Single-leg hip thrust", plain, 0}, {"Single-leg hip thrust", longPause, 0}, {"Single-leg hip thrust", tempo, 0},
			{"Shoulders-elevated hip thrust", backpack, openLoads}},
		Dumbbells: {{"Shoulders-elevated hip thrust", plain, 0}, {"Paused hip thrust", plain, 0},
			{"Dumbbell hip thrust", plain, openLoads}},
		Gym: {{"Shoulders-elevated hip thrust", plain, 0}, {"Dumbbell hip thrust", plain, 2},
			{"Barbell hip thrust", plain, openLoads}},
	},
	deadlift: {
		NoEquipment: {{"Hip hinge drill", plain, 0}, {"Backpack deadlift", plain, 0}, {"Kickstand deadlift", plain, 0},
			{"Kickstand deadlift", backpack, 0}, {"Backpack deadlift", deficit, openLoads}},
		Dumbbells: {{"Hip hinge drill", plain, 0}, {"Dumbbell deadlift", plain, openLoads}},
		Gym: {{"Hip hinge drill", plain, 0}, {"Dumbbell deadlift", plain, 2}, {"Trap bar deadlift", plain, 4},
			{"Barbell deadlift", plain, openLoads}},
	},
	rdl: {
		NoEquipment: {{"Wall hip hinge", plain, 0}, {"Supported single-leg RDL", plain, 0}, {"Single-leg RDL", plain, 0},
			{"Single-leg RDL", tempo, 0}, {"Single-leg RDL", backpack, openLoads}},
		Dumbbells: {{"Wall hip hinge", plain, 0}, {"Supported single-leg RDL", plain, 0}, {"Dumbbell RDL", plain, openLoads}},
		Gym:       {{"Wall hip hinge", plain, 0}, {"Dumbbell RDL", plain, 2}, {"Barbell RDL", plain, openLoads}},
	},
}

// startTable is the starting variation per ladder, level and equipment. It
// is always a plain rung of the ladder's path for that equipment, at its
// first weight.
var startTable = [numLadders][3][3]string{ // [ladder][level][equipment]
	squat: {
		Beginner:     {"Box squat", "Bodyweight squat", "Bodyweight squat"},
		Intermediate: {"Bodyweight squat", "Goblet squat", "Goblet squat"},
		Advanced:     {"Pause squat", "Goblet squat", "Barbell back squat"},
	},
	lunge: {
		Beginner:     {"Supported split squat", "Split squat", "Split squat"},
		Intermediate: {"Split squat", "Bulgarian split squat", "Bulgarian split squat"},
		Advanced:     {"Reverse lunge", "Dumbbell Bulgarian split squat", "Dumbbell Bulgarian split squat"},
	},
	gluteBridge: {
		Beginner:     {"Glute bridge", "Glute bridge", "Marching glute bridge"},
		Intermediate: {"Marching glute bridge", "Dumbbell glute bridge", "Barbell glute bridge"},
		Advanced:     {"Single-leg glute bridge", "Dumbbell glute bridge", "Barbell glute bridge"},
	},
	hipThrust: {
		Beginner:     {"Shoulders-elevated hip thrust", "Shoulders-elevated hip thrust", "Dumbbell hip thrust"},
		Intermediate: {"Paused hip thrust", "Dumbbell hip thrust", "Barbell hip thrust"},
		Advanced:     {"Single-leg hip thrust", "Dumbbell hip thrust", "Barbell hip thrust"},
	},
	deadlift: {
		Beginner:     {"Hip hinge drill", "Hip hinge drill", "Hip hinge drill"},
		Intermediate: {"Backpack deadlift", "Dumbbell deadlift", "Dumbbell deadlift"},
		Advanced:     {"Kickstand deadlift", "Dumbbell deadlift", "Trap bar deadlift"},
	},
	rdl: {
		Beginner:     {"Wall hip hinge", "Wall hip hinge", "Wall hip hinge"},
		Intermediate: {"Supported single-leg RDL", "Dumbbell RDL", "Dumbbell RDL"},
		Advanced:     {"Single-leg RDL", "Dumbbell RDL", "Barbell RDL"},
	},
}

// path is one ladder's expanded rungs for one equipment setting, with the
// index of the starting rung.
type path struct {
	rungs []rung
	start int       // index of the starting rung
	steps []stepRef // every step of every rung, in order
	first int       // index in steps of the starting rung's first step
}

// paths holds every ladder × equipment × level path, built once.
var paths = func() (ps [numLadders][3][3]path) {
	for li := range catalogue {
		for e := NoEquipment; e <= Gym; e++ {
			rungs := expand(&catalogue[li], pathSpecs[li][e])
			for lv := Beginner; lv <= Advanced; lv++ {
				start := -1
				name := startTable[li][lv][e]
				for i, r := range rungs {
					if catalogue[li].Variations[r.variation].Name == name && r.mod == plain && r.load == 0 {
						start = i
						break
					}
				}
				if start < 0 {
					panic(fmt.Sprintf("plans: start %q is not on the %s path for %s", name, catalogue[li].Name, e))
				}
				p := path{rungs: rungs, start: start}
				for ri, r := range rungs {
					if ri == start {
						p.first = len(p.steps)
					}
					for w := range r.scheme.steps {
						p.steps = append(p.steps, stepRef{ri, w})
					}
				}
				ps[li][lv][e] = p
			}
		}
	}
	return ps
}()

// pathFor returns ladder li's path for sub (unknown settings read as
// beginner without equipment).
func pathFor(li int, sub Subscription) path {
	lv, e := sub.Level, sub.Equipment
	if lv < Beginner || lv > Advanced {
		lv = Beginner
	}
	if e < NoEquipment || e > Gym {
		e = NoEquipment
	}
	return paths[li][lv][e]
}

func expand(l *Ladder, specs []rungSpec) []rung {
	var out []rung
	for _, sp := range specs {
		vi := -1
		for i, v := range l.Variations {
			if v.Name == sp.variation {
				vi = i
			}
		}
		if vi < 0 {
			panic("plans: no variation " + sp.variation + " in " + l.Name)
		}
		v := l.Variations[vi]
		kind := unloaded
		switch {
		case v.Equipment == Gym:
			kind = barbellLoad
		case v.Equipment == Dumbbells:
			kind = perDumbbell
		case v.Carried || sp.mod == backpack:
			kind = backpackLoad
		}
		if kind == unloaded {
			out = append(out, rung{variation: vi, mod: sp.mod, scheme: scheme{lightFirst, restBodyweight}})
			continue
		}
		for load := 0; load <= sp.loads; load++ {
			sc := scheme{lightFirst, restLoaded}
			switch {
			case v.Heavy:
				sc = scheme{heavySteps, restHeavy}
			case load > 0:
				sc = scheme{lightLater, restLoaded}
			}
			out = append(out, rung{variation: vi, mod: sp.mod, load: load, kind: kind, scheme: sc})
		}
	}
	return out
}

// loaded reports whether the rung carries a load.
func (r rung) loaded() bool { return r.kind != unloaded }

// loadText is the load guidance for round r at step within it; fresh says
// the load step was just taken.
func (r rung) loadText(within int, fresh bool) string {
	switch {
	case !r.loaded():
		return ""
	case r.load == 0:
		return r.kind.firstWeight()
	case within == 0 && fresh:
		return fmt.Sprintf("add a step: %s (first weight + %s)", r.kind.step(), Plural(r.load, "step"))
	default:
		return fmt.Sprintf("first weight + %s of %s", Plural(r.load, "step"), r.kind.step())
	}
}

// partner is the other ladder of the same pattern: the stand-in when an
// exercise is paused.
var partner = [numLadders]int{squat: lunge, lunge: squat, gluteBridge: hipThrust, hipThrust: gluteBridge, deadlift: rdl, rdl: deadlift}
