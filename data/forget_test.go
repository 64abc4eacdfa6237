package data

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Every table but the migration record and the servers' own tables must say
// whose rows it holds, so that Forget, which deletes by user_id, cannot miss
// a new table.
func TestEveryTableSaysWhoseRowsItHolds(t *testing.T) {
	s, _ := openTest(t)
	withUser := tablesWithUser(t, s)
	// Tables that belong to a server, not to a person, and hold nobody's
	// data: a board's channel and schedule.
	servers := []string{"boards"}
	for _, table := range allTables(t, s) {
		if table != "migrations" && !slices.Contains(servers, table) && !slices.Contains(withUser, table) {
			t.Errorf("table %s has no user_id column: Forget would leave its rows behind", table)
		}
	}
}

func TestForgetRemovesTheUserFromEveryTable(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	populate(t, s, "u1")
	populate(t, s, "u2")
	tables := tablesWithUser(t, s)
	for _, table := range tables {
		if rowsOf(t, s, table, "u1") == 0 {
			t.Fatalf("test setup: u1 has no rows in %s", table)
		}
	}
	u2Rows := rowCounts(t, s, tables, "u2")
	u2 := snap(t, s, "u2")

	if err := s.Forget(ctx, "u1"); err != nil {
		t.Fatal(err)
	}

	for _, table := range tables {
		if n := rowsOf(t, s, table, "u1"); n != 0 {
			t.Errorf("%s: %d rows of u1 left after Forget, want 0", table, n)
		}
	}
	if diff := cmp.Diff(u2Rows, rowCounts(t, s, tables, "u2")); diff != "" {
		t.Errorf("u2's rows changed when u1 was forgotten (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(u2, snap(t, s, "u2")); diff != "" {
		t.Errorf("u2 changed when u1 was forgotten (-before +after):\n%s", diff)
	}
	if err := s.Forget(ctx, "u1"); err != nil {
		t.Errorf("forgetting twice: %v", err)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}

// allTables lists the schema's tables, SQLite's own left out.
func allTables(t *testing.T, s *Store) []string {
	t.Helper()
	tables, err := queryList(context.Background(), s.read, scanValue[string],
		`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	return tables
}

// tablesWithUser lists the tables Forget deletes from, as Forget finds them.
func tablesWithUser(t *testing.T, s *Store) []string {
	t.Helper()
	var tables []string
	if err := s.runWrite(context.Background(), "user tables", func(wtx *writeTx) (err error) {
		tables, err = userTables(wtx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return tables
}

// rowsOf counts the user's rows in table.
func rowsOf(t *testing.T, s *Store, table, user string) int {
	t.Helper()
	var n int
	if err := s.read.QueryRowContext(context.Background(), `SELECT count(*) FROM "`+table+`" WHERE user_id = ?`, user).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// rowCounts counts the user's rows in each table.
func rowCounts(t *testing.T, s *Store, tables []string, user string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range tables {
		out[table] = rowsOf(t, s, table, user)
	}
	return out
}
