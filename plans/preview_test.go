package plans

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestPreviewGolden(t *testing.T) {
	for _, level := range []Level{Beginner, Intermediate, Advanced} {
		for _, equip := range []Equipment{NoEquipment, Dumbbells, Gym} {
			name := fmt.Sprintf("preview-%s-%s.golden", level, equip)
			t.Run(name, func(t *testing.T) {
				got, err := Preview(PreviewOptions{Level: level, Equipment: equip, DaysPerWeek: 3, Weeks: 24})
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", name)
				if *update {
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./plans -run Golden -update to create it)", err)
				}
				if got != string(want) {
					t.Errorf("preview differs from %s (rerun with -update if the change is intended):\n%s", path, got)
				}
			})
		}
	}
}

func TestPreviewShape(t *testing.T) {
	out, err := Preview(PreviewOptions{Level: Beginner, Equipment: NoEquipment, DaysPerWeek: 2, Weeks: 12})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out, "\nWeek "); got != 12 {
		t.Errorf("%d weeks printed, want 12", got)
	}
	if got := strings.Count(out, "Session "); got != 24 {
		t.Errorf("%d sessions printed, want 24", got)
	}
	// Bodyweight work gets its first deload in week 12 (two sessions).
	if got := strings.Count(out, deloadNote); got != 2 {
		t.Errorf("deload note printed %d times, want 4", got)
	}
}

func TestPreviewMissesAndFeedback(t *testing.T) {
	base := PreviewOptions{Level: Beginner, Equipment: NoEquipment, DaysPerWeek: 3, Weeks: 12}
	plain, err := Preview(base)
	if err != nil {
		t.Fatal(err)
	}
	skipped := base
	skipped.SkipWeeks = []int{5, 6}
	out, err := Preview(skipped)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(out, "skipped: nothing logged") != 2 || !strings.Contains(out, "Welcome back! After 2 weeks off") {
		t.Errorf("skipping weeks 5 and 6 does not show the break and the step back:\n%s", out)
	}
	if out == plain {
		t.Error("skipping weeks changed nothing")
	}
	hard := base
	hard.TooHardWeeks = []int{3}
	out, err = Preview(hard)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"every session rated too hard", "stay where they were", "went back a rung", safetyNote} {
		if !strings.Contains(out, want) {
			t.Errorf("too-hard week 3 output lacks %q", want)
		}
	}
}

func TestPreviewErrors(t *testing.T) {
	ok := PreviewOptions{Level: Beginner, Equipment: NoEquipment, DaysPerWeek: 3, Weeks: 12}
	tests := []struct {
		name   string
		change func(*PreviewOptions)
		want   error
	}{
		{"four days", func(o *PreviewOptions) { o.DaysPerWeek = 4 }, ErrDays},
		{"no weeks", func(o *PreviewOptions) { o.Weeks = 0 }, ErrPreview},
		{"too many weeks", func(o *PreviewOptions) { o.Weeks = MaxPreviewWeeks + 1 }, ErrPreview},
		{"skip outside", func(o *PreviewOptions) { o.SkipWeeks = []int{13} }, ErrPreview},
		{"too hard outside", func(o *PreviewOptions) { o.TooHardWeeks = []int{0} }, ErrPreview},
		{"level", func(o *PreviewOptions) { o.Level = 7 }, ErrLevel},
		{"equipment", func(o *PreviewOptions) { o.Equipment = -1 }, ErrEquipment},
	}
	for _, tt := range tests {
		o := ok
		tt.change(&o)
		if _, err := Preview(o); !errors.Is(err, tt.want) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.want)
		}
	}
}
