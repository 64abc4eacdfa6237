package bot

import (
	"context"
	"time"
)

// sleepUntil waits until at, or returns ctx's error once it is done.
func sleepUntil(ctx context.Context, at time.Time) error {
	return sleep(ctx, time.Until(at))
}

// sleep waits for d, or returns ctx's error once it is done; a d of zero
// or less only reports ctx's error.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
