package discordtest

import (
	"crypto/sha1"
	"encoding/hex"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Per-route limits. Discord does not publish them; these are the ones it
// reports in its headers for the routes a bot like glutebot uses.
const (
	messageLimit   = 5               // message creates per channel...
	messageWindow  = 5 * time.Second // ...per this window
	reactionLimit  = 1               // reaction requests per channel...
	reactionWindow = 250 * time.Millisecond
	// Interaction webhooks (follow-ups, edits of an answer): Discord lists
	// them as rate limited like other webhooks (rate-limits.mdx: every
	// route may be); 5 per 2 s per token is what webhook routes report.
	webhookLimit  = 5
	webhookWindow = 2 * time.Second
	// Edits of messages in one channel: the docs publish no number; the
	// channel's message bucket reports 5 per 5 s, as for creates.
	editLimit       = 5
	editWindow      = 5 * time.Second
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

// Scopes of a 429 (rate-limits.mdx, Header Format).
const (
	scopeUser   = "user"   // the bot's own per-route limit
	scopeGlobal = "global" // the bot's global limit
	scopeShared = "shared" // a limit of the resource, whoever asks
)

// writeRateLimited answers 429 the way Discord does.
func (s *Server) writeRateLimited(w http.ResponseWriter, r *http.Request, retryAfter time.Duration, scope string) {
	retryAfter = roundUp(retryAfter)
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(retryAfter.Seconds()))))
	global := scope == scopeGlobal
	if global {
		h.Set("X-RateLimit-Global", "true")
	}
	h.Set("X-RateLimit-Scope", scope)
	message := "You are being rate limited."
	if scope == scopeShared {
		message = "The resource is being rate limited."
	}
	s.record(r, http.StatusTooManyRequests, 0, message, scope == scopeShared)
	writeJSON(w, http.StatusTooManyRequests, map[string]any{
		"message":     message,
		"retry_after": math.Round(retryAfter.Seconds()*1000) / 1000,
		"global":      global,
	})
}

// resourceLimit is a 429 of scope shared waiting for the next request that
// matches it.
type resourceLimit struct {
	method, pathPrefix string
	retryAfter         time.Duration
}

// LimitResource answers the next request with method whose path starts with
// pathPrefix (after /api/v9) with 429 of scope "shared", retry_after
// retryAfter: Discord limits a resource that way whoever asks (a busy
// channel, an interaction's webhook), and such a 429 is not an invalid
// request. Clients must wait and retry.
func (s *Server) LimitResource(method, pathPrefix string, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resourceLimits = append(s.resourceLimits, resourceLimit{method, pathPrefix, retryAfter})
}

func (s *Server) takeResourceLimit(r *http.Request) (time.Duration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	path := strings.TrimPrefix(r.URL.Path, "/api/v9")
	path = strings.TrimPrefix(path, "/api/v10")
	for i, l := range s.resourceLimits {
		if l.method == r.Method && strings.HasPrefix(path, l.pathPrefix) {
			s.resourceLimits = append(s.resourceLimits[:i], s.resourceLimits[i+1:]...)
			return l.retryAfter, true
		}
	}
	return 0, false
}
