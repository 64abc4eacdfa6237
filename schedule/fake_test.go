package schedule

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/glutebot/glutebot/plans"
)

// fakeStore keeps the semantics of the SQLite store that the dispatcher
// relies on, in memory: one slot per (user, local date), ClaimSlot setting
// next due whether or not it inserts, DueSubscriptions filtering paused and
// undeliverable subscriptions.
type fakeStore struct {
	mu      sync.Mutex
	subs    map[string]plans.Subscription
	slots   []plans.Slot // slot ID i+1 at index i
	history map[string][]plans.Entry
}

func newFakeStore(subs ...plans.Subscription) *fakeStore {
	s := &fakeStore{subs: make(map[string]plans.Subscription), history: make(map[string][]plans.Entry)}
	for _, sub := range subs {
		s.subs[sub.UserID] = sub
	}
	return s
}

func (s *fakeStore) DueSubscriptions(ctx context.Context, now time.Time, limit int) ([]plans.Subscription, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var due []plans.Subscription
	for _, sub := range s.subs {
		if sub.NextDue.After(now) || sub.Undeliverable || sub.PausedUntil.After(now) {
			continue
		}
		due = append(due, sub)
	}
	slices.SortFunc(due, func(a, b plans.Subscription) int {
		return cmp.Or(a.NextDue.Compare(b.NextDue), cmp.Compare(a.UserID, b.UserID))
	})
	return due[:min(limit, len(due))], nil
}

func (s *fakeStore) ClaimSlot(ctx context.Context, slot plans.Slot, nextDue time.Time) (plans.Slot, bool, error) {
	if err := ctx.Err(); err != nil {
		return plans.Slot{}, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sub, ok := s.subs[slot.UserID]
	if !ok {
		return plans.Slot{}, false, fmt.Errorf("claim slot of %s: %w", slot.UserID, plans.ErrNotFound)
	}
	sub.NextDue = nextDue
	s.subs[slot.UserID] = sub
	for _, existing := range s.slots {
		if existing.UserID == slot.UserID && existing.LocalDate == slot.LocalDate {
			return existing, false, nil
		}
	}
	slot.ID = int64(len(s.slots) + 1)
	s.slots = append(s.slots, slot)
	return slot, true, nil
}

func (s *fakeStore) MarkSlot(ctx context.Context, id int64, state plans.SlotState, channelID, messageID string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if id < 1 || id > int64(len(s.slots)) {
		return fmt.Errorf("mark slot %d: %w", id, plans.ErrNotFound)
	}
	slot := &s.slots[id-1]
	slot.State, slot.ChannelID, slot.MessageID = state, channelID, messageID
	return nil
}

func (s *fakeStore) SlotsInState(ctx context.Context, state plans.SlotState) ([]plans.Slot, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []plans.Slot
	for _, slot := range s.slots {
		if slot.State == state {
			out = append(out, slot)
		}
	}
	return out, nil
}

func (s *fakeStore) Subscription(ctx context.Context, userID string) (plans.Subscription, error) {
	if err := ctx.Err(); err != nil {
		return plans.Subscription{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sub, ok := s.subs[userID]
	if !ok {
		return plans.Subscription{}, fmt.Errorf("subscription of %s: %w", userID, plans.ErrNotFound)
	}
	return sub, nil
}

func (s *fakeStore) History(ctx context.Context, userID string) ([]plans.Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.history[userID]), nil
}

func (s *fakeStore) SetUndeliverable(ctx context.Context, userID string) error {
	return s.update(ctx, userID, func(sub *plans.Subscription) { sub.Undeliverable = true })
}

func (s *fakeStore) SetNextDue(ctx context.Context, userID string, next time.Time) error {
	return s.update(ctx, userID, func(sub *plans.Subscription) { sub.NextDue = next })
}

func (s *fakeStore) update(ctx context.Context, userID string, f func(*plans.Subscription)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sub, ok := s.subs[userID]
	if !ok {
		return fmt.Errorf("update %s: %w", userID, plans.ErrNotFound)
	}
	f(&sub)
	s.subs[userID] = sub
	return nil
}

// sub returns the stored subscription of userID.
func (s *fakeStore) sub(userID string) plans.Subscription {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.subs[userID]
}

// slotsOf returns userID's slots in claim order.
func (s *fakeStore) slotsOf(userID string) []plans.Slot {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []plans.Slot
	for _, slot := range s.slots {
		if slot.UserID == userID {
			out = append(out, slot)
		}
	}
	return out
}

// attempt is one call of fakePoster.SendWorkout.
type attempt struct {
	UserID string
	SlotID int64
	Due    time.Time
	Late   bool
	Retry  bool
	At     time.Time // time.Now() when called: meaningful inside a synctest bubble
	Title  string
}

// fakePoster records every attempt and, like Discord with enforce_nonce,
// returns the first message again when a slot is posted a second time.
type fakePoster struct {
	mu       sync.Mutex
	attempts []attempt
	messages map[int64]string // slot ID → message ID, one per slot
	byUser   map[string]int   // distinct messages created per user
	fail     map[string]error // users whose posts fail with this error

	// before runs at the start of each attempt, numbered from 1; a non-nil
	// error is returned after the message is created (the response is
	// lost, as in a crash).
	before func(n int) error
	// delay is slept during each attempt (use inside a synctest bubble).
	delay time.Duration

	inFlight, maxInFlight int
	done                  map[string]bool // messages ✅ was added to
	onDone                func(messageID string)
}

func newFakePoster() *fakePoster {
	return &fakePoster{messages: make(map[int64]string), byUser: make(map[string]int), fail: make(map[string]error),
		done: make(map[string]bool)}
}

func (p *fakePoster) AddDone(ctx context.Context, channelID, messageID string) error {
	p.mu.Lock()
	p.done[messageID] = true
	onDone := p.onDone
	p.mu.Unlock()
	if onDone != nil {
		onDone(messageID)
	}
	return nil
}

func (p *fakePoster) hasDone(messageID string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done[messageID]
}

func (p *fakePoster) SendWorkout(ctx context.Context, sub plans.Subscription, slot plans.Slot, w plans.Workout) (string, string, error) {
	p.mu.Lock()
	p.attempts = append(p.attempts, attempt{UserID: sub.UserID, SlotID: slot.ID, Due: slot.Due, Late: slot.Late, Retry: slot.Retry, At: time.Now(), Title: w.Title})
	n := len(p.attempts)
	p.inFlight++
	p.maxInFlight = max(p.maxInFlight, p.inFlight)
	failure := p.fail[sub.UserID]
	before := p.before
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.inFlight--
		p.mu.Unlock()
	}()

	var lost error
	if before != nil {
		lost = before(n)
	}
	if p.delay > 0 {
		select {
		case <-time.After(p.delay):
		case <-ctx.Done():
			return "", "", ctx.Err()
		}
	}
	channelID := "dm-" + sub.UserID
	if failure != nil {
		return channelID, "", failure
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	id, ok := p.messages[slot.ID]
	if !ok {
		id = fmt.Sprintf("msg-%d", slot.ID)
		p.messages[slot.ID] = id
		p.byUser[sub.UserID]++
	}
	if lost != nil {
		return "", "", lost
	}
	return channelID, id, nil
}

func (p *fakePoster) attemptsOf(userID string) []attempt {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []attempt
	for _, a := range p.attempts {
		if a.UserID == userID {
			out = append(out, a)
		}
	}
	return out
}

func (p *fakePoster) allAttempts() []attempt {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.attempts)
}

func (p *fakePoster) messagesOf(userID string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.byUser[userID]
}

// logBuffer collects log output; safe for concurrent writers.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
