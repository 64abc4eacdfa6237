package plans

import (
	"errors"
	"time"
)

// Level is the starting rung a user picks.
type Level int

const (
	Beginner Level = iota
	Intermediate
	Advanced
)

// Equipment says which rungs of a ladder a user can do.
type Equipment int

const (
	NoEquipment Equipment = iota // "none"
	Dumbbells                    // "dumbbells"
	Gym                          // "gym"
)

// Delivery says where a subscriber's workouts are posted.
type Delivery int

const (
	DeliverDM      Delivery = iota // "dm": a direct message (the default)
	DeliverChannel                 // "here": the channel the user subscribed from, mentioning them
)

// TimeOfDay is a local time of day, minute precision.
type TimeOfDay struct {
	Hour, Minute int
}

// Subscription is one user's schedule and plan settings.
type Subscription struct {
	UserID    string // Discord user id
	GuildID   string // server the user subscribed from; "" when from a DM
	ChannelID string // channel the user subscribed from (DM channel or server channel)
	Delivery  Delivery

	Days      []time.Weekday // 2 or 3 distinct days, in week order starting Monday
	TimeOfDay TimeOfDay
	Zone      string // IANA name, e.g. "Europe/Berlin"
	Level     Level
	Equipment Equipment

	Since         time.Time // when the user first subscribed; the plan starts here
	PausedUntil   time.Time // zero when not paused
	Undeliverable bool      // DMs closed: stop sending until the user acts again
	NextDue       time.Time // next scheduled instant, UTC
}

// DefaultSubscription is the settings of someone who has chosen none:
// Monday, Wednesday and Friday at 07:00 UTC, beginner, no equipment, by
// DM. /subscribe starts from it, and a board counts a member who never
// subscribed on it.
func DefaultSubscription(userID string) Subscription {
	return Subscription{UserID: userID, Days: []time.Weekday{time.Monday, time.Wednesday, time.Friday},
		TimeOfDay: TimeOfDay{Hour: 7}, Zone: "UTC", Level: Beginner, Equipment: NoEquipment, Delivery: DeliverDM}
}

// Kind is what a user told us about one workout.
type Kind int

const (
	Done    Kind = iota + 1 // ✅
	TooHard                 // 😅
	TooEasy                 // 💪
	Pain                    // 🤕
)

// Entry is one record in a user's log: a completion or feedback on the
// workout that was due at Due.
type Entry struct {
	Kind Kind
	Due  time.Time // the scheduled instant of the workout the entry is about
	At   time.Time // when it was recorded
}

// SlotState is where one scheduled workout is in its delivery.
type SlotState int

const (
	SlotDue     SlotState = iota // claimed for delivery, not yet attempted
	SlotSending                  // a post is in flight (or was, before a crash)
	SlotSent                     // posted; ChannelID and MessageID are set
	SlotSkipped                  // missed by more than the grace window; never posted
	SlotFailed                   // could not be delivered (e.g. DMs closed)
)

var slotStateNames = [...]string{SlotDue: "due", SlotSending: "sending", SlotSent: "sent", SlotSkipped: "skipped", SlotFailed: "failed"}

// String names the state as logs and /export show it: "due", "sending",
// "sent", "skipped" or "failed".
func (s SlotState) String() string { return nameOf(slotStateNames[:], s, "SlotState") }

// Slot is one scheduled workout of one subscriber: unique per user and local
// date.
type Slot struct {
	ID        int64
	UserID    string
	LocalDate string    // "2006-01-02" in the subscriber's zone
	Due       time.Time // UTC
	State     SlotState
	Late      bool   // posted after its minute because the bot was down
	Early     bool   // requested ahead of time with /workout
	ChannelID string // where it was posted
	MessageID string

	// Retry is set (not stored) on a slot found in flight (at start, or by
	// /workout): it may have been posted before, longer ago than Discord
	// remembers a nonce, so the poster looks for that post before posting
	// again.
	Retry bool
}

// Deletion is a Discord message /forget still has to delete: MessageID in
// ChannelID, or, when MessageID is "", every message the bot wrote in the
// DM channel ChannelID.
type Deletion struct {
	ID        int64
	ChannelID string
	MessageID string
}

// ErrUndeliverable is returned by a poster when Discord refuses to deliver to
// the user at all (DMs closed, code 50007): retrying will not help.
var ErrUndeliverable = errors.New("plans: user cannot be reached")

// ErrNotFound is returned (wrapped) by stores when a user, subscription, slot
// or message they are asked about does not exist.
var ErrNotFound = errors.New("not found")

// ErrNotScreened is returned (wrapped) by stores asked to subscribe a user
// who has not answered the safety screen: nobody gets workouts without
// having seen the red flags first.
var ErrNotScreened = errors.New("safety screen not answered")
