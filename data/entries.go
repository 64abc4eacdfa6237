package data

import (
	"context"
	"database/sql"
	"errors"
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
	err := wtx.QueryRow(`SELECT user_id FROM slots WHERE id = ?`, slotID).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, notFound("slot", slotID)
	}
	if err != nil {
		return false, err
	}
	return changed(wtx, `INSERT INTO entries (slot_id, user_id, kind, at) VALUES (?, ?, ?, ?)
		ON CONFLICT (slot_id, kind) DO NOTHING`, slotID, userID, kind, unix(at))
}

// RemoveEntry undoes kind for a slot, reporting whether it was recorded.
func (s *Store) RemoveEntry(ctx context.Context, slotID int64, kind plans.Kind) (bool, error) {
	var removed bool
	err := s.runWrite(ctx, "remove entry", func(wtx *writeTx) error {
		var err error
		removed, err = changed(wtx, `DELETE FROM entries WHERE slot_id = ? AND kind = ?`, slotID, kind)
		return err
	})
	return removed, err
}

// SlotKinds lists what is recorded for one slot, in Kind order.
func (s *Store) SlotKinds(ctx context.Context, slotID int64) ([]plans.Kind, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT kind FROM entries WHERE slot_id = ? ORDER BY kind`, slotID)
	if err != nil {
		return nil, fmt.Errorf("data: slot kinds: %w", err)
	}
	defer rows.Close()
	var out []plans.Kind
	for rows.Next() {
		var k plans.Kind
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("data: slot kinds: %w", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data: slot kinds: %w", err)
	}
	return out, nil
}

// History is the user's log: each entry with the due time of its workout,
// ordered by due time, then kind.
func (s *Store) History(ctx context.Context, userID string) ([]plans.Entry, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT e.kind, s.due, e.at FROM entries e JOIN slots s ON s.id = e.slot_id
		WHERE e.user_id = ? ORDER BY s.due, e.kind`, userID)
	if err != nil {
		return nil, fmt.Errorf("data: history: %w", err)
	}
	defer rows.Close()
	var out []plans.Entry
	for rows.Next() {
		var e plans.Entry
		var due, at int64
		if err := rows.Scan(&e.Kind, &due, &at); err != nil {
			return nil, fmt.Errorf("data: history: %w", err)
		}
		e.Due, e.At = fromUnix(due), fromUnix(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data: history: %w", err)
	}
	return out, nil
}

// DMChannel returns the cached DM channel of a user, or an error wrapping
// ErrNotFound.
func (s *Store) DMChannel(ctx context.Context, userID string) (string, error) {
	var id string
	err := s.read.QueryRowContext(ctx, `SELECT channel_id FROM dm_channels WHERE user_id = ?`, userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = notFound("DM channel of", userID)
	}
	if err != nil {
		return "", fmt.Errorf("data: DM channel: %w", err)
	}
	return id, nil
}

// SetDMChannel caches the DM channel of a user, replacing any other.
func (s *Store) SetDMChannel(ctx context.Context, userID, channelID string) error {
	return s.runWrite(ctx, "set DM channel", func(wtx *writeTx) error {
		_, err := wtx.Exec(`INSERT INTO dm_channels (user_id, channel_id) VALUES (?, ?)
			ON CONFLICT (user_id) DO UPDATE SET channel_id = excluded.channel_id`, userID, channelID)
		return err
	})
}

// SetScreened records that the user answered the safety screen at at. The
// first answer's time is kept.
func (s *Store) SetScreened(ctx context.Context, userID string, at time.Time) error {
	return s.runWrite(ctx, "set screened", func(wtx *writeTx) error {
		_, err := wtx.Exec(`INSERT INTO screenings (user_id, at) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING`,
			userID, unix(at))
		return err
	})
}
