package bot

import (
	"strings"
	"testing"

	"github.com/glutebot/glutebot/plans"
)

// TestAnswerSmallTalk: thanks and greetings get a short, fitting reply, not
// the list of what can be asked; a bare "ok" gets none. Questions, health
// talk above all, are never taken for small talk.
func TestAnswerSmallTalk(t *testing.T) {
	for _, tc := range []struct{ message, want string }{
		{"thanks!", "You're welcome! 💪"},
		{"Thank you so much 🙏", "You're welcome! 💪"},
		{"hi", hello},
		{"Good morning!", hello},
		{"hey there, thanks", "You're welcome! 💪"},
		{"ok", ""},
		{"got it 👍", ""},
		{"👍", ""},
	} {
		if got := answer(tc.message, plans.Tip(tc.message)); got != tc.want {
			t.Errorf("answer(%q) = %q, want %q", tc.message, got, tc.want)
		}
	}
	for _, q := range []string{"??", "hi, how do I do a hip thrust?", "thanks, but my back hurts", "ok so my knee clicks when I squat", "hello what is an rdl",
		"do you?", "ok?", "you there", "so do I do it", "will it?"} {
		got := answer(q, plans.Tip(q))
		if got == "" || got == hello || strings.HasPrefix(got, "You're welcome") {
			t.Errorf("answer(%q) = %q: a question taken for small talk", q, got)
		}
		if a := plans.Tip(q); a.Answered() && got != a.Text {
			t.Errorf("answer(%q) = %q, want the tip %q", q, got, a.Text)
		}
	}
}
