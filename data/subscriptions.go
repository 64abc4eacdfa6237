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

// PutSubscription creates or replaces the user's subscription, every field
// included, and keeps its settings for LastSettings. An existing subscription keeps its
// Since; a new one starts at sub.Since, or at Now() when that is zero. The
// user acted, so the subscription is deliverable again and no
// undeliverable notice is left for them. A user who has not answered the
// safety screen (SetScreened) gets no subscription: the error wraps
// plans.ErrNotScreened. Checking that here, in the write, spares /subscribe
// a read of its own, and no subscription can outlive a Forget that ran
// between the check and the write.
func (s *Store) PutSubscription(ctx context.Context, sub plans.Subscription) error {
	return s.runWrite(ctx, "put subscription", func(wtx *writeTx) error {
		var screened bool
		if err := wtx.QueryRow(`SELECT EXISTS (SELECT 1 FROM screenings WHERE user_id = ?)`, sub.UserID).Scan(&screened); err != nil {
			return err
		}
		if !screened {
			return fmt.Errorf("user %s: %w", sub.UserID, plans.ErrNotScreened)
		}
		if sub.Since.IsZero() {
			sub.Since = s.Now()
		}
		if err := upsertSubscription(wtx, sub); err != nil {
			return err
		}
		return keepSettings(wtx, sub.UserID)
	})
}

// upsertSubscription writes sub, keeping the since of an existing row.
func upsertSubscription(wtx *writeTx, sub plans.Subscription) error {
	if sub.UserID == "" {
		return errors.New("empty user id")
	}
	// A new row takes the recap choice kept from an earlier subscription.
	_, err := wtx.Exec(`INSERT INTO subscriptions (`+subscriptionColumns+`, notice_pending, recap_day)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0,
			coalesce((SELECT recap_day FROM settings WHERE user_id = ?1), 0))
		ON CONFLICT (user_id) DO UPDATE SET
			guild_id = excluded.guild_id, channel_id = excluded.channel_id, delivery = excluded.delivery,
			days = excluded.days, hour = excluded.hour, minute = excluded.minute, zone = excluded.zone,
			level = excluded.level, equipment = excluded.equipment, paused_until = excluded.paused_until,
			undeliverable = 0, notice_pending = 0, next_due = excluded.next_due`,
		sub.UserID, sub.GuildID, sub.ChannelID, sub.Delivery, int64(plans.MaskOf(sub.Days)), sub.TimeOfDay.Hour, sub.TimeOfDay.Minute,
		sub.Zone, sub.Level, sub.Equipment, unix(sub.Since), unix(sub.PausedUntil), unix(sub.NextDue))
	return err
}

// Subscription returns the user's subscription, or an error wrapping
// ErrNotFound.
func (s *Store) Subscription(ctx context.Context, userID string) (plans.Subscription, error) {
	sub, err := findSubscription(ctx, s.read, userID)
	if err != nil {
		return plans.Subscription{}, fmt.Errorf("data: subscription: %w", err)
	}
	return sub, nil
}

// DeleteSubscription stops the user's workouts; their slots and log stay.
// It returns an error wrapping ErrNotFound if there was no subscription.
func (s *Store) DeleteSubscription(ctx context.Context, userID string) error {
	return s.runWrite(ctx, "delete subscription", func(wtx *writeTx) error {
		return updateSubscription(wtx, userID, `DELETE FROM subscriptions WHERE user_id = ?`)
	})
}

// SetNextDue records the subscription's next scheduled instant.
func (s *Store) SetNextDue(ctx context.Context, userID string, next time.Time) error {
	return s.runWrite(ctx, "set next due", func(wtx *writeTx) error {
		return setNextDue(wtx, userID, next)
	})
}

func setNextDue(wtx *writeTx, userID string, next time.Time) error {
	return updateSubscription(wtx, userID, `UPDATE subscriptions SET next_due = ? WHERE user_id = ?`, unix(next))
}

