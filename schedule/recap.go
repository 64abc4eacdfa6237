package schedule

import (
	"context"
	"fmt"
	"time"

	"github.com/glutebot/glutebot/plans"
)

// recapBatch bounds the recaps listed per run; the next run, a second
// later, takes the rest.
const recapBatch = 500

// RecapStore is the part of the database the weekly recaps use.
type RecapStore interface {
	// DueRecaps lists up to limit subscribers whose recap is on and due at
	// or before now (or not yet scheduled), earliest first.
	DueRecaps(ctx context.Context, now time.Time, limit int) ([]plans.Recap, error)
	// SetNextRecap records when the user's next recap is due.
	SetNextRecap(ctx context.Context, userID string, next time.Time) error
	History(ctx context.Context, userID string) ([]plans.Entry, error)
}

// RecapSender sends a weekly recap.
type RecapSender interface {
	// SendRecap sends the review of the subscriber's week by DM.
	SendRecap(ctx context.Context, sub plans.Subscription, r plans.Review) error
}

// RecapConfig turns the weekly recaps on.
type RecapConfig struct {
	Store  RecapStore
	Sender RecapSender
}

func (c RecapConfig) enabled() bool { return c.Store != nil && c.Sender != nil }

// SendRecaps sends every weekly recap due at now. Each recap's next time is
// recorded before it is sent: a crash loses that one recap rather than
// sending it twice. A recap first seen is only scheduled, one missed by more
// than the grace window is skipped, and paused subscribers get none. Each
// recap waits until no workout is being delivered, before its write and
// again before its send, so at 10,000 recaps due at once the workouts of
// that minute still go first.
func (d *Dispatcher) SendRecaps(ctx context.Context, now time.Time) error {
	for {
		due, err := d.recaps.Store.DueRecaps(ctx, now, recapBatch)
		if err != nil {
			return fmt.Errorf("list due recaps: %w", err)
		}
		advanced := 0
		for _, r := range due {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if d.recap(ctx, r, now) {
				advanced++
			}
		}
		if len(due) < recapBatch {
			return nil
		}
		if advanced == 0 {
			// The same batch would come back: leave it for the next run.
			return fmt.Errorf("no recap of a batch of %d could be scheduled", len(due))
		}
	}
}

// recap handles one due recap and reports whether its next time was
// recorded.
func (d *Dispatcher) recap(ctx context.Context, r plans.Recap, now time.Time) bool {
	// Even a recap only being scheduled is a write, which a wave's claims
	// would queue behind.
	if d.delivering.wait(ctx) != nil {
		return false
	}
	log := d.log.With("user", r.Sub.UserID)
	next, err := nextRun(plans.WeeklySpec(r.Sub.Zone, r.Day, plans.RecapTime()), now)
	if err != nil {
		log.Error("recap has no usable schedule; parked until the user subscribes again", "err", err)
		next = never
	}
	if err := d.recaps.Store.SetNextRecap(ctx, r.Sub.UserID, next); err != nil {
		log.Error("schedule next recap; not sending this one", "err", err)
		return false
	}
	switch {
	case r.Next.IsZero():
		return true // first seen: scheduled, nothing due yet
	case now.Sub(r.Next) > d.grace:
		log.Warn("recap missed by more than the grace window; skipped", "due", r.Next)
		return true
	case r.Sub.PausedUntil.After(now):
		return true
	}
	history, err := d.recaps.Store.History(ctx, r.Sub.UserID)
	if err != nil {
		log.Error("load history; recap not sent", "err", err)
		return true
	}
	if d.delivering.wait(ctx) != nil {
		return true
	}
	review := plans.ReviewWeek(history, r.Sub, now)
	if err := d.recaps.Sender.SendRecap(ctx, r.Sub, review); err != nil {
		log.Warn("send weekly recap", "err", err)
		return true
	}
	log.Info("weekly recap sent", "done", review.Done, "target", review.Target, "streak", review.Streak)
	return true
}
