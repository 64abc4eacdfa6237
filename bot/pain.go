package bot

import (
	"context"
	"errors"

	"github.com/glutebot/glutebot/plans"
)

// painReply answers 🤕: what the plan does now (and whether an exercise is
// paused, with the advice to see a physiotherapist), from the log as it is
// after the report.
func (b *Bot) painReply(ctx context.Context, userID string) (string, error) {
	sub, err := b.store.Subscription(ctx, userID)
	if errors.Is(err, plans.ErrNotFound) {
		return plans.PainReply(nil, plans.Subscription{}, b.now()), nil
	}
	if err != nil {
		return "", err
	}
	history, err := b.store.History(ctx, userID)
	if err != nil {
		return "", err
	}
	return plans.PainReply(history, sub, b.now()), nil
}
