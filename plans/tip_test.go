package plans

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTipResolvesNames(t *testing.T) {
	tests := []struct {
		query, exercise, variation string
	}{
		{"hip thrusts", "Hip thrust", "Shoulders-elevated hip thrust"},
		{"RDL", "Romanian deadlift", "Dumbbell RDL"},
		{"rdl form", "Romanian deadlift", "Dumbbell RDL"},
		{"romainan deadlift", "Romanian deadlift", "Dumbbell RDL"},
		{"romanian dedlift form", "Romanian deadlift", "Dumbbell RDL"},
		{"SLDL", "Romanian deadlift", "Dumbbell RDL"},
		{"hex bar", "Deadlift", "Trap bar deadlift"},
		{"hipthrust", "Hip thrust", "Shoulders-elevated hip thrust"},
		{"butt bridge", "Glute bridge", "Glute bridge"},
		{"romanian", "Romanian deadlift", "Dumbbell RDL"},
		{"bridges", "Glute bridge", "Glute bridge"},
		{"split squat", "Lunge", "Split squat"},
		{"deadlfit", "Deadlift", "Barbell deadlift"},
		{"hip hinge drill", "Deadlift", "Hip hinge drill"},
		{"How do I do a single-leg glute bridge?", "Glute bridge", "Single-leg glute bridge"},
		{"Bulgarian split squats", "Lunge", "Bulgarian split squat"},
		{"goblet squat form", "Squat", "Goblet squat"},
		{"barbell hip thrust", "Hip thrust", "Barbell hip thrust"},
		{"sl rdl", "Romanian deadlift", "Single-leg RDL"},
		{"lunges", "Lunge", "Reverse lunge"},
		{"squatts", "Squat", "Bodyweight squat"},
		{"sentadilla", "Squat", "Bodyweight squat"},
		{"peso muerto", "Deadlift", "Barbell deadlift"},
		{"peso muerto rumano", "Romanian deadlift", "Dumbbell RDL"},
		{"zancada", "Lunge", "Reverse lunge"},
		{"puente de glúteos", "Glute bridge", "Glute bridge"},
		{"Kniebeuge", "Squat", "Bodyweight squat"},
		{"Kreuzheben", "Deadlift", "Barbell deadlift"},
		{"rumänisches Kreuzheben", "Romanian deadlift", "Dumbbell RDL"},
		{"Ausfallschritt", "Lunge", "Reverse lunge"},
		{"fente", "Lunge", "Reverse lunge"},
		{"soulevé de terre", "Deadlift", "Barbell deadlift"},
		{"pont fessier", "Glute bridge", "Glute bridge"},
		{"agachamento", "Squat", "Bodyweight squat"},
		{"levantamento terra", "Deadlift", "Barbell deadlift"},
		{"elevação pélvica", "Hip thrust", "Shoulders-elevated hip thrust"},
		{"hip thurst", "Hip thrust", "Shoulders-elevated hip thrust"},
	}
	for _, tt := range tests {
		a := Tip(tt.query)
		if !a.Found || a.Exercise != tt.exercise || a.Variation != tt.variation {
			t.Errorf("Tip(%q) = found %v, %q / %q; want %q / %q", tt.query, a.Found, a.Exercise, a.Variation, tt.exercise, tt.variation)
			continue
		}
		if len(a.Cues) < 3 || len(a.Mistakes) < 2 || a.Safety == "" {
			t.Errorf("Tip(%q) is missing cues, mistakes or safety: %+v", tt.query, a)
		}
		if a.Pain || a.RedFlag || a.Private() {
			t.Errorf("Tip(%q): pain %v, red flag %v, private %v; want none", tt.query, a.Pain, a.RedFlag, a.Private())
		}
		for _, c := range a.Cues {
			if !strings.Contains(a.Text, c) {
				t.Errorf("Tip(%q).Text lacks cue %q", tt.query, c)
			}
		}
		if !strings.Contains(a.Text, a.Safety) {
			t.Errorf("Tip(%q).Text lacks the safety note", tt.query)
		}
	}
}

