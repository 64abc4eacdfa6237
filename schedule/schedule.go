package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/glutebot/glutebot/plans"
)

const (
	defaultGrace   = 6 * time.Hour
	defaultSenders = 8
	defaultBatch   = 1000

	// postTimeout bounds one post, including the adapter's own retries of
	// 429s and 5xx; it also bounds how long a shutdown waits for it.
	postTimeout = 10 * time.Second
	// markTimeout bounds recording a post's outcome.
	markTimeout = 5 * time.Second
	// lateAfter is how far past its minute a slot may be posted before the
	// post says it is late.
	lateAfter = time.Minute
	// lookBack bounds the walk from a stale next due instant up to now: a
	// week and a day holds every scheduled weekday at least once.
	lookBack = 8 * 24 * time.Hour
)

// Store is the part of the database the dispatcher uses.
type Store interface {
	// DueSubscriptions returns up to limit subscriptions with next due at or
	// before now that are deliverable and not paused, earliest first.
	DueSubscriptions(ctx context.Context, now time.Time, limit int) ([]plans.Subscription, error)
	// ClaimSlot inserts slot unless the user already has one for its local
	// date, and sets the subscription's next due to nextDue either way, in
	// one transaction. It returns the stored slot and whether it is new.
	ClaimSlot(ctx context.Context, slot plans.Slot, nextDue time.Time) (plans.Slot, bool, error)
	MarkSlot(ctx context.Context, id int64, state plans.SlotState, channelID, messageID string) error
	SlotsInState(ctx context.Context, state plans.SlotState) ([]plans.Slot, error)
	// Subscription returns the user's subscription; an error wrapping
	// plans.ErrNotFound if there is none.
	Subscription(ctx context.Context, userID string) (plans.Subscription, error)
	History(ctx context.Context, userID string) ([]plans.Entry, error)
	SetUndeliverable(ctx context.Context, userID string) error
	SetNextDue(ctx context.Context, userID string, next time.Time) error
}

// Poster sends workouts; the Dispatcher records what became of them.
type Poster interface {
	// SendWorkout posts w for slot where the subscriber gets workouts and
	// returns where it landed. Sending the same slot again must return the
	// first message (the adapter sends a nonce derived from the slot's user
	// and local date, which Discord enforces), so re-posting a slot after a
	// crash is safe. The error wraps plans.ErrUndeliverable when Discord
	// will never deliver to the user (DMs closed); channelID is set when
	// known.
	SendWorkout(ctx context.Context, sub plans.Subscription, slot plans.Slot, w plans.Workout) (channelID, messageID string, err error)
	// AddDone adds ✅ to a posted workout, so marking it done is one tap.
	AddDone(ctx context.Context, channelID, messageID string) error
}

// Config tunes a Dispatcher; the zero value of each field picks its default.
type Config struct {
	Now     func() time.Time // default time.Now
	Grace   time.Duration    // how late a missed slot may still be posted (same local day); default 6h
	Senders int              // size of the sender pool, default 8
	Batch   int              // max subscriptions claimed per tick, default 1000
	Logger  *slog.Logger     // default slog.Default()

	// OnPosted, if set, is told of every scheduled workout posted and how
	// long after its due instant it went out (not of /workout's posts).
	OnPosted func(slot plans.Slot, lateness time.Duration)
	// OnTick, if set, is told when each of Run's ticks has finished, with
	// the time it ran for.
	OnTick func(now time.Time)

	// Work beside delivery, run by Run on the same cron. Boards and recaps
	// are off while their store or poster is nil, backups while Dir is "".
	Boards BoardConfig  // the servers' challenge boards
	Recaps RecapConfig  // the subscribers' weekly recaps
	Backup BackupConfig // the nightly backups
}

// Dispatcher claims due slots and posts them. Its methods are safe for
// concurrent use; Run's cron never starts a job while its last run is
// still going.
type Dispatcher struct {
	store   Store
	poster  Poster
	now     func() time.Time
	grace   time.Duration
	senders int
	batch   int
	log     *slog.Logger

	onPosted func(plans.Slot, time.Duration)
	onTick   func(time.Time)

	boards BoardConfig
	recaps RecapConfig
	backup BackupConfig

	// delivering is held while workouts are being posted; the weekly jobs
	// wait for it before each request, so they never take a due workout's
	// turn in the rate limit.
	delivering gate
}

