package data

import (
	"context"
	"fmt"
	"time"

	"github.com/glutebot/glutebot/plans"
)

// AddEntry records kind for a slot at at. It reports false when that kind
// was already recorded for the slot, so an event that arrives twice counts
// once. An unknown slot gives an error wrapping ErrNotFound.
func (s *Store) AddEntry(ctx context.Context, slotID int64, kind plans.Kind, at time.Time) (bool, error) {
	var added bool
	err := s.runWrite(ctx, "add entry", func(wtx *writeTx) error {
		var err error
		added, err = insertEntry(wtx, slotID, kind, at)
		return err
	})
	return added, err
}

func insertEntry(wtx *writeTx, slotID int64, kind plans.Kind, at time.Time) (bool, error) {
	var userID string
	if err := wtx.QueryRow(`SELECT user_id FROM slots WHERE id = ?`, slotID).Scan(&userID); err != nil {
		return false, orNotFound(err, "slot", slotID)
	}
	return changed(wtx, `INSERT INTO entries (slot_id, user_id, kind, at) VALUES (?, ?, ?, ?)
		ON CONFLICT (slot_id, kind) DO NOTHING`, slotID, userID, kind, unix(at))
}

// RemoveEntry undoes kind for a slot, reporting whether it was recorded.
func (s *Store) RemoveEntry(ctx context.Context, slotID int64, kind plans.Kind) (bool, error) {
	return s.writeChanged(ctx, "remove entry", `DELETE FROM entries WHERE slot_id = ? AND kind = ?`, slotID, kind)
}

// SlotKinds lists what is recorded for one slot, in Kind order.
func (s *Store) SlotKinds(ctx context.Context, slotID int64) ([]plans.Kind, error) {
	out, err := queryList(ctx, s.read, scanValue[plans.Kind], `SELECT kind FROM entries WHERE slot_id = ? ORDER BY kind`, slotID)
	if err != nil {
		return nil, fmt.Errorf("data: slot kinds: %w", err)
	}
	return out, nil
}

// History is the user's log: each entry with the due time of its workout,
// ordered by due time, then kind.
func (s *Store) History(ctx context.Context, userID string) ([]plans.Entry, error) {
	out, err := queryList(ctx, s.read, scanEntry, `SELECT e.kind, s.due, e.at FROM entries e JOIN slots s ON s.id = e.slot_id
		WHERE e.user_id = ? ORDER BY s.due, e.kind`, userID)
	if err != nil {
		return nil, fmt.Errorf("data: history: %w", err)
	}
	return out, nil
}

// scanEntry scans kind, due and at.
func scanEntry(row scanner) (plans.Entry, error) {
	var e plans.Entry
	var due, at int64
	if err := row.Scan(&e.Kind, &due, &at); err != nil {
		return plans.Entry{}, err
	}
	e.Due, e.At = fromUnix(due), fromUnix(at)
	return e, nil
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
