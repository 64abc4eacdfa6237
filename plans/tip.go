package plans

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Disclaimer goes with every tip and safety screen.
const Disclaimer = "glutebot gives general fitness guidance, not medical advice or a diagnosis. " +
	"Strong glutes help support your back, but they are one part of caring for it."

// redFlagText answers any question that mentions a red flag.
const redFlagText = "⚠️ Please stop training and see a health professional (a doctor or physiotherapist) before you continue. " +
	"What you describe is a warning sign that needs a proper check, not an exercise tip. " +
	"If it came on suddenly or is severe — chest pain, fainting, loss of bladder or bowel control, not being able to pee, " +
	"or numbness around the groin — get urgent care today (call your local emergency number)."

// clearanceText answers a question that mentions a condition that needs a
// professional's go-ahead first.
const clearanceText = "🩺 Get cleared first. With %s, please check with your doctor or physiotherapist before you start " +
	"or carry on with this plan, and ask which moves and loads suit you right now. Many people in your situation train " +
	"their glutes safely with the right adjustments. Once you have the go-ahead, start at the beginner level without " +
	"equipment, and react 😅 or 🤕 on any workout that doesn't feel right so I ease off."

// RedFlags lists the warning signs that mean "stop and see a health
// professional", as short phrases for a safety screen.
func RedFlags() []string {
	out := make([]string, len(redFlagSigns))
	for i, f := range redFlagSigns {
		out[i] = f.label
	}
	return out
}

// painWords are word prefixes that make a question about pain.
var painWords = []string{"pain", "hurt", "ache", "aching", "achy", "sore", "twinge", "tweak", "injur", "strain", "pinch", "sting", "ouch", "owie",
	"agony", "agonis", "agoniz", "spasm", "throb"}

// painPhrases are how people say it hurts without a pain word ("my back is
// killing me", "pulled something"), matched on the normalised text padded
// with spaces.
var painPhrases = []string{" bad back ", " back problem", " back issue", " killing me ", " is killing ", " are killing ",
	" acting up ", " pulled something ", " pulled a muscle ", " pulled my ", " wrecked my back ", " back is wrecked ",
	" threw my back ", " threw out my back ", " put my back out "}

// healthWords are word prefixes that make a question about health.
var healthWords = []string{"doctor", "physio", "medical", "medicat", "diagnos", "illness", "sick", "injur",
	"symptom", "chiropract", "osteopath", "arthrit", "hernia", "sciati", "pregnan", "surgery",
	"covid", "flu", "fever", "stroke", "hypertens", "diabet", "cancer", "chemo", "asthma", "breastfeed"}

// Answer is the reply to a tip request.
type Answer struct {
	Found     bool   // an exercise was recognised
	Exercise  string // ladder name
	Variation string // the variation matched (the ladder's typical one for the ladder's own name)
	Cues      []string
	Mistakes  []string // "mistake — fix"
	Safety    string   // the back-safety note
	Topic     string   // "" or the routine question answered: "frequency", "sets and reps", "rest", …
	Pain      bool     // the question was about pain
	Health    bool     // the question was about health: a condition, a diagnosis, care
	Clearance bool     // a condition that needs a professional's go-ahead first (pregnancy, surgery, …)
	RedFlag   bool     // a red flag was mentioned: Text tells them to stop and see a health professional
	Text      string   // the complete answer, ready to show (≤ MaxTipLen characters)
}

// Private reports whether the answer touches pain, health, a red flag or a
// condition that needs clearance, and so must only ever be shown to the
// person who asked: never in a channel others can read.
func (a Answer) Private() bool { return a.Pain || a.Health || a.Clearance || a.RedFlag }

// Answered reports whether the question was understood: an exercise, a
// routine question, pain or a safety matter. When false, Text lists what
// can be asked.
func (a Answer) Answered() bool {
	return a.Found || a.Topic != "" || a.Pain || a.Health || a.Clearance || a.RedFlag
}

// MaxTipLen bounds Answer.Text, in characters.
const MaxTipLen = 1800

// typical is the variation whose cues answer a question about a whole
// exercise ("rdl form"): its usual form, not its easiest drill.
var typical = [numLadders]string{
	squat:       "Bodyweight squat",
	lunge:       "Reverse lunge",
	gluteBridge: "Glute bridge",
	hipThrust:   "Shoulders-elevated hip thrust",
	deadlift:    "Barbell deadlift",
	rdl:         "Dumbbell RDL",
}

