package bot

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// A background request takes a slot of the global limit only while no
// ordinary request waits for one: reading reactions back never delays a
// due post.
func TestLowPriorityYieldsToWaitingRequests(t *testing.T) {
	tr, err := newTransport("http://127.0.0.1:1", 50, nil)
	if err != nil {
		t.Fatal(err)
	}
	tr.urgent.Add(1) // a post is waiting for the limiter
	ctx, cancel := context.WithTimeout(lowPriority(context.Background()), 200*time.Millisecond)
	defer cancel()
	if err := tr.wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("background request while a post waits: %v, want it to keep waiting", err)
	}
	tr.urgent.Add(-1)
	ctx, cancel = context.WithTimeout(lowPriority(context.Background()), time.Second)
	defer cancel()
	if err := tr.wait(ctx); err != nil {
		t.Fatalf("background request with nobody waiting: %v", err)
	}
	if err := tr.wait(context.Background()); err != nil { // an ordinary one still goes
		t.Fatal(err)
	}
}

// countRequests counts each request a context's caller makes through the
// transport, each retry included, and only that context's.
func TestCountRequests(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusBadGateway) // retried once
		}
	}))
	defer srv.Close()
	tr, err := newTransport(srv.URL, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	tr.backoff = time.Millisecond
	client := &http.Client{Transport: tr}
	get := func(ctx context.Context) {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://discord.com/api/v9/gateway", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	ctx, n := countRequests(context.Background())
	get(ctx)
	get(ctx)
	get(context.Background()) // not counted
	if n.Load() != 3 || calls.Load() != 4 {
		t.Errorf("counted %d of %d requests, want 3 (two calls, one retried) of 4", n.Load(), calls.Load())
	}
}