// New returns a Dispatcher that reads and claims slots in store and posts
// them with poster.
func New(store Store, poster Poster, cfg Config) *Dispatcher {
	d := &Dispatcher{
		store:    store,
		poster:   poster,
		now:      cfg.Now,
		grace:    cfg.Grace,
		senders:  cfg.Senders,
		batch:    cfg.Batch,
		log:      cfg.Logger,
		onPosted: cfg.OnPosted,
		onTick:   cfg.OnTick,
		boards:   cfg.Boards,
		recaps:   cfg.Recaps,
		backup:   cfg.Backup,
	}
	if d.now == nil {
		d.now = time.Now
	}
	if d.grace <= 0 {
		d.grace = defaultGrace
	}
	if d.senders <= 0 {
		d.senders = defaultSenders
	}
	if d.batch <= 0 {
		d.batch = defaultBatch
	}
	if d.log == nil {
		d.log = slog.Default()
	}
	return d
}

// Tick claims the slots of up to Batch subscriptions due at now and posts
// them through the sender pool, returning when those posts are done. If ctx
// is cancelled it stops claiming and starting posts, waits for the posts
// under way, and returns an error wrapping ctx's.
func (d *Dispatcher) Tick(ctx context.Context, now time.Time) error {
	subs, err := d.store.DueSubscriptions(ctx, now, d.batch)
	if err != nil {
		return fmt.Errorf("list due subscriptions: %w", err)
	}
	if len(subs) == 0 {
		return nil
	}
	return deliverEach(ctx, d, subs, func(sub plans.Subscription) (job, bool) { return d.claim(ctx, sub, now) })
}

// Recover posts the slots a previous run claimed but did not finish (a crash
// or a stop between claim and post, or a post whose outcome was unknown).
// The poster's per-slot nonce makes this safe if the post had landed. Slots
// past the grace window are marked skipped instead, and those of users who
// are gone or unreachable are closed without posting.
func (d *Dispatcher) Recover(ctx context.Context, now time.Time) error {
	slots, err := d.store.SlotsInState(ctx, plans.SlotSending)
	if err != nil {
		return fmt.Errorf("list slots left in flight: %w", err)
	}
	if len(slots) == 0 {
		return nil
	}
	d.log.Info("recovering slots left in flight", "slots", len(slots))
	return deliverEach(ctx, d, slots, func(slot plans.Slot) (job, bool) { return d.resume(ctx, slot, now) })
}

// PostNow posts the user's workout of today at once, or their next one,
// marked early, when today is not one of their days. It claims that
// workout's slot as a tick would, so the schedule does not post it again,
// and goes through the same post as a due workout. posted is false when the
// slot had already been handled; the slot returned says how. The error wraps
// plans.ErrNotFound when the user has no subscription and
// plans.ErrUndeliverable when Discord refused the post.
func (d *Dispatcher) PostNow(ctx context.Context, userID string) (slot plans.Slot, posted bool, err error) {
	sub, err := d.store.Subscription(ctx, userID)
	if err != nil {
		return plans.Slot{}, false, fmt.Errorf("load subscription: %w", err)
	}
	log := d.log.With("user", userID)
	loc := d.location(log, sub.Zone)
	now := d.now()
	local := now.In(loc)
	startOfDay := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	due := plans.NextDue(sub.Days, sub.TimeOfDay, loc, startOfDay.Add(-time.Second))
	if due.IsZero() {
		return plans.Slot{}, false, fmt.Errorf("subscription of %s has no valid days or time", userID)
	}
	next := sub.NextDue
	if !next.After(due) {
		next = plans.NextDue(sub.Days, sub.TimeOfDay, loc, due)
	}
	claim := plans.Slot{UserID: userID, Due: due, LocalDate: plans.LocalDate(due, loc), State: plans.SlotSending, Early: due.After(now)}
	stored, fresh, err := d.store.ClaimSlot(ctx, claim, next)
	if err != nil {
		return plans.Slot{}, false, fmt.Errorf("claim slot: %w", err)
	}
	if !fresh && stored.State != plans.SlotSending {
		return stored, false, nil
	}
	// A slot still sending (a tick posting it right now, or a crash) is
	// posted again: the nonce makes Discord return the same message while
	// it remembers the nonce, and Retry has the poster look for the post
	// first when that may be past, as for slots recovered at start.
	if !fresh {
		stored.Retry = true
	}
	d.delivering.enter()
	defer d.delivering.leave()
	slot, err = d.post(ctx, job{sub: sub, slot: stored, log: log.With("slot", stored.ID), onDemand: true})
	return slot, err == nil, err
}