// sldlNote says how a stiff-leg deadlift differs from a Romanian deadlift.
const sldlNote = "A stiff-leg deadlift (SLDL) is not quite an RDL. In an SLDL the knees stay almost straight and each rep " +
	"usually starts from the floor, so the back tends to bend more. In an RDL you start standing, keep a soft knee bend and " +
	"push your hips back only until they stop moving, with a flat back — that is the version glutebot teaches."

// Tip answers a free-text question: an exercise by name, alias, small typo
// or its Spanish, German, French or Portuguese name ("hip thrusts", "RDL",
// "romainan deadlift", "sentadilla"), a routine question ("how often", "how
// long should I rest"), or pain. Any red flag gets "stop and see a health
// professional" whatever else was asked; a condition that needs clearance
// (pregnancy, recent surgery, a disc problem, …) gets "get cleared first".
func Tip(query string) Answer { return TipFor(query, nil) }

// TipFor is Tip for a subscriber whose current prescriptions are current
// (Summary.Current): asked about a whole exercise they are doing ("hip
// thrust form"), it answers with the cues of their current variation and
// says where they are.
func TipFor(query string, current []Item) Answer {
	text := normalise(query)
	padded := " " + text + " "
	var a Answer
	var note string
	if li, vi, whole, ok := lookup(text); ok {
		l := &catalogue[li]
		if whole {
			vi = variationIndex(l, typical[li])
			for _, it := range current {
				if it.Exercise == l.Name && !it.Paused {
					vi = variationIndex(l, it.Variation)
					note = "Your current rung: " + it.Name() + ", " + it.Prescription() + "."
				}
			}
		}
		v := &l.Variations[vi]
		a.Found = true
		a.Exercise = l.Name
		a.Variation = v.Name
		a.Cues = slices.Clone(v.Cues)
		for _, m := range v.Mistakes {
			a.Mistakes = append(a.Mistakes, m.What+" — "+m.Fix)
		}
		a.Safety = v.Safety
		if whole {
			a.Safety = l.Safety
		}
		if li == rdl && containsAny(padded, []string{" sldl ", " stiff "}) {
			note = strings.TrimSpace(note + " " + sldlNote)
		}
	}
	t := findTopic(text)
	if t != nil {
		a.Topic = t.name
		a.Health = t.health
	}
	q := readQuestion(query)
	safety := readSafety(q)
	// Pain as the safety reading counts it too ("sharp", "stabbing",
	// "sciatica"), so the two never disagree about what is private.
	a.Pain = mentionsAny(text, painWords) || containsAny(padded, painPhrases) || qHasPain(q) || bodyTrouble(q)
	a.Health = a.Health || mentionsAny(text, healthWords)
	a.RedFlag = len(safety.redFlags) > 0
	a.Clearance = len(safety.clearance) > 0
	a.Text = tipText(a, t, safety, note)
	return a
}

func variationIndex(l *Ladder, name string) int {
	for i, v := range l.Variations {
		if v.Name == name {
			return i
		}
	}
	return 0
}

// tipText writes the answer: t is the routine topic asked about, or nil.
func tipText(a Answer, t *topic, safety safetyReading, note string) string {
	var sb strings.Builder
	switch {
	case a.RedFlag:
		sb.WriteString(redFlagText + "\n\n")
		sb.WriteString("Warning sign: " + strings.ToLower(strings.Join(safety.redFlags, "; ")) + ".\n\n")
		if a.Found {
			sb.WriteString("Leave the " + strings.ToLower(a.Exercise) + " until you have been checked.\n\n")
		}
	case a.Clearance:
		sb.WriteString(fmt.Sprintf(clearanceText, strings.Join(safety.clearance, " and ")) + "\n\n")
		if a.Pain {
			sb.WriteString(painRule + "\n\n")
		}
	case t != nil:
		sb.WriteString(t.answer + "\n\n")
		if a.Pain && !strings.Contains(t.answer, painRule) { // the answer may include it already
			sb.WriteString(painRule + "\n\n")
		}
		if a.Found {
			sb.WriteString("**" + a.Variation + "** (" + a.Exercise + "): " + strings.Join(a.Cues[:min(3, len(a.Cues))], "; ") + ".\n\n")
		}
	case a.Pain && a.Found:
		sb.WriteString("**" + a.Exercise + " — back safety**\n" + a.Safety + "\n\n" + painRule + "\n\n")
	case a.Pain:
		sb.WriteString(painRule + "\n\n")
	case a.Health:
		sb.WriteString("With a health condition, check with your doctor or physiotherapist which moves and loads suit you " +
			"before you start, and start at the beginner level.\n\n" + painRule + "\n\n")
	case a.Found:
		sb.WriteString("**" + a.Variation + "**")
		if a.Variation != a.Exercise {
			sb.WriteString(" (" + a.Exercise + ")")
		}
		sb.WriteString("\nForm cues:\n")
		for _, c := range a.Cues {
			sb.WriteString("• " + c + "\n")
		}
		sb.WriteString("Common mistakes:\n")
		for _, m := range a.Mistakes {
			sb.WriteString("• " + m + "\n")
		}
		sb.WriteString("Back safety: " + a.Safety + "\n")
		if note != "" {
			sb.WriteString(note + "\n")
		}
		sb.WriteString(ladderLine(a.Exercise) + "\n\n")
	default:
		names := make([]string, len(catalogue))
		for i, l := range catalogue {
			names[i] = strings.ToLower(l.Name)
		}
		sb.WriteString("I don't know that one yet. Ask me about " + strings.Join(names, ", ") +
			", or things like how often to train, sets and reps, rest, warming up, soreness or missed weeks.\n\n")
	}
	sb.WriteString(Disclaimer)
	return sb.String()
}

