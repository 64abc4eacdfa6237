package plans

import (
	"slices"
	"strings"
	"unicode"
)

// Safety reading of a free-text question.
//
// Word lists alone cannot tell "my leg went numb" from "numbers", "pain
// spreads down my leg" from "spread my legs in a sumo deadlift", or "I fell
// off my bike" from "I fell in love with hip thrusts". So a question is read
// clause by clause (split at punctuation and at "but", "though", …), and each
// sign is a small rule over the words of a clause that says what the word
// is about: a sign needs its context (pain words near "night", a limb after
// "down" or "into", the speaker as the one who fell), and a sign preceded by
// a negation in its clause ("no numbness", "it doesn't go down my leg") does
// not count. Uncertainty is not negation: "not sure if it's sciatica" still
// counts. Key words tolerate one typo when they are long enough.

// sign is one warning sign or condition and the rule that finds it.
type sign struct {
	label string
	match func(c clause, q question) bool
}

// clause is the words of one clause, lower-case, accents and apostrophes
// removed ("can't" reads "cant").
type clause []string

// question is every clause of a question.
type question []clause

// readQuestion splits s into clauses of normalised words.
func readQuestion(s string) question {
	s = strings.ReplaceAll(foldAccents(strings.ToLower(s)), "&", " and ")
	var q question
	var cur clause
	flush := func() {
		if len(cur) > 0 {
			q = append(q, foldCant(cur))
			cur = nil
		}
	}
	var word strings.Builder
	endWord := func() {
		if word.Len() == 0 {
			return
		}
		w := word.String()
		word.Reset()
		if slices.Contains(clauseBreaks, w) {
			flush()
			return
		}
		cur = append(cur, w)
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word.WriteRune(r)
		case r == '\'' || r == '’':
			// "can't" → "cant"
		case strings.ContainsRune(".,;:!?()\n", r):
			endWord()
			flush()
		default:
			endWord()
		}
	}
	endWord()
	flush()
	return q
}

// foldCant writes each way of saying "can't" in c as "cant" ("cannot",
// "can not", "couldn't", "unable to"), so a rule says it once: "cant feel
// my" reads "I cannot feel my feet" and "I'm unable to feel my feet" too.
func foldCant(c clause) clause {
	out := c[:0]
	for i := 0; i < len(c); i++ {
		w := c[i]
		switch {
		case w == "cannot" || w == "couldnt":
			w = "cant"
		case w == "can" && wordAt(c, i+1) == "not", w == "unable" && wordAt(c, i+1) == "to":
			w = "cant"
			i++
		}
		out = append(out, w)
	}
	return out
}

// clauseBreaks are words that start a new clause: what comes after them is
// said on its own ("no fever but my leg is numb").
var clauseBreaks = []string{"but", "though", "although", "however", "except", "yet", "whereas"}

// foldAccents maps accented Latin letters to their base letters, so
// "glúteos" reads "gluteos" and "soulevé" reads "souleve".
func foldAccents(s string) string {
	return accentFolder.Replace(s)
}

var accentFolder = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a",
	"é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "ì", "i", "î", "i", "ï", "i",
	"ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o",
	"ú", "u", "ù", "u", "û", "u", "ü", "u",
	"ç", "c", "ñ", "n", "ß", "ss", "œ", "oe", "æ", "ae",
)

