package plans

import "fmt"

// Item is one exercise of a workout with its prescription.
type Item struct {
	Exercise   string // ladder name, e.g. "Hip thrust"
	Variation  string // e.g. "Single-leg hip thrust" (a stand-in's when Paused)
	Modifier   string // "" or e.g. "3-1-3 tempo", "loaded backpack"
	Sets, Reps int
	EachSide   bool     // single-leg: Reps on each side
	Rest       int      // seconds between sets
	Load       string   // "" or load guidance, e.g. "first weight: …", "add one step today, 1–2 kg per dumbbell (2–5 lb) …"
	Cues       []string // up to three short form cues
	Paused     bool     // Exercise is paused after repeated pain; Variation stands in
}

// String renders the item on one line, as plain text and previews show it:
// "Squat: Bodyweight squat (3-1-3 tempo) — 2 sets × 12 reps · rest 60 s",
// then " · " and the load guidance when there is some. Name and
// Prescription are its parts, for layouts of their own.
func (it Item) String() string {
	s := it.Exercise + ": " + it.Name() + " — " + it.Prescription()
	if it.Load != "" {
		s += " · " + it.Load
	}
	return s
}

// Name is the variation with its modifier: "Bodyweight squat (3-1-3 tempo)".
func (it Item) Name() string {
	if it.Modifier == "" {
		return it.Variation
	}
	return it.Variation + " (" + it.Modifier + ")"
}

// Prescription is the sets, reps and rest: "2 sets × 10 reps (each side) ·
// rest 60 s".
func (it Item) Prescription() string {
	s := fmt.Sprintf("%s × %s", Plural(it.Sets, "set"), Plural(it.Reps, "rep"))
	if it.EachSide {
		s += " (each side)"
	}
	if it.Rest > 0 {
		s += fmt.Sprintf(" · rest %d s", it.Rest)
	}
	return s
}

// Plural writes a count with its noun, for the sentences users read:
// "1 week", "3 weeks". Nouns here take an "s" in the plural.
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
