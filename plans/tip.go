package plans

import (
	"slices"
	"strings"
	"unicode"
)

// Disclaimer goes with every tip and safety screen.
const Disclaimer = "glutebot gives general fitness guidance, not medical advice or a diagnosis. " +
	"Strong glutes help support your back, but they are one part of caring for it."

// painRule is the general rule for pain during training.
const painRule = "General rule: exercise can feel like effort, but it should not hurt. Stop the move that causes pain, " +
	"try an easier variation or a smaller range, and skip it for now if the pain stays. " +
	"If it lasts more than a few weeks or keeps getting worse, see a health professional."

// redFlagText answers any question that mentions a red flag.
const redFlagText = "⚠️ Please stop training and see a health professional (a doctor or physiotherapist) before you continue. " +
	"What you describe is a warning sign that needs a proper check, not an exercise tip. " +
	"If it came on suddenly or is severe — especially loss of bladder or bowel control or numbness around the groin — get urgent care today."

// redFlags pairs each warning sign shown on safety screens with the ways
// people write about it. A pattern matches when all its parts occur in the
// normalised question (each part is a word prefix or phrase).
var redFlags = []struct {
	label    string
	patterns [][]string
}{
	{"Pain spreading down a leg", [][]string{
		{"down my leg"}, {"down the leg"}, {"down my legs"}, {"down both legs"}, {"into my leg"},
		{"sciatic"}, {"radiat"}, {"shoot", "leg"}, {"spread", "leg"},
	}},
	{"Numbness or tingling", [][]string{{"numb"}, {"tingl"}, {"pins and needles"}}},
	{"Weakness in a leg or foot", [][]string{
		{"weak", "leg"}, {"weak", "foot"}, {"weak", "feet"}, {"give way"}, {"gave way"}, {"giving way"}, {"foot drop"},
	}},
	{"Loss of bladder or bowel control", [][]string{{"bladder"}, {"bowel"}, {"incontinen"}, {"wet myself"}, {"pee myself"}}},
	{"Pain after a fall or injury", [][]string{
		{"a fall"}, {"i fell"}, {"fell down"}, {"fell over"}, {"fell off"}, {"fell on"}, {"slipped"}, {"accident"}, {"crash"},
		{"injur", "after"}, {"injur", "since"},
	}},
	{"Fever or unexplained weight loss", [][]string{
		{"fever"}, {"unexplained weight"}, {"weight loss without"}, {"losing weight without"}, {"lost weight without"}, {"night sweat"},
	}},
	{"Pain at night that doesn't ease", [][]string{
		{"at night"}, {"night pain"}, {"wakes me"}, {"woke me"}, {"waking me"}, {"keeps me awake"}, {"lying down", "pain"}, {"in bed", "hurt"},
	}},
}

// RedFlags lists the warning signs that mean "stop and see a health
// professional", as short phrases for a safety screen.
func RedFlags() []string {
	out := make([]string, len(redFlags))
	for i, f := range redFlags {
		out[i] = f.label
	}
	return out
}

// painWords are word prefixes that make a question about pain.
var painWords = []string{"pain", "hurt", "ache", "aching", "achy", "sore", "twinge", "tweak", "injur", "strain", "pinch", "sting", "burn", "ouch"}

// Answer is the reply to a tip request.
type Answer struct {
	Found     bool   // an exercise was recognised
	Exercise  string // ladder name
	Variation string // the variation matched (or the ladder's first)
	Cues      []string
	Mistakes  []string // "mistake — fix"
	Safety    string   // the back-safety note
	Pain      bool     // the question was about pain
	RedFlag   bool     // a red flag was mentioned: Text tells them to stop and see a health professional
	Text      string   // the complete answer, ready to show (≤ MaxTipLen characters)
}

// Private reports whether the answer touches pain, health or a red flag, and
// so must only ever be shown to the person who asked: never in a channel
// others can read.
func (a Answer) Private() bool { return a.Pain || a.RedFlag }

// MaxTipLen bounds Answer.Text, in characters.
const MaxTipLen = 1800

// Tip answers a free-text question about an exercise ("hip thrusts", "RDL",
// "deadlfit", "my back hurts when I squat"). It recognises exercises by name,
// alias and small typos; questions about pain get the exercise's safety note
// and the general rule; any red flag gets "stop and see a health
// professional" whatever else was asked.
func Tip(query string) Answer {
	text := normalise(query)
	var a Answer
	if l, v, whole, ok := lookup(text); ok {
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
	}
	a.Pain = mentionsPain(text)
	a.RedFlag = mentionsRedFlag(text)
	a.Text = tipText(a)
	return a
}

