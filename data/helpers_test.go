package data

import (
	"context"
	"fmt"
)

// Read-only helpers that only the tests need: the program never asks.

// Screened reports whether the user has answered the safety screen.
func (s *Store) Screened(ctx context.Context, userID string) (bool, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM screenings WHERE user_id = ?`, userID).Scan(&n); err != nil {
		return false, fmt.Errorf("data: screened: %w", err)
	}
	return n > 0, nil
}

// CountSubscriptions counts all subscriptions, paused and undeliverable
// ones included.
func (s *Store) CountSubscriptions(ctx context.Context) (int, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM subscriptions`).Scan(&n); err != nil {
		return 0, fmt.Errorf("data: count subscriptions: %w", err)
	}
	return n, nil
}