// job is one claimed slot waiting for a sender.
type job struct {
	sub      plans.Subscription
	slot     plans.Slot
	log      *slog.Logger
	onDemand bool // asked for with /workout, not due by the schedule
}

// deliver runs produce, which hands jobs to send, and posts them on a pool
// of d.senders goroutines; it returns when every started post is done.
// After ctx is cancelled send refuses jobs and senders start no more posts:
// those slots stay in flight for the next recovery.
func (d *Dispatcher) deliver(ctx context.Context, produce func(send func(job) bool)) error {
	d.delivering.enter()
	defer d.delivering.leave()
	jobs := make(chan job)
	var left atomic.Int64
	var wg sync.WaitGroup
	for range d.senders {
		wg.Go(func() {
			for j := range jobs {
				if ctx.Err() != nil {
					left.Add(1)
					continue
				}
				d.postRecovering(ctx, j)
			}
		})
	}
	produce(func(j job) bool {
		select {
		case jobs <- j:
			return true
		case <-ctx.Done():
			left.Add(1)
			return false
		}
	})
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		if n := left.Load(); n > 0 {
			d.log.Warn("stopped with claimed slots not posted; the next start posts them", "slots", n)
		}
		return fmt.Errorf("delivery interrupted: %w", err)
	}
	return nil
}

// deliverEach delivers the job toJob makes of each item it returns one for,
// in order, claiming no more once ctx is cancelled.
func deliverEach[T any](ctx context.Context, d *Dispatcher, items []T, toJob func(T) (job, bool)) error {
	return d.deliver(ctx, func(send func(job) bool) {
		for _, item := range items {
			if ctx.Err() != nil {
				return
			}
			if j, ok := toJob(item); ok && !send(j) {
				return
			}
		}
	})
}

// claim records the slot sub is due for and advances its next due past now.
// It returns a job if the slot is to be posted: it is new and either on time
// or missed by less than the grace window on the same local day.
func (d *Dispatcher) claim(ctx context.Context, sub plans.Subscription, now time.Time) (job, bool) {
	log := d.log.With("user", sub.UserID)
	if sub.NextDue.After(now) {
		return job{}, false // not due: the store answered for an older now
	}
	loc := d.location(log, sub.Zone)
	if sub.NextDue.IsZero() {
		// Never scheduled: start from now rather than from the year 1.
		next := plans.NextDue(sub.Days, sub.TimeOfDay, loc, now)
		if next.IsZero() {
			d.park(ctx, log, sub)
			return job{}, false
		}
		if err := d.store.SetNextDue(ctx, sub.UserID, next); err != nil {
			log.Error("set first next due", "err", err)
		}
		return job{}, false
	}
	due, next, older := catchUp(sub, loc, now)
	if next.IsZero() {
		d.park(ctx, log, sub)
		return job{}, false
	}
	slot := plans.Slot{
		UserID:    sub.UserID,
		LocalDate: plans.LocalDate(due, loc),
		Due:       due,
		State:     plans.SlotSending,
		Late:      now.Sub(due) > lateAfter,
	}
	if !d.inGrace(due, now, loc) {
		slot.State, slot.Late = plans.SlotSkipped, false
	}
	stored, created, err := d.store.ClaimSlot(ctx, slot, next)
	if err != nil {
		log.Error("claim slot", "due", due, "err", err)
		return job{}, false
	}
	log = log.With("slot", stored.ID)
	if older > 0 {
		log.Warn("missed slots before the last one were not posted", "missed", older, "since", sub.NextDue)
	}
	switch {
	case !created:
		// Already handled for that day, e.g. requested early with /workout.
		log.Debug("slot exists; not posting again", "local_date", stored.LocalDate, "state", stored.State)
		return job{}, false
	case stored.State == plans.SlotSkipped:
		log.Warn("missed slot skipped: past the grace window", "due", due, "grace", d.grace)
		return job{}, false
	}
	return job{sub: sub, slot: stored, log: log}, true
}

