package schedule

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/glutebot/glutebot/plans"
)

// runs lists the first n runs of spec after from.
func runs(t *testing.T, spec string, from time.Time, n int) []time.Time {
	t.Helper()
	var out []time.Time
	for range n {
		next, err := nextRun(spec, from)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, next)
		from = next
	}
	return out
}

func TestNextRunAcrossClockChanges(t *testing.T) {
	tests := []struct {
		name, spec, from string
		want             []string // UTC
	}{
		{
			"Berlin board at 18:00 keeps its wall time into summer time",
			"CRON_TZ=Europe/Berlin 0 18 * * 0", "2026-03-22 12:00:00",
			[]string{"2026-03-22 17:00:00", "2026-03-29 16:00:00", "2026-04-05 16:00:00"},
		},
		{
			"Berlin board at 18:00 keeps its wall time into winter time",
			"CRON_TZ=Europe/Berlin 0 18 * * 0", "2026-10-18 12:00:00",
			[]string{"2026-10-18 16:00:00", "2026-10-25 17:00:00", "2026-11-01 17:00:00"},
		},
		{
			// 02:30 does not exist on 29 March 2026 in Berlin: the board
			// comes at 03:00 CEST, not a week late.
			"Berlin board at a skipped time comes after the gap",
			"CRON_TZ=Europe/Berlin 30 2 * * 0", "2026-03-22 12:00:00",
			[]string{"2026-03-29 01:00:00", "2026-04-05 00:30:00"},
		},
		{
			// 02:30 happens twice on 25 October 2026 in Berlin: one board.
			"Berlin board at a repeated time comes once",
			"CRON_TZ=Europe/Berlin 30 2 * * 0", "2026-10-18 12:00:00",
			[]string{"2026-10-25 00:30:00", "2026-11-01 01:30:00"},
		},
		{
			"New York board at a repeated time comes once",
			"CRON_TZ=America/New_York 30 1 * * 0", "2026-10-31 12:00:00",
			[]string{"2026-11-01 05:30:00", "2026-11-08 06:30:00"},
		},
		{
			"New York board at a skipped time comes after the gap",
			"CRON_TZ=America/New_York 30 2 * * 0", "2026-03-01 12:00:00",
			[]string{"2026-03-08 07:00:00", "2026-03-15 06:30:00"},
		},
		{
			"daily backup in Berlin across the spring gap",
			"CRON_TZ=Europe/Berlin 30 2 * * *", "2026-03-28 12:00:00",
			[]string{"2026-03-29 01:00:00", "2026-03-30 00:30:00"},
		},
		{
			"daily backup in Berlin across the autumn fold",
			"CRON_TZ=Europe/Berlin 30 2 * * *", "2026-10-24 12:00:00",
			[]string{"2026-10-25 00:30:00", "2026-10-26 01:30:00"},
		},
		{
			"the default backup spec is in UTC",
			DefaultBackupSpec, "2026-03-28 12:00:00",
			[]string{"2026-03-29 03:00:00", "2026-03-30 03:00:00"},
		},
		{
			"Lord Howe's half-hour fold",
			"CRON_TZ=Australia/Lord_Howe 45 1 * * *", "2026-04-04 00:00:00",
			[]string{"2026-04-04 14:45:00", "2026-04-05 15:15:00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runs(t, tt.spec, at(tt.from), len(tt.want))
			for i, w := range tt.want {
				if !got[i].Equal(at(w)) {
					t.Errorf("run %d = %s, want %s (all: %v)", i, got[i], w, got)
				}
			}
		})
	}
}

// TestWeeklySpecFiresOncePerWeek walks two years of a weekly spec in zones
// with clock changes: every week has exactly one run, on the right local
// date, at the wall time where it exists.
func TestWeeklySpecFiresOncePerWeek(t *testing.T) {
	for _, zone := range []string{"Europe/Berlin", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "America/Santiago"} {
		loc := mustZone(t, zone)
		for _, clock := range []plans.TimeOfDay{{Hour: 0, Minute: 0}, {Hour: 1, Minute: 30}, {Hour: 2, Minute: 30}, {Hour: 18, Minute: 0}, {Hour: 23, Minute: 59}} {
			spec := fmt.Sprintf("CRON_TZ=%s %d %d * * 0", zone, clock.Minute, clock.Hour)
			from := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
			got := runs(t, spec, from, 104)
			for i, r := range got {
				want := plans.NextDue([]time.Weekday{time.Sunday}, clock, loc, from)
				if !r.Equal(want) {
					t.Fatalf("%s: run %d = %s, want %s as plans.NextDue has it", spec, i, r.In(loc), want.In(loc))
				}
				from = r
			}
		}
	}
}

func TestParseSpecRefusesNonsense(t *testing.T) {
	for _, spec := range []string{"", "every day", "61 3 * * *", "0 3 * *", "CRON_TZ=Mars/Olympus 0 3 * * *", "@every 1h"} {
		if _, err := nextRun(spec, monday); err == nil {
			t.Errorf("nextRun(%q) succeeded", spec)
		}
	}
}

func TestCronLoggerKeepsWhatMatters(t *testing.T) {
	logs := new(logBuffer)
	l := cronLogger{logs.logger()}
	l.Info("wake", "now", monday)
	l.Info("run", "entry", 1)
	l.Info("skip")
	l.Error(fmt.Errorf("boom"), "panic", "stack", "...")
	out := logs.String()
	if strings.Contains(out, "wake") || strings.Contains(out, "msg=run") {
		t.Errorf("per-second chatter logged:\n%s", out)
	}
	if !strings.Contains(out, "level=DEBUG msg=skip") || !strings.Contains(out, "level=ERROR msg=panic err=boom") {
		t.Errorf("skip or panic missing:\n%s", out)
	}
}
