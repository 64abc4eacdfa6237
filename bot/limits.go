package bot

import (
	"context"
	"fmt"
	"hash/fnv"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Fair use: how much each user may ask of the bot, so that one person (a
// script, a stuck key, a server testing the bot together) cannot slow it
// down for everyone. The README's "Fair use" section lists these; keep the
// two in step.
//
// Each family of commands has a bucket per user: a user may run up to
// burst commands of the family at once, and then one more each interval. A
// command over the limit is answered with one private line saying when to
// try again; it reads and stores nothing.
const (
	// Everyday commands (/help, /tip, /schedule, /subscribe, /pause, ...),
	// buttons and plain questions: generous, five a second once the burst
	// is spent. A plain question over the limit gets no reply.
	lightBurst = 20
	lightEvery = 200 * time.Millisecond

	// Autocomplete, asked at each keystroke: over the limit it offers no
	// choices.
	typingBurst = 30
	typingEvery = 100 * time.Millisecond

	// /progress draws a chart: three at once, then one each 10 s.
	chartBurst = 3
	chartEvery = 10 * time.Second

	// /export reads and encodes everything about the user.
	exportBurst = 2
	exportEvery = 30 * time.Second

	// /workout posts a workout.
	workoutBurst = 3
	workoutEvery = 10 * time.Second

	// heavyWait is how long a heavy command (/progress, /export, /workout)
	// waits for the same user's previous one to finish before it is
	// answered with the cooldown line instead: one heavy command per user
	// runs at a time.
	heavyWait = 500 * time.Millisecond

	// A reaction on a workout post is handled once it has settled: after
	// reactionQuiet without a change to the same user's same emoji on the
	// same post, or reactionMaxWait after its first change, whichever comes
	// first. Toggling ✅ fifty times is one change, at the end.
	reactionQuiet   = 500 * time.Millisecond
	reactionMaxWait = 3 * time.Second

	// maxTracked bounds the users × families the limiter remembers. An
	// entry lasts only until its bucket is full again (at most a minute),
	// so this many are reached only when that many different users act
	// within a minute; past it, new users are let through unrecorded.
	maxTracked = 200_000

	// maxPendingReactions bounds the reactions waiting to settle; past it a
	// reaction is handled at once.
	maxPendingReactions = 10_000
)

// family is a group of commands that share a limit.
type family uint8

const (
	familyLight family = iota
	familyTyping
	familyChart
	familyExport
	familyWorkout
	numFamilies
)

type limit struct {
	burst int
	every time.Duration
}

var limits = [numFamilies]limit{
	familyLight:   {lightBurst, lightEvery},
	familyTyping:  {typingBurst, typingEvery},
	familyChart:   {chartBurst, chartEvery},
	familyExport:  {exportBurst, exportEvery},
	familyWorkout: {workoutBurst, workoutEvery},
}

// commandFamily is the family a slash command counts against.
func commandFamily(name string) family {
	switch name {
	case cmdProgress:
		return familyChart
	case cmdExport:
		return familyExport
	case cmdWorkout:
		return familyWorkout
	}
	return familyLight
}

// limiter is a keyed rate limiter: one bucket per user and family, kept as
// a single instant (the generic cell rate algorithm's theoretical arrival
// time). A bucket that has filled up again is the same as none, so entries
// are dropped once their instant has passed, and memory follows the users
// active in the last minute, not all users ever seen. Kept instead of a
// golang.org/x/time/rate.Limiter per key (the transport's global pacer is
// one): an entry here is one duration in the map, a Limiter is a locked
// struct of about 80 bytes behind a pointer, and expiring idle users would
// need the same sweep either way.
type limiter struct {
	mu        sync.Mutex
	epoch     time.Time // instants are kept as offsets from it
	tat       map[limitKey]time.Duration
	sweepAt   int           // map size at which expired entries are dropped next
	sweptAt   time.Duration // when the last sweep ran
	fullUntil time.Duration // while the map is full, when to sweep again
}

type limitKey struct {
	user uint64 // the user's snowflake
	fam  family
}

// The limiter sweeps expired entries when its map has doubled since the
// last sweep, or sweepEvery after it, but never below minSweep entries:
// below that, expired entries cost less than looking for them.
const (
	minSweep   = 1024
	sweepEvery = time.Minute
)

func newLimiter(now time.Time) *limiter {
	return &limiter{epoch: now, tat: make(map[limitKey]time.Duration), sweepAt: minSweep}
}

// allow takes one command of family fam for user at now. If the user is
// over the limit it returns false and the instant they may try again.
func (l *limiter) allow(user string, fam family, now time.Time) (bool, time.Time) {
	lim := limits[fam]
	k := limitKey{userKey(user), fam}
	t := now.Sub(l.epoch)
	tolerance := lim.every * time.Duration(lim.burst-1)

	l.mu.Lock()
	defer l.mu.Unlock()
	tat, tracked := l.tat[k]
	if !tracked {
		tat = t // a full bucket; t may be before the epoch
	}
	tat = max(tat, t)
	if tat-t > tolerance {
		return false, l.epoch.Add(tat - tolerance)
	}
	if !tracked && (len(l.tat) >= l.sweepAt || len(l.tat) > minSweep && t >= l.sweptAt+sweepEvery) {
		if t < l.fullUntil {
			return true, time.Time{} // full: let the new user through unrecorded
		}
		l.sweep(t)
		if len(l.tat) >= maxTracked {
			// Still full: sweep again in a second at the earliest, so a
			// full map costs one pass a second, not one per command.
			l.fullUntil = t + time.Second
			return true, time.Time{}
		}
	}
	l.tat[k] = tat + lim.every
	return true, time.Time{}
}

// sweep drops the entries whose bucket is full again at t. It copies the
// rest into a new map: Go maps do not shrink, and a burst of users should
// not hold its memory after it has passed. The next sweep comes when the
// map has doubled or a minute has passed, so sweeping costs O(1) per
// command.
func (l *limiter) sweep(t time.Duration) {
	live := make(map[limitKey]time.Duration)
	for k, tat := range l.tat {
		if tat > t {
			live[k] = tat
		}
	}
	l.tat = live
	l.sweepAt = min(max(minSweep, 2*len(live)), maxTracked)
	l.sweptAt = t
}

// userKey is a user's snowflake as a number, which keeps the map free of
// pointers. An id that is not one (Discord sends none) is hashed.
func userKey(id string) uint64 {
	if n, err := strconv.ParseUint(id, 10, 64); err == nil {
		return n
	}
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}

// inflight lets each user run one heavy command at a time.
type inflight struct {
	mu   sync.Mutex
	busy map[string]chan struct{} // closed when the user's heavy command ends
}

// enter marks user's heavy command as running, waiting up to wait for the
// one before it to end. It reports false if that one is still running; on
// true, the caller calls leave when done.
func (f *inflight) enter(ctx context.Context, user string, wait time.Duration) (leave func(), ok bool) {
	var timeout <-chan time.Time
	for {
		f.mu.Lock()
		done, busy := f.busy[user]
		if !busy {
			if f.busy == nil {
				f.busy = make(map[string]chan struct{})
			}
			done = make(chan struct{})
			f.busy[user] = done
			f.mu.Unlock()
			return func() {
				f.mu.Lock()
				delete(f.busy, user)
				f.mu.Unlock()
				close(done)
			}, true
		}
		f.mu.Unlock()
		if timeout == nil {
			t := time.NewTimer(wait)
			defer t.Stop()
			timeout = t.C
		}
		select {
		case <-done:
		case <-timeout:
			return nil, false
		case <-ctx.Done():
			return nil, false
		}
	}
}

// fairUse holds the bot's per-user limits.
type fairUse struct {
	limiter *limiter
	heavy   inflight
	// now is the limits' clock: the machine's, not Config.Now, as they are
	// about how fast a user sends in real seconds. Tests may replace it
	// before the bot opens.
	now func() time.Time
}

func newFairUse() *fairUse { return &fairUse{limiter: newLimiter(time.Now()), now: time.Now} }

// allow takes one command of fam for user; see limiter.allow.
func (f *fairUse) allow(user string, fam family) (bool, time.Time) {
	return f.limiter.allow(user, fam, f.now())
}

// tooFast reports whether i's user is over the limit of fam, and if so
// answers i with the cooldown line. That answer reads and stores nothing.
func (b *Bot) tooFast(i *discordgo.Interaction, fam family, what string) bool {
	ok, retry := b.fair.allow(userIDOf(i), fam)
	if ok {
		return false
	}
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	b.send(ctx, i, cooldownReply(what, retry))
	return true
}

// oneAtATime runs a heavy command only when the same user has no other
// heavy command running, waiting heavyWait for it; otherwise it answers
// with the cooldown line.
func (b *Bot) oneAtATime(h commandHandler, what string) commandHandler {
	return func(ctx context.Context, i *discordgo.Interaction) reply {
		leave, ok := b.fair.heavy.enter(ctx, userIDOf(i), heavyWait)
		if !ok {
			return cooldownReply(what, b.fair.now().Add(time.Second))
		}
		defer leave()
		return h(ctx, i)
	}
}

// userIDOf is the id of the user behind i; "" if Discord sent none, which
// it does not.
func userIDOf(i *discordgo.Interaction) string {
	if u := userOf(i); u != nil {
		return u.ID
	}
	return ""
}

// cooldownReply is the one private line a user over a limit gets: what to
// wait for and when to try again, as a Discord relative timestamp, which
// each user's client shows in their own words and keeps counting down.
func cooldownReply(what string, retry time.Time) reply {
	// Round up: "in 0 seconds" must not come before the bucket has room.
	at := time.Unix(retry.Unix()+1, 0)
	return errorReply(fmt.Sprintf("You're going a bit fast — try %s again %s.", what, discordTime(at, "R")))
}
