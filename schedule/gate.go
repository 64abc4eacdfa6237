package schedule

import (
	"context"
	"sync"
)

// gate tells background work whether workouts are being delivered. The
// zero value is open (nothing delivering).
type gate struct {
	mu   sync.Mutex
	n    int           // deliveries under way
	idle chan struct{} // closed when n drops to 0; nil while nothing ever delivered
}

// enter records a delivery starting.
func (g *gate) enter() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n == 0 {
		g.idle = make(chan struct{})
	}
	g.n++
}

// leave records a delivery ending.
func (g *gate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n--
	if g.n == 0 {
		close(g.idle)
	}
}

// wait returns once no delivery is under way, or with ctx's error.
func (g *gate) wait(ctx context.Context) error {
	g.mu.Lock()
	idle := g.idle
	n := g.n
	g.mu.Unlock()
	if n == 0 {
		return ctx.Err()
	}
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
