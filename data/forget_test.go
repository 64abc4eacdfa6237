package data

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/glutebot/glutebot/plans"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Every table but the migration record and the servers' own tables must say
// whose rows it holds, so that Forget, which deletes by user_id, cannot miss
// a new table.
func TestEveryTableSaysWhoseRowsItHolds(t *testing.T) {
	s, _ := openTest(t)
	withUser := tablesWithUser(t, s)
	// Tables that belong to a server, not to a person, and hold nobody's
	// data: a board's channel and schedule; and where the bot wrote to
	// someone already forgotten, kept until the messages are deleted.
	servers := []string{"boards", "pending_deletions"}
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

func TestForgetQueuesTheBotsMessagesForDeletion(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	for _, u := range []string{"u1", "u2"} {
		put(t, s, testSub(u))
		if err := s.SetDMChannel(ctx, u, "dm-"+u); err != nil {
			t.Fatal(err)
		}
	}
	// u1: a post in their DMs (the sweep takes it), one in a server
	// channel, and a slot that was never posted.
	for i, where := range []string{"dm-u1", "c1", ""} {
		slot := claim(t, s, "u1", t0.AddDate(0, 0, i).Format(time.DateOnly), t0.AddDate(0, 0, i))
		if where != "" {
			if err := s.MarkSlot(ctx, slot.ID, plans.SlotSent, where, fmt.Sprint("m", i)); err != nil {
				t.Fatal(err)
			}
		}
	}
	other := claim(t, s, "u2", t0.Format(time.DateOnly), t0)
	if err := s.MarkSlot(ctx, other.ID, plans.SlotSent, "c1", "m-u2"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.PendingDeletions(ctx, 10); err != nil || len(got) != 0 {
		t.Fatalf("pending before any /forget: %v, %v", got, err)
	}

	if err := s.Forget(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	got, err := s.PendingDeletions(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []plans.Deletion{{ChannelID: "c1", MessageID: "m1"}, {ChannelID: "dm-u1"}}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(plans.Deletion{}, "ID")); diff != "" {
		t.Fatalf("PendingDeletions (-want +got):\n%s", diff)
	}
	if err := s.Forget(ctx, "u1"); err != nil { // again: nothing new, nothing twice
		t.Fatal(err)
	}
	if again, _ := s.PendingDeletions(ctx, 10); len(again) != 2 {
		t.Errorf("a second Forget changed the queue to %v", again)
	}
	if err := s.DeletionDone(ctx, got[0].ID); err != nil {
		t.Fatal(err)
	}
	if left, _ := s.PendingDeletions(ctx, 10); len(left) != 1 || left[0] != got[1] {
		t.Errorf("after one is done: %v, want %v", left, got[1:])
	}
	if one, _ := s.PendingDeletions(ctx, 0); len(one) != 0 {
		t.Errorf("limit 0 listed %v", one)
	}
}
