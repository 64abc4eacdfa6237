package data

import (
	"context"
	"fmt"
	"time"
)

// DMChannel returns the cached DM channel of a user, or an error wrapping
// ErrNotFound.
func (s *Store) DMChannel(ctx context.Context, userID string) (string, error) {
	var id string
	err := s.read.QueryRowContext(ctx, `SELECT channel_id FROM dm_channels WHERE user_id = ?`, userID).Scan(&id)
	if err = orNotFound(err, "DM channel of", userID); err != nil {
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
