package bot

import (
	"testing"

	"github.com/glutebot/glutebot/plans"
)

func TestReactionKind(t *testing.T) {
	for name, want := range map[string]plans.Kind{"✅": plans.Done, "✅\ufe0f": plans.Done, "😅": plans.TooHard, "💪": plans.TooEasy, "🤕\ufe0f": plans.Pain} {
		if got, ok := reactionKind(name); !ok || got != want {
			t.Errorf("reactionKind(%q) = %v, %v; want %v", name, got, ok, want)
		}
	}
	for _, name := range []string{"👍", "", "\ufe0f", "✅✅"} {
		if got, ok := reactionKind(name); ok {
			t.Errorf("reactionKind(%q) = %v; want none", name, got)
		}
	}
}
