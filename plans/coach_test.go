package plans

import (
	"strings"
	"testing"
	"time"
)

// TestPainReplySaysWhenToSeeAProfessional: the answer to "it hurt" is the
// one moment the user is thinking about their pain, so it says when to see
// a professional — pain that lasts or keeps coming back, and the warning
// signs that mean stop now — not only after three reports.
func TestPainReplySaysWhenToSeeAProfessional(t *testing.T) {
	r := PainReply(log(Pain, 0), testSub(Beginner, NoEquipment), slot(0).Add(time.Hour))
	for _, want := range []string{"health professional", "keeps coming back", "down a leg", "numbness", "bladder or bowel"} {
		if !strings.Contains(r, want) {
			t.Errorf("the first pain reply lacks %q:\n%s", want, r)
		}
	}
}
