package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/glutebot/glutebot/plans"
)

// runPlan prints the weeks a user would get: `glutebot plan --level
// beginner --equipment none --days 3 --weeks 12`. It needs no token.
func runPlan(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stdout)
	level := fs.String("level", "beginner", "starting level: beginner, intermediate or advanced")
	equipment := fs.String("equipment", "none", "equipment: none, dumbbells or gym")
	days := fs.Int("days", 3, "workouts per week: 2 or 3")
	weeks := fs.Int("weeks", 12, "how many weeks to show (1-104)")
	skip := fs.String("skip-weeks", "", "weeks with no workout done, e.g. 5,6")
	tooHard := fs.String("too-hard", "", "weeks whose workouts are all marked too hard, e.g. 3")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("plan: unexpected arguments %q", fs.Args())}
	}
	opts := plans.PreviewOptions{DaysPerWeek: *days, Weeks: *weeks}
	var err error
	if opts.Level, err = plans.ParseLevel(*level); err != nil {
		return usageError{fmt.Sprintf("plan: --level %q: want beginner, intermediate or advanced", *level)}
	}
	if opts.Equipment, err = plans.ParseEquipment(*equipment); err != nil {
		return usageError{fmt.Sprintf("plan: --equipment %q: want none, dumbbells or gym", *equipment)}
	}
	if opts.SkipWeeks, err = weekList(*skip); err != nil {
		return usageError{fmt.Sprintf("plan: --skip-weeks: %v", err)}
	}
	if opts.TooHardWeeks, err = weekList(*tooHard); err != nil {
		return usageError{fmt.Sprintf("plan: --too-hard: %v", err)}
	}
	out, err := plans.Preview(opts)
	if err != nil {
		return usageError{fmt.Sprintf("plan: %v", err)}
	}
	_, err = io.WriteString(stdout, out)
	return err
}

// weekList parses "5,6" into week numbers (1-based).
func weekList(s string) ([]int, error) {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a week number (1, 2, …)", f)
		}
		out = append(out, n)
	}
	return out, nil
}
