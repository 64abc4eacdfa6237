package bot

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

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

// entryStore keeps one slot's entries; any other Store method panics.
type entryStore struct {
	Store
	slot  plans.Slot
	kinds map[plans.Kind]bool
}

func (s *entryStore) SlotByMessage(_ context.Context, id string) (plans.Slot, error) {
	if id != s.slot.MessageID {
		return plans.Slot{}, plans.ErrNotFound
	}
	return s.slot, nil
}

func (s *entryStore) AddEntry(_ context.Context, _ int64, k plans.Kind, _ time.Time) (bool, error) {
	fresh := !s.kinds[k]
	s.kinds[k] = true
	return fresh, nil
}

func (s *entryStore) RemoveEntry(_ context.Context, _ int64, k plans.Kind) (bool, error) {
	had := s.kinds[k]
	delete(s.kinds, k)
	return had, nil
}

// A ✅ reaction counts one completion when it is recorded and takes one
// back when it is undone; a repeated event, another user's reaction and
// another emoji count nothing.
func TestReactionCountsCompletions(t *testing.T) {
	// No channel: refreshPost has no post to edit.
	st := &entryStore{slot: plans.Slot{ID: 1, UserID: "410000000000000001", MessageID: "m1"}, kinds: map[plans.Kind]bool{}}
	var deltas []int
	b, err := New(Config{Token: "test-token", Logger: slog.New(slog.DiscardHandler),
		Observer: Observer{Completion: func(d int) { deltas = append(deltas, d) }}}, st)
	if err != nil {
		t.Fatal(err)
	}
	owner, other := st.slot.UserID, "410000000000000002"
	b.react(reaction("m1", owner, emojiDone), true, false)
	b.react(reaction("m1", owner, emojiDone), true, false) // the same event again
	b.react(reaction("m1", other, emojiDone), true, false)
	b.react(reaction("m1", owner, emojiTooHard), true, false)
	b.react(reaction("m1", owner, emojiDone), false, false)
	b.react(reaction("m1", owner, emojiDone), false, false)
	if !slices.Equal(deltas, []int{1, -1}) {
		t.Errorf("completions counted %v, want [1 -1]", deltas)
	}
	if !st.kinds[plans.TooHard] || st.kinds[plans.Done] {
		t.Errorf("entries %v, want too hard only", st.kinds)
	}
}
