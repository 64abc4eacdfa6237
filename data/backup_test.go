package data

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBackupIsAConsistentPrivateCopy(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	populate(t, s, "u1")
	want := snap(t, s, "u1")

	// Writers keep going while the backup is taken.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			u := fmt.Sprintf("w%d", i)
			if err := s.SetScreened(ctx, u, t0); err != nil {
				t.Error(err)
				return
			}
			if err := s.PutSubscription(ctx, testSub(u)); err != nil {
				t.Error(err)
				return
			}
		}
	})
	dst := filepath.Join(filepath.Dir(path), "backup.db")
	err := s.Backup(ctx, dst)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}

	fi, err := os.Stat(dst)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode = %v, want 0600", fi.Mode().Perm())
	}
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

	// An existing path is refused and left alone.
	if err := os.WriteFile(dst+".other", []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{dst, dst + ".other"} {
		if err := s.Backup(ctx, p); !errors.Is(err, fs.ErrExist) {
			t.Errorf("Backup over existing %s = %v, want fs.ErrExist", filepath.Base(p), err)
		}
	}
	if got, _ := os.ReadFile(dst + ".other"); string(got) != "keep me" {
		t.Errorf("Backup overwrote an existing file: %q", got)
	}
	// A backup into a missing directory fails.
	bad := filepath.Join(t.TempDir(), "gone", "backup.db")
	if err := s.Backup(ctx, bad); err == nil {
		t.Errorf("Backup into a missing directory succeeded")
	}
}

func TestIntegrityCheckFindsCorruption(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatalf("fresh database: %v", err)
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2000 {
		if _, err := tx.Exec(`INSERT INTO dm_channels (user_id, channel_id) VALUES (?, ?)`, fmt.Sprintf("user%05d", i), "c"); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var root int64
	if err := s.read.db.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_dm_channels_1'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	var pageSize int64
	if err := s.read.db.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil { // checkpoints the WAL into the file
		t.Fatal(err)
	}
	// Scribble over the index's root page, past its header.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	junk := make([]byte, pageSize-64)
	for i := range junk {
		junk[i] = 0xA5
	}
	if _, err := f.WriteAt(junk, (root-1)*pageSize+64); err != nil {
		t.Fatal(err)
	}
	f.Close()

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
