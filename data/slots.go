package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/glutebot/glutebot/plans"
)

const slotColumns = `id, user_id, local_date, due, state, late, early, channel_id, message_id`

// ClaimSlot inserts slot unless the user already has one on that local date,
// and sets the subscription's next due instant, in one transaction. It
// returns the stored slot and whether this call inserted it.
func (s *Store) ClaimSlot(ctx context.Context, slot plans.Slot, nextDue time.Time) (plans.Slot, bool, error) {
	var out plans.Slot
	var fresh bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO slots (user_id, local_date, due, state, late, early)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, local_date) DO NOTHING`,
			slot.UserID, slot.LocalDate, unix(slot.Due), slot.State, slot.Late, slot.Early)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		fresh = n == 1
		if _, err := tx.ExecContext(ctx, `UPDATE subscriptions SET next_due = ? WHERE user_id = ?`, unix(nextDue), slot.UserID); err != nil {
			return err
		}
		out, err = scanSlot(tx.QueryRowContext(ctx, `SELECT `+slotColumns+` FROM slots WHERE user_id = ? AND local_date = ?`,
			slot.UserID, slot.LocalDate))
		return err
	})
	if err != nil {
		return plans.Slot{}, false, fmt.Errorf("data: claim slot: %w", err)
	}
	return out, fresh, nil
}

// MarkSlot records how a slot's delivery went.
func (s *Store) MarkSlot(ctx context.Context, id int64, state plans.SlotState, channelID, messageID string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE slots SET state = ?, channel_id = ?, message_id = ? WHERE id = ?`,
			state, channelID, messageID, id)
		if err != nil {
			return fmt.Errorf("data: mark slot: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("slot", strconv.FormatInt(id, 10))
		}
		return nil
	})
}

// SlotsInState lists the slots in one state, by due time.
func (s *Store) SlotsInState(ctx context.Context, state plans.SlotState) ([]plans.Slot, error) {
	return s.slots(ctx, `WHERE state = ? ORDER BY due, id`, state)
}

// SlotByMessage finds the slot whose post is messageID.
func (s *Store) SlotByMessage(ctx context.Context, messageID string) (plans.Slot, error) {
	if messageID == "" {
		return plans.Slot{}, notFound("slot of message", "(empty)")
	}
	slot, err := scanSlot(s.read.QueryRowContext(ctx, `SELECT `+slotColumns+` FROM slots WHERE message_id = ?`, messageID))
	if errors.Is(err, sql.ErrNoRows) {
		return plans.Slot{}, notFound("slot of message", messageID)
	}
	if err != nil {
		return plans.Slot{}, fmt.Errorf("data: slot by message: %w", err)
	}
	return slot, nil
}

// RecentSlots lists the posted slots due at or after since.
func (s *Store) RecentSlots(ctx context.Context, since time.Time) ([]plans.Slot, error) {
	return s.slots(ctx, `WHERE state = ? AND due >= ? AND message_id != '' ORDER BY due, id`, plans.SlotSent, since.Unix())
}

// UserSlots lists all slots of one user, by due time.
func (s *Store) UserSlots(ctx context.Context, userID string) ([]plans.Slot, error) {
	return s.slots(ctx, `WHERE user_id = ? ORDER BY due, id`, userID)
}

func (s *Store) slots(ctx context.Context, where string, args ...any) ([]plans.Slot, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+slotColumns+` FROM slots `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("data: list slots: %w", err)
	}
	defer rows.Close()
	var out []plans.Slot
	for rows.Next() {
		slot, err := scanSlot(rows)
		if err != nil {
			return nil, fmt.Errorf("data: list slots: %w", err)
		}
		out = append(out, slot)
	}
	return out, rows.Err()
}

func scanSlot(row interface{ Scan(...any) error }) (plans.Slot, error) {
	var slot plans.Slot
	var due int64
	err := row.Scan(&slot.ID, &slot.UserID, &slot.LocalDate, &due, &slot.State, &slot.Late, &slot.Early, &slot.ChannelID, &slot.MessageID)
	slot.Due = fromUnix(due)
	return slot, err
}