// SetPaused pauses the subscription until until (the zero time resumes it)
// and sets its next workout to nextDue.
func (s *Store) SetPaused(ctx context.Context, userID string, until, nextDue time.Time) error {
	return s.runWrite(ctx, "set paused", func(wtx *writeTx) error {
		return updateSubscription(wtx, userID,
			`UPDATE subscriptions SET paused_until = ?, next_due = ? WHERE user_id = ?`, unix(until), unix(nextDue))
	})
}

// SetUndeliverable stops deliveries to a user Discord refuses to reach until
// they subscribe again, and leaves one notice for them (see
// TakeUndeliverableNotice). Marking an undeliverable user again leaves no
// second notice.
func (s *Store) SetUndeliverable(ctx context.Context, userID string) error {
	return s.runWrite(ctx, "set undeliverable", func(wtx *writeTx) error {
		return updateSubscription(wtx, userID, `UPDATE subscriptions
			SET notice_pending = CASE WHEN undeliverable = 0 THEN 1 ELSE notice_pending END, undeliverable = 1
			WHERE user_id = ?`)
	})
}

// TakeUndeliverableNotice reports true exactly once after SetUndeliverable,
// so the user is told once; false afterwards, when the user is deliverable
// and when they have no subscription.
func (s *Store) TakeUndeliverableNotice(ctx context.Context, userID string) (bool, error) {
	// Every command asks, and nearly always there is nothing to take:
	// answer that from a reader instead of queueing for the one writer.
	var pending bool
	err := s.read.QueryRowContext(ctx, `SELECT notice_pending = 1 AND undeliverable = 1 FROM subscriptions WHERE user_id = ?`, userID).Scan(&pending)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !pending {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("data: take undeliverable notice: %w", err)
	}
	return s.writeChanged(ctx, "take undeliverable notice", `UPDATE subscriptions SET notice_pending = 0
		WHERE user_id = ? AND notice_pending = 1 AND undeliverable = 1`, userID)
}

// DueSubscriptions lists up to limit subscriptions that are due at or
// before now, deliverable and not paused (paused_until zero or not after
// now), earliest first. A limit below 1 lists none. The partial index
// subscriptions_next_due serves it.
func (s *Store) DueSubscriptions(ctx context.Context, now time.Time, limit int) ([]plans.Subscription, error) {
	if limit < 1 {
		return nil, nil
	}
	out, err := queryList(ctx, s.read, scanSubscription, dueQuery, now.Unix(), now.Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("data: due subscriptions: %w", err)
	}
	return out, nil
}

// dueQuery repeats the partial index's condition (undeliverable = 0) so
// SQLite can use it. Ties on next_due are broken by user id so the order is
// stable.
const dueQuery = `SELECT ` + subscriptionColumns + ` FROM subscriptions
	WHERE next_due <= ? AND undeliverable = 0 AND paused_until <= ?
	ORDER BY next_due, user_id LIMIT ?`

// updateSubscription runs query with args and then userID, and fails with
// ErrNotFound if no subscription row was touched.
func updateSubscription(wtx *writeTx, userID, query string, args ...any) error {
	return execOne(wtx, "subscription of", userID, query, append(args, userID)...)
}

func findSubscription(ctx context.Context, q querier, userID string) (plans.Subscription, error) {
	sub, err := scanSubscription(q.QueryRowContext(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE user_id = ?`, userID))
	return sub, orNotFound(err, "subscription of", userID)
}

func scanSubscription(row scanner) (plans.Subscription, error) {
	var sub plans.Subscription
	var mask, since, paused, next int64
	err := row.Scan(&sub.UserID, &sub.GuildID, &sub.ChannelID, &sub.Delivery, &mask, &sub.TimeOfDay.Hour, &sub.TimeOfDay.Minute,
		&sub.Zone, &sub.Level, &sub.Equipment, &since, &paused, &sub.Undeliverable, &next)
	if err != nil {
		return plans.Subscription{}, err
	}
	sub.Days = plans.DayMask(mask).Days()
	sub.Since, sub.PausedUntil, sub.NextDue = fromUnix(since), fromUnix(paused), fromUnix(next)
	return sub, nil
}
