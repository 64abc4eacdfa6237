package plans

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ErrPreview is wrapped by Preview for options it cannot simulate.
var ErrPreview = errors.New("plans: invalid preview options")

// MaxPreviewWeeks bounds PreviewOptions.Weeks.
const MaxPreviewWeeks = 104

// PreviewOptions describes a simulated user for Preview.
type PreviewOptions struct {
	Level        Level
	Equipment    Equipment
	DaysPerWeek  int   // 2 (Mon, Thu) or 3 (Mon, Wed, Fri)
	Weeks        int   // 1 to MaxPreviewWeeks
	SkipWeeks    []int // 1-based weeks with no workout done
	TooHardWeeks []int // 1-based weeks whose sessions are all done but rated 😅
}

// previewStart is the fixed Monday the preview starts on, so its output is
// the same on every run.
var previewStart = time.Date(2026, time.January, 5, 0, 0, 0, 0, time.UTC)

// Preview prints the weeks a user with opts would get, assuming every
// session is done except in SkipWeeks, and rated too hard in TooHardWeeks.
// Errors wrap ErrDays, ErrLevel, ErrEquipment or ErrPreview.
func Preview(opts PreviewOptions) (string, error) {
	var days []time.Weekday
	switch opts.DaysPerWeek {
	case 2:
		days = []time.Weekday{time.Monday, time.Thursday}
	case 3:
		days = []time.Weekday{time.Monday, time.Wednesday, time.Friday}
	default:
		return "", fmt.Errorf("%d days a week, want 2 or 3: %w", opts.DaysPerWeek, ErrDays)
	}
	if opts.Level < Beginner || opts.Level > Advanced {
		return "", fmt.Errorf("level %d: %w", int(opts.Level), ErrLevel)
	}
	if opts.Equipment < NoEquipment || opts.Equipment > Gym {
		return "", fmt.Errorf("equipment %d: %w", int(opts.Equipment), ErrEquipment)
	}
	if opts.Weeks < 1 || opts.Weeks > MaxPreviewWeeks {
		return "", fmt.Errorf("%d weeks, want 1 to %d: %w", opts.Weeks, MaxPreviewWeeks, ErrPreview)
	}
	for _, w := range slices.Concat(opts.SkipWeeks, opts.TooHardWeeks) {
		if w < 1 || w > opts.Weeks {
			return "", fmt.Errorf("week %d is outside weeks 1 to %d: %w", w, opts.Weeks, ErrPreview)
		}
	}

	sub := Subscription{
		Days:      days,
		TimeOfDay: TimeOfDay{Hour: 7},
		Zone:      "UTC",
		Level:     opts.Level,
		Equipment: opts.Equipment,
		Since:     previewStart,
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "glutebot plan: %s, equipment %s, %d days a week, %d weeks\n",
		opts.Level, opts.Equipment, opts.DaysPerWeek, opts.Weeks)
	var history []Entry
	for week := 1; week <= opts.Weeks; week++ {
		monday := previewStart.AddDate(0, 0, 7*(week-1))
		fmt.Fprintf(&sb, "\nWeek %d (from %s)", week, monday.Format("Mon 2 Jan 2006"))
		skip := slices.Contains(opts.SkipWeeks, week)
		hard := slices.Contains(opts.TooHardWeeks, week)
		switch {
		case skip:
			sb.WriteString(" — skipped: nothing logged\n")
			continue
		case hard:
			sb.WriteString(" — every session rated too hard\n")
		default:
			sb.WriteString("\n")
		}
		for _, d := range days {
			due := monday.AddDate(0, 0, mondayFirst(d)).Add(7 * time.Hour)
			w := WorkoutFor(history, sub, due)
			fmt.Fprintf(&sb, "  %s · %s · about %d min\n", due.Format("Mon 2 Jan"), w.Title, w.Minutes)
			for _, it := range w.Items {
				fmt.Fprintf(&sb, "    - %s\n", it)
			}
			for _, n := range slices.Concat(w.Notes, w.HealthNotes) {
				fmt.Fprintf(&sb, "    ! %s\n", n)
			}
			history = append(history, Entry{Kind: Done, Due: due, At: due.Add(time.Hour)})
			if hard {
				history = append(history, Entry{Kind: TooHard, Due: due, At: due.Add(time.Hour)})
			}
		}
	}
	return sb.String(), nil
}
