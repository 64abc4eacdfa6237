package plans

import "slices"

// Pattern is the movement family a ladder belongs to; each session holds one
// ladder of each.
type Pattern int

const (
	KneeDominant Pattern = iota // squat or lunge
	Bridge                      // glute bridge or hip thrust
	Hinge                       // deadlift or Romanian deadlift
)

// Mistake is a common fault and how to fix it.
type Mistake struct {
	What, Fix string
}

// Variation is one rung of a ladder.
type Variation struct {
	Name      string
	Aliases   []string // other names people type, for lookup
	Equipment Equipment
	Cues      []string  // form cues, most important first; the first three go into workouts
	Mistakes  []Mistake // common mistakes with their fixes
	Safety    string    // the back-safety note
	SingleLeg bool      // one side at a time: reps are counted each side
	Heavy     bool      // a heavy barbell lift: lower reps (6–10), longer rest
	Carried   bool      // needs no equipment but is done holding a loaded backpack
}

// Ladder is one exercise as an ordered list of variations, easiest first.
type Ladder struct {
	Name       string
	Aliases    []string
	Pattern    Pattern
	Safety     string // the back-safety note for the exercise as a whole
	Variations []Variation
}

// Exercise is a ladder's or variation's lookup names, for autocomplete.
type Exercise struct {
	Name    string
	Aliases []string
	Ladder  string // the ladder this name belongs to; equal to Name for a ladder
}

// Exercises lists every ladder followed by its variations, each with its
// aliases, in catalogue order.
func Exercises() []Exercise {
	var out []Exercise
	for _, l := range catalogue {
		out = append(out, Exercise{Name: l.Name, Aliases: slices.Clone(l.Aliases), Ladder: l.Name})
		for _, v := range l.Variations {
			out = append(out, Exercise{Name: v.Name, Aliases: slices.Clone(v.Aliases), Ladder: l.Name})
		}
	}
	return out
}

// Ladders returns a copy of the catalogue, in catalogue order.
func Ladders() []Ladder {
	out := make([]Ladder, len(catalogue))
	for i, l := range catalogue {
		out[i] = l
		out[i].Aliases = slices.Clone(l.Aliases)
		out[i].Variations = make([]Variation, len(l.Variations))
		for j, v := range l.Variations {
			v.Aliases, v.Cues, v.Mistakes = slices.Clone(v.Aliases), slices.Clone(v.Cues), slices.Clone(v.Mistakes)
			out[i].Variations[j] = v
		}
	}
	return out
}

// Ladder indexes into catalogue, in the order workouts and summaries list
// them.
const (
	squat = iota
	lunge
	gluteBridge
	hipThrust
	deadlift
	rdl
	numLadders
)

