package bot

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// An exhausted bucket (X-RateLimit-Remaining 0) holds the route's next
// request until X-RateLimit-Reset-After; a 429 returns its retry_after and
// holds the route as long.
func TestAnswerLimitsFollowTheHeaders(t *testing.T) {
	var l answerLimits
	const route = "PATCH /webhooks/1/tok/messages/@original"
	resp := &http.Response{StatusCode: http.StatusOK, Header: http.Header{
		"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset-After": {"0.3"}}}
	l.update(route, resp, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := l.wait(ctx, route); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("request on an exhausted bucket went at once: %v", err)
	}
	if err := l.wait(context.Background(), "POST /webhooks/1/other"); err != nil {
		t.Errorf("another route waited: %v", err)
	}
	if err := l.wait(context.Background(), route); err != nil {
		t.Errorf("after the reset: %v", err)
	}

	limited := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"1"}}}
	if d := l.update(route, limited, []byte(`{"retry_after": 0.25, "global": false}`)); d != 250*time.Millisecond {
		t.Errorf("retry_after read as %v, want the body's 0.25 s", d)
	}
	if d := l.update(route, limited, []byte(`not json`)); d != time.Second {
		t.Errorf("without a body: %v, want the Retry-After header's 1 s", d)
	}
}
