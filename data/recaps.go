package data

import (
	"context"
	"fmt"
	"time"

	"github.com/glutebot/glutebot/plans"
)

// SetRecap sets the user's weekly recap to come on day, or turns it off
// (on false), and leaves its next time to be scheduled again. An error
// wraps ErrNotFound when the user has no subscription.
func (s *Store) SetRecap(ctx context.Context, userID string, day time.Weekday, on bool) error {
	d := int(day)
	if !on {
		d = -1
	}
	return s.runWrite(ctx, "set recap", func(wtx *writeTx) error {
		if err := updateSubscription(wtx, userID, `UPDATE subscriptions SET recap_day = ?, next_recap = 0 WHERE user_id = ?`, d); err != nil {
			return err
		}
		_, err := wtx.Exec(`UPDATE settings SET recap_day = ? WHERE user_id = ?`, d, userID) // kept past /unsubscribe
		return err
	})
}

// Recap returns the day of the user's weekly recap and whether it is on; an
// error wrapping ErrNotFound when the user has no subscription.
func (s *Store) Recap(ctx context.Context, userID string) (day time.Weekday, on bool, err error) {
	var d int
	err = s.read.QueryRowContext(ctx, `SELECT recap_day FROM subscriptions WHERE user_id = ?`, userID).Scan(&d)
	if err = orNotFound(err, "subscription of", userID); err != nil {
		return 0, false, fmt.Errorf("data: recap: %w", err)
	}
	if d < 0 {
		return 0, false, nil
	}
	return time.Weekday(d), true, nil
}

// SetNextRecap records when the user's next recap is due.
func (s *Store) SetNextRecap(ctx context.Context, userID string, next time.Time) error {
	return s.runWrite(ctx, "set next recap", func(wtx *writeTx) error {
		return updateSubscription(wtx, userID, `UPDATE subscriptions SET next_recap = ? WHERE user_id = ?`, unix(next))
	})
}

// DueRecaps lists up to limit deliverable subscribers whose recap is on and
// due at or before now, or not yet scheduled, earliest first.
func (s *Store) DueRecaps(ctx context.Context, now time.Time, limit int) ([]plans.Recap, error) {
	out, err := queryList(ctx, s.read, scanRecap, dueRecapsQuery, now.Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("data: due recaps: %w", err)
	}
	return out, nil
}

// dueRecapsQuery runs every second: it repeats the partial index's
// condition so that SQLite searches subscriptions_next_recap.
const dueRecapsQuery = `SELECT ` + subscriptionColumns + `, recap_day, next_recap FROM subscriptions
	WHERE recap_day >= 0 AND undeliverable = 0 AND next_recap <= ? ORDER BY next_recap, user_id LIMIT ?`

// scanRecap scans a subscription row followed by recap_day and next_recap.
func scanRecap(row scanner) (plans.Recap, error) {
	var day, next int64
	sub, err := scanSubscription(withExtra{row, []any{&day, &next}})
	if err != nil {
		return plans.Recap{}, err
	}
	return plans.Recap{Sub: sub, Day: time.Weekday(day), Next: fromUnix(next)}, nil
}

// withExtra scans a row that has more columns than a scan function knows:
// those go into extra.
type withExtra struct {
	row   scanner
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.row.Scan(append(dest, w.extra...)...) }
