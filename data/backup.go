package data

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Backup writes a consistent copy of the database to path while it is in
// use (VACUUM INTO). It refuses to overwrite anything: an existing path gives
// an error wrapping fs.ErrExist. The copy has mode 0600.
func (s *Store) Backup(ctx context.Context, path string) error {
	return backupURI(ctx, s.uri, path)
}

// BackupFile is Backup for the database file at dbPath without opening a
// Store: nothing is created or migrated, so a newer glutebot can copy the
// database of an older one while it runs. A missing dbPath is an error.
func BackupFile(ctx context.Context, dbPath, path string) error {
	abs, err := filepath.Abs(dbPath)
	if err == nil {
		_, err = os.Stat(abs)
	}
	if err != nil {
		return fmt.Errorf("data: backup: %w", err)
	}
	return backupURI(ctx, fileURI(abs)+"?mode=ro", path)
}

func backupURI(ctx context.Context, uri, path string) error {
	// Create the file exclusively first: that refuses an existing path
	// without a race, and the copy is never readable by others. VACUUM INTO
	// accepts an empty file.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("data: backup: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return fmt.Errorf("data: backup: %w", err)
	}
	// VACUUM INTO only reads the database, a snapshot of it, which WAL
	// lets a connection of its own take beside the writer: copying a large
	// database (seconds) then holds up no write. The Store's read-only pool
	// cannot run it: query_only refuses VACUUM.
	sep := "?"
	if strings.Contains(uri, "?") {
		sep = "&"
	}
	db, err := sql.Open("sqlite", uri+sep+"_pragma=busy_timeout(5000)")
	if err == nil {
		defer db.Close()
		db.SetMaxOpenConns(1)
		_, err = db.ExecContext(ctx, `VACUUM INTO ?`, path)
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("data: backup: %w", err)
	}
	return nil
}

// IntegrityCheck runs SQLite's integrity check and fails unless it says
// "ok".
func (s *Store) IntegrityCheck(ctx context.Context) error {
	return integrityCheck(ctx, s.read)
}

// CheckCopy runs SQLite's integrity check on the database file at path, a
// copy such as Backup writes, opened read-only.
func (s *Store) CheckCopy(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("data: check copy: %w", err)
	}
	db, err := sql.Open("sqlite", fileURI(abs)+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return fmt.Errorf("data: check copy: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	return integrityCheck(ctx, db)
}

func integrityCheck(ctx context.Context, q querier) error {
	problems, err := queryList(ctx, q, scanValue[string], `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("data: integrity check: %w", err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return fmt.Errorf("data: integrity check: %s", strings.Join(problems, "; "))
	}
	return nil
}
