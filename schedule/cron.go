package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/glutebot/glutebot/plans"
)

// Run recovers slots left in flight by a previous run, then runs the
// process's timed work on one cron.Cron until ctx is cancelled: the delivery
// tick at every whole second, and the board, recap and backup jobs that are
// configured. Each kind of work is one cron entry, never one per subscriber
// or server: the jobs find what is due in the store. cron.Recover turns a
// job's panic into a log line, and cron.SkipIfStillRunning drops a run
// while the job's previous run is still going (a slow wave never overlaps
// the next tick). On cancellation it stops starting jobs, lets the posts
// already under way finish (each within its own 10 s bound), waits for the
// running jobs through cron's Stop and returns nil; slots claimed but not
// yet started stay in flight for the next Run's recovery.
//
// cron reads the wall clock to decide when a job runs; the jobs themselves
// read the Dispatcher's clock, so each is a function of now that tests call
// directly.
func (d *Dispatcher) Run(ctx context.Context) error {
	if err := d.Recover(ctx, d.now()); err != nil && ctx.Err() == nil {
		// Ticking must go on: new slots are unaffected by a failed recovery.
		d.log.Error("recover slots left in flight", "err", err)
	}
	c, err := d.newCron(ctx)
	if err != nil {
		return err
	}
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}

// everySecond fires at every whole second (cron.Every rounds to seconds).
var everySecond = cron.Every(time.Second)

// newCron builds the cron with its jobs; they run on ctx.
func (d *Dispatcher) newCron(ctx context.Context) (*cron.Cron, error) {
	log := cronLogger{d.log.With("component", "cron")}
	c := cron.New(
		cron.WithLocation(time.UTC), // a spec without CRON_TZ is in UTC, whatever the host's zone
		cron.WithLogger(log),
		cron.WithChain(cron.Recover(log), cron.SkipIfStillRunning(log)),
	)
	job := func(name string, run func(ctx context.Context, now time.Time) error) cron.Job {
		return cron.FuncJob(func() {
			if err := run(ctx, d.now()); err != nil && ctx.Err() == nil {
				d.log.Error(name, "err", err)
			}
		})
	}
	// Posts go out within a second of their minute; boards and recaps are
	// checked as often, which costs one indexed query each when nothing
	// is due.
	c.Schedule(everySecond, job("tick", func(ctx context.Context, now time.Time) error {
		err := d.Tick(ctx, now)
		if d.onTick != nil {
			d.onTick(now)
		}
		return err
	}))
	if d.boards.enabled() {
		c.Schedule(everySecond, job("challenge boards", d.PostBoards))
	}
	if d.recaps.enabled() {
		c.Schedule(everySecond, job("weekly recaps", d.SendRecaps))
	}
	if d.backup.enabled() {
		spec := d.backup.Spec
		if spec == "" {
			spec = DefaultBackupSpec
		}
		sched, err := parseWallSpec(spec)
		if err != nil {
			return nil, fmt.Errorf("backup schedule: %w", err)
		}
		c.Schedule(sched, job("backup", func(ctx context.Context, now time.Time) error {
			_, err := d.Backup(ctx, now)
			return err
		}))
		d.log.Info("nightly backups on", "dir", d.backup.Dir, "schedule", spec)
	}
	return c, nil
}

// ParseSpec parses a standard five-field cron spec (minute, hour, day of
// month, month, day of week) with cron's parser, optionally prefixed with
// its zone ("CRON_TZ=Europe/Berlin 0 18 * * 0"); without one it is in UTC.
// The schedule follows the wall clock of that zone as workouts do (see
// wallSchedule).
func ParseSpec(spec string) (cron.Schedule, error) {
	return parseWallSpec(spec)
}

// nextRun is the first time after now that spec fires, in UTC, with
// plans.NextDue's policy for clock changes (see wallSchedule).
func nextRun(spec string, now time.Time) (time.Time, error) {
	s, err := parseWallSpec(spec)
	if err != nil {
		return time.Time{}, err
	}
	next := s.Next(now)
	if next.IsZero() {
		return time.Time{}, fmt.Errorf("cron spec %q never fires", spec)
	}
	return next.UTC(), nil
}

// wallSchedule is a cron spec read on the wall clock of its zone, with
// the same policy for clock changes as workouts (plans.NextDue): a time
// skipped when clocks spring forward fires at the first instant after the
// gap, and a time that occurs twice when they fall back fires once. cron's
// own Next does neither: it drops the week of a skipped time and fires a
// repeated time twice.
type wallSchedule struct {
	wall *cron.SpecSchedule // the spec with its zone replaced by UTC, which has no clock changes
	loc  *time.Location
}

func parseWallSpec(spec string) (wallSchedule, error) {
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return wallSchedule{}, fmt.Errorf("cron spec %q: %w", spec, err)
	}
	ss, ok := s.(*cron.SpecSchedule)
	if !ok { // cron's parser makes nothing else of a standard spec but @every
		return wallSchedule{}, fmt.Errorf("cron spec %q: want minute, hour, day of month, month and day of week", spec)
	}
	loc := ss.Location
	if loc == time.Local {
		loc = time.UTC
	}
	wall := *ss
	wall.Location = time.UTC
	return wallSchedule{wall: &wall, loc: loc}, nil
}

// Next is the first instant after t whose wall time in the spec's zone the
// spec names, or the zero time if there is none.
func (s wallSchedule) Next(t time.Time) time.Time {
	l := t.In(s.loc)
	wall := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
	// A few steps at most: a wall time can map to an instant at or before
	// t only around a fall-back (its first occurrence is past) or a gap
	// (two wall times mapped to the gap's end).
	for range 16 {
		wall = s.wall.Next(wall)
		if wall.IsZero() {
			return time.Time{}
		}
		at := plans.WallTime(wall.Year(), wall.Month(), wall.Day(), plans.TimeOfDay{Hour: wall.Hour(), Minute: wall.Minute()}, s.loc)
		if at.After(t) {
			return at.In(t.Location())
		}
	}
	return time.Time{}
}

// cronLogger adapts slog to cron's logger. cron reports every wake-up and
// every job it starts at Info: with jobs every second that is noise, so those
// are dropped; its other notes (start, stop, a run skipped while the last is
// still going) are debug detail, and its errors (a job's panic) errors.
type cronLogger struct{ log *slog.Logger }

// cronChatter are cron's per-second Info messages.
var cronChatter = map[string]bool{"wake": true, "run": true, "schedule": true}

func (l cronLogger) Info(msg string, keysAndValues ...any) {
	if !cronChatter[msg] {
		l.log.Debug(msg, keysAndValues...)
	}
}

func (l cronLogger) Error(err error, msg string, keysAndValues ...any) {
	l.log.Error(msg, append([]any{"err", err}, keysAndValues...)...)
}
