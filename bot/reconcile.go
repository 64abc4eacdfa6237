package bot

import (
	"context"
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

// reconcileWindow is how far back reactions are re-read at start.
const reconcileWindow = 7 * 24 * time.Hour

// reconcile applies the reactions added or removed on recent workout posts
// while the bot was offline: Discord does not replay those events. It reads
// each post once (its reaction counts) and lists a reaction's users only
// when someone besides the bot left it.
func (b *Bot) reconcile(ctx context.Context) {
	since := b.now().Add(-reconcileWindow)
	slots, err := b.store.RecentSlots(ctx, since)
	if err != nil {
		b.log.Error("reconcile: list recent posts", "err", err)
		return
	}
	changed := 0
	for _, slot := range slots {
		if slot.MessageID == "" || slot.ChannelID == "" {
			continue
		}
		n, err := b.reconcileSlot(ctx, slot)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			b.log.Warn("reconcile: skip post", "slot", slot.ID, "message", slot.MessageID, "err", redact(err))
			continue
		}
		if n > 0 {
			b.refreshPost(ctx, slot, false) // the post shows what is recorded now
		}
		changed += n
	}
	b.log.Info("reconciled reactions made while offline", "posts", len(slots), "changes", changed)
}

func (b *Bot) reconcileSlot(ctx context.Context, slot plans.Slot) (int, error) {
	m, err := b.s.ChannelMessage(slot.ChannelID, slot.MessageID, discordgo.WithContext(ctx))
	if err != nil {
		return 0, err
	}
	stored, err := b.store.SlotKinds(ctx, slot.ID)
	if err != nil {
		return 0, err
	}
	// Feedback given with a button has no reaction to find: keep it.
	byButton, err := b.store.ButtonKinds(ctx, slot.ID)
	if err != nil {
		return 0, err
	}
	// The kinds the subscriber has on the post now, reading each emoji's
	// users only where someone besides the bot reacted with it.
	present := make(map[plans.Kind]bool)
	for _, r := range m.Reactions {
		if r.Emoji == nil {
			continue
		}
		kind, ok := reactionKind(r.Emoji.Name)
		others := r.Count
		if r.Me {
			others--
		}
		if !ok || present[kind] || others <= 0 {
			continue
		}
		if present[kind], err = b.reactedBy(ctx, m, r.Emoji.Name, slot.UserID); err != nil {
			return 0, err
		}
	}
	changes := 0
	for _, kind := range reactionKinds {
		recorded := slices.Contains(stored, kind)
		switch {
		case present[kind] && !recorded:
			if _, err := b.store.AddEntry(ctx, slot.ID, kind, b.now()); err != nil {
				return changes, err
			}
			changes++
		case !present[kind] && recorded && !slices.Contains(byButton, kind):
			if _, err := b.store.RemoveEntry(ctx, slot.ID, kind); err != nil {
				return changes, err
			}
			changes++
		}
	}
	return changes, nil
}

// reactedBy reports whether userID is among those who reacted with emoji
// on m, reading the users 100 at a time.
func (b *Bot) reactedBy(ctx context.Context, m *discordgo.Message, emoji, userID string) (bool, error) {
	after := ""
	for {
		users, err := b.s.MessageReactions(m.ChannelID, m.ID, emoji, 100, "", after, discordgo.WithContext(ctx))
		if err != nil {
			return false, err
		}
		for _, u := range users {
			if u.ID == userID {
				return true, nil
			}
		}
		if len(users) < 100 {
			return false, nil
		}
		after = users[len(users)-1].ID
	}
}