// is reports whether w is one of forms, allowing one typo in forms of seven
// letters or more ("numbnes", "tinglig", "sciatia").
func is(w string, forms ...string) bool {
	for _, f := range forms {
		if w == f || (len(f) >= 7 && abs(len(w)-len(f)) <= 1 && distance(w, f) <= 1) {
			return true
		}
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// find returns the index of the first word of c that is one of forms at or
// after from, or -1.
func (c clause) find(from int, forms ...string) int {
	for i := max(from, 0); i < len(c); i++ {
		if is(c[i], forms...) {
			return i
		}
	}
	return -1
}

// has reports whether c holds one of forms.
func (c clause) has(forms ...string) bool { return c.find(0, forms...) >= 0 }

// phrase returns the index where the words of p (space-separated) occur in
// c, or -1.
func (c clause) phrase(p string) int {
	ws := strings.Fields(p)
	for i := 0; i+len(ws) <= len(c); i++ {
		ok := true
		for j, w := range ws {
			if !is(c[i+j], w) {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// near reports whether a word of a and a word of b occur within n words of
// each other.
func (c clause) near(n int, a, b []string) bool {
	for i, w := range c {
		if !is(w, a...) {
			continue
		}
		for j := max(i-n, 0); j < min(i+n+1, len(c)); j++ {
			if j != i && is(c[j], b...) {
				return true
			}
		}
	}
	return false
}

// negators deny what follows them in their clause. "cant" (and all that
// foldCant reads as it) is not among them: "I can't feel my feet" is a sign.
var negators = []string{"no", "not", "never", "without", "nothing", "none", "neither", "nor",
	"dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "havent", "hasnt", "hadnt", "wont", "aint",
	"zero", "denies", "free"}

// uncertain words after a negator undo it: "not sure", "don't know if".
var uncertain = []string{"sure", "certain", "know", "think", "idea", "clear", "longer", "able", "only"}

// negated reports whether the word at i is denied: a negator among the five
// words before it in its clause (not one followed by uncertainty), or the
// sign said to be over just after it ("numbness is gone").
func (c clause) negated(i int) bool {
	for j := max(i-5, 0); j < i; j++ {
		if slices.Contains(negators, c[j]) && (j+1 >= len(c) || !slices.Contains(uncertain, c[j+1])) {
			return true
		}
	}
	for j := i + 1; j < min(i+4, len(c)); j++ {
		if slices.Contains([]string{"gone", "away", "stopped", "resolved", "disappeared", "free"}, c[j]) {
			return true
		}
	}
	return false
}

// any reports whether a word of forms occurs in c and is not negated.
func (c clause) any(forms ...string) bool {
	for i, w := range c {
		if is(w, forms...) && !c.negated(i) {
			return true
		}
	}
	return false
}

// anyPhrase is any for a phrase.
func (c clause) anyPhrase(ps ...string) bool {
	for _, p := range ps {
		if i := c.phrase(p); i >= 0 && !c.negated(i) {
			return true
		}
	}
	return false
}

// Word groups.
var (
	painWordsSafety = []string{"pain", "pains", "painful", "hurt", "hurts", "hurting", "ache", "aches", "aching", "achy",
		"throb", "throbbing", "throbs", "burning", "sharp", "stabbing", "shooting", "electric", "zaps", "zap", "zinger", "zingers", "sciatica"}
	lowerLimbs  = []string{"leg", "legs", "foot", "feet", "toe", "toes", "ankle", "ankles", "knee", "knees", "thigh", "thighs", "calf", "calves"}
	limbs       = slices.Concat(lowerLimbs, []string{"shin", "shins", "hamstring", "hamstrings", "heel", "heels"}) // where spreading pain reaches
	spreadVerbs = []string{"spread", "spreads", "spreading", "radiate", "radiates", "radiating", "radiated", "radiation",
		"shoot", "shoots", "shooting", "shot", "travel", "travels", "travelling", "traveling", "runs", "running", "goes", "going",
		"went", "moves", "moving", "extends", "extending", "down", "into"}
	people = []string{"wife", "husband", "partner", "sister", "brother", "mom", "mum", "mother", "dad", "father",
		"friend", "girlfriend", "boyfriend", "client", "daughter", "son", "aunt", "uncle", "grandma", "grandmother",
		"grandpa", "grandfather", "nan", "gran", "colleague", "coworker", "neighbour", "neighbor", "she", "he", "they"}
	things       = []string{"bar", "barbell", "plate", "plates", "weight", "weights", "dumbbell", "dumbbells", "phone", "dog", "cat", "kid", "baby", "bench", "box", "chair"}
	thirdParty   = slices.Concat(people, things)
	moveWords    = []string{"squat", "squats", "lunge", "lunges", "bridge", "bridges", "thrust", "thrusts", "deadlift", "deadlifts", "rdl", "rdls"} // the plan's moves
	exerciseTime = []string{"train", "training", "trains", "workout", "workouts", "work", "lift", "lifting", "exercise",
		"exercising", "gym", "squat", "squats", "session", "sessions", "run", "walk", "practice"}
)

// redFlagSigns are the warning signs that mean "stop and see a health
// professional". Their labels are shown on the safety screen.
var redFlagSigns = []sign{
	{"Pain spreading down a leg (into the thigh, calf or foot)", spreadingPain},
	{"Numbness, tingling or pins and needles", numbness},
	{"Weakness in a leg or foot, or a leg giving way", legWeakness},
	{"Loss of bladder or bowel control, or not being able to pee", bladderBowel},
	{"Pain after a fall or accident", afterFall},
	{"Fever, unexplained weight loss or a history of cancer", systemic},
	{"Pain at night or at rest that doesn't ease, or pain that gets worse every day", nightOrWorsening},
	{"Chest pain, dizziness or fainting", chestOrFaint},
}

func spreadingPain(c clause, q question) bool {
	if c.any("sciatica", "sciatic") {
		return true
	}
	// A spreading word, then a limb soon after it, with only small words
	// between: "shoots into my calf", "pain goes down to my foot",
	// "radiates from my lower back to my foot" — not "going down the stairs
	// after leg day".
	for i, w := range c {
		if !is(w, spreadVerbs...) || c.negated(i) {
			continue
		}
		j := c.find(i+1, limbs...)
		if j < 0 || j-i > 8 || j+1 < len(c) && slices.Contains([]string{"day", "press", "extension", "extensions", "curl", "curls"}, c[j+1]) {
			continue
		}
		between := c[i+1 : j]
		if slices.ContainsFunc(between, func(b string) bool { return !slices.Contains(linkWords, b) }) {
			continue
		}
		directed := is(w, "down", "into") || slices.ContainsFunc(between, func(b string) bool { return is(b, "down", "into", "to", "through", "along") })
		if directed && (c.has(painWordsSafety...) || is(w, "radiate", "radiates", "radiating", "radiated", "shoot", "shoots", "shooting", "shot") ||
			qHasPain(q)) {
			return true
		}
	}
	// Back pain together with pain in the calf, thigh or foot.
	if c.any(painWordsSafety...) && c.has("back", "spine", "lumbar") && c.has("calf", "calves", "thigh", "thighs", "foot", "feet", "toe", "toes", "shin", "shins") &&
		!afterTraining(c) {
		return true
	}
	return false
}

// linkWords may stand between a spreading word and the limb it reaches.
var linkWords = []string{"down", "into", "to", "through", "along", "my", "the", "your", "left", "right", "both", "back", "of",
	"a", "whole", "all", "way", "side", "front", "outer", "inner", "lower", "upper", "from", "butt", "buttock", "bum", "hip",
	"and", "it", "pain", "then", "out", "towards", "toward"}

func qHasPain(q question) bool {
	for _, c := range q {
		if c.any(painWordsSafety...) {
			return true
		}
	}
	return false
}

// bodyTrouble reports whether the question tells of something wrong in the
// speaker's body without a pain word: a part that feels tight, stiff, off
// or not right, that pops, clicks or locked up, is swollen or tender, or
// that a move bothers ("my lower back feels tight after deadlifts",
// "something popped in my knee"), or discomfort anywhere. Such talk is
// about health: its answer is private and carries the pain rule. How to
// keep the back tight, a stiff-leg deadlift or a knee that should lock out
// are form, not trouble.
func bodyTrouble(q question) bool {
	for _, c := range q {
		if c.any("discomfort", "uncomfortable", "tightness", "stiffness", "swollen", "swelling", "tender", "tenderness", "bruised",
			"cramp", "cramps", "cramped", "cramping") {
			return true
		}
		if c.has("keep", "keeping", "stay", "staying", "brace", "bracing", "cue", "cues") {
			continue // a form cue: "keep your back tight"
		}
		part := false // a body part, not an exercise named after one ("hip thrust", "back squat")
		for i, w := range c {
			if is(w, bodyParts...) && !is(wordAt(c, i+1), "thrust", "thrusts", "bridge", "bridges", "squat", "squats", "press", "day",
				"extension", "extensions", "curl", "curls", "raise", "raises", "hinge", "hinges", "kickback", "kickbacks", "abduction") {
				part = true
			}
		}
		for i, w := range c {
			prev, next := wordAt(c, i-1), wordAt(c, i+1)
			if w == "right" && slices.Contains(feelWords, prev) && part && c.negated(i) {
				return true // "doesn't feel right"
			}
			if c.negated(i) {
				continue
			}
			switch {
			case is(w, "tight", "stiff") && (slices.Contains(feelWords, prev) || is(next, bodyParts...) || is(next, "lower", "upper")) && part && !is(next, "leg", "legged"):
				// "my back feels tight", "a tight lower back", not "stiff leg deadlift"
				return true
			case is(w, "off", "weird", "funny", "strange", "odd", "wrong", "unstable", "wobbly") && slices.Contains(feelWords, prev) && part:
				return true
			case w == "wrong" && next == "with" && part:
				return true // "what's wrong with my knee?"
			case is(w, "pop", "popped", "popping", "pops", "crack", "cracked", "cracking", "cracks", "click", "clicked", "clicking", "clicks",
				"snap", "snapped", "snapping", "grind", "grinding", "clunk", "clunking") && (part || c.has("something")):
				return true
			case is(w, "bother", "bothers", "bothered", "bothering", "irritated", "irritates", "aggravated", "aggravates", "flared", "flaring") && part:
				return true
			case (w == "locked" && next == "up" || w == "went" && next == "out" || w == "bad") && part && (w != "bad" || is(next, bodyParts...)):
				return true // "my back locked up", "my back went out", "bad knees"
			}
		}
	}
	return false
}

// bodyParts are the parts of the body a question about trouble names.
var bodyParts = []string{"back", "spine", "neck", "shoulder", "shoulders", "hip", "hips", "knee", "knees", "leg", "legs",
	"ankle", "ankles", "foot", "feet", "hamstring", "hamstrings", "quad", "quads", "calf", "calves", "thigh", "thighs",
	"glute", "glutes", "butt", "bum", "buttock", "buttocks", "groin", "tailbone", "pelvis", "joint", "joints", "wrist", "wrists"}

// feelWords come before how a body part feels: "feels tight", "is stiff".
var feelWords = []string{"feel", "feels", "felt", "feeling", "is", "are", "was", "were", "gets", "get", "got", "getting", "goes",
	"went", "so", "very", "really", "super", "too", "bit", "little", "still", "always", "quite", "kinda", "pretty", "all", "im", "been"}

func numbness(c clause, _ question) bool {
	for i, w := range c {
		if is(w, "numb", "numbness", "numbed", "numbing", "tingle", "tingles", "tingling", "tingly", "tingled", "paresthesia") && !c.negated(i) {
			if is(w, "numbing") && i+1 < len(c) && c[i+1] == "cream" || c.has("mind", "brain", "boredom", "bored") ||
				i+1 < len(c) && slices.Contains([]string{"to", "about"}, c[i+1]) {
				continue // not a feeling in the body
			}
			if c.has("hand", "hands", "finger", "fingers", "arm", "arms", "wrist", "wrists", "grip", "palm", "palms") &&
				!c.has(lowerLimbs...) && !c.has("groin", "bum", "butt", "buttock", "buttocks", "back", "saddle") {
				continue // hands tingling from gripping: not a sign from the back
			}
			return true
		}
	}
	if c.anyPhrase("pins and needles", "cant feel my", "lost feeling", "lost the feeling",
		"no feeling in", "lose feeling", "losing feeling", "went dead", "gone dead", "dead leg", "saddle area") {
		if c.phrase("no feeling in") >= 0 || c.has(lowerLimbs...) || c.has("groin", "genitals", "crotch", "pins", "saddle", "dead") {
			return true
		}
	}
	return false
}

func legWeakness(c clause, _ question) bool {
	if c.anyPhrase("tripping over my foot", "trip over my foot", "tripping over my toes", "catching my toe", "catching my foot", "foot drop", "drop foot", "dragging my foot", "drag my foot", "cant lift my foot",
		"cant lift my toes", "cant stand on my toes", "cant stand on my heels", "foot slaps", "foot keeps catching") {
		return true
	}
	// A foot that drags or slaps when walking, however it is put: "my foot
	// is dragging", "my left foot drags".
	if c.has("foot", "feet", "toe", "toes") && c.any("drag", "drags", "dragging", "dragged", "slap", "slaps", "slapping") {
		return true
	}
	// A leg giving way: "my knee gave way", "legs buckled", not "knees
	// buckle in" (a squat fault) and not a bench giving way.
	for i, w := range c {
		give := is(w, "give", "gives", "gave", "giving", "given") && i+1 < len(c) && (c[i+1] == "way" || c[i+1] == "out")
		buckle := is(w, "buckle", "buckles", "buckled", "buckling", "collapse", "collapsed", "collapses", "collapsing") &&
			(i+1 >= len(c) || !slices.Contains([]string{"in", "inward", "inwards"}, c[i+1]))
		if (give || buckle) && !c.negated(i) && c.has(lowerLimbs...) {
			return true
		}
	}
	// "weak" about a leg or foot, not about a muscle that is tired from
	// training: "my leg feels weak since yesterday" but not "my legs feel
	// weak after squats" or "my glutes are weak".
	for i, w := range c {
		if !is(w, "weak", "weakness", "weaker", "weakening") || c.negated(i) {
			continue
		}
		if !c.near(5, []string{w}, lowerLimbs) || i+1 < len(c) && slices.Contains([]string{"than", "side", "point", "spot"}, c[i+1]) {
			continue // "weaker than my right" is a side to train, not a sign
		}
		if (c.has("tired", "burn", "burning", "pump", "pumped", "jelly", "doms", "set", "sets", "rep", "reps", "workout", "session",
			"shaking", "shaky") || c.has(moveWords...) || afterTraining(c)) &&
			!c.has("since", "sudden", "suddenly", "keeps", "anymore", "always", "drags", "trip", "tripping") {
			continue // tired from training
		}
		if c.has("glute", "glutes", "butt", "core", "hamstring", "hamstrings", "quads", "muscles") && !c.has("foot", "feet", "ankle", "suddenly", "sudden") {
			continue
		}
		return true
	}
	return false
}

// afterTraining reports whether the clause puts itself after or during a
// workout: "after squats", "from yesterday's workout", "during my last set".
func afterTraining(c clause) bool {
	for i, w := range c {
		if !slices.Contains([]string{"after", "from", "during", "post"}, w) {
			continue
		}
		for j := i + 1; j < min(i+4, len(c)); j++ {
			if is(c[j], exerciseTime...) || is(c[j], moveWords...) || is(c[j], "leg", "set", "sets", "yesterdays", "workout", "exercises", "cardio") {
				return true
			}
		}
	}
	return false
}

func bladderBowel(c clause, _ question) bool {
	if c.any("incontinence", "incontinent") {
		return true
	}
	for _, p := range []string{"able to pee", "able to wee", "able to urinate", "able to go to the toilet", "able to poo"} {
		if i := c.phrase(p); i >= 0 && c.negated(i) {
			return true // "haven't been able to pee"
		}
	}
	if c.anyPhrase("cant pee", "cant wee", "cant urinate",
		"trouble peeing", "trouble urinating", "difficulty peeing", "difficulty urinating", "hard to pee", "struggling to pee",
		"cant hold my pee", "cant hold it in", "peed myself", "pee myself", "wet myself", "wetting myself", "pooped myself",
		"soiled myself", "poop myself", "cant feel when i need to pee", "cant tell when i need to", "weeing myself", "peeing myself", "lost control of my", "losing control of my",
		"leaking urine", "leaking pee", "cant control my", "cant go to the toilet", "cant go to the bathroom") {
		return true
	}
	for i, w := range c {
		if !is(w, "bladder", "bowel", "bowels", "pee", "peeing", "urine", "poo", "poop", "pooping", "toilet") || c.negated(i) {
			continue
		}
		if c.near(6, []string{w}, []string{"control", "changes", "change", "changed", "problem", "problems", "issue", "issues",
			"leak", "leaking", "leaks", "numb", "lost", "losing", "accident", "accidents", "weird", "different", "cant", "trouble", "difficulty"}) &&
			!c.has("full", "before", "between") {
			return true
		}
	}
	return false
}

// fallIdioms follow "fell" or "falling" when nobody hit the ground.
var fallIdioms = []string{"in love", "asleep", "behind", "for ", "off the wagon", "off track", "off the bandwagon", "into a",
	"into the habit", "apart", "short", "through", "out of love", "out of the habit", "out of practice", "out of routine",
	"out of my routine", "out of the routine", "in line", "flat", "back into", "in with", "ill", "sick", "pregnant", "off a cliff"}

func afterFall(c clause, _ question) bool {
	for i, w := range c {
		switch {
		case w == "fall" && !c.negated(i):
			// The noun for a fall that happened ("had a fall", "after the
			// fall"), not the season ("this fall", "in the fall"), a
			// falling-out or a fall someone fears.
			prev, prev2, next := wordAt(c, i-1), wordAt(c, i-2), wordAt(c, i+1)
			switch {
			case feared(c, i):
			case slices.Contains([]string{"out", "season", "semester", "term", "schedule", "colours", "colors", "weather", "break"}, next):
			case slices.Contains([]string{"this", "last", "next"}, prev), prev2 == "in" && prev == "the":
			case slices.Contains([]string{"a", "bad", "nasty", "big", "hard", "my", "that"}, prev):
				return true
			case prev == "the" && slices.Contains([]string{"after", "since", "from"}, prev2):
				return true
			}
		case is(w, "fell", "fallen", "falling", "slipped", "tripped") && !c.negated(i):
			if !speakerDid(c, i) {
				continue
			}
			if feared(c, i) {
				continue // a fall feared or a wobble, not one that happened
			}
			rest := strings.Join(c[i+1:], " ")
			if w == "slipped" && (strings.HasPrefix(rest, "disc") || strings.HasPrefix(rest, "disk") || strings.HasPrefix(rest, "my mind")) {
				continue
			}
			if w == "tripped" && (strings.HasPrefix(rest, "over the idea") || strings.HasPrefix(rest, "over my words") || strings.HasPrefix(rest, "up on")) {
				continue
			}
			if (w == "falling" || w == "fallen" || w == "fell") && slices.ContainsFunc(fallIdioms, func(p string) bool { return strings.HasPrefix(rest, p) }) {
				continue
			}
			return true
		}
	}
	if c.anyPhrase("car accident", "bike accident", "road accident", "traffic accident", "car crash", "bike crash", "hit by a car",
		"crashed my bike", "crashed my car", "crashed into", "crashed off", "was in an accident", "rear ended", "whiplash",
		"fell off a ladder", "landed on my back", "landed on my tailbone", "skiing accident", "motorbike accident", "work accident", "knocked over", "knocked down") {
		return true
	}
	return false
}

// feared reports whether the fall at i is one feared, prevented or just a
// wobble ("how do I avoid falling over", "I keep falling over on single-leg
// RDLs"), with no pain in the clause.
func feared(c clause, i int) bool {
	return slices.ContainsFunc(c[:i], func(b string) bool {
		return slices.Contains([]string{"avoid", "prevent", "stop", "afraid", "scared", "worried", "fear", "risk", "might",
			"could", "would", "without", "if", "keep", "not"}, b)
	}) && !c.any(painWordsSafety...)
}

// wordAt is c[i], or "" outside c.
func wordAt(c clause, i int) string {
	if i < 0 || i >= len(c) {
		return ""
	}
	return c[i]
}

// speakerDid reports whether the verb at i is about the speaker: the last
// subject before it in its clause is "I" (or no subject at all), not another
// person or a thing ("the bar fell", "my grandma fell").
func speakerDid(c clause, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch {
		case slices.Contains([]string{"i", "ive", "id", "im", "me", "we"}, c[j]):
			return true
		case slices.Contains(thirdParty, c[j]):
			return false
		}
	}
	return true
}

func systemic(c clause, _ question) bool {
	if c.any("fever", "feverish", "fevers", "chills", "cancer", "tumour", "tumor") {
		return true
	}
	if c.anyPhrase("night sweats", "sweating at night", "high temperature", "have a temperature", "got a temperature", "running a temperature") {
		return true
	}
	lost := false // weight lost, not weight someone wants "to lose"
	for i, w := range c {
		if slices.Contains([]string{"lose", "losing", "lost", "loss", "dropping", "dropped"}, w) && wordAt(c, i-1) != "to" {
			lost = true
		}
	}
	if c.has("weight", "kg", "kilos", "pounds", "lbs") && lost &&
		(c.has("unexplained", "unexpectedly", "unintentional", "unintentionally") || c.phrase("without trying") >= 0 ||
			c.phrase("no reason") >= 0 || c.phrase("not trying") >= 0 || c.phrase("not dieting") >= 0 || c.phrase("without dieting") >= 0) {
		return true
	}
	return false
}

func nightOrWorsening(c clause, q question) bool {
	pain := c.any(painWordsSafety...)
	// Waking up with pain, pain in bed or at rest that does not ease.
	if c.anyPhrase("wakes me", "woke me", "waking me", "wake me", "keeps me awake", "keeping me awake", "cant sleep",
		"when i sleep", "while i sleep", "while sleeping", "in my sleep", "trying to sleep") && (pain || qHasPain(q)) {
		return true
	}
	for i, w := range c {
		if !is(w, "night", "nights", "nighttime", "bed", "lying", "rest", "resting", "asleep", "constant", "constantly") {
			continue
		}
		if w == "rest" && (i+1 < len(c) && slices.Contains([]string{"day", "days", "between", "time", "for"}, c[i+1])) {
			continue
		}
		if !c.near(6, []string{w}, painWordsSafety) {
			continue
		}
		// "I train at night": a time of training, not night pain.
		if slices.ContainsFunc(c[max(i-4, 0):i], func(b string) bool { return is(b, exerciseTime...) }) {
			continue
		}
		if c.has("after") && slices.ContainsFunc(c, func(b string) bool { return is(b, exerciseTime...) }) && !c.has("constant", "constantly") {
			continue // sore the night after training
		}
		if !c.negated(i) {
			return true
		}
	}
	// Pain that gets worse every day.
	if c.has(painWordsSafety...) || qHasPain(q) {
		for _, p := range []string{"doesnt ease", "doesnt go away", "never goes away", "wont go away", "doesnt get better",
			"not easing", "never eases", "wont ease", "doesnt settle", "never settles", "doesnt stop", "never stops"} {
			if c.phrase(p) >= 0 {
				return true
			}
		}
	}
	worse := c.anyPhrase("worse every day", "worse each day", "worse day by day", "worse and worse", "getting worse",
		"keeps getting worse", "gets worse daily", "worse by the day", "more and more painful") || c.any("worsening") || worseEachDay(c)
	if worse && !c.has("form", "technique", "depth", "balance", "squat", "lift", "numbers", "posture", "sleep") &&
		(pain || qHasPain(q) || c.has("back", "spine", "sciatica", "symptoms", "leg", "hip")) {
		return true
	}
	return false
}

// worseEachDay finds "worse", not denied, followed closely by "every"/"each"
// and a day or week: "worse every single day", "worse each morning".
func worseEachDay(c clause) bool {
	for i, w := range c {
		if w != "worse" || c.negated(i) {
			continue
		}
		e := c.find(i+1, "every", "each")
		if e > 0 && e-i <= 3 && c.find(e+1, "day", "morning", "week", "night") > 0 && c.find(e+1, "day", "morning", "week", "night")-e <= 2 {
			return true
		}
	}
	return false
}

func chestOrFaint(c clause, _ question) bool {
	if c.has("chest") && c.near(5, []string{"chest"}, []string{"pain", "pains", "hurt", "hurts", "hurting", "ache", "aching",
		"tight", "tightness", "pressure", "squeezing", "crushing", "heavy", "heaviness"}) {
		muscular := c.has("tight", "ache", "aching") && !c.has("pain", "pains", "pressure", "squeezing", "crushing", "heavy", "heaviness", "breath", "breathe") &&
			(afterTraining(c) || c.has("bench", "pushups", "push", "press", "stretch", "stretching"))
		if i := c.find(0, "chest"); !muscular && !c.negated(i) && !c.negated(c.find(0, "pain", "pains", "hurt", "hurts", "tight", "tightness", "pressure")) {
			return true
		}
	}
	if c.any("dizzy", "dizziness", "dizzyness", "woozy", "lightheaded", "lightheadedness", "vertigo", "faints",
		"blackout", "palpitations") {
		return true
	}
	// Events: the speaker's own, not "my friend fainted once".
	for i, w := range c {
		if is(w, "fainted", "fainting", "collapsed") && !c.negated(i) && speakerDid(c, i) {
			return true
		}
	}
	for _, p := range []string{"passed out", "blacked out", "pass out", "passing out", "black out", "blacking out"} {
		if i := c.phrase(p); i >= 0 && !c.negated(i) && speakerDid(c, i) {
			return true
		}
	}
	if c.anyPhrase("light headed",
		"room spinning", "room was spinning", "seeing stars", "saw stars", "see stars", "head spinning", "head was spinning", "heart attack", "heart racing", "heart pounding", "irregular heartbeat") {
		return true
	}
	// "faint" as a feeling, not "a faint burn".
	for i, w := range c {
		if w == "faint" && !c.negated(i) && i > 0 &&
			slices.Contains([]string{"feel", "felt", "feeling", "feels", "to", "might", "almost", "nearly", "would", "gonna", "i", "im", "go", "went", "going"}, c[i-1]) {
			return true
		}
	}
	return false
}

// clearanceSigns are conditions that call for a health professional's
// go-ahead before starting or continuing a glute programme.
var clearanceSigns = []sign{
	{"pregnancy or the months after giving birth", pregnancy},
	{"osteoporosis or low bone density", osteoporosis},
	{"recent surgery or a joint replacement", surgery},
	{"a diagnosed disc or spine problem", discProblem},
	{"being under medical care for your back", medicalCare},
	{"a heart condition, high blood pressure or a stroke", heartCondition},
}

// heartCondition matches conditions where hard effort itself is the risk
// (a heart condition, high blood pressure, a past stroke, blood thinners):
// common pre-exercise screening asks for a professional's go-ahead first.
func heartCondition(c clause, _ question) bool {
	if c.any("heart") && c.has("condition", "disease", "attack", "failure", "problem", "problems", "surgery", "stent", "murmur", "arrhythmia", "pacemaker") {
		return true
	}
	if c.any("stroke", "strokes") && c.has("had", "have", "after", "since", "recovering", "suffered", "mini") {
		return true
	}
	return c.any("hypertension", "pacemaker", "stent", "angina", "arrhythmia", "afib") ||
		c.anyPhrase("high blood pressure", "blood pressure is high", "heart attack", "mini stroke", "blood thinners", "on blood thinner")
}

func pregnancy(c clause, _ question) bool {
	return c.any("pregnant", "pregnancy", "trimester", "postpartum", "postnatal", "antenatal", "prenatal", "caesarean",
		"cesarean", "csection", "diastasis", "childbirth", "breastfeeding", "embarazada", "schwanger", "enceinte", "gravida") ||
		c.anyPhrase("post partum", "post natal", "c section", "gave birth", "given birth", "giving birth", "had a baby",
			"had my baby", "had twins", "after birth", "im expecting", "i am expecting", "expecting a baby", "new mum", "new mom", "weeks pp", "months pp")
}

func osteoporosis(c clause, _ question) bool {
	if c.any("brittle", "fragile") && c.has("bone", "bones") {
		return true
	}
	return c.any("osteoporosis", "osteopenia", "osteoporotic") ||
		c.anyPhrase("brittle bones", "low bone density", "bone density is low", "thin bones", "weak bones")
}

func surgery(c clause, _ question) bool {
	for i, w := range c {
		if (strings.HasSuffix(w, "ectomy") || strings.HasSuffix(w, "plasty") || strings.HasSuffix(w, "otomy")) && !c.negated(i) {
			return true // hysterectomy, arthroplasty, laminotomy, …
		}
	}
	if c.any("surgery", "surgeries", "operation", "operated", "op", "surgical", "replacement", "replaced", "arthroplasty",
		"discectomy", "laminectomy", "microdiscectomy", "fusion", "keyhole", "acl", "meniscus") {
		i := c.find(0, "surgery", "surgeries", "operation", "op", "replacement", "replaced")
		if i >= 0 && c[i] == "op" && !c.has("had", "my", "an", "after", "since", "recovering") {
			return false
		}
		if i >= 0 && c[i] == "operation" && !c.has("had", "my", "an", "after", "since", "recovering", "recent", "back", "knee", "hip") {
			return false
		}
		if c.has("replacement", "replaced") && !c.has("hip", "knee", "joint", "ankle", "shoulder") {
			return false
		}
		return true
	}
	return c.anyPhrase("new hip", "new knee", "metal in my", "rod in my", "screws in my", "plates in my")
}

func discProblem(c clause, _ question) bool {
	if c.any("herniated", "herniation", "hernia", "prolapse", "prolapsed", "bulging", "bulge", "ruptured", "degenerative",
		"spondylolisthesis", "spondylolysis", "stenosis", "spondylosis", "spondylitis", "scoliosis", "ddd") {
		return c.has("disc", "disk", "discs", "disks", "spine", "spinal", "back", "vertebra", "l4", "l5", "s1", "herniated",
			"herniation", "spondylolisthesis", "spondylolysis", "stenosis", "spondylosis", "spondylitis", "scoliosis", "ddd")
	}
	return c.anyPhrase("slipped disc", "slipped disk", "disc problem", "disk problem", "disc issue", "disk issue", "bad disc",
		"bad disk", "disc injury", "disk injury", "l4 l5", "l5 s1", "compressed disc", "pinched nerve")
}

func medicalCare(c clause, _ question) bool {
	care := c.anyPhrase("my doctor", "my gp", "my physio", "my physiotherapist", "my physical therapist", "my chiropractor",
		"my osteopath", "my surgeon", "my specialist", "my consultant", "seeing a physio", "seeing a doctor", "seeing a physiotherapist",
		"seeing a chiropractor", "seeing a specialist", "in physical therapy", "in physio", "having physio", "under a doctor",
		"under medical care", "under the care", "under care", "on painkillers", "on pain meds", "on pain medication", "steroid injection", "epidural",
		"nerve block", "being treated", "getting treated", "in rehab", "doing rehab", "waiting for an mri", "had an mri", "my mri",
		"waiting for a scan", "my scan", "my xray", "my x ray")
	return care
}

// safetyReading is what a question says about safety.
type safetyReading struct {
	redFlags  []string // labels of the warning signs it mentions
	clearance []string // conditions that need clearance first
}

// readSafety finds the warning signs and clearance conditions in q. A
// clearance condition about someone else ("my sister is pregnant") counts
// only when the question asks about them training.
func readSafety(q question) safetyReading {
	var r safetyReading
	for _, s := range redFlagSigns {
		for _, c := range q {
			if s.match(c, q) {
				r.redFlags = append(r.redFlags, s.label)
				break
			}
		}
	}
	var parts question // clauses split further at "and", "so", …: who each part is about
	for _, c := range q {
		start := 0
		for i, w := range c {
			if slices.Contains([]string{"and", "so", "because", "while", "cause", "cuz"}, w) {
				if i > start {
					parts = append(parts, c[start:i])
				}
				start = i + 1
			}
		}
		if start < len(c) {
			parts = append(parts, c[start:])
		}
	}
	for _, s := range clearanceSigns {
		for _, c := range parts {
			if c.has("avoid", "prevent", "prevention", "risk", "someday", "future") {
				continue // a condition to prevent, not one they have
			}
			if s.match(c, q) && (aboutSpeaker(c) || asksAboutThem(q)) {
				r.clearance = append(r.clearance, s.label)
				break
			}
		}
	}
	return r
}

// aboutSpeaker reports whether a clause is about the speaker rather than
// another person: it names no one else, or names the speaker too.
func aboutSpeaker(c clause) bool {
	other := false
	for i, w := range c {
		if slices.Contains([]string{"she", "he", "they", "shes", "hes", "theyre"}, w) ||
			slices.Contains(people, w) && i > 0 && slices.Contains([]string{"my", "his", "her", "their", "our", "your", "a", "the"}, c[i-1]) {
			other = true
		}
	}
	if !other {
		return true
	}
	return slices.ContainsFunc(c, func(w string) bool { return slices.Contains([]string{"i", "im", "ive", "me"}, w) })
}

// asksAboutThem reports whether the question asks whether someone else may
// train: "can my pregnant wife do bridges?", "is it safe for her".
func asksAboutThem(q question) bool {
	for _, c := range q {
		if len(c) > 0 && slices.Contains([]string{"can", "should", "could", "is", "may"}, c[0]) &&
			(c.has(people...) || c.has("her", "him", "them")) {
			return true
		}
		if c.phrase("for her") >= 0 || c.phrase("for him") >= 0 || c.phrase("for my") >= 0 && c.has("safe", "ok", "okay") {
			return true
		}
	}
	return false
}