// catchUp returns the latest slot of sub at or before now, starting from its
// next due instant, the first slot after now, and how many slots before
// the latest were passed over (at least that many if it was over a week ago).
// next is zero if sub's days or time of day give no time.
func catchUp(sub plans.Subscription, loc *time.Location, now time.Time) (due, next time.Time, older int) {
	due = sub.NextDue
	if floor := now.Add(-lookBack); due.Before(floor) {
		due = plans.NextDue(sub.Days, sub.TimeOfDay, loc, floor)
		older = 1
	}
	for {
		next = plans.NextDue(sub.Days, sub.TimeOfDay, loc, due)
		if next.IsZero() || next.After(now) {
			return due, next, older
		}
		due = next
		older++
	}
}

// inGrace reports whether a slot due at due may still be posted at now: it is
// not yet due (requested early), or it is at most the grace window late and
// still on the same local date.
func (d *Dispatcher) inGrace(due, now time.Time, loc *time.Location) bool {
	if !due.Before(now) {
		return true
	}
	return now.Sub(due) <= d.grace && plans.LocalDate(due, loc) == plans.LocalDate(now, loc)
}

// location returns the subscriber's zone, or UTC if it cannot be loaded (the
// bot validates zones, so this means the tz data of the host changed).
func (d *Dispatcher) location(log *slog.Logger, zone string) *time.Location {
	loc, err := plans.LoadZone(zone)
	if err != nil {
		log.Warn("scheduling in UTC", "err", err)
		return time.UTC
	}
	return loc
}

// never is the next due instant of a parked subscription: no wave reaches it.
var never = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// park takes a subscription whose days or time of day yield no time out of every
// wave until the user subscribes again (which sets a new next due).
// Otherwise it would be listed as due every second, at the front of each
// batch, ahead of everyone else.
func (d *Dispatcher) park(ctx context.Context, log *slog.Logger, sub plans.Subscription) {
	log.Error("subscription has no valid days or time; not scheduled until the user subscribes again", "days", sub.Days, "time", sub.TimeOfDay)
	if err := d.store.SetNextDue(ctx, sub.UserID, never); err != nil {
		log.Error("park unschedulable subscription", "err", err)
	}
}

// resume decides what to do with a slot found in flight at start.
func (d *Dispatcher) resume(ctx context.Context, slot plans.Slot, now time.Time) (job, bool) {
	log := d.log.With("user", slot.UserID, "slot", slot.ID)
	sub, err := d.store.Subscription(ctx, slot.UserID)
	switch {
	case errors.Is(err, plans.ErrNotFound):
		log.Warn("subscription gone; slot skipped")
		d.closeSlot(ctx, log, slot, plans.SlotSkipped)
		return job{}, false
	case err != nil:
		log.Error("load subscription; slot left for the next start", "err", err)
		return job{}, false
	case sub.Undeliverable:
		log.Info("user cannot be reached; slot closed as failed")
		d.closeSlot(ctx, log, slot, plans.SlotFailed)
		return job{}, false
	}
	if !d.inGrace(slot.Due, now, d.location(log, sub.Zone)) {
		log.Warn("slot left in flight is past the grace window; skipped", "due", slot.Due, "grace", d.grace)
		d.closeSlot(ctx, log, slot, plans.SlotSkipped)
		return job{}, false
	}
	if now.Sub(slot.Due) > lateAfter {
		slot.Late = true
	}
	slot.Retry = true
	log.Info("posting slot left in flight", "due", slot.Due, "late", slot.Late)
	return job{sub: sub, slot: slot, log: log}, true
}

