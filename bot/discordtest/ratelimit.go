package discordtest

import (
	"crypto/sha1"
	"encoding/hex"
	"math"
	"net/http"
	"strconv"
	"time"
)

// Per-route limits. Discord does not publish them; these are the ones it
// reports in its headers for the routes a bot like glutebot uses.
const (
	messageLimit    = 5               // message creates per channel...
	messageWindow   = 5 * time.Second // ...per this window
	reactionLimit   = 1               // reaction requests per channel...
	reactionWindow  = 250 * time.Millisecond
	defaultLimit    = 50 // any other route, per route and major parameter...
	defaultWindow   = time.Second
	rateLimitMargin = time.Millisecond // reported waits are rounded up and padded by this
)

// rateLimits holds the global limiter and the per-route buckets. They run on
// the real clock: clients such as discordgo sleep on it before they retry.
type rateLimits struct {
	now     func() time.Time
	perSec  float64
	tokens  float64 // global token bucket, capacity perSec
	updated time.Time
	buckets map[string]*bucket
}

// bucket is a fixed window, the way Discord's per-route buckets behave: the
// window starts with the first request and holds limit requests.
type bucket struct {
	hash      string
	limit     int
	window    time.Duration
	remaining int
	reset     time.Time
}

func newRateLimits(perSecond int) rateLimits {
	return rateLimits{
		now:     time.Now,
		perSec:  float64(perSecond),
		tokens:  float64(perSecond),
		buckets: make(map[string]*bucket),
	}
}

// takeGlobal spends one request of the global limit, or reports how long
// until one is available.
func (rl *rateLimits) takeGlobal() (ok bool, retryAfter time.Duration) {
	now := rl.now()
	if !rl.updated.IsZero() {
		rl.tokens = math.Min(rl.perSec, rl.tokens+now.Sub(rl.updated).Seconds()*rl.perSec)
	}
	rl.updated = now
	if rl.tokens >= 1 {
		rl.tokens--
		return true, 0
	}
	return false, time.Duration((1 - rl.tokens) / rl.perSec * float64(time.Second))
}

// take spends one request of the bucket named key and sets Discord's
// X-RateLimit-* headers on h. It reports false when the bucket is empty.
func (rl *rateLimits) take(h http.Header, key string, limit int, window time.Duration) (ok bool, retryAfter time.Duration) {
	now := rl.now()
	b := rl.buckets[key]
	if b == nil {
		sum := sha1.Sum([]byte(key))
		b = &bucket{hash: hex.EncodeToString(sum[:8]), limit: limit, window: window}
		rl.buckets[key] = b
	}
	if !now.Before(b.reset) {
		b.remaining = b.limit
		b.reset = now.Add(b.window)
	}
	ok = b.remaining > 0
	if ok {
		b.remaining--
	}
	after := roundUp(b.reset.Sub(now))
	resetAt := float64(now.Add(after).UnixMilli()) / 1000
	h.Set("X-RateLimit-Limit", strconv.Itoa(b.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(b.remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(resetAt, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", seconds(after))
	h.Set("X-RateLimit-Bucket", b.hash)
	return ok, after
}

// roundUp rounds d up to a whole millisecond and pads it, so a client that
// parses the float into milliseconds (discordgo truncates) never wakes up
// before the window has really passed.
func roundUp(d time.Duration) time.Duration {
	return (d+time.Millisecond-1)/time.Millisecond*time.Millisecond + rateLimitMargin
}

func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
}

// writeRateLimited answers 429 the way Discord does.
func (s *Server) writeRateLimited(w http.ResponseWriter, r *http.Request, retryAfter time.Duration, global bool) {
	retryAfter = roundUp(retryAfter)
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(retryAfter.Seconds()))))
	if global {
		h.Set("X-RateLimit-Global", "true")
		h.Set("X-RateLimit-Scope", "global")
	} else {
		h.Set("X-RateLimit-Scope", "user")
	}
	s.record(r, http.StatusTooManyRequests, 0, "You are being rate limited.")
	writeJSON(w, http.StatusTooManyRequests, map[string]any{
		"message":     "You are being rate limited.",
		"retry_after": math.Round(retryAfter.Seconds()*1000) / 1000,
		"global":      global,
	})
}
