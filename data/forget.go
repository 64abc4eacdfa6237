package data

import (
	"context"
	"fmt"
)

// Forget deletes every row about the user, in every table that has a
// user_id column. Every table but migrations and boards (a server's, not a
// person's) has one: TestEveryTableSaysWhoseRowsItHolds holds new tables to
// that.
func (s *Store) Forget(ctx context.Context, userID string) error {
	return s.runWrite(ctx, "forget", func(wtx *writeTx) error {
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
