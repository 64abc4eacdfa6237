package data

import (
	"context"
	"fmt"

	"github.com/glutebot/glutebot/plans"
)

// keepSettings copies the settings of the user's stored subscription into
// settings, where they outlive DeleteSubscription.
func keepSettings(wtx *writeTx, userID string) error {
	_, err := wtx.Exec(`INSERT INTO settings (user_id, guild_id, channel_id, delivery, days, hour, minute, zone, level, equipment, since, recap_day)
		SELECT user_id, guild_id, channel_id, delivery, days, hour, minute, zone, level, equipment, since, recap_day FROM subscriptions WHERE user_id = ?
		ON CONFLICT (user_id) DO UPDATE SET
			guild_id = excluded.guild_id, channel_id = excluded.channel_id, delivery = excluded.delivery,
			days = excluded.days, hour = excluded.hour, minute = excluded.minute, zone = excluded.zone,
			level = excluded.level, equipment = excluded.equipment, since = excluded.since, recap_day = excluded.recap_day`, userID)
	return err
}

// LastSettings returns the settings the user last subscribed with, also
// after they unsubscribed: GuildID, ChannelID, Delivery, Days, TimeOfDay, Zone,
// Level, Equipment and Since are set, the rest is zero. A user who never
// subscribed (or was forgotten) gets an error wrapping ErrNotFound.
func (s *Store) LastSettings(ctx context.Context, userID string) (plans.Subscription, error) {
	var sub plans.Subscription
	var mask, since int64
	err := s.read.QueryRowContext(ctx, `SELECT user_id, guild_id, channel_id, delivery, days, hour, minute, zone, level, equipment, since
		FROM settings WHERE user_id = ?`, userID).Scan(&sub.UserID, &sub.GuildID, &sub.ChannelID, &sub.Delivery, &mask,
		&sub.TimeOfDay.Hour, &sub.TimeOfDay.Minute, &sub.Zone, &sub.Level, &sub.Equipment, &since)
	if err = orNotFound(err, "settings of", userID); err != nil {
		return plans.Subscription{}, fmt.Errorf("data: last settings: %w", err)
	}
	sub.Days, sub.Since = plans.DayMask(mask).Days(), fromUnix(since)
	return sub, nil
}
