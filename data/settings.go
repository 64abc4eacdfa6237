package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/glutebot/glutebot/plans"
)

// keepSettings copies the settings of the user's stored subscription into
// settings, where they outlive DeleteSubscription.
func keepSettings(wtx *writeTx, userID string) error {
	_, err := wtx.Exec(`INSERT INTO settings (user_id, guild_id, channel_id, delivery, days, hour, minute, zone, level, equipment, since)
		SELECT user_id, guild_id, channel_id, delivery, days, hour, minute, zone, level, equipment, since FROM subscriptions WHERE user_id = ?
		ON CONFLICT (user_id) DO UPDATE SET
			guild_id = excluded.guild_id, channel_id = excluded.channel_id, delivery = excluded.delivery,
			days = excluded.days, hour = excluded.hour, minute = excluded.minute, zone = excluded.zone,
			level = excluded.level, equipment = excluded.equipment, since = excluded.since`, userID)
	return err
}

// LastSettings returns the settings the user last subscribed with, also
// after they unsubscribed: GuildID, ChannelID, Delivery, Days, Clock, Zone,
// Level, Equipment and Since are set, the rest is zero. A user who never
// subscribed (or was forgotten) gets an error wrapping ErrNotFound.
func (s *Store) LastSettings(ctx context.Context, userID string) (plans.Subscription, error) {
	var sub plans.Subscription
	var mask, since int64
	err := s.read.QueryRowContext(ctx, `SELECT user_id, guild_id, channel_id, delivery, days, hour, minute, zone, level, equipment, since
		FROM settings WHERE user_id = ?`, userID).Scan(&sub.UserID, &sub.GuildID, &sub.ChannelID, &sub.Delivery, &mask,
		&sub.Clock.Hour, &sub.Clock.Minute, &sub.Zone, &sub.Level, &sub.Equipment, &since)
	if err = orNotFound(err, "settings of", userID); err != nil {
		return plans.Subscription{}, fmt.Errorf("data: last settings: %w", err)
	}
	sub.Days, sub.Since = plans.DayMask(mask).Days(), fromUnix(since)
	return sub, nil
}

// MoveSlot moves a workout to another local date and due instant, once:
// it reports false, changing nothing, when the slot was moved before or
// the user already has a workout on that date. An unknown slot gives an
// error wrapping ErrNotFound.
func (s *Store) MoveSlot(ctx context.Context, slotID int64, localDate string, due, at time.Time) (bool, error) {
	var moved bool
	err := s.runWrite(ctx, "move slot", func(wtx *writeTx) error {
		var userID, from string
		if err := wtx.QueryRow(`SELECT user_id, local_date FROM slots WHERE id = ?`, slotID).Scan(&userID, &from); err != nil {
			return orNotFound(err, "slot", slotID)
		}
		var taken bool
		if err := wtx.QueryRow(`SELECT EXISTS (SELECT 1 FROM slot_moves WHERE slot_id = ?)
			OR EXISTS (SELECT 1 FROM slots WHERE user_id = ? AND local_date = ?)`, slotID, userID, localDate).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return nil
		}
		if _, err := wtx.Exec(`UPDATE slots SET local_date = ?, due = ? WHERE id = ?`, localDate, unix(due), slotID); err != nil {
			return err
		}
		if _, err := wtx.Exec(`INSERT INTO slot_moves (slot_id, user_id, from_date, at) VALUES (?, ?, ?, ?)`,
			slotID, userID, from, unix(at)); err != nil {
			return err
		}
		moved = true
		return nil
	})
	return moved, err
}

// SlotMoved reports whether the slot was moved with MoveSlot.
func (s *Store) SlotMoved(ctx context.Context, slotID int64) (bool, error) {
	var moved bool
	if err := s.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM slot_moves WHERE slot_id = ?)`, slotID).Scan(&moved); err != nil {
		return false, fmt.Errorf("data: slot moved: %w", err)
	}
	return moved, nil
}

// ClaimFollowUp reserves a private follow-up about a workout post for
// reason (e.g. "pain"): fresh is true the first time for a slot and reason,
// false ever after. With fresh, channelID and messageID name the DM that an
// earlier reason's follow-up was sent as (see SetFollowUpMessage), if any,
// so the caller can add to it instead of writing a new one. An unknown slot
// gives an error wrapping ErrNotFound.
func (s *Store) ClaimFollowUp(ctx context.Context, slotID int64, reason string, at time.Time) (fresh bool, channelID, messageID string, err error) {
	err = s.runWrite(ctx, "claim follow-up", func(wtx *writeTx) error {
		if err := mustExist(wtx, "slot", slotID, `SELECT EXISTS (SELECT 1 FROM slots WHERE id = ?)`, slotID); err != nil {
			return err
		}
		var err error
		fresh, err = changed(wtx, `INSERT INTO post_followups (slot_id, user_id, reason, at)
			SELECT id, user_id, ?, ? FROM slots WHERE id = ? ON CONFLICT (slot_id, reason) DO NOTHING`, reason, unix(at), slotID)
		if err != nil || !fresh {
			return err
		}
		err = wtx.QueryRow(`SELECT channel_id, message_id FROM post_followups
			WHERE slot_id = ? AND message_id != '' ORDER BY at, reason LIMIT 1`, slotID).Scan(&channelID, &messageID)
		if errors.Is(err, sql.ErrNoRows) {
			err = nil
		}
		return err
	})
	return fresh, channelID, messageID, err
}

// SetFollowUpMessage records the DM a post's follow-up for reason was sent
// as.
func (s *Store) SetFollowUpMessage(ctx context.Context, slotID int64, reason, channelID, messageID string) error {
	return s.runWrite(ctx, "set follow-up message", func(wtx *writeTx) error {
		return execOne(wtx, "follow-up of slot", slotID, `UPDATE post_followups SET channel_id = ?, message_id = ?
			WHERE slot_id = ? AND reason = ?`, channelID, messageID, slotID, reason)
	})
}

// AddButtonEntry records kind for a slot as AddEntry does, marked as given
// with a button: there is no reaction to read back after a restart, so it
// is not taken away when the reaction is absent. A kind already recorded
// by a reaction stays as it is, and false is returned.
func (s *Store) AddButtonEntry(ctx context.Context, slotID int64, kind plans.Kind, at time.Time) (bool, error) {
	var added bool
	err := s.runWrite(ctx, "add button entry", func(wtx *writeTx) error {
		var err error
		if added, err = insertEntry(wtx, slotID, kind, at); err != nil || !added {
			return err
		}
		_, err = wtx.Exec(`UPDATE entries SET by_button = 1 WHERE slot_id = ? AND kind = ?`, slotID, kind)
		return err
	})
	return added, err
}

// ButtonKinds lists the kinds recorded for one slot with AddButtonEntry, in
// Kind order.
func (s *Store) ButtonKinds(ctx context.Context, slotID int64) ([]plans.Kind, error) {
	out, err := queryList(ctx, s.read, scanValue[plans.Kind], `SELECT kind FROM entries WHERE slot_id = ? AND by_button = 1 ORDER BY kind`, slotID)
	if err != nil {
		return nil, fmt.Errorf("data: button kinds: %w", err)
	}
	return out, nil
}
