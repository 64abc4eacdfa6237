package data

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/glutebot/glutebot/plans"
	"github.com/google/go-cmp/cmp"
)

func TestErrNotFoundIsPlansErrNotFound(t *testing.T) {
	if !errors.Is(ErrNotFound, plans.ErrNotFound) {
		t.Errorf("errors.Is(ErrNotFound, plans.ErrNotFound) = false, want true")
	}
	if got := ErrNotFound.Error(); got != "data: not found" {
		t.Errorf("ErrNotFound = %q, want %q", got, "data: not found")
	}
}

func TestOpenCreatesPrivateFiles(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	put(t, s, testSub("u1")) // a write, so the WAL and shm files exist
	matches, err := filepath.Glob(path + "*")
	if err != nil {
		t.Fatal(err)
	}
	if len(matches) < 2 {
		t.Fatalf("database files = %v, want the database and its WAL", matches)
	}
	for _, m := range matches {
		wantPrivate(t, m)
	}
	var mode string
	if err := s.read.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
}

func TestEveryConnectionGetsThePragmas(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	check := func(pool string, c *sql.Conn) {
		t.Helper()
		for pragma, want := range map[string]int64{"busy_timeout": 5000, "foreign_keys": 1, "synchronous": 1} {
			var got int64
			if err := c.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil || got != want {
				t.Errorf("%s connection: %s = %d, %v; want %d", pool, pragma, got, err, want)
			}
		}
	}
	// Hold every read connection at once, so each is a distinct one.
	var conns []*sql.Conn
	for range readers {
		c, err := s.read.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		check("read", c)
	}
	for _, c := range conns {
		c.Close()
	}
	w, err := s.write.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	check("write", w)
	w.Close()
	if _, err := s.read.db.ExecContext(ctx, `DELETE FROM subscriptions`); err == nil {
		t.Errorf("the read pool accepted a write")
	}
	if err := s.Writable(ctx); err != nil {
		t.Errorf("Writable = %v", err)
	}
}

func TestOpenTakesPathsWithURICharacters(t *testing.T) {
	dir := t.TempDir()
	name := "a b%20c?d#e.db"
	s, err := Open(context.Background(), filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	put(t, s, testSub("u1"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{name}) {
		t.Errorf("files after Close = %q, want only %q", names, name)
	}
}

func TestOpenFailsOnADirectory(t *testing.T) {
	if s, err := Open(context.Background(), t.TempDir()); err == nil {
		s.Close()
		t.Errorf("Open(a directory) succeeded")
	}
	if _, err := Open(context.Background(), ""); err == nil {
		t.Errorf("Open(\"\") succeeded")
	}
}

func TestRestartKeepsEverything(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	populate(t, s, "u1")
	before := snap(t, s, "u1")
	if len(before.Slots) != 2 || len(before.History) != 2 || !before.Screened {
		t.Fatalf("populated snapshot looks incomplete: %+v", before)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if diff := cmp.Diff(before, snap(t, s2, "u1")); diff != "" {
		t.Errorf("after restart (-before +after):\n%s", diff)
	}
	if notice, err := s2.TakeUndeliverableNotice(ctx, "u1"); err != nil || !notice {
		t.Errorf("pending notice after restart = %v, %v; want true", notice, err)
	}
}
