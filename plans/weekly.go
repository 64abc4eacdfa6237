package plans

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Board is a server's weekly challenge board: where it is posted and when.
type Board struct {
	GuildID   string
	ChannelID string
	// Spec is a standard cron spec with its zone, e.g.
	// "CRON_TZ=Europe/Berlin 0 18 * * 0" (Sundays at 18:00 Berlin time).
	Spec    string
	NextRun time.Time // the next posting, UTC; zero until first scheduled
}

// WeeklySpec is the cron spec of something every week on day at at, on
// the wall clock of zone: WeeklySpec("Europe/Berlin", time.Sunday,
// TimeOfDay{Hour: 18}) is "CRON_TZ=Europe/Berlin 0 18 * * 0".
func WeeklySpec(zone string, day time.Weekday, at TimeOfDay) string {
	return fmt.Sprintf("CRON_TZ=%s %d %d * * %d", zone, at.Minute, at.Hour, int(day))
}

// Standing is one member's week on a challenge board.
type Standing struct {
	UserID string
	Done   int // workouts marked done this week, in the member's zone
	Target int // workouts scheduled a week
	Streak int // weeks in a row that reached the target
}

// StandingOf is a member's standing at asOf, counted on sub: their
// subscription, the settings they kept after stopping, or
// DefaultSubscription, as /progress counts them.
func StandingOf(userID string, sub Subscription, history []Entry, asOf time.Time) Standing {
	s := Summarize(history, sub, asOf)
	return Standing{UserID: userID, Done: s.ThisWeek, Target: s.Target, Streak: s.Streak}
}

// SortStandings orders a board: the share of the target reached, then the
// streak, then workouts done, highest first; ties by user id, so the order
// is stable from week to week.
func SortStandings(st []Standing) {
	slices.SortFunc(st, func(a, b Standing) int {
		// a.Done/a.Target against b.Done/b.Target without division.
		if c := cmp.Compare(b.Done*max(a.Target, 1), a.Done*max(b.Target, 1)); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Streak, a.Streak); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Done, a.Done); c != 0 {
			return c
		}
		return cmp.Compare(a.UserID, b.UserID)
	})
}

// Recap is a subscriber due a weekly recap.
type Recap struct {
	Sub  Subscription
	Day  time.Weekday // the day the recap comes, at RecapTime in the subscriber's zone
	Next time.Time    // when it is due, UTC; zero until first scheduled
}

// RecapTime is the local time of day weekly recaps are sent.
func RecapTime() TimeOfDay { return TimeOfDay{Hour: 18} }

// Review is a subscriber's week, as the weekly recap tells it.
type Review struct {
	Done, Target int  // workouts done this week and the weekly target
	Streak       int  // weeks in a row that reached the target
	Completed    int  // all-time completed workouts
	Deload       bool // next week is a lighter deload week
	// Changes lists the exercises whose prescription next week differs
	// from their last session this week, in catalogue order.
	Changes []ItemChange
	// SafetyFlag is set after pain or repeated "too hard": the plan has
	// eased off.
	SafetyFlag bool
}

// ItemChange is how one exercise changes from one week to the next.
type ItemChange struct {
	From, To Item
	Change   Change // which way: MovedUp, Held or SteppedBack
	Reason   string // why it held or stepped back, e.g. "pain"
}

// ReviewWeek reviews the week holding asOf (Monday to Sunday in the
// subscriber's zone) and says what changes in the next one.
func ReviewWeek(history []Entry, sub Subscription, asOf time.Time) Review {
	s := Summarize(history, sub, asOf)
	r := Review{Done: s.ThisWeek, Target: s.Target, Streak: s.Streak, Completed: s.Completed, SafetyFlag: s.SafetyFlag}
	loc := zoneOf(sub)
	local := asOf.In(loc)
	monday := time.Date(local.Year(), local.Month(), local.Day()-(int(local.Weekday())+6)%7, 0, 0, 0, 0, loc)
	nextMonday := monday.AddDate(0, 0, 7)
	// last is what the user last saw of each exercise this week: as it
	// stood on Monday, then as each workout of the week with anything
	// logged asked for it. One replay gives those workouts and next week.
	var last [numLadders]Item
	for i, x := range Progress(history, sub, monday).Exercises {
		last[i] = itemOf(x)
	}
	next := replay(known(history, nextMonday), sub, nextMonday, func(w posted) {
		if w.due.Before(monday) || !w.due.Before(nextMonday) {
			return
		}
		for k, i := range sessionLadders[w.session] {
			last[i] = itemOf(w.items[k])
		}
	})
	r.Deload = next.Deload
	for i, x := range next.Exercises {
		from, to := last[i], itemOf(x)
		if from.Variation == to.Variation && from.Sets == to.Sets && from.Reps == to.Reps && from.Load == to.Load {
			continue
		}
		// A hold explains no change: when an exercise that held still
		// changes, a deload week starts (lighter) or ended (a step up).
		change, reason := x.Change, x.Reason
		switch {
		case next.Deload && change != SteppedBack:
			change, reason = Held, "deload"
		case change == Held:
			change, reason = MovedUp, ""
		}
		r.Changes = append(r.Changes, ItemChange{From: from, To: to, Change: change, Reason: reason})
	}
	return r
}

// WallTime is the instant of wall time c on the given date in loc, with
// NextDue's policy for clock changes: a wall time skipped when clocks spring
// forward is the first instant after the gap, and one that occurs twice
// when they fall back is its first occurrence.
func WallTime(year int, month time.Month, day int, c TimeOfDay, loc *time.Location) time.Time {
	return resolve(year, month, day, c, loc)
}