// catalogue is the exercise content. Every ladder has at least three rungs
// that need no equipment, so every level has a starting rung on every
// equipment setting. catalogue_test.go checks every field.
var catalogue = [numLadders]Ladder{
	squat: {
		Name:    "Squat",
		Aliases: []string{"squat", "squats", "squatting", "sentadilla", "sentadillas", "kniebeuge", "kniebeugen", "agachamento", "accroupissement"},
		Pattern: KneeDominant,
		Safety:  "Squat only as deep as your lower back stays neutral, keep your knees tracking over your toes, and let your glutes finish each rep.",
		Variations: []Variation{
			{
				Name:      "Box squat",
				Aliases:   []string{"chair squat", "sit to stand", "sit-to-stand"},
				Equipment: NoEquipment,
				Cues: []string{
					"Sit back to a chair, touch lightly, stand tall",
					"Push the floor away through your whole foot",
					"Squeeze your glutes to finish standing",
					"Keep your chest proud and spine long",
				},
				Mistakes: []Mistake{
					{"Dropping onto the seat", "Lower for a slow count of three and only brush the chair"},
					{"Rocking forward to stand", "Shift weight to mid-foot and drive up with your hips and knees together"},
				},
				Safety: "Use a chair height that lets you keep your back long; if you have to round to reach it, pick a higher seat.",
			},
			{
				Name:      "Bodyweight squat",
				Aliases:   []string{"air squat", "free squat"},
				Equipment: NoEquipment,
				Cues: []string{
					"Feet shoulder-width, toes turned out slightly",
					"Knees track over your toes on the way down",
					"Stand up by squeezing your glutes, not leaning",
					"Brace your tummy lightly; keep a neutral spine",
				},
				Mistakes: []Mistake{
					{"Knees caving inward", "Think of spreading the floor apart with your feet"},
					{"Heels lifting off the floor", "Sit the hips back a little and keep weight through your heels"},
					{"Tailbone tucking under at the bottom", "Stop just above the depth where your lower back starts to round"},
				},
				Safety: "Only squat as deep as you can while keeping your lower back neutral; depth comes with practice, not force.",
			},
			{
				Name:      "Pause squat",
				Aliases:   []string{"paused squat", "tempo squat"},
				Equipment: NoEquipment,
				Cues: []string{
					"Lower for three seconds, pause two at the bottom",
					"Stay braced during the pause; do not relax",
					"Drive up and squeeze your glutes at the top",
				},
				Mistakes: []Mistake{
					{"Bouncing out of the pause", "Count the pause out loud and start the rise smoothly"},
					{"Losing the brace at the bottom", "Breathe in before you lower and hold it through the pause"},
				},
				Safety: "Pick a pause depth where your back stays neutral; a shallower pause done well beats a deep one with a rounded back.",
			},
			{
				Name:      "Single-leg box squat",
				SingleLeg: true,
				Aliases:   []string{"single leg squat", "box pistol", "pistol squat to box", "single leg box squat"},
				Equipment: NoEquipment,
				Cues: []string{
					"Stand on one leg in front of a chair, other foot just off the floor",
					"Sit back slowly until you touch the seat, then stand on the same leg",
					"Keep the standing knee over your toes and your hips level",
				},
				Mistakes: []Mistake{
					{"Dropping onto the chair", "Lower for three seconds; use a higher seat until you can control it"},
					{"Knee caving inward", "Push the knee gently out over your little toes"},
				},
				Safety: "Use a seat high enough that your lower back stays neutral at the bottom, and hold a wall for balance if you wobble.",
			},
			{
				Name:      "Goblet squat",
				Aliases:   []string{"dumbbell squat", "db squat", "kettlebell squat"},
				Equipment: Dumbbells,
				Cues: []string{
					"Hold one dumbbell upright against your chest",
					"Elbows point down and brush inside your knees",
					"Keep your torso tall and stand with your glutes",
				},
				Mistakes: []Mistake{
					{"Weight drifting away from the chest", "Keep the dumbbell touching your sternum the whole set"},
					{"Rounding the upper back", "Pick a lighter dumbbell and lift your chest as you lower"},
				},
				Safety: "Choose a weight you can hold close with a straight back for every rep; stop the set when your form slips.",
			},
			{
				Name:      "Barbell back squat",
				Heavy:     true,
				Aliases:   []string{"back squat", "barbell squat"},
				Equipment: Gym,
				Cues: []string{
					"Bar on your upper back, hands squeezing it tight",
					"Brace before each rep, then sit down between your hips",
					"Drive up with hips and chest rising together",
				},
				Mistakes: []Mistake{
					{"Hips shooting up first", "Lighten the bar and lead the rise with your chest and hips together"},
					{"Overarching the lower back at the top", "Finish by squeezing your glutes, ribs stacked over your pelvis"},
				},
				Safety: "Squat inside a rack with safety bars set just below your bottom position, and learn the lift with light loads first.",
			},
		},
	},
	lunge: {
		Name:    "Lunge",
		Aliases: []string{"lunge", "lunges", "lunging", "zancada", "zancadas", "ausfallschritt", "ausfallschritte", "fente", "fentes", "afundo", "avanço"},
		Pattern: KneeDominant,
		Safety:  "Keep your ribs stacked over your pelvis and your front knee over your toes; hold a wall whenever balance makes you twist or arch.",
		Variations: []Variation{
			{
				Name:      "Supported split squat",
				SingleLeg: true,
				Aliases:   []string{"assisted split squat", "assisted lunge"},
				Equipment: NoEquipment,
				Cues: []string{
					"Hold a wall or chair lightly for balance",
					"Long stance; lower the back knee straight down",
					"Push through the front heel to rise",
				},
				Mistakes: []Mistake{
					{"Pulling yourself up with your hands", "Use the support only for balance, with fingertips"},
					{"Front knee collapsing inward", "Keep the front knee pointing over your second toe"},
				},
				Safety: "Keep your torso upright over your hips; if your lower back arches, shorten the range.",
			},
			{
				Name:      "Split squat",
				SingleLeg: true,
				Aliases:   []string{"static lunge", "stationary lunge"},
				Equipment: NoEquipment,
				Cues: []string{
					"Stand in a long stride, feet hip-width apart",
					"Drop the back knee toward the floor, torso tall",
					"Feel the front glute working as you rise",
				},
				Mistakes: []Mistake{
					{"Stance too narrow, wobbling", "Place your feet as if on two train tracks, not a tightrope"},
					{"Leaning back and arching", "Lean very slightly forward from the hips with ribs down"},
				},
				Safety: "Keep your ribs stacked over your pelvis; arching back to stay upright loads your lower back instead of your glutes.",
			},
			{
				Name:      "Reverse lunge",
				SingleLeg: true,
				Aliases:   []string{"backward lunge", "back lunge", "step-back lunge"},
				Equipment: NoEquipment,
				Cues: []string{
					"Step back softly and lower straight down",
					"Most weight stays on the front foot",
					"Push through the front heel to step back up",
				},
				Mistakes: []Mistake{
					{"Stepping back too short", "Step far enough that both knees bend to about a right angle"},
					{"Pushing off the back foot", "Drive up with the front leg; the back foot just balances"},
				},
				Safety: "Move slowly enough to control each step; a wobble that twists your trunk means slow down or hold support.",
			},
			{
				Name:      "Bulgarian split squat",
				SingleLeg: true,
				Aliases:   []string{"rear foot elevated split squat", "rfess", "bulgarian"},
				Equipment: NoEquipment,
				Cues: []string{
					"Rest your back foot on a chair or bench",
					"Lower until the front thigh is about level",
					"Hinge forward slightly to bias the glute",
				},
				Mistakes: []Mistake{
					{"Front foot too close to the bench", "Move the front foot out until the shin stays near vertical at the bottom"},
					{"Arching the back to stay upright", "Brace your tummy and lean slightly forward from the hips"},
				},
				Safety: "Keep the back leg relaxed and the spine long; if your lower back or hip flexor pinches, use a lower support.",
			},
			{
				Name:      "Dumbbell Bulgarian split squat",
				SingleLeg: true,
				Aliases:   []string{"db bulgarian split squat", "weighted bulgarian split squat", "dumbbell split squat"},
				Equipment: Dumbbells,
				Cues: []string{
					"Hold a dumbbell in each hand, arms long",
					"Lower under control, front knee over toes",
					"Drive through the front heel and squeeze the glute",
				},
				Mistakes: []Mistake{
					{"Shoulders rounding forward under the weights", "Pull your shoulders back and down and use lighter dumbbells"},
					{"Rushing the lowering", "Take two seconds down on every rep"},
				},
				Safety: "Let the dumbbells hang straight down; if they pull you into a rounded or twisted back, go lighter.",
			},
		},
	},
	gluteBridge: {
		Name:    "Glute bridge",
		Aliases: []string{"bridge", "bridges", "hip bridge", "glute bridges", "butt bridge", "puente de glúteos", "puente glúteo", "beckenheben", "gesäßbrücke", "glute brücke", "pont fessier", "ponte de glúteos", "ponte glúteo"},
		Pattern: Bridge,
		Safety:  "Lift with a glute squeeze, not a back arch: stop where your hips, knees and shoulders line up.",
		Variations: []Variation{
			{
				Name:      "Glute bridge",
				Aliases:   []string{"floor bridge", "basic bridge"},
				Equipment: NoEquipment,
				Cues: []string{
					"Lie on your back, feet flat, knees bent",
					"Tuck your ribs down, then lift by squeezing your glutes",
					"Stop when hips, knees and shoulders line up",
					"Feel it in your buttocks, not your lower back",
				},
				Mistakes: []Mistake{
					{"Arching the lower back at the top", "Lift only as high as your glutes can take you, ribs down"},
					{"Feeling it mostly in the hamstrings", "Walk your feet a little closer to your hips"},
				},
				Safety: "If your lower back works harder than your glutes, lower the height and squeeze your glutes before you lift.",
			},
			{
				Name:      "Marching glute bridge",
				SingleLeg: true,
				Aliases:   []string{"bridge march", "marching bridge"},
				Equipment: NoEquipment,
				Cues: []string{
					"Hold a bridge, then lift one foot an inch",
					"Keep your hips level as you switch feet",
					"Move slowly; the glutes hold the hips up",
				},
				Mistakes: []Mistake{
					{"Hips dropping on one side", "Lift the foot lower and squeeze the standing-side glute harder"},
					{"Marching fast", "Take two seconds for each lift and lower"},
				},
				Safety: "Keep your pelvis level and your ribs down; twisting or arching moves the work into your lower back.",
			},
			{
				Name:      "Single-leg glute bridge",
				SingleLeg: true,
				Aliases:   []string{"single leg bridge", "one leg bridge", "single leg glute bridge"},
				Equipment: NoEquipment,
				Cues: []string{
					"One foot planted, the other knee pulled in",
					"Drive through the planted heel to lift",
					"Pause at the top and keep your hips level",
				},
				Mistakes: []Mistake{
					{"Pelvis tilting to the free side", "Reduce the height and keep both hip bones pointing at the ceiling"},
					{"Pushing with the shoulders", "Keep your arms relaxed on the floor and lift with the glute"},
				},
				Safety: "Finish each rep with a glute squeeze, not a back arch; stop the set when you can no longer keep your hips level.",
			},
			{
				Name:      "Dumbbell glute bridge",
				Aliases:   []string{"weighted glute bridge", "db glute bridge"},
				Equipment: Dumbbells,
				Cues: []string{
					"Rest a dumbbell across your hip bones",
					"Hold it steady with both hands",
					"Squeeze up, pause, lower slowly",
				},
				Mistakes: []Mistake{
					{"Weight rolling toward the ribs", "Place it in the hip crease and keep your hands on it"},
					{"Hyperextending to finish", "Stop when your body is in a straight line from knees to shoulders"},
				},
				Safety: "Add weight only while the top position stays a glute squeeze with a neutral spine.",
			},
			{
				Name:      "Barbell glute bridge",
				Aliases:   []string{"loaded glute bridge", "barbell bridge"},
				Equipment: Gym,
				Cues: []string{
					"Pad the bar and roll it over your hips",
					"Chin tucked, ribs down, then drive up",
					"Hold the top for a second, then lower slowly",
				},
				Mistakes: []Mistake{
					{"Bar sliding toward the belly", "Grip the bar just outside your hips and keep it in the crease"},
					{"Pushing through the toes", "Keep your heels planted and shins close to vertical at the top"},
				},
				Safety: "Use a pad and build the load gradually; your back should stay neutral from the first rep to the last.",
			},
		},
	},
	hipThrust: {
		Name:    "Hip thrust",
		Aliases: []string{"hip thrust", "hip thrusts", "thrust", "thrusts", "hipthrust", "hipthrusts", "hip trust", "empuje de cadera", "hüftstoß", "hüftheben", "poussée de hanche", "elevação pélvica", "elevacao pelvica"},
		Pattern: Bridge,
		Safety:  "Use a bench or sofa that cannot slide, tuck your chin and ribs, and finish every rep with your glutes rather than your lower back.",
		Variations: []Variation{
			{
				Name:      "Shoulders-elevated hip thrust",
				Aliases:   []string{"bench hip thrust", "couch hip thrust", "bodyweight hip thrust"},
				Equipment: NoEquipment,
				Cues: []string{
					"Upper back on a sofa or bench edge",
					"Chin tucked, eyes forward, ribs down",
					"Drive through your heels and squeeze at the top",
				},
				Mistakes: []Mistake{
					{"Looking at the ceiling and arching", "Keep your gaze forward so your trunk rises as one piece"},
					{"Feet too far away", "Place your feet so your shins are vertical at the top"},
				},
				Safety: "Make sure the bench or sofa cannot slide, and finish each rep with your glutes rather than by arching your back.",
			},
			{
				Name:      "Paused hip thrust",
				Aliases:   []string{"hip thrust with pause", "tempo hip thrust"},
				Equipment: NoEquipment,
				Cues: []string{
					"Hold the top for three seconds each rep",
					"Keep your pelvis tucked slightly during the hold",
					"Lower under control to just above the floor",
				},
				Mistakes: []Mistake{
					{"Letting the hips sag during the hold", "Squeeze harder and count the pause out loud"},
					{"Dropping to the floor between reps", "Stop an inch above the floor and go straight into the next rep"},
				},
				Safety: "If you feel the pause in your lower back, lower your hips slightly and tuck your ribs down.",
			},
			{
				Name:      "Single-leg hip thrust",
				SingleLeg: true,
				Aliases:   []string{"single leg hip thrust", "one leg hip thrust"},
				Equipment: NoEquipment,
				Cues: []string{
					"One foot planted under your knee",
					"Lift the other leg and keep hips square",
					"Push through the planted heel to the top",
				},
				Mistakes: []Mistake{
					{"Hips rotating toward the free leg", "Lower the height and keep both hip bones level"},
					{"Rushing reps", "Take two seconds down and pause at the top"},
				},
				Safety: "Keep the movement at the hip: stop a rep short of any arch in your lower back.",
			},
			{
				Name:      "Dumbbell hip thrust",
				Aliases:   []string{"weighted hip thrust", "db hip thrust"},
				Equipment: Dumbbells,
				Cues: []string{
					"Dumbbell on your hip crease, held with both hands",
					"Chin tucked and ribs down before you drive",
					"Squeeze hard at the top, lower slowly",
				},
				Mistakes: []Mistake{
					{"Overextending at the top", "Stop when your thighs and trunk form a straight line"},
					{"Feet drifting forward", "Set your feet so shins are vertical at lockout"},
				},
				Safety: "Increase the weight in small jumps and only while every rep ends in a glute squeeze with a neutral back.",
			},
			{
				Name:      "Barbell hip thrust",
				Heavy:     true,
				Aliases:   []string{"loaded hip thrust", "barbell thrust"},
				Equipment: Gym,
				Cues: []string{
					"Pad the bar and set your back on a stable bench",
					"Tuck your chin and keep your ribs down",
					"Drive up through your heels, pause, lower slowly",
				},
				Mistakes: []Mistake{
					{"Bench sliding away", "Put the bench against a wall or rack"},
					{"Arching to lift more", "Lower the load until lockout comes from the glutes"},
				},
				Safety: "Load it progressively with a pad, keep the bench fixed, and stop before form breaks.",
			},
		},
	},
	deadlift: {
		Name:    "Deadlift",
		Aliases: []string{"deadlift", "deadlifts", "dead lift", "deadlifting", "peso muerto", "kreuzheben", "soulevé de terre", "levantamento terra", "levantamento de terra"},
		Pattern: Hinge,
		Safety:  "Hinge at the hips with a long, braced spine, keep the weight close to your legs, and add load only while every rep stays flat-backed.",
		Variations: []Variation{
			{
				Name:      "Hip hinge drill",
				Aliases:   []string{"hip hinge", "hinge drill", "broomstick hinge", "dowel hinge"},
				Equipment: NoEquipment,
				Cues: []string{
					"Hold a broom along your spine: head, upper back, tailbone",
					"Push your hips back with soft knees",
					"Keep all three contact points on the broom",
					"Stand up by squeezing your glutes",
				},
				Mistakes: []Mistake{
					{"Bending at the waist instead of the hips", "Slide your hands down your thighs and push your hips back"},
					{"The broom leaving your lower back", "Stop the hinge where the broom starts to lift away"},
				},
				Safety: "This drill teaches a neutral spine; go only as far as you can keep the broom touching head, upper back and tailbone.",
			},
			{
				Name:      "Backpack deadlift",
				Carried:   true,
				Aliases:   []string{"bag deadlift", "household deadlift"},
				Equipment: NoEquipment,
				Cues: []string{
					"Backpack between your feet, straps in both hands",
					"Hinge down with a long spine, knees slightly bent",
					"Stand tall by pushing your hips forward",
				},
				Mistakes: []Mistake{
					{"Rounding to reach the bag", "Put the bag on a step or books so you can reach it with a flat back"},
					{"Leaning back at the top", "Finish standing tall with ribs over hips and glutes squeezed"},
				},
				Safety: "Pack the bag evenly and lift it close to your legs; if you cannot reach it with a flat back, raise it.",
			},
			{
				Name:      "Kickstand deadlift",
				SingleLeg: true,
				Aliases:   []string{"b-stance deadlift", "b stance deadlift", "staggered deadlift"},
				Equipment: NoEquipment,
				Cues: []string{
					"Back toes beside your front heel, most weight in front",
					"Hinge over the front leg with a long spine",
					"Drive through the front heel to stand",
				},
				Mistakes: []Mistake{
					{"Sharing the weight between both feet", "Keep about 80 percent on the front foot"},
					{"Twisting the hips open", "Keep both hip bones facing forward"},
				},
				Safety: "Keep your hips square and back neutral; balance comes before load.",
			},
			{
				Name:      "Dumbbell deadlift",
				Aliases:   []string{"db deadlift", "dumbbell deadlifts"},
				Equipment: Dumbbells,
				Cues: []string{
					"Dumbbells by your shins, arms long",
					"Brace, then push the floor away",
					"Keep the weights close to your legs",
				},
				Mistakes: []Mistake{
					{"Yanking the weights off the floor", "Take the slack out and squeeze before you lift"},
					{"Rounding at the bottom", "Start from blocks or stop at mid-shin until your hinge improves"},
				},
				Safety: "Lift close to your body with a braced, neutral spine; set the weights down the same way you picked them up.",
			},
			{
				Name:      "Trap bar deadlift",
				Heavy:     true,
				Aliases:   []string{"hex bar deadlift", "trap-bar deadlift", "hex bar", "trap bar", "hexbar"},
				Equipment: Gym,
				Cues: []string{
					"Stand centred in the bar, handles at mid-foot",
					"Chest up, back flat, brace before you pull",
					"Stand up by driving your hips through",
				},
				Mistakes: []Mistake{
					{"Squatting the weight up", "Keep your hips higher than your knees at the start"},
					{"Letting the bar tip", "Grip the handles in the middle"},
				},
				Safety: "Learn the lift with light loads, brace every rep, and stop the set as soon as your back starts to round.",
			},
			{
				Name:      "Barbell deadlift",
				Heavy:     true,
				Aliases:   []string{"conventional deadlift", "barbell deadlifts"},
				Equipment: Gym,
				Cues: []string{
					"Bar over mid-foot, shins close",
					"Pull the slack out, chest up, back flat",
					"Push the floor away and finish with your glutes",
				},
				Mistakes: []Mistake{
					{"Bar drifting away from the legs", "Drag the bar up your shins and thighs"},
					{"Leaning back at lockout", "Stand tall and squeeze your glutes; do not lean back"},
				},
				Safety: "Heavy deadlifts reward patience: add load in small jumps, keep a neutral spine and never grind a rounded rep.",
			},
		},
	},
	rdl: {
		Name:    "Romanian deadlift",
		Aliases: []string{"rdl", "rdls", "romanian", "romanian deadlift", "romanian deadlifts", "stiff leg deadlift", "stiff legged deadlift", "sldl", "stiff-leg", "peso muerto rumano", "rumänisches kreuzheben", "soulevé de terre roumain", "levantamento terra romeno", "levantamento de terra romeno"},
		Pattern: Hinge,
		Safety:  "Push your hips back only as far as your back stays flat; the stretch belongs in your hamstrings, never your lower back.",
		Variations: []Variation{
			{
				Name:      "Wall hip hinge",
				Aliases:   []string{"wall hinge", "butt to wall hinge"},
				Equipment: NoEquipment,
				Cues: []string{
					"Stand a foot from a wall, facing away",
					"Push your hips back until they touch the wall",
					"Feel a stretch in the back of your thighs",
				},
				Mistakes: []Mistake{
					{"Bending the knees a lot", "Keep a soft knee bend and send your hips back"},
					{"Dropping the chest first", "Lead with your hips; your chest follows"},
				},
				Safety: "Keep your back flat as you hinge; step closer to the wall if you have to round to reach it.",
			},
			{
				Name:      "Supported single-leg RDL",
				SingleLeg: true,
				Aliases:   []string{"assisted single leg rdl", "kickstand rdl"},
				Equipment: NoEquipment,
				Cues: []string{
					"One hand on a wall, weight on one leg",
					"Hinge forward as the free leg reaches back",
					"Keep your hips square to the floor",
				},
				Mistakes: []Mistake{
					{"Hip opening toward the ceiling", "Point the back toes at the floor"},
					{"Rounding to go lower", "Stop when you feel the stretch in your hamstring"},
				},
				Safety: "Range comes from the hip, not the spine: stop when your back wants to round.",
			},
			{
				Name:      "Single-leg RDL",
				SingleLeg: true,
				Aliases:   []string{"single leg rdl", "single leg romanian deadlift", "one leg rdl", "sl rdl"},
				Equipment: NoEquipment,
				Cues: []string{
					"Soft standing knee, long spine",
					"Reach your back heel away as you hinge",
					"Drive your hip forward to stand",
				},
				Mistakes: []Mistake{
					{"Losing balance every rep", "Touch the back toes down lightly between reps"},
					{"Twisting the trunk", "Keep both shoulders level with the floor"},
				},
				Safety: "Move slowly and keep a neutral spine; a hand on a wall is fine whenever balance limits your form.",
			},
			{
				Name:      "Dumbbell RDL",
				Aliases:   []string{"dumbbell romanian deadlift", "db rdl"},
				Equipment: Dumbbells,
				Cues: []string{
					"Dumbbells slide down the front of your thighs",
					"Hips back, soft knees, back flat",
					"Squeeze your glutes to stand tall",
				},
				Mistakes: []Mistake{
					{"Weights swinging forward", "Keep them touching your legs all the way"},
					{"Going too low", "Stop at the point your hips stop moving back"},
				},
				Safety: "The stretch belongs in your hamstrings, not your lower back; shorten the range if your back takes over.",
			},
			{
				Name:      "Barbell RDL",
				Heavy:     true,
				Aliases:   []string{"barbell romanian deadlift", "bb rdl"},
				Equipment: Gym,
				Cues: []string{
					"Start standing, bar at the hips",
					"Push your hips back, bar close to your legs",
					"Drive your hips forward to finish",
				},
				Mistakes: []Mistake{
					{"Rounding the upper back", "Pull your shoulder blades down and lighten the bar"},
					{"Hyperextending at the top", "Finish tall with a glute squeeze, not a lean back"},
				},
				Safety: "Build load slowly and keep the bar close; a neutral back on every rep matters more than the weight.",
			},
		},
	},
}
