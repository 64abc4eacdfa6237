package bot

import (
	"strings"
	"testing"

	"github.com/glutebot/glutebot/plans"
)

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
