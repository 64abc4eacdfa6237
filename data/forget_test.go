package data

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestForgetRemovesTheUserFromEveryTable(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	populate(t, s, "u1")
	populate(t, s, "u2")

	// Every table but the migration record must say whose rows it holds,
	// so that Forget, which deletes by user_id, cannot miss a new table.
	rows, err := s.read.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	var withUser []string
	if err := s.runWrite(ctx, "user tables", func(wtx *writeTx) (err error) {
		withUser, err = userTables(wtx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// Tables that belong to a server, not to a person, and hold nobody's
	// data: a board's channel and schedule.
	servers := []string{"boards"}
	for _, table := range tables {
		if table != "migrations" && !slices.Contains(servers, table) && !slices.Contains(withUser, table) {
			t.Errorf("table %s has no user_id column: Forget would leave its rows behind", table)
		}
	}

	count := func(table, user string) int {
		t.Helper()
		var n int
		if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM "`+table+`" WHERE user_id = ?`, user).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	kept := map[string]int{}
	for _, table := range withUser {
		if count(table, "u1") == 0 {
			t.Fatalf("test setup: u1 has no rows in %s", table)
		}
		kept[table] = count(table, "u2")
	}
	u2 := snap(t, s, "u2")

	if err := s.Forget(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	for _, table := range withUser {
		if n := count(table, "u1"); n != 0 {
			t.Errorf("%s: %d rows of u1 left after Forget, want 0", table, n)
		}
		if n := count(table, "u2"); n != kept[table] {
			t.Errorf("%s: %d rows of u2 after forgetting u1, want %d", table, n, kept[table])
		}
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
