package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/glutebot/glutebot/plans"
)

const subscriptionColumns = `user_id, guild_id, channel_id, delivery, days, hour, minute, zone, level, equipment,
	since, paused_until, undeliverable, next_due`

// PutSubscription creates or replaces the user's subscription. An existing
// subscription keeps its Since; a new one starts at sub.Since, or now. The
// user acted, so the subscription is deliverable again.
func (s *Store) PutSubscription(ctx context.Context, sub plans.Subscription) (plans.Subscription, error) {
	var out plans.Subscription
	err := s.tx(ctx, func(tx *sql.Tx) error {
		old, err := subscription(ctx, tx, sub.UserID)
		switch {
		case err == nil:
			sub.Since = old.Since
		case errors.Is(err, ErrNotFound):
			if sub.Since.IsZero() {
				sub.Since = s.Now()
			}
		default:
			return err
		}
		sub.Undeliverable = false
		_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO subscriptions (`+subscriptionColumns+`, notice_pending)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0)`,
			sub.UserID, sub.GuildID, sub.ChannelID, sub.Delivery, daysMask(sub.Days), sub.Clock.Hour, sub.Clock.Minute,
			sub.Zone, sub.Level, sub.Equipment, unix(sub.Since), unix(sub.PausedUntil), unix(sub.NextDue))
		if err != nil {
			return err
		}
		out, err = subscription(ctx, tx, sub.UserID)
		return err
	})
	if err != nil {
		return plans.Subscription{}, fmt.Errorf("data: put subscription: %w", err)
	}
	return out, nil
}

// Subscription returns the user's subscription.
func (s *Store) Subscription(ctx context.Context, userID string) (plans.Subscription, error) {
	return subscription(ctx, s.read, userID)
}

// DeleteSubscription stops the user's workouts; their history stays.
func (s *Store) DeleteSubscription(ctx context.Context, userID string) error {
	return s.updateSubscription(ctx, userID, `DELETE FROM subscriptions WHERE user_id = ?`)
}

// SetNextDue records the subscription's next scheduled instant.
func (s *Store) SetNextDue(ctx context.Context, userID string, next time.Time) error {
	return s.updateSubscription(ctx, userID, `UPDATE subscriptions SET next_due = ? WHERE user_id = ?`, unix(next))
}

// SetPaused pauses the subscription until until (zero resumes it) with the
// next workout at nextDue.
func (s *Store) SetPaused(ctx context.Context, userID string, until, nextDue time.Time) error {
	return s.updateSubscription(ctx, userID, `UPDATE subscriptions SET paused_until = ?, next_due = ? WHERE user_id = ?`,
		unix(until), unix(nextDue))
}

// SetUndeliverable stops deliveries to a user Discord refuses to reach,
// until they subscribe again, and leaves one notice for them.
func (s *Store) SetUndeliverable(ctx context.Context, userID string) error {
	return s.updateSubscription(ctx, userID,
		`UPDATE subscriptions SET notice_pending = (undeliverable = 0) OR notice_pending, undeliverable = 1 WHERE user_id = ?`)
}

// TakeUndeliverableNotice reports, once, that the user became undeliverable.
func (s *Store) TakeUndeliverableNotice(ctx context.Context, userID string) (bool, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE subscriptions SET notice_pending = 0 WHERE user_id = ? AND notice_pending = 1`, userID)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("data: take notice: %w", err)
	}
	return n == 1, nil
}

// DueSubscriptions lists deliverable, unpaused subscriptions due at or
// before now, earliest first.
func (s *Store) DueSubscriptions(ctx context.Context, now time.Time, limit int) ([]plans.Subscription, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions
		WHERE next_due <= ? AND undeliverable = 0 AND paused_until <= ?
		ORDER BY next_due LIMIT ?`, now.Unix(), now.Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("data: due subscriptions: %w", err)
	}
	defer rows.Close()
	var out []plans.Subscription
	for rows.Next() {
		sub, err := scanSubscription(rows)
		if err != nil {
			return nil, fmt.Errorf("data: due subscriptions: %w", err)
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

// CountSubscriptions counts all subscriptions.
func (s *Store) CountSubscriptions(ctx context.Context) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM subscriptions`).Scan(&n)
	return n, err
}

func (s *Store) updateSubscription(ctx context.Context, userID, query string, args ...any) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, append(args, userID)...)
		if err != nil {
			return fmt.Errorf("data: update subscription: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("subscription of", userID)
		}
		return nil
	})
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func subscription(ctx context.Context, q queryer, userID string) (plans.Subscription, error) {
	sub, err := scanSubscription(q.QueryRowContext(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE user_id = ?`, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return plans.Subscription{}, notFound("subscription of", userID)
	}
	if err != nil {
		return plans.Subscription{}, fmt.Errorf("data: read subscription: %w", err)
	}
	return sub, nil
}

func scanSubscription(row interface{ Scan(...any) error }) (plans.Subscription, error) {
	var sub plans.Subscription
	var mask, since, paused, next int64
	err := row.Scan(&sub.UserID, &sub.GuildID, &sub.ChannelID, &sub.Delivery, &mask, &sub.Clock.Hour, &sub.Clock.Minute,
		&sub.Zone, &sub.Level, &sub.Equipment, &since, &paused, &sub.Undeliverable, &next)
	if err != nil {
		return plans.Subscription{}, err
	}
	sub.Days = daysFromMask(mask)
	sub.Since, sub.PausedUntil, sub.NextDue = fromUnix(since), fromUnix(paused), fromUnix(next)
	return sub, nil
}

func daysMask(days []time.Weekday) int64 {
	var m int64
	for _, d := range days {
		m |= 1 << d
	}
	return m
}

// daysFromMask lists the days Monday first, as plans orders them.
func daysFromMask(m int64) []time.Weekday {
	var out []time.Weekday
	for i := 1; i <= 7; i++ {
		d := time.Weekday(i % 7)
		if m&(1<<d) != 0 {
			out = append(out, d)
		}
	}
	return out
}
