package bot

import (
	"strings"
	"testing"

	"github.com/glutebot/glutebot/plans"
)

func TestRecapEmbedSaysWhatChanges(t *testing.T) {
	e := recapEmbed(plans.Review{Done: 3, Target: 3, Streak: 2, Completed: 10, Deload: true, Changes: []plans.ItemChange{{
		From: plans.Item{Exercise: "Hip thrust", Variation: "Glute bridge", Sets: 2, Reps: 12},
		To:   plans.Item{Exercise: "Hip thrust", Variation: "Glute bridge", Sets: 2, Reps: 14}, Change: plans.MovedUp,
	}}})
	var all strings.Builder
	for _, f := range e.Fields {
		all.WriteString(f.Name + ": " + f.Value + "\n")
	}
	for _, want := range []string{"3 of 3 workouts — target reached", "2 weeks", "Glute bridge, 2 sets × 12 reps → Glute bridge, 2 sets × 14 reps", "deload"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("recap lacks %q:\n%s", want, all.String())
		}
	}
}