func TestTipUnknown(t *testing.T) {
	for _, q := range []string{"", "push-ups", "bench press", "what should I eat", "my glutes are weak"} {
		a := Tip(q)
		if a.Found || a.Pain || a.RedFlag {
			t.Errorf("Tip(%q) = %+v; want nothing recognised", q, a)
		}
		if !strings.Contains(a.Text, "squat") || !strings.Contains(a.Text, Disclaimer) {
			t.Errorf("Tip(%q).Text = %q; want the list of exercises and the disclaimer", q, a.Text)
		}
	}
}

func TestTipPain(t *testing.T) {
	a := Tip("my back hurts when I deadlift")
	if !a.Found || a.Exercise != "Deadlift" || !a.Pain || a.RedFlag {
		t.Fatalf("Tip = %+v; want Deadlift, pain, no red flag", a)
	}
	for _, want := range []string{catalogue[deadlift].Safety, painRule, Disclaimer} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("Text = %q; lacks %q", a.Text, want)
		}
	}
	if strings.Contains(a.Text, "Form cues") {
		t.Errorf("a pain answer leads with safety, not a form lesson: %q", a.Text)
	}

	a = Tip("sore lower back, what should I do?")
	if a.Found || !a.Pain || !strings.Contains(a.Text, painRule) {
		t.Errorf("Tip(general pain) = %+v; want the general rule", a)
	}
	a = Tip("single leg rdl makes my hamstring ache")
	if a.Variation != "Single-leg RDL" || !a.Pain || !strings.Contains(a.Text, catalogue[rdl].Variations[2].Safety) {
		t.Errorf("Tip(variation pain) = %+v; want the variation's safety note", a)
	}
}

// TestTipTopicPainRuleOnce: a routine answer to a question about pain
// carries the pain rule once, whether or not the answer includes it already.
func TestTipTopicPainRuleOnce(t *testing.T) {
	for q, topic := range map[string]string{
		"is it normal to be sore and in pain after squats?": "soreness",
		"how often should I train if my back hurts":         "frequency",
	} {
		a := Tip(q)
		if a.Topic != topic || !a.Pain {
			t.Errorf("Tip(%q): topic %q, pain %v; want topic %q and pain", q, a.Topic, a.Pain, topic)
		}
		if n := strings.Count(a.Text, painRule); n != 1 {
			t.Errorf("Tip(%q) gives the pain rule %d times, want once:\n%s", q, n, a.Text)
		}
	}
}

func TestTipRedFlags(t *testing.T) {
	queries := []string{
		"pain spreading down my leg when I squat",
		"my back hurts and it shoots into my leg during lunges",
		"numbness in my foot after hip thrusts",
		"tingling in my toes",
		"pins and needles after deadlifts",
		"my leg feels weak since yesterday",
		"my knee gave way on a lunge",
		"trouble controlling my bladder and back pain",
		"back pain after a fall, can I still do bridges?",
		"I fell off my bike, should I deadlift?",
		"fever and back ache",
		"unexplained weight loss and back pain",
		"my back hurts at night and doesn't get better",
		"back pain wakes me up",
		"sciatica on the left side",
	}
	for _, q := range queries {
		a := Tip(q)
		if !a.RedFlag {
			t.Errorf("Tip(%q).RedFlag = false, want true", q)
			continue
		}
		if !strings.Contains(a.Text, "stop training and see a health professional") {
			t.Errorf("Tip(%q).Text = %q; must tell them to stop and see a health professional", q, a.Text)
		}
		if strings.Contains(a.Text, "Form cues") {
			t.Errorf("Tip(%q) coaches form despite a red flag: %q", q, a.Text)
		}
	}
	for _, q := range []string{"deadlift form", "how to avoid injury when squatting", "keep knees from caving in", "my glutes are weak", "bridges for weight loss"} {
		if a := Tip(q); a.RedFlag {
			t.Errorf("Tip(%q).RedFlag = true, want false", q)
		}
	}
	if got := len(RedFlags()); got != len(redFlagSigns) || got < 8 {
		t.Errorf("RedFlags() has %d entries, want all %d signs", got, len(redFlagSigns))
	}
}

