package bot

import (
	"strings"
	"testing"

	"github.com/glutebot/glutebot/plans"
)

func TestExerciseField(t *testing.T) {
	tests := []struct {
		item       plans.Item
		name, load string
	}{
		{plans.Item{Exercise: "Lunge", Variation: "Split squat", Sets: 2, Reps: 10, EachSide: true, Rest: 60, Cues: []string{"a", "b"}},
			"1. Split squat — 2 sets × 10 reps (each side) · rest 60 s", ""},
		{plans.Item{Exercise: "Squat", Variation: "Bodyweight squat", Modifier: "3-1-3 tempo", Sets: 3, Reps: 12, Rest: 60, Cues: []string{"a"}},
			"1. Bodyweight squat (3-1-3 tempo) — 3 sets × 12 reps · rest 60 s", ""},
		{plans.Item{Exercise: "Squat", Variation: "Barbell back squat", Sets: 3, Reps: 6, Rest: 150, Load: "first weight: …", Cues: []string{"a"}},
			"1. Barbell back squat — 3 sets × 6 reps · rest 150 s", "first weight: …"},
		{plans.Item{Exercise: "Squat", Variation: "Supported split squat", Sets: 1, Reps: 10, EachSide: true, Rest: 60, Paused: true, Cues: []string{"a"}},
			"1. Supported split squat (instead of squat) — 1 set × 10 reps (each side) · rest 60 s", ""},
	}
	for _, tt := range tests {
		f := exerciseField(1, tt.item)
		if f.Name != tt.name {
			t.Errorf("name %q, want %q", f.Name, tt.name)
		}
		hasLoad := strings.Contains(f.Value, "🏋️")
		if !strings.Contains(f.Value, "• a") || hasLoad != (tt.load != "") || !strings.Contains(f.Value, tt.load) {
			t.Errorf("value %q: want the cues and load %q", f.Value, tt.load)
		}
	}
}

func TestQuoteKeepsUserInputInsideInlineCode(t *testing.T) {
	for in, want := range map[string]string{
		"hip thrust":                        "hip thrust",
		"a`b\nc\rd":                         "a'b c d",
		"Europe/Berlin`":                    "Europe/Berlin'",
		strings.Repeat("é", 40):             strings.Repeat("é", 40),
		"a`b\nc" + strings.Repeat("x", 100): "a'b c" + strings.Repeat("x", 35) + "…",
	} {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWarmUpIsLabelledOnce(t *testing.T) {
	for in, want := range map[string]string{
		"Warm-up, 3 minutes: 10 cat-cows.": "**Warm-up, 3 minutes:** 10 cat-cows.",
		"10 hip circles each way.":         "**Warm-up:** 10 hip circles each way.",
		"Walk: 5 minutes at an easy pace.": "**Warm-up:** Walk: 5 minutes at an easy pace.",
	} {
		if got := warmUpLine(in); got != want {
			t.Errorf("warmUpLine(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestItemTextSaysAStandIn: /progress and the recap list each exercise
// under its own name; one paused after repeated pain shows its stand-in,
// which must say so rather than read as if squats had become split squats.
func TestItemTextSaysAStandIn(t *testing.T) {
	it := plans.Item{Exercise: "Squat", Variation: "Supported split squat", Sets: 2, Reps: 10, EachSide: true, Rest: 60, Paused: true}
	if got := itemText(it); !strings.Contains(got, "squat is paused") {
		t.Errorf("a stand-in reads %q", got)
	}
	it.Paused = false
	if got := itemText(it); strings.Contains(got, "paused") {
		t.Errorf("an exercise not paused reads %q", got)
	}
}