// ladderLine lists an exercise's variations, easiest first.
func ladderLine(exercise string) string {
	l := &catalogue[ladderIndex(exercise)]
	names := make([]string, len(l.Variations))
	for i, v := range l.Variations {
		names[i] = v.Name
	}
	return "Easiest to hardest: " + strings.Join(names, " → ") + "."
}

// apostrophes drops the apostrophes from a word: "can't" reads "cant".
var apostrophes = strings.NewReplacer("'", "", "’", "")

// normalise lower-cases s, turns everything but letters and digits into
// single spaces and drops a plural "s" from each word, so "Hip-Thrusts!"
// reads "hip thrust".
func normalise(s string) string {
	words := strings.FieldsFunc(foldAccents(strings.ToLower(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	})
	for i, w := range words {
		w = apostrophes.Replace(w)
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-1]
		}
		words[i] = w
	}
	return strings.Join(words, " ")
}

// containsAny reports whether padded holds one of phrases.
func containsAny(padded string, phrases []string) bool {
	for _, p := range phrases {
		if strings.Contains(padded, p) {
			return true
		}
	}
	return false
}

// mentionsAny reports whether a word of text starts with one of prefixes.
func mentionsAny(text string, prefixes []string) bool {
	for _, w := range strings.Fields(text) {
		for _, p := range prefixes {
			if strings.HasPrefix(w, p) {
				return true
			}
		}
	}
	return false
}

// name is one lookup name and what it resolves to.
type name struct {
	words           []string
	length          int // of the words joined by spaces
	ladder, variant int
	whole           bool // names the ladder rather than one variation
}

var names = func() []name {
	var ns []name
	add := func(s string, l, v int, whole bool) {
		ws := strings.Fields(normalise(s))
		ns = append(ns, name{ws, len(strings.Join(ws, " ")), l, v, whole})
	}
	for li, l := range catalogue {
		add(l.Name, li, 0, true)
		for _, a := range l.Aliases {
			add(a, li, 0, true)
		}
		for vi, v := range l.Variations {
			add(v.Name, li, vi, false)
			for _, a := range v.Aliases {
				add(a, li, vi, false)
			}
		}
	}
	return ns
}()

// lookup finds the exercise text names: the name matched with the best
// score, where a name scores its length less two per typo, so that the
// longest name wins and a near-miss of a long name ("romainan deadlift")
// beats an exact short one ("deadlift"). whole reports that the name was
// the exercise's rather than one variation's.
func lookup(text string) (ladder, variant int, whole, ok bool) {
	words := strings.Fields(text)
	best, bestScore := -1, 0
	for i, n := range names {
	windows:
		for j := 0; j+len(n.words) <= len(words); j++ {
			// Word by word: a short word must match exactly, a longer one
			// within its typo budget.
			d := 0
			for k, tw := range n.words {
				w := words[j+k]
				if w == tw {
					continue
				}
				budget := typoBudget(tw)
				if abs(len(w)-len(tw)) > budget {
					continue windows
				}
				dw := distance(w, tw)
				if dw > budget {
					continue windows
				}
				d += dw
			}
			if score := n.length - 2*d; score > bestScore {
				best, bestScore = i, score
			}
		}
	}
	if best < 0 {
		return 0, 0, false, false
	}
	n := names[best]
	return n.ladder, n.variant, n.whole, true
}

// typoBudget is how many edits a name of this length tolerates.
func typoBudget(s string) int {
	switch n := len(s); {
	case n < 5:
		return 0
	case n < 9:
		return 1
	default:
		return 2
	}
}

// distance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of adjacent letters.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