func TestTipTextLength(t *testing.T) {
	var queries []string
	for _, e := range Exercises() {
		queries = append(queries, e.Name, "my back hurts doing "+e.Name, e.Name+" numbness down my leg")
	}
	for _, q := range queries {
		if a := Tip(q); utf8.RuneCountInString(a.Text) > MaxTipLen || a.Text == "" {
			t.Errorf("Tip(%q).Text has %d characters, want 1 to %d", q, utf8.RuneCountInString(a.Text), MaxTipLen)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"deadlfit", "deadlift", 1},
		{"squat", "squat", 0},
		{"", "abc", 3},
		{"lunge", "lounge", 1},
		{"kitten", "sitting", 3},
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func FuzzTip(f *testing.F) {
	for _, s := range []string{"hip thrusts", "RDL", "deadlfit", "my back hurts at night", "ä ß 💪", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		a := Tip(q)
		if a.Text == "" || utf8.RuneCountInString(a.Text) > MaxTipLen {
			t.Fatalf("Tip(%q).Text has %d characters", q, utf8.RuneCountInString(a.Text))
		}
		if a.RedFlag && !strings.Contains(a.Text, "see a health professional") {
			t.Fatalf("Tip(%q): red flag without the referral", q)
		}
		if a.Found && (a.Exercise == "" || a.Variation == "" || a.Safety == "") {
			t.Fatalf("Tip(%q) found but incomplete: %+v", q, a)
		}
	})
}

func TestTipForCurrentRung(t *testing.T) {
	current := Summarize(nil, testSub(Advanced, Gym), monday).Current
	a := TipFor("hip thrust form", current)
	if a.Variation != "Barbell hip thrust" || !strings.Contains(a.Text, "Your current rung: Barbell hip thrust, 3 sets × 6 reps") {
		t.Errorf("TipFor = %q / %q; want the barbell hip thrust as the current rung", a.Variation, a.Text)
	}
	if a := TipFor("wall hip hinge", current); a.Variation != "Wall hip hinge" || strings.Contains(a.Text, "current rung") {
		t.Errorf("a variation asked by name is answered as asked, got %q", a.Variation)
	}
	if a := Tip("hip thrust form"); a.Variation != typical[hipThrust] {
		t.Errorf("without a plan: %q, want the typical %q", a.Variation, typical[hipThrust])
	}
}

// TestPrivate: answers about pain, health, a red flag or a condition that
// needs clearance are private; form and routine answers are not.
func TestPrivate(t *testing.T) {
	tests := []struct {
		q       string
		private bool
	}{
		{"rdl form", false},
		{"how often should I train?", false},
		{"how do I keep a neutral spine in deadlifts", false},
		{"glute conditioning tips", false},
		{"my back hurts when I squat", true},
		{"I'm sore the next day, is that normal?", true},
		{"numbness in my foot", true},
		{"I'm pregnant, can I do bridges?", true},
		{"my doctor said I can train", true},
		{"I have arthritis in my knees", true},
		// Trouble told without a pain word is health talk; form cues that
		// share its words are not.
		{"my lower back feels tight after deadlifts", true},
		{"something popped in my knee during lunges", true},
		{"my back doesn't feel right after squats", true},
		{"how do I keep my back tight during deadlifts", false},
		{"stiff leg deadlift form", false},
		{"should I lock out my knees at the top of an rdl?", false},
		{"where should I feel hip thrusts?", false},
		{"I can feel my glutes working now!", false},
		{"what's the right foot position for squats", false},
		{"is it bad to round my back a little", false},
		{"my hip thrust feels weird, am I doing it right?", false},
		{"what's wrong with my glute bridge form", false},
	}
	for _, tt := range tests {
		if got := Tip(tt.q).Private(); got != tt.private {
			t.Errorf("Tip(%q).Private() = %v, want %v", tt.q, got, tt.private)
		}
	}
}

// TestStiffLegNote: asked about a stiff-leg deadlift, which glutebot files
// under the RDL, the answer says how the two differ; asked about the RDL,
// it does not.
func TestStiffLegNote(t *testing.T) {
	for q, want := range map[string]bool{"SLDL": true, "sldls?": true, "stiff leg deadlift form": true, "Stiff-legged deadlift": true,
		"rdl form": false, "romanian deadlift": false} {
		if got := strings.Contains(Tip(q).Text, sldlNote); got != want {
			t.Errorf("Tip(%q) tells the SLDL apart: %v, want %v", q, got, want)
		}
	}
}
