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

func TestSlotNonce(t *testing.T) {
	a := plans.Slot{ID: 7, UserID: "410000000000000001", LocalDate: "2026-11-23"}
	again := a
	again.ID = 8 // the same slot read back, or re-claimed after a crash
	other := a
	other.UserID = "410000000000000002" // another user's slot that got the same row id
	if slotNonce(a) != slotNonce(again) {
		t.Error("the same user and date gave two nonces")
	}
	if slotNonce(a) == slotNonce(other) {
		t.Error("two users' slots with the same row id share a nonce")
	}
	if n := len(slotNonce(a)); n > 25 {
		t.Errorf("nonce of %d characters, Discord allows 25", n)
	}
}
