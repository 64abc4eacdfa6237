package main

// The steps that read back what the program stored: rows of its SQLite
// database, counted or listed, for the journeys in the other test files.

import (
	"database/sql"

	"github.com/glutebot/glutebot/plans"
)

// countRows counts rows of a table in the program's database.
func (h *harness) countRows(table string) int {
	h.t.Helper()
	return h.query("SELECT count(*) FROM " + table)
}

// query runs a one-number query on the program's database.
func (h *harness) query(q string, args ...any) int {
	h.t.Helper()
	db, err := sql.Open("sqlite", h.db)
	if err != nil {
		h.t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		h.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// userRows counts the user's rows in every table that has a user_id column.
func (h *harness) userRows(user string) map[string]int {
	h.t.Helper()
	db, err := sql.Open("sqlite", h.db)
	if err != nil {
		h.t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name = 'user_id' ORDER BY m.name`)
	if err != nil {
		h.t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			h.t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Close(); err != nil {
		h.t.Fatal(err)
	}
	if len(tables) < 4 {
		h.t.Fatalf("found only the tables %v with a user_id column", tables)
	}
	out := map[string]int{}
	for _, table := range tables {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM "`+table+`" WHERE user_id = ?`, user).Scan(&n); err != nil {
			h.t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// kinds lists the kinds logged for the workout post, in order.
func (h *harness) kinds(messageID string) []plans.Kind {
	h.t.Helper()
	db, err := sql.Open("sqlite", h.db)
	if err != nil {
		h.t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT e.kind FROM entries e JOIN slots s ON s.id = e.slot_id WHERE s.message_id = ? ORDER BY e.kind`, messageID)
	if err != nil {
		h.t.Fatal(err)
	}
	defer rows.Close()
	var out []plans.Kind
	for rows.Next() {
		var k plans.Kind
		if err := rows.Scan(&k); err != nil {
			h.t.Fatal(err)
		}
		out = append(out, k)
	}
	return out
}

// rowsOf counts user's rows in table.
func (h *harness) rowsOf(table, user string) int {
	h.t.Helper()
	return h.query("SELECT count(*) FROM "+table+" WHERE user_id = ?", user)
}
