package data

import (
	"context"
	"fmt"

	"github.com/glutebot/glutebot/plans"
)

// Forget deletes every row about the user, in every table that has a
// user_id column, and in the same transaction queues the Discord messages
// the bot wrote them for deletion (PendingDeletions). Every table but
// migrations, boards (a server's, not a person's) and pending_deletions
// (where the bot wrote, kept only until deleted) has one:
// TestEveryTableSaysWhoseRowsItHolds holds new tables to that.
func (s *Store) Forget(ctx context.Context, userID string) error {
	return s.runWrite(ctx, "forget", func(wtx *writeTx) error {
		// What the bot wrote them on Discord goes with them: their
		// workout posts outside their DMs, and a sweep of the DM channel.
		if _, err := wtx.Exec(`INSERT OR IGNORE INTO pending_deletions (channel_id, message_id)
			SELECT channel_id, message_id FROM slots WHERE user_id = ?1 AND channel_id != '' AND message_id != ''
				AND channel_id NOT IN (SELECT channel_id FROM dm_channels WHERE user_id = ?1)
			UNION ALL SELECT channel_id, '' FROM dm_channels WHERE user_id = ?1`, userID); err != nil {
			return fmt.Errorf("queue message deletions: %w", err)
		}
		tables, err := userTables(wtx)
		if err != nil {
			return err
		}
		for _, t := range tables {
			// t comes from sqlite_master, not from a caller.
			if _, err := wtx.Exec(`DELETE FROM "`+t+`" WHERE user_id = ?`, userID); err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
		}
		return nil
	})
}

// userTables lists the tables with a user_id column.
func userTables(wtx *writeTx) ([]string, error) {
	rows, err := wtx.Query(`SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name = 'user_id' ORDER BY m.name`)
	if err != nil {
		return nil, err
	}
	return scanAll(rows, scanValue[string])
}

// PendingDeletions lists up to limit of the Discord messages that Forget
// queued and the bot has not yet deleted, oldest first.
func (s *Store) PendingDeletions(ctx context.Context, limit int) ([]plans.Deletion, error) {
	out, err := queryList(ctx, s.read, func(row scanner) (d plans.Deletion, err error) {
		return d, row.Scan(&d.ID, &d.ChannelID, &d.MessageID)
	}, `SELECT id, channel_id, message_id FROM pending_deletions ORDER BY id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("data: pending deletions: %w", err)
	}
	return out, nil
}

// DeletionDone takes a deletion off the queue: the message is deleted, or
// can never be.
func (s *Store) DeletionDone(ctx context.Context, id int64) error {
	_, err := s.writeChanged(ctx, "deletion done", `DELETE FROM pending_deletions WHERE id = ?`, id)
	return err
}
