package bot

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Interaction answers are exempt from the global rate limit, but the edits
// and follow-ups of an answer go through webhook routes that have buckets of
// their own (developers/topics/rate-limits.mdx: every route may be limited,
// and the headers say how). answerLimits honours those headers for the
// answers' routes, which discordgo's limiter never sees
// (interaction_http.go says why), and tells the caller how long a 429 asks
// it to wait.

// maxAnswerRetries bounds the retries of an answer Discord answered 429.
const maxAnswerRetries = 5

// answerLimits remembers, per route, when an exhausted bucket resets.
type answerLimits struct {
	mu    sync.Mutex
	reset map[string]time.Time // method and path → when a request may go again
}

// wait blocks until the route's bucket has room.
func (l *answerLimits) wait(ctx context.Context, route string) error {
	l.mu.Lock()
	at := l.reset[route]
	l.mu.Unlock()
	return sleepUntil(ctx, at)
}

// update reads a response's rate-limit headers for route; a 429 also sets
// the route's wait to the retry_after it asks for, returned.
func (l *answerLimits) update(route string, resp *http.Response, body []byte) (retryAfter time.Duration) {
	now := time.Now()
	var at time.Time
	if resp.Header.Get("X-RateLimit-Remaining") == "0" {
		if s, err := strconv.ParseFloat(resp.Header.Get("X-RateLimit-Reset-After"), 64); err == nil {
			at = now.Add(time.Duration(s * float64(time.Second)))
		}
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		var b struct {
			RetryAfter float64 `json:"retry_after"`
		}
		if json.Unmarshal(body, &b) == nil && b.RetryAfter > 0 {
			retryAfter = time.Duration(b.RetryAfter * float64(time.Second))
		} else if s, err := strconv.ParseFloat(resp.Header.Get("Retry-After"), 64); err == nil {
			retryAfter = time.Duration(s * float64(time.Second))
		} else {
			retryAfter = time.Second
		}
		at = later(at, now.Add(retryAfter))
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.reset == nil {
		l.reset = make(map[string]time.Time)
	}
	for r, t := range l.reset { // an answer's routes live 15 minutes at most
		if t.Before(now) {
			delete(l.reset, r)
		}
	}
	if !at.IsZero() {
		l.reset[route] = later(l.reset[route], at)
	}
	return retryAfter
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
