package bot

import (
	"context"
	"errors"

	"github.com/glutebot/glutebot/plans"
)

// currentItems is where a subscriber stands in each exercise, so a tip about
// an exercise can answer for their current variation; nil without a plan.
func (b *Bot) currentItems(ctx context.Context, userID string) []plans.Item {
	sub, err := b.store.Subscription(ctx, userID)
	if err != nil {
		if !errors.Is(err, plans.ErrNotFound) {
			b.log.Warn("read subscription for a tip", "err", err)
		}
		return nil
	}
	history, err := b.store.History(ctx, userID)
	if err != nil {
		b.log.Warn("read history for a tip", "err", err)
		return nil
	}
	return plans.Summarize(history, sub, b.now()).Current
}
