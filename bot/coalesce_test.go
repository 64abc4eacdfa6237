package bot

import (
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bwmarrin/discordgo"
)

// handled records what a coalescer handed on.
type handled struct {
	mu      sync.Mutex
	calls   []bool // added, per call
	toggled []bool // toggled, per call
}

func (h *handled) handle(_ *discordgo.MessageReaction, added, toggled bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls = append(h.calls, added)
	h.toggled = append(h.toggled, toggled)
}

func (h *handled) snapshot() []bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]bool(nil), h.calls...)
}

func reaction(message, user, emoji string) *discordgo.MessageReaction {
	return &discordgo.MessageReaction{MessageID: message, UserID: user, Emoji: discordgo.Emoji{Name: emoji}}
}

func testCoalescer(t *testing.T, h *handled) *coalescer {
	return newCoalescer(reactionQuiet, reactionMaxWait, maxPendingReactions, h.handle, func(p any) { t.Errorf("handler panicked: %v", p) })
}

// TestToggledReactionIsOneChange: ✅ added and removed 50 times, 100 ms
// apart, ends added: the handler runs once, with "added", when it settles.
func TestToggledReactionIsOneChange(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var h handled
		c := testCoalescer(t, &h)
		r := reaction("m1", "u1", emojiDone)
		start := time.Now()
		for k := range 50 {
			c.submit(r, k%2 == 0) // add, remove, add, ...
			time.Sleep(20 * time.Millisecond)
			c.submit(r, k%2 != 0)
			time.Sleep(20 * time.Millisecond)
			if got := h.snapshot(); len(got) > 0 && time.Since(start) < reactionMaxWait {
				t.Fatalf("handled %v while still toggling", got)
			}
		}
		c.submit(r, true)
		time.Sleep(reactionQuiet)
		synctest.Wait()
		got := h.snapshot()
		// 101 changes over 2 s: under reactionMaxWait, so one call.
		if len(got) != 1 || !got[0] {
			t.Fatalf("handled %v, want one call with the final state (added)", got)
		}
		if !h.toggled[0] {
			t.Errorf("a reaction that changed 101 times was not handed on as toggled, so its final state would be trusted")
		}
		if c.size() != 0 {
			t.Errorf("%d reactions still pending", c.size())
		}
	})
}

// TestEndlessTogglingIsHandledEveryMaxWait: a reaction toggled without
// pause is still handled, once per reactionMaxWait, not once per change.
func TestEndlessTogglingIsHandledEveryMaxWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var h handled
		c := testCoalescer(t, &h)
		r := reaction("m1", "u1", emojiDone)
		const run = 10 * time.Second
		for k := 0; time.Duration(k)*50*time.Millisecond < run; k++ {
			c.submit(r, k%2 == 0)
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(reactionQuiet)
		synctest.Wait()
		got := h.snapshot()
		// Once per reactionMaxWait while it goes on: without the max wait it
		// would be handled once, at the end.
		if min, max := int(run/reactionMaxWait), int(run/reactionMaxWait)+1; len(got) < min || len(got) > max {
			t.Errorf("200 changes over %v handled %d times, want %d to %d", run, len(got), min, max)
		}
	})
}

// TestSeparateReactionsSettleSeparately: other emoji, posts and users are
// not merged into one, and a reaction that changed once is handed on as it
// is, without the read-back a toggle needs.
func TestSeparateReactionsSettleSeparately(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var h handled
		c := testCoalescer(t, &h)
		c.submit(reaction("m1", "u1", emojiDone), true)
		c.submit(reaction("m1", "u1", "😅"), true)
		c.submit(reaction("m2", "u1", emojiDone), true)
		c.submit(reaction("m1", "u2", emojiDone), true)
		time.Sleep(reactionQuiet)
		synctest.Wait()
		if got := h.snapshot(); len(got) != 4 {
			t.Errorf("4 different reactions handled %d times, want 4", len(got))
		}
		if slices.Contains(h.toggled, true) {
			t.Errorf("reactions that changed once were handed on as toggled: %v", h.toggled)
		}
	})
}

// TestCloseHandlesPendingReactions: nothing is lost at shutdown; what was
// still settling is handled at once.
func TestCloseHandlesPendingReactions(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var h handled
		c := testCoalescer(t, &h)
		c.submit(reaction("m1", "u1", emojiDone), true)
		c.submit(reaction("m1", "u1", emojiDone), false)
		c.close()
		if got := h.snapshot(); len(got) != 1 || got[0] {
			t.Fatalf("close handled %v, want one call with the final state (removed)", got)
		}
		c.submit(reaction("m2", "u1", emojiDone), true) // after close: at once
		if got := h.snapshot(); len(got) != 2 {
			t.Fatalf("a reaction after close was not handled at once: %v", got)
		}
		time.Sleep(2 * reactionMaxWait)
		synctest.Wait()
		if got := h.snapshot(); len(got) != 2 {
			t.Errorf("timers handled reactions again after close: %v", got)
		}
	})
}

func TestPendingReactionsAreBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var h handled
		c := newCoalescer(reactionQuiet, reactionMaxWait, 10, h.handle, func(p any) { t.Errorf("handler panicked: %v", p) })
		for k := range 15 {
			c.submit(reaction(string(rune('a'+k)), "u1", emojiDone), true)
		}
		if c.size() != 10 {
			t.Errorf("%d reactions pending, want the bound of 10", c.size())
		}
		if got := h.snapshot(); len(got) != 5 {
			t.Errorf("%d reactions handled at once past the bound, want 5", len(got))
		}
		time.Sleep(reactionQuiet)
		synctest.Wait()
		if got := h.snapshot(); len(got) != 15 {
			t.Errorf("%d of 15 reactions handled", len(got))
		}
	})
}

// size is how many reactions wait to settle.
func (c *coalescer) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pending)
}
