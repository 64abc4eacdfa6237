package data

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

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
