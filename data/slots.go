package data

import (
	"context"
	"fmt"
	"time"

	"github.com/glutebot/glutebot/plans"
)

const slotColumns = `id, user_id, local_date, due, state, late, early, channel_id, message_id`

// ClaimSlot inserts slot (UserID, LocalDate, Due, State, Late, Early) unless
// the user already has a slot on that local date, and sets the
// subscription's next due instant to nextDue either way, in one transaction.
// It returns the slot as stored and whether this call inserted it; when it
// did not, the existing slot is returned. Without a subscription nothing is
// written and the error wraps ErrNotFound, so a slot never outlives Forget.
func (s *Store) ClaimSlot(ctx context.Context, slot plans.Slot, nextDue time.Time) (plans.Slot, bool, error) {
	var out plans.Slot
	var fresh bool
	err := s.runWrite(ctx, "claim slot", func(wtx *writeTx) error {
		if slot.UserID == "" || slot.LocalDate == "" {
			return fmt.Errorf("slot needs a user id and a local date, got %q and %q", slot.UserID, slot.LocalDate)
		}
		if err := setNextDue(wtx, slot.UserID, nextDue); err != nil {
			return err
		}
		var err error
		fresh, err = changed(wtx, `INSERT INTO slots (user_id, local_date, due, state, late, early)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, local_date) DO NOTHING`,
			slot.UserID, slot.LocalDate, unix(slot.Due), slot.State, slot.Late, slot.Early)
		if err != nil {
			return err
		}
		out, err = scanSlot(wtx.QueryRow(`SELECT `+slotColumns+` FROM slots WHERE user_id = ? AND local_date = ?`,
			slot.UserID, slot.LocalDate))
		return err
	})
	if err != nil {
		return plans.Slot{}, false, err
	}
	return out, fresh, nil
}

// MarkSlot records how a slot's delivery went: its state and where it was
// posted. An unknown id gives an error wrapping ErrNotFound.
func (s *Store) MarkSlot(ctx context.Context, id int64, state plans.SlotState, channelID, messageID string) error {
	return s.runWrite(ctx, "mark slot", func(wtx *writeTx) error {
		return execOne(wtx, "slot", id, `UPDATE slots SET state = ?, channel_id = ?, message_id = ? WHERE id = ?`,
			state, channelID, messageID, id)
	})
}

// SlotsInState lists the slots in one state by due time, e.g. those left
// SlotSending by a crash.
func (s *Store) SlotsInState(ctx context.Context, state plans.SlotState) ([]plans.Slot, error) {
	return s.listSlots(ctx, "slots in state", `WHERE state = ? ORDER BY due, id`, state)
}

// SlotByMessage finds the slot whose post is messageID, or fails with an
// error wrapping ErrNotFound.
func (s *Store) SlotByMessage(ctx context.Context, messageID string) (plans.Slot, error) {
	if messageID == "" {
		return plans.Slot{}, fmt.Errorf("data: slot by message: %w", notFound("slot of message", `""`))
	}
	slot, err := scanSlot(s.read.QueryRowContext(ctx, `SELECT `+slotColumns+` FROM slots WHERE message_id = ?`, messageID))
	if err = orNotFound(err, "slot of message", messageID); err != nil {
		return plans.Slot{}, fmt.Errorf("data: slot by message: %w", err)
	}
	return slot, nil
}

// WorkoutNumber counts the user's workouts that reached them (sent, or in
// flight) due up to and including slot, slot itself always counted; 0 when
// slot is not the user's.
func (s *Store) WorkoutNumber(ctx context.Context, slot plans.Slot) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT CASE WHEN EXISTS (SELECT 1 FROM slots WHERE id = ?1 AND user_id = ?2)
		THEN 1 + (SELECT COUNT(*) FROM slots WHERE user_id = ?2 AND id != ?1 AND state IN (?3, ?4) AND due <= ?5)
		ELSE 0 END`, slot.ID, slot.UserID, plans.SlotSending, plans.SlotSent, slot.Due.Unix()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("data: workout number: %w", err)
	}
	return n, nil
}

// UserSlots lists every slot of one user, by due time.
func (s *Store) UserSlots(ctx context.Context, userID string) ([]plans.Slot, error) {
	return s.listSlots(ctx, "user slots", `WHERE user_id = ? ORDER BY due, id`, userID)
}

func (s *Store) listSlots(ctx context.Context, op, where string, args ...any) ([]plans.Slot, error) {
	slots, err := findSlots(ctx, s.read, where, args...)
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", op, err)
	}
	return slots, nil
}

func findSlots(ctx context.Context, q querier, where string, args ...any) ([]plans.Slot, error) {
	return queryList(ctx, q, scanSlot, `SELECT `+slotColumns+` FROM slots `+where, args...)
}

func scanSlot(row scanner) (plans.Slot, error) {
	var slot plans.Slot
	var due int64
	if err := row.Scan(&slot.ID, &slot.UserID, &slot.LocalDate, &due, &slot.State, &slot.Late, &slot.Early,
		&slot.ChannelID, &slot.MessageID); err != nil {
		return plans.Slot{}, err
	}
	slot.Due = fromUnix(due)
	return slot, nil
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