// post makes the one attempt at delivering j and records its outcome: the
// slot is marked sent with its message before ✅ is added, a request that
// waits its turn behind a whole wave, so a subscriber who reacts at once
// finds the post linked to their slot. It runs on its own context: a
// shutdown lets it finish within postTimeout. It returns the slot as
// recorded and, if the post failed, why (wrapping plans.ErrUndeliverable
// when Discord refused the user).
func (d *Dispatcher) post(ctx context.Context, j job) (plans.Slot, error) {
	ctx = context.WithoutCancel(ctx)
	pctx, cancel := context.WithTimeout(ctx, postTimeout)
	defer cancel()
	slot := j.slot
	history, err := d.store.History(pctx, j.sub.UserID)
	if err != nil {
		j.log.Error("load history; slot not posted", "err", err)
		slot.State = plans.SlotFailed
		d.mark(ctx, j.log, slot)
		return slot, fmt.Errorf("load history: %w", err)
	}
	w := plans.WorkoutFor(history, j.sub, j.slot.Due)
	channelID, messageID, err := d.poster.SendWorkout(pctx, j.sub, j.slot, w)
	slot.ChannelID = channelID
	switch {
	case err == nil:
		slot.State, slot.MessageID = plans.SlotSent, messageID
		d.mark(ctx, j.log, slot)
		if err := d.poster.AddDone(pctx, channelID, messageID); err != nil {
			// The post stands without it: the user can add ✅ themselves.
			j.log.Warn("pre-add ✅", "message", messageID, "err", err)
		}
		j.log.Info("workout posted", "due", j.slot.Due, "late", j.slot.Late, "early", j.slot.Early, "channel", channelID, "message", messageID)
		if d.onPosted != nil && !j.onDemand {
			d.onPosted(j.slot, d.now().Sub(j.slot.Due))
		}
		return slot, nil
	case errors.Is(err, plans.ErrUndeliverable):
		// One attempt, then no more: the user is told once by the bot when
		// they next act, and sending resumes when they subscribe again.
		j.log.Info("user cannot be reached; stopped sending", "err", err)
		slot.State = plans.SlotFailed
		d.mark(ctx, j.log, slot)
		uctx, cancel := context.WithTimeout(ctx, markTimeout)
		defer cancel()
		if err := d.store.SetUndeliverable(uctx, j.sub.UserID); err != nil {
			j.log.Error("mark user undeliverable", "err", err)
		}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		// The message may or may not have landed. Leave the slot in flight:
		// the next start posts it again with the same nonce.
		j.log.Warn("post outcome unknown; left in flight for the next start", "err", err)
	default:
		// The adapter has already retried what is worth retrying.
		j.log.Error("post failed", "err", err)
		slot.State = plans.SlotFailed
		d.mark(ctx, j.log, slot)
	}
	return slot, err
}

// postRecovering posts j on a sender goroutine, where cron.Recover, which
// guards the job's own goroutine, cannot catch a panic: one is logged and
// the slot stays in flight for the next start, and the sender goes on.
func (d *Dispatcher) postRecovering(ctx context.Context, j job) {
	defer func() {
		if p := recover(); p != nil {
			j.log.Error("post panicked; slot left in flight for the next start", "panic", p, "stack", string(debug.Stack()))
		}
	}()
	d.post(ctx, j)
}

// closeSlot records that slot will not be posted.
func (d *Dispatcher) closeSlot(ctx context.Context, log *slog.Logger, slot plans.Slot, state plans.SlotState) {
	slot.State = state
	d.mark(ctx, log, slot)
}

// mark records slot's state and where it was posted.
func (d *Dispatcher) mark(ctx context.Context, log *slog.Logger, slot plans.Slot) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), markTimeout)
	defer cancel()
	if err := d.store.MarkSlot(ctx, slot.ID, slot.State, slot.ChannelID, slot.MessageID); err != nil {
		log.Error("record slot state", "state", slot.State, "err", err)
	}
}
