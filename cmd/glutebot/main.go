package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	_ "time/tzdata" // time zones work on machines and images without a tz database

	"github.com/glutebot/glutebot/data"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "glutebot:", err)
		var u usageError
		if errors.As(err, &u) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// run is the whole program; main only calls it, so tests can start the real
// wiring in-process.
func run(ctx context.Context, args []string, getenv func(string) string) error {
	return runWith(ctx, args, getenv, options{stdout: os.Stdout, stderr: os.Stderr, now: time.Now})
}

// options are what run takes from the process and tests replace.
type options struct {
	stdout, stderr io.Writer
	now            func() time.Time
	answerBudget   time.Duration     // bot.Config.AnswerBudget; zero for the default
	transport      http.RoundTripper // bot.Config.Transport; nil for the default
	onTick         func(time.Time)   // schedule.Config.OnTick; tests wait on it
}

func runWith(ctx context.Context, args []string, getenv func(string) string, o options) error {
	if len(args) > 0 {
		switch args[0] {
		case "plan":
			return runPlan(args[1:], o.stdout)
		case "backup":
			return runBackup(ctx, args[1:], getenv, o)
		case "healthcheck":
			return runHealthcheck(ctx, getenv)
		case "serve":
			args = args[1:]
		case "-h", "--help", "help":
			fmt.Fprint(o.stdout, usage)
			return nil
		default:
			return usageError{fmt.Sprintf("unknown command %q\n%s", args[0], usage)}
		}
	}
	if len(args) > 0 {
		return usageError{fmt.Sprintf("unexpected arguments %q\n%s", args, usage)}
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	return serve(ctx, cfg, o)
}

const usage = `usage:
  glutebot            run the bot (configured by environment variables; see README)
  glutebot plan ...   print the plan a user would get (glutebot plan -h)
  glutebot backup PATH  copy the database (GLUTEBOT_DB) to PATH, safely while the bot runs
  glutebot healthcheck  ask a running glutebot's /healthz (GLUTEBOT_METRICS_ADDR)
`

// usageError is a mistake in how glutebot was started; main exits with
// status 2 for it.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// runBackup writes a consistent copy of the database while the bot may be
// running (SQLite's VACUUM INTO).
func runBackup(ctx context.Context, args []string, getenv func(string) string, o options) error {
	if len(args) != 1 || args[0] == "" {
		return usageError{"usage: glutebot backup PATH"}
	}
	path := dbPath(getenv)
	if err := data.BackupFile(ctx, path, args[0]); err != nil {
		return fmt.Errorf("backup: database %s: %w", path, err)
	}
	fmt.Fprintf(o.stdout, "backed up %s to %s\n", path, args[0])
	return nil
}
