package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestMissingTokenIsAUsageErrorThatSaysWhatToSet(t *testing.T) {
	err := run(context.Background(), nil, env(nil))
	var u usageError
	if !errors.As(err, &u) {
		t.Fatalf("run without a token = %v, want a usage error (exit status 2)", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "DISCORD_TOKEN") || !strings.Contains(msg, "discord.com/developers") || strings.Contains(msg, "\n") {
		t.Errorf("message %q: want one line naming DISCORD_TOKEN and where tokens come from", msg)
	}
}

func TestLoadConfig(t *testing.T) {
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := loadConfig(env(map[string]string{"DISCORD_TOKEN_FILE": tokenFile}))
	if err != nil || c.token != "from-file" {
		t.Errorf("token from file = %q, %v", c.token, err)
	}
	c, err = loadConfig(env(map[string]string{"DISCORD_TOKEN": "t"}))
	if err != nil || c.apiURL != "https://discord.com" || c.dbPath != "glutebot.db" || c.rate != 48 {
		t.Errorf("defaults = %+v, %v", c, err)
	}
	backups := filepath.Join(t.TempDir(), "backups")
	if c, err := loadConfig(env(map[string]string{"DISCORD_TOKEN": "t", "GLUTEBOT_BACKUP_DIR": backups})); err != nil || c.backupDir != backups {
		t.Errorf("GLUTEBOT_BACKUP_DIR = %q, %v; want %q", c.backupDir, err, backups)
	} else if left, _ := os.ReadDir(backups); len(left) != 0 {
		t.Errorf("the write check left %v behind", left)
	}
	if c, err := loadConfig(env(map[string]string{"DISCORD_TOKEN": "t"})); err != nil || c.backupSpec != "0 3 * * *" {
		t.Errorf("default backup schedule = %q, %v; want 0 3 * * *", c.backupSpec, err)
	}
	if c, err := loadConfig(env(map[string]string{"DISCORD_TOKEN": "t", "GLUTEBOT_BACKUP_SCHEDULE": "CRON_TZ=Europe/Berlin 30 2 * * *"})); err != nil || c.backupSpec != "CRON_TZ=Europe/Berlin 30 2 * * *" {
		t.Errorf("GLUTEBOT_BACKUP_SCHEDULE in a zone = %q, %v", c.backupSpec, err)
	}
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"DISCORD_API_URL":     "discord.com",
		"LOG_LEVEL":           "loud",
		"GLUTEBOT_RATE":       "500",
		"GLUTEBOT_BACKUP_DIR": filepath.Join(notADir, "backups"),
		// @every parses as a cron schedule but is not a five-field spec.
		"GLUTEBOT_BACKUP_SCHEDULE": "@every 1h",
	} {
		_, err := loadConfig(env(map[string]string{"DISCORD_TOKEN": "t", k: v}))
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%q: got %v, want a usage error naming %s", k, v, err, k)
		}
	}
}

func TestPlanPreviewNeedsNoToken(t *testing.T) {
	var out bytes.Buffer
	err := runWith(context.Background(), []string{"plan", "--level", "beginner", "--equipment", "none", "--days", "3", "--weeks", "24"},
		env(nil), options{stdout: &out})
	if err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile("../../plans/testdata/preview-beginner-none.golden")
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(golden) {
		t.Errorf("glutebot plan output differs from plans/testdata/preview-beginner-none.golden")
	}
	var skipped bytes.Buffer
	if err := runWith(context.Background(), []string{"plan", "--skip-weeks", "5,6", "--too-hard", "3"}, env(nil), options{stdout: &skipped}); err != nil {
		t.Fatal(err)
	}
	if skipped.String() == out.String() {
		t.Errorf("--skip-weeks and --too-hard changed nothing")
	}
	for _, args := range [][]string{{"plan", "--level", "expert"}, {"plan", "--days", "5"}, {"plan", "--skip-weeks", "x"}, {"bogus"}} {
		err := runWith(context.Background(), args, env(nil), options{stdout: &bytes.Buffer{}})
		var u usageError
		if !errors.As(err, &u) {
			t.Errorf("%v: got %v, want a usage error", args, err)
		}
	}
}
