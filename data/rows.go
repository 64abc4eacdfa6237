package data

import (
	"context"
	"database/sql"
	"errors"
)

// scanner is a row to scan: *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// queryList runs query and scans each row with scan.
func queryList[T any](ctx context.Context, q querier, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return scanAll(rows, scan)
}

// scanAll scans every row with scan and closes rows. It is the one loop
// over rows in the package.
func scanAll[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// scanValue scans a row of one column.
func scanValue[T any](row scanner) (v T, err error) {
	return v, row.Scan(&v)
}

// orNotFound turns sql.ErrNoRows, a lookup that found no row, into an
// error wrapping ErrNotFound that names what was looked for.
func orNotFound(err error, what string, id any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(what, id)
	}
	return err
}

// querier is what *sql.DB and reader share, so the read helpers run on the
// read pool or on a database of their own (CheckCopy).
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
