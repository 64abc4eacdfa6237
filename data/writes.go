package data

import (
	"context"
)

// writeChanged runs one write statement as a write of its own (op names it
// in the error) and reports whether it changed a row.
func (s *Store) writeChanged(ctx context.Context, op, query string, args ...any) (bool, error) {
	var ok bool
	err := s.runWrite(ctx, op, func(wtx *writeTx) error {
		var err error
		ok, err = changed(wtx, query, args...)
		return err
	})
	return ok, err
}

// mustExist fails with an error wrapping ErrNotFound (naming what and id)
// unless query, a SELECT EXISTS, finds a row.
func mustExist(wtx *writeTx, what string, id any, query string, args ...any) error {
	var exists bool
	if err := wtx.QueryRow(query, args...).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		return notFound(what, id)
	}
	return nil
}

// execOne runs a statement that must touch a row, and fails with an error
// wrapping ErrNotFound (naming what and id) when it touched none.
func execOne(wtx *writeTx, what string, id any, query string, args ...any) error {
	ok, err := changed(wtx, query, args...)
	if err == nil && !ok {
		err = notFound(what, id)
	}
	return err
}

// changed runs a write statement and reports whether it changed a row.
func changed(wtx *writeTx, query string, args ...any) (bool, error) {
	res, err := wtx.Exec(query, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
