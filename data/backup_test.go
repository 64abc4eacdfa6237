package data

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestBackupIsAConsistentPrivateCopy(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	populate(t, s, "u1")
	want := snap(t, s, "u1")

	stop := keepWriting(t, s) // the bot goes on while the backup is taken
	dst := filepath.Join(filepath.Dir(path), "backup.db")
	err := s.Backup(ctx, dst)
	stop()
	if err != nil {
		t.Fatal(err)
	}

	wantPrivate(t, dst)
	b, err := Open(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
	if diff := cmp.Diff(want, snap(t, b, "u1")); diff != "" {
		t.Errorf("backup differs from the store (-store +backup):\n%s", diff)
	}
}

// A backup reads the whole database, which for a large one takes seconds:
// it must not hold up the writer meanwhile, nor wait for it. Here a write
// transaction stays open for the whole backup.
func TestBackupNeedsNoTurnOfTheWriter(t *testing.T) {
	s, path := openTest(t)
	populate(t, s, "u1")
	inWrite, release := make(chan struct{}), make(chan struct{})
	wrote := make(chan error, 1)
	go func() {
		wrote <- s.runWrite(context.Background(), "held open", func(wtx *writeTx) error {
			if _, err := wtx.Exec(`UPDATE subscriptions SET level = level WHERE user_id = 'u1'`); err != nil {
				return err
			}
			close(inWrite)
			<-release
			return nil
		})
	}()
	<-inWrite
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := s.Backup(ctx, filepath.Join(filepath.Dir(path), "backup.db"))
	close(release)
	if err != nil {
		t.Errorf("Backup while a write is under way: %v", err)
	}
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
}

func TestBackupRefusesAnExistingPathAndLeavesItAlone(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	earlier := filepath.Join(filepath.Dir(path), "backup.db")
	if err := s.Backup(ctx, earlier); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(filepath.Dir(path), "other")
	if err := os.WriteFile(other, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{earlier, other} {
		if err := s.Backup(ctx, p); !errors.Is(err, fs.ErrExist) {
			t.Errorf("Backup over existing %s = %v, want fs.ErrExist", filepath.Base(p), err)
		}
	}
	if got, _ := os.ReadFile(other); string(got) != "keep me" {
		t.Errorf("Backup overwrote an existing file: %q", got)
	}
}

func TestBackupIntoAMissingDirectoryFails(t *testing.T) {
	s, _ := openTest(t)
	bad := filepath.Join(t.TempDir(), "gone", "backup.db")
	if err := s.Backup(context.Background(), bad); err == nil {
		t.Errorf("Backup into a missing directory succeeded")
	}
}

// keepWriting subscribes new users one after another until stop is called;
// it returns once the first has been stored, so the writes overlap what
// the test does next.
func keepWriting(t *testing.T, s *Store) (stop func()) {
	t.Helper()
	ctx := context.Background()
	done, started := make(chan struct{}), make(chan struct{})
	begun := sync.OnceFunc(func() { close(started) })
	var wg sync.WaitGroup
	wg.Go(func() {
		defer begun() // a failed first write must not leave the test waiting
		for i := 0; ; i++ {
			u := fmt.Sprintf("w%d", i)
			if err := s.SetScreened(ctx, u, t0); err != nil {
				t.Error(err)
				return
			}
			if err := s.PutSubscription(ctx, testSub(u)); err != nil {
				t.Error(err)
				return
			}
			begun()
			select {
			case <-done:
				return
			default:
			}
		}
	})
	<-started
	return func() { close(done); wg.Wait() }
}

// wantPrivate checks that only the owner may read or write the file.
func wantPrivate(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s mode = %v, want 0600", filepath.Base(path), fi.Mode().Perm())
	}
}

func TestIntegrityCheckFindsCorruption(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatalf("fresh database: %v", err)
	}
	cacheDMChannels(t, s, 2000) // an index of several pages
	root, pageSize := rootPage(t, s, "sqlite_autoindex_dm_channels_1")
	if err := s.Close(); err != nil { // checkpoints the WAL into the file
		t.Fatal(err)
	}
	scribbleOverPage(t, path, root, pageSize)

	s2, err := Open(ctx, path)
	if err != nil {
		t.Logf("Open refused the corrupt file: %v", err)
		return // refusing to open a corrupt file is fine too
	}
	defer s2.Close()
	if err := s2.IntegrityCheck(ctx); err == nil {
		t.Errorf("IntegrityCheck passed a corrupted index")
	}
}

// cacheDMChannels stores n users' DM channels in one transaction.
func cacheDMChannels(t *testing.T, s *Store, n int) {
	t.Helper()
	tx, err := s.write.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for i := range n {
		if _, err := tx.Exec(`INSERT INTO dm_channels (user_id, channel_id) VALUES (?, ?)`, fmt.Sprintf("user%05d", i), "c"); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// rootPage returns the number of the first page of a table or index and
// the database's page size.
func rootPage(t *testing.T, s *Store, name string) (root, pageSize int64) {
	t.Helper()
	if err := s.read.db.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = ?`, name).Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := s.read.db.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	return root, pageSize
}

// scribbleOverPage overwrites page n of the database file past its header.
func scribbleOverPage(t *testing.T, path string, n, pageSize int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	junk := bytes.Repeat([]byte{0xA5}, int(pageSize-64))
	if _, err := f.WriteAt(junk, (n-1)*pageSize+64); err != nil {
		t.Fatal(err)
	}
}

func TestCheckCopy(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	put(t, s, testSub("u1"))
	good := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(ctx, good); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckCopy(ctx, good); err != nil {
		t.Errorf("CheckCopy of a fresh backup: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.db")
	body, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	for i := 4096; i < len(body); i++ { // every page past the first
		body[i] ^= 0x5a
	}
	if err := os.WriteFile(bad, body, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckCopy(ctx, bad); err == nil {
		t.Errorf("CheckCopy of a corrupted copy passed")
	}
}

// BackupFile copies a database as it is: it neither creates a missing one
// nor migrates an older one, which the bot running on it may not expect.
func TestBackupFileNeitherCreatesNorMigrates(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	if err := BackupFile(ctx, missing, filepath.Join(dir, "copy1.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("BackupFile of a missing database = %v, want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("BackupFile created the missing database: %v", err)
	}
	// An "older" database: one table, no migrations recorded.
	old := filepath.Join(dir, "old.db")
	db, err := sql.Open("sqlite", old)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	copyPath := filepath.Join(dir, "copy2.db")
	if err := BackupFile(ctx, old, copyPath); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{old, copyPath} {
		db, err := sql.Open("sqlite", p)
		if err != nil {
			t.Fatal(err)
		}
		var tables, x int
		if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table'`).Scan(&tables); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow(`SELECT x FROM t`).Scan(&x); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if tables != 1 || x != 7 {
			t.Errorf("%s: %d tables, x = %d; want the one table, as it was", filepath.Base(p), tables, x)
		}
	}
}
