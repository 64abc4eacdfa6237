package bot

import (
	"context"
	"sync/atomic"
	"time"
)

// Background work (reading reactions back after a gap) shares the bot's
// REST budget with due workouts and must never hold one up. Its requests
// carry lowPriority in their context: the transport gives them a slot of
// the global limit only when no other request is waiting for one, so a due
// post waits at most for the one background request already on its way.

type ctxKey int

const (
	keyLowPriority ctxKey = iota
	keyRequestCount
)

// lowPriority marks ctx's requests as background work.
func lowPriority(ctx context.Context) context.Context {
	return context.WithValue(ctx, keyLowPriority, true)
}

func isLowPriority(ctx context.Context) bool {
	v, _ := ctx.Value(keyLowPriority).(bool)
	return v
}

// countRequests returns a context whose REST requests (each attempt,
// retries included) are counted in the returned counter.
func countRequests(ctx context.Context) (context.Context, *atomic.Int64) {
	n := new(atomic.Int64)
	return context.WithValue(ctx, keyRequestCount, n), n
}

func requestCounter(ctx context.Context) *atomic.Int64 {
	n, _ := ctx.Value(keyRequestCount).(*atomic.Int64)
	return n
}

// wait takes a slot of the global limit for a request: at once in line
// for an ordinary request, only when nobody is waiting for a background one.
func (t *transport) wait(ctx context.Context) error {
	if !isLowPriority(ctx) {
		t.urgent.Add(1)
		defer t.urgent.Add(-1)
		return t.limiter.Wait(ctx)
	}
	poll := time.Duration(float64(time.Second) / float64(t.limiter.Limit()) / 2)
	for {
		if t.urgent.Load() == 0 && t.limiter.Allow() {
			return nil
		}
		if err := sleep(ctx, poll); err != nil {
			return err
		}
	}
}
