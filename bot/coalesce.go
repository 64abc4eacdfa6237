package bot

import (
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// coalescer holds reaction events until they settle, so a reaction toggled
// on and off many times is handled once, in its final state: one write and
// one answer instead of one per toggle. Events are keyed by post, user and
// emoji; each key is handled quiet after its last change, or maxWait after
// its first, whichever comes first. Its timers run on the machine's clock
// (testing/synctest fakes it).
//
// discordgo runs each event's handlers on a goroutine of its own, so the
// events of a quick toggle can arrive in another order than they happened:
// the last one seen is not always the final state. A key that changed more
// than once is handed on as toggled, and the handler reads the reaction
// back from Discord rather than trusting it.
type coalescer struct {
	quiet, maxWait time.Duration
	maxPending     int
	handle         func(r *discordgo.MessageReaction, added, toggled bool)
	panicked       func(p any)

	mu      sync.Mutex
	pending map[reactionKey]*pendingReaction
	closed  bool
	running sync.WaitGroup // handlers started by timers
}

type reactionKey struct{ message, user, emoji string }

type pendingReaction struct {
	r      *discordgo.MessageReaction
	added  bool
	events int // changes seen since the first
	first  time.Time
	timer  *time.Timer
}

func newCoalescer(quiet, maxWait time.Duration, maxPending int, handle func(r *discordgo.MessageReaction, added, toggled bool), panicked func(any)) *coalescer {
	return &coalescer{quiet: quiet, maxWait: maxWait, maxPending: maxPending, handle: handle, panicked: panicked,
		pending: make(map[reactionKey]*pendingReaction)}
}

// submit records that r was added or removed. After close, or with too
// many reactions pending, it handles r at once.
func (c *coalescer) submit(r *discordgo.MessageReaction, added bool) {
	k := reactionKey{r.MessageID, r.UserID, r.Emoji.Name}
	now := time.Now()
	c.mu.Lock()
	p, ok := c.pending[k]
	if !ok && (c.closed || len(c.pending) >= c.maxPending) {
		c.mu.Unlock()
		c.run(r, added, false)
		return
	}
	if !ok {
		p = &pendingReaction{first: now}
		c.pending[k] = p
		p.timer = time.AfterFunc(c.quiet, func() { c.fire(k, p) })
	} else {
		// A timer that has just fired and waits for the lock fires again
		// after Reset; fire handles the entry once either way.
		p.timer.Reset(max(0, min(c.quiet, p.first.Add(c.maxWait).Sub(now))))
	}
	p.r, p.added = r, added
	p.events++
	c.mu.Unlock()
}

// fire handles k's final state, if it is still pending as p.
func (c *coalescer) fire(k reactionKey, p *pendingReaction) {
	c.mu.Lock()
	if c.closed || c.pending[k] != p {
		c.mu.Unlock()
		return
	}
	delete(c.pending, k)
	c.running.Add(1)
	c.mu.Unlock()
	defer c.running.Done()
	c.run(p.r, p.added, p.events > 1)
}

func (c *coalescer) run(r *discordgo.MessageReaction, added, toggled bool) {
	defer func() {
		if p := recover(); p != nil {
			c.panicked(p)
		}
	}()
	c.handle(r, added, toggled)
}

// close handles every pending reaction now, in its latest state, and waits
// for those the timers started; reactions submitted later are handled at
// once.
func (c *coalescer) close() {
	c.mu.Lock()
	c.closed = true
	pending := c.pending
	c.pending = make(map[reactionKey]*pendingReaction)
	for _, p := range pending {
		p.timer.Stop()
	}
	c.mu.Unlock()
	for _, p := range pending {
		c.run(p.r, p.added, p.events > 1)
	}
	c.running.Wait()
}

// coalesceReaction passes a reaction that may mean something (a logging
// emoji from someone other than the bot) on to settle; the rest is dropped
// at once, as react would.
func (b *Bot) coalesceReaction(r *discordgo.MessageReaction, added bool) {
	if r.UserID == b.botUserID() {
		return
	}
	if _, ok := reactionKind(r.Emoji.Name); !ok {
		return
	}
	b.reactions.submit(r, added)
}