func tipText(a Answer) string {
	var sb strings.Builder
	switch {
	case a.RedFlag:
		sb.WriteString(redFlagText + "\n\n")
		if a.Found {
			sb.WriteString("Leave the " + strings.ToLower(a.Exercise) + " until you have been checked.\n\n")
		}
	case a.Pain && a.Found:
		sb.WriteString("**" + a.Exercise + " — back safety**\n" + a.Safety + "\n\n" + painRule + "\n\n")
	case a.Pain:
		sb.WriteString(painRule + "\n\n")
	case a.Found:
		sb.WriteString("**" + a.Variation + "**")
		if a.Variation != a.Exercise {
			sb.WriteString(" (" + a.Exercise + " ladder)")
		}
		sb.WriteString("\nForm cues:\n")
		for _, c := range a.Cues {
			sb.WriteString("• " + c + "\n")
		}
		sb.WriteString("Common mistakes:\n")
		for _, m := range a.Mistakes {
			sb.WriteString("• " + m + "\n")
		}
		sb.WriteString("Back safety: " + a.Safety + "\n\n")
	default:
		names := make([]string, len(catalogue))
		for i, l := range catalogue {
			names[i] = strings.ToLower(l.Name)
		}
		sb.WriteString("I don't know that exercise yet. Ask me about " + strings.Join(names, ", ") + ".\n\n")
	}
	sb.WriteString(Disclaimer)
	return sb.String()
}

// normalise lower-cases s, turns everything but letters and digits into
// single spaces and drops a plural "s" from each word, so "Hip-Thrusts!"
// reads "hip thrust".
func normalise(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	for i, w := range words {
		w = strings.ReplaceAll(w, "'", "")
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-1]
		}
		words[i] = w
	}
	return strings.Join(words, " ")
}

func mentionsPain(text string) bool {
	for _, w := range strings.Fields(text) {
		for _, p := range painWords {
			if strings.HasPrefix(w, p) {
				return true
			}
		}
	}
	return false
}

func mentionsRedFlag(text string) bool {
	padded := " " + text + " "
	for _, f := range redFlags {
		for _, pat := range f.patterns {
			all := true
			for _, part := range pat {
				// Each part starts at a word boundary.
				if !strings.Contains(padded, " "+normalise(part)) {
					all = false
					break
				}
			}
			if all {
				return true
			}
		}
	}
	return false
}

// name is one lookup name and what it resolves to.
type name struct {
	words           []string
	ladder, variant int
	whole           bool // names the ladder rather than one variation
}

var names = func() []name {
	var ns []name
	add := func(s string, l, v int, whole bool) {
		ns = append(ns, name{strings.Fields(normalise(s)), l, v, whole})
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

// lookup finds the exercise text names. An exact match of a whole name wins,
// the longest first ("single leg glute bridge" over "glute bridge"); failing
// that, the closest name within a small typo distance. whole reports that
// the name was the exercise's rather than one variation's.
func lookup(text string) (l *Ladder, v *Variation, whole, ok bool) {
	words := strings.Fields(text)
	best, bestScore := -1, 0
	for i, n := range names {
		if containsWords(words, n.words) {
			if score := len(strings.Join(n.words, " ")); score > bestScore {
				best, bestScore = i, score
			}
		}
	}
	if best < 0 {
		bestDist := 0
		for i, n := range names {
			target := strings.Join(n.words, " ")
			allowed := typoBudget(target)
			if allowed == 0 {
				continue
			}
			for j := 0; j+len(n.words) <= len(words); j++ {
				d := distance(strings.Join(words[j:j+len(n.words)], " "), target)
				if d > allowed {
					continue
				}
				if best < 0 || d < bestDist || (d == bestDist && len(target) > bestScore) {
					best, bestDist, bestScore = i, d, len(target)
				}
			}
		}
	}
	if best < 0 {
		return nil, nil, false, false
	}
	n := names[best]
	l = &catalogue[n.ladder]
	return l, &l.Variations[n.variant], n.whole, true
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

func containsWords(words, seq []string) bool {
	for i := 0; i+len(seq) <= len(words); i++ {
		match := true
		for j := range seq {
			if words[i+j] != seq[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
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
