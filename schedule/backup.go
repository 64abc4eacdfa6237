package schedule

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// DefaultBackupSpec takes the nightly backup at 03:00 UTC.
const DefaultBackupSpec = "0 3 * * *"

// backupsKept is how many backups are kept; older ones are deleted.
const backupsKept = 7

// BackupStore copies the database.
type BackupStore interface {
	// Backup writes a consistent copy of the database to path, which must
	// not exist.
	Backup(ctx context.Context, path string) error
	// CheckCopy runs SQLite's integrity check on the database file at path.
	CheckCopy(ctx context.Context, path string) error
}

// BackupConfig turns the nightly backups on.
type BackupConfig struct {
	Store BackupStore
	Dir   string // where backups go; "" turns them off
	Spec  string // when, a cron spec; DefaultBackupSpec when empty
}

func (c BackupConfig) enabled() bool { return c.Store != nil && c.Dir != "" }

// Backup names, e.g. glutebot-20261130T030000Z.db: they sort by time.
const (
	backupPrefix = "glutebot-"
	backupSuffix = ".db"
	backupStamp  = "20060102T150405Z"
)

// Backup copies the database into the backup directory as of now, checks
// the copy's integrity, and deletes all but the newest backupsKept
// backups. A copy that fails its check is deleted and the older backups are
// kept. It returns the new backup's path.
func (d *Dispatcher) Backup(ctx context.Context, now time.Time) (string, error) {
	dir := d.backup.Dir
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	name := backupPrefix + now.UTC().Format(backupStamp) + backupSuffix
	final := filepath.Join(dir, name)
	// Written under a name the rotation ignores until it has passed its
	// check, so a half-written or corrupt copy never counts as a backup.
	partial := filepath.Join(dir, "."+name+".partial")
	// Copies a crash left half-written, under any earlier stamp: each is
	// as large as the database.
	if stale, err := filepath.Glob(filepath.Join(dir, "."+backupPrefix+"*"+backupSuffix+".partial")); err == nil {
		for _, f := range stale {
			os.Remove(f)
		}
	}
	// The copy reads the whole database, disk and CPU a wave of due
	// workouts should have first: let it finish, as the weekly jobs do.
	if err := d.delivering.wait(ctx); err != nil {
		return "", err
	}
	start := time.Now()
	if err := d.backup.Store.Backup(ctx, partial); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	if err := d.backup.Store.CheckCopy(ctx, partial); err != nil {
		os.Remove(partial)
		return "", fmt.Errorf("backup: the copy failed its integrity check and was deleted: %w", err)
	}
	if err := os.Rename(partial, final); err != nil {
		os.Remove(partial)
		return "", fmt.Errorf("backup: %w", err)
	}
	removed, err := pruneBackups(dir, backupsKept)
	d.log.Info("backup written and checked", "path", final, "took", time.Since(start).Round(time.Millisecond), "deleted_old", removed)
	if err != nil {
		return final, fmt.Errorf("backup: delete old backups: %w", err)
	}
	return final, nil
}

// pruneBackups deletes all but the newest keep backups in dir and returns
// how many it deleted. Other files are left alone.
func pruneBackups(dir string, keep int) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		stamp, ok := strings.CutPrefix(n, backupPrefix)
		stamp, ok2 := strings.CutSuffix(stamp, backupSuffix)
		if !ok || !ok2 || e.IsDir() {
			continue
		}
		if _, err := time.Parse(backupStamp, stamp); err != nil {
			continue
		}
		names = append(names, n)
	}
	slices.Sort(names)
	var errs []error
	removed := 0
	for _, n := range names[:max(0, len(names)-keep)] {
		if err := os.Remove(filepath.Join(dir, n)); err != nil {
			errs = append(errs, err)
			continue
		}
		removed++
	}
	return removed, errors.Join(errs...)
}
