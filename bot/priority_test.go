package bot

import (
	"context"
	"errors"
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

// countRequests counts each request a context's caller makes.
func TestCountRequests(t *testing.T) {
	ctx, n := countRequests(context.Background())
	if requestCounter(ctx) != n || requestCounter(context.Background()) != nil {
		t.Fatal("counter not carried by the context")
	}
}
