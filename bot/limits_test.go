package bot

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

var t0 = time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)

func TestLimiterBurstThenRefill(t *testing.T) {
	for fam, lim := range limits {
		l := newLimiter(t0)
		const user = "410000000000000001"
		for k := range lim.burst {
			if ok, _ := l.allow(user, family(fam), t0); !ok {
				t.Fatalf("family %d: command %d of a burst of %d refused", fam, k+1, lim.burst)
			}
		}
		ok, retry := l.allow(user, family(fam), t0)
		if ok {
			t.Fatalf("family %d: command %d allowed, over a burst of %d", fam, lim.burst+1, lim.burst)
		}
		if want := t0.Add(lim.every); !retry.Equal(want) {
			t.Errorf("family %d: try again at %v, want %v", fam, retry, want)
		}
		if ok, _ := l.allow(user, family(fam), retry.Add(-time.Nanosecond)); ok {
			t.Errorf("family %d: allowed before the time it gave", fam)
		}
		if ok, _ := l.allow(user, family(fam), retry); !ok {
			t.Errorf("family %d: refused at the time it gave", fam)
		}
		// Another user and another family have buckets of their own.
		if ok, _ := l.allow("410000000000000002", family(fam), t0); !ok {
			t.Errorf("family %d: a second user was refused", fam)
		}
		if ok, _ := l.allow(user, (family(fam)+1)%numFamilies, t0); !ok {
			t.Errorf("family %d: the next family was refused too", fam)
		}
	}
}

// TestLimiterForgetsIdleUsers: after 100,000 different users each sent one
// command, the limiter holds no more than the users whose bucket has not
// filled up again, and once all have, what it holds is back to a handful.
func TestLimiterForgetsIdleUsers(t *testing.T) {
	l := newLimiter(t0)
	const n = 100_000
	peak := 0
	for k := range n {
		now := t0.Add(time.Duration(k) * 100 * time.Microsecond) // all within 10 s
		if ok, _ := l.allow(fmt.Sprintf("4%017d", k), familyLight, now); !ok {
			t.Fatalf("user %d refused their first command", k)
		}
		peak = max(peak, l.size())
	}
	// A light entry lasts lightEvery: at 10 users per ms, about 2,000 are
	// live at a time; with sweeps at doubling, the map holds at most ~2x.
	if peak > 4*int(lightEvery/(100*time.Microsecond))+minSweep {
		t.Errorf("limiter held up to %d entries for 100,000 users passing through", peak)
	}
	// An hour later new users come: by the time the map has doubled, the
	// old entries are gone.
	if added := passBy(l, familyLight, t0.Add(time.Hour)); l.size() > added {
		t.Errorf("an hour later the limiter holds %d entries, %d of them new", l.size(), added)
	}
}

func TestLimiterCapsWhatItTracks(t *testing.T) {
	l := newLimiter(t0)
	for k := range maxTracked + 10 {
		// Entries last a minute: none expire. Past the cap a new user is let
		// through unrecorded, never refused.
		if ok, _ := l.allow(fmt.Sprintf("4%017d", k), familyExport, t0); !ok {
			t.Fatalf("user %d refused at their first command", k)
		}
	}
	if got := l.size(); got > maxTracked {
		t.Errorf("limiter holds %d entries, more than maxTracked (%d)", got, maxTracked)
	}
}

func TestCooldownReplyIsOnePrivateLine(t *testing.T) {
	r := cooldownReply("`/progress`", time.Unix(1_800_000_000, 500_000_000))
	if !r.ephemeral || strings.Contains(r.content, "\n") || len(r.embeds) > 0 || len(r.files) > 0 {
		t.Errorf("cooldown answer %+v: want one ephemeral line", r)
	}
	if !strings.Contains(r.content, "<t:1800000001:R>") || !strings.Contains(r.content, "`/progress`") {
		t.Errorf("cooldown answer %q: want the command and <t:1800000001:R>", r.content)
	}
}

func TestInflightOneHeavyCommandPerUser(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var f inflight
		ctx := context.Background()
		leave, ok := f.enter(ctx, "a", heavyWait)
		if !ok {
			t.Fatal("first heavy command refused")
		}
		if _, ok := f.enter(ctx, "a", heavyWait); ok {
			t.Fatal("second heavy command of the same user ran while the first was running")
		}
		leaveB, ok := f.enter(ctx, "b", heavyWait)
		if !ok {
			t.Fatal("another user's heavy command was refused")
		}
		leaveB()

		// A command that waits runs as soon as the one before ends.
		go func() {
			time.Sleep(heavyWait / 2)
			leave()
		}()
		leave2, ok := f.enter(ctx, "a", heavyWait)
		if !ok {
			t.Fatal("a command that waited for the one before it was refused")
		}
		leave2()
		if len(f.busy) != 0 {
			t.Errorf("%d users still marked busy", len(f.busy))
		}
	})
}

// BenchmarkLimiterMemory reports the heap the limiter holds after 100,000
// different users each sent one command, spread over 10 s, while their
// entries are live (live-KB) and once they have expired and the next
// command swept (after-KB), and the most entries it held at once.
//
//	go test -run '^$' -bench LimiterMemory ./bot
func BenchmarkLimiterMemory(b *testing.B) {
	const n = 100_000
	for name, fam := range map[string]family{"light": familyLight, "progress": familyChart} {
		b.Run(name, func(b *testing.B) {
			ids := make([]string, n)
			for k := range ids {
				ids[k] = fmt.Sprintf("4%017d", k)
			}
			var live, after, peak int
			for b.Loop() {
				base := heapInUse()
				l := newLimiter(t0)
				peak = 0
				for k, id := range ids {
					l.allow(id, fam, t0.Add(time.Duration(k)*100*time.Microsecond))
					if k%1000 == 0 {
						peak = max(peak, l.size())
					}
				}
				live = heapInUse() - base
				passBy(l, fam, t0.Add(time.Hour))
				after = heapInUse() - base
				runtime.KeepAlive(l)
			}
			b.ReportMetric(float64(live)/1024, "live-KB")
			b.ReportMetric(float64(after)/1024, "after-KB")
			b.ReportMetric(float64(peak), "peak-entries")
		})
	}
}

// passBy sends one command each of new users at now until the limiter has
// swept, and returns how many it took.
func passBy(l *limiter, fam family, now time.Time) int {
	for k := 1; ; k++ {
		before := l.size()
		l.allow(fmt.Sprintf("6%017d", k), fam, now)
		if l.size() <= before {
			return k
		}
	}
}

func heapInUse() int {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int(m.HeapAlloc)
}

func TestLimiterWorksBeforeItsEpoch(t *testing.T) {
	l := newLimiter(t0)
	early := t0.Add(-time.Hour)
	for k := range chartBurst {
		if ok, _ := l.allow("410000000000000001", familyChart, early); !ok {
			t.Fatalf("command %d refused before the limiter's epoch", k+1)
		}
	}
	if ok, retry := l.allow("410000000000000001", familyChart, early); ok || !retry.Equal(early.Add(chartEvery)) {
		t.Errorf("over the burst: allowed %v, retry at %v, want refused until %v", ok, retry, early.Add(chartEvery))
	}
}

// size is how many entries the limiter holds.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.tat)
}
