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

// AddEntry records kind for a slot. It reports false when that was already
// recorded, so an event that arrives twice counts once.
func (s *Store) AddEntry(ctx context.Context, slotID int64, kind plans.Kind, at time.Time) (bool, error) {
	var added bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO entries (slot_id, user_id, kind, at)
			SELECT id, user_id, ?, ? FROM slots WHERE id = ?
			ON CONFLICT (slot_id, kind) DO NOTHING`, kind, at.Unix(), slotID)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			var exists int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM slots WHERE id = ?`, slotID).Scan(&exists); err != nil {
				return err
			}
			if exists == 0 {
				return notFound("slot", strconv.FormatInt(slotID, 10))
			}
		}
		added = n == 1
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("data: add entry: %w", err)
	}
	return added, nil
}

// RemoveEntry undoes kind for a slot, reporting whether it was recorded.
func (s *Store) RemoveEntry(ctx context.Context, slotID int64, kind plans.Kind) (bool, error) {
	var removed bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM entries WHERE slot_id = ? AND kind = ?`, slotID, kind)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		removed = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("data: remove entry: %w", err)
	}
	return removed, nil
}

// SlotKinds lists what is recorded for one slot.
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
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
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
	return out, rows.Err()
}

// DMChannel returns the cached DM channel of a user.
func (s *Store) DMChannel(ctx context.Context, userID string) (string, error) {
	var id string
	err := s.read.QueryRowContext(ctx, `SELECT channel_id FROM dm_channels WHERE user_id = ?`, userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("DM channel of", userID)
	}
	if err != nil {
		return "", fmt.Errorf("data: DM channel: %w", err)
	}
	return id, nil
}

// SetDMChannel caches the DM channel of a user.
func (s *Store) SetDMChannel(ctx context.Context, userID, channelID string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO dm_channels (user_id, channel_id) VALUES (?, ?)`, userID, channelID)
		return err
	})
}

// Screened reports whether the user has answered the safety screen.
func (s *Store) Screened(ctx context.Context, userID string) (bool, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM screenings WHERE user_id = ?`, userID).Scan(&n); err != nil {
		return false, fmt.Errorf("data: screened: %w", err)
	}
	return n > 0, nil
}

// SetScreened records that the user answered the safety screen.
func (s *Store) SetScreened(ctx context.Context, userID string, at time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO screenings (user_id, at) VALUES (?, ?)`, userID, at.Unix())
		return err
	})
}
