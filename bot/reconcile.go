package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

// Which posts are read back: only those whose reactions can still change
// what is recorded.
const (
	reconcileWindow = 7 * 24 * time.Hour // no post older than this
	openWindow      = 3 * 24 * time.Hour // a post not yet done, from these days
	undoWindow      = 24 * time.Hour     // a post done this recently: ✅ may be taken back
	reconcilePage   = 200                // posts read from the store at a time
)

// reconcile applies the reactions added or removed on open workout posts
// while the bot could not hear them (offline at start, or a gateway session
// that started fresh instead of resuming): Discord does not replay those
// events. Its requests go at low priority, behind due workouts.
func (b *Bot) reconcile(ctx context.Context) {
	// One run at a time; a gap that began during a run gets one more.
	b.sweep.do("", func() {
		if ctx.Err() == nil {
			b.reconcileOnce(ctx)
		}
	})
}

// reconcileOnce walks the open posts page by page, by slot id. A post that
// fails is logged and skipped; a failed page is asked for again from the
// same id, so the walk never starts over.
func (b *Bot) reconcileOnce(ctx context.Context) {
	ctx, requests := countRequests(lowPriority(ctx))
	now := b.now()
	var after int64
	posts, changed, skipped := 0, 0, 0
	for {
		slots, err := b.store.ReconcilePosts(ctx, now.Add(-reconcileWindow), now.Add(-openWindow), now.Add(-undoWindow), after, reconcilePage)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			b.log.Warn("reconcile: list open posts; retrying", "after_slot", after, "err", err)
			if sleep(ctx, 5*time.Second) != nil {
				return
			}
			continue
		}
		for _, slot := range slots {
			after = slot.ID
			posts++
			n, err := b.reconcileSlot(ctx, slot)
			if err != nil {
				if ctx.Err() != nil {
					b.log.Info("reconcile stopped", "posts", posts, "requests", requests.Load())
					return
				}
				skipped++
				b.log.Warn("reconcile: skip post", "slot", slot.ID, "message", slot.MessageID, "err", redact(err))
				continue
			}
			if n > 0 {
				b.refreshPost(ctx, slot, false) // the post shows what is recorded now
			}
			changed += n
		}
		if len(slots) < reconcilePage {
			break
		}
	}
	b.log.Info("reconciled reactions made while offline", "posts", posts, "changes", changed, "skipped", skipped,
		"requests", requests.Load())
}

// postReaction is a reaction on a message as Discord's message object has
// it; discordgo's MessageReactions lacks the split into normal and super
// ("burst") reactions.
type postReaction struct {
	Count        int  `json:"count"`
	Me           bool `json:"me"`
	MeBurst      bool `json:"me_burst"`
	CountDetails *struct {
		Burst  int `json:"burst"`
		Normal int `json:"normal"`
	} `json:"count_details"`
	Emoji struct {
		Name string `json:"name"`
	} `json:"emoji"`
}

// others returns how many normal and super reactions someone other than
// the bot left.
func (r postReaction) others() (normal, burst int) {
	if r.CountDetails == nil {
		normal = r.Count
	} else {
		normal, burst = r.CountDetails.Normal, r.CountDetails.Burst
	}
	if r.Me {
		normal--
	}
	if r.MeBurst {
		burst--
	}
	return max(normal, 0), max(burst, 0)
}

// reconcileSlot reads one post and records what its subscriber's reactions
// say. In a DM only the subscriber can react besides the bot, so the
// reaction counts answer it in one request; in a server channel a
// reaction's users are listed, normal and super ones, where someone besides
// the bot left it.
func (b *Bot) reconcileSlot(ctx context.Context, slot plans.Slot) (int, error) {
	endpoint := discordgo.EndpointChannelMessage(slot.ChannelID, slot.MessageID)
	body, err := b.s.RequestWithBucketID("GET", endpoint, nil, discordgo.EndpointChannelMessage(slot.ChannelID, ""), discordgo.WithContext(ctx))
	if err != nil {
		return 0, err
	}
	var m struct {
		Reactions []postReaction `json:"reactions"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return 0, fmt.Errorf("decode message: %w", err)
	}
	stored, err := b.store.SlotKinds(ctx, slot.ID)
	if err != nil {
		return 0, err
	}
	// The kinds the subscriber has on the post now, reading each emoji's
	// users only where someone besides the bot reacted with it. Whether
	// the post is in the subscriber's DM is read only then too: most open
	// posts carry nothing but the bot's own ✅.
	present := make(map[plans.Kind]bool)
	dm, dmKnown := false, false
	for _, r := range m.Reactions {
		kind, ok := reactionKind(r.Emoji.Name)
		if !ok || present[kind] {
			continue
		}
		normal, burst := r.others()
		if normal+burst == 0 {
			continue
		}
		if !dmKnown {
			id, err := b.store.DMChannel(ctx, slot.UserID)
			dm, dmKnown = err == nil && id == slot.ChannelID, true
		}
		if dm {
			present[kind] = true
			continue
		}
		for typ, n := range []int{normal, burst} { // type 0: normal, 1: super
			if n == 0 || present[kind] {
				continue
			}
			if present[kind], err = b.reactedBy(ctx, slot, r.Emoji.Name, typ, slot.UserID); err != nil {
				return 0, err
			}
		}
	}
	changes := 0
	var byButton []plans.Kind
	buttonsRead := false // only when a recorded kind is gone
	for _, kind := range reactionKinds {
		recorded := slices.Contains(stored, kind)
		if present[kind] == recorded {
			continue
		}
		if present[kind] {
			if _, err := b.store.AddEntry(ctx, slot.ID, kind, b.now()); err != nil {
				return changes, err
			}
			changes++
			continue
		}
		if !buttonsRead {
			// Feedback given with a button has no reaction to find: keep it.
			if byButton, err = b.store.ButtonKinds(ctx, slot.ID); err != nil {
				return changes, err
			}
			buttonsRead = true
		}
		if slices.Contains(byButton, kind) {
			continue
		}
		if _, err := b.store.RemoveEntry(ctx, slot.ID, kind); err != nil {
			return changes, err
		}
		changes++
	}
	return changes, nil
}

// reactedBy reports whether userID is among those who reacted with emoji
// on the slot's post, as a normal (typ 0) or super (typ 1) reaction,
// reading the users 100 at a time.
func (b *Bot) reactedBy(ctx context.Context, slot plans.Slot, emoji string, typ int, userID string) (bool, error) {
	uri := discordgo.EndpointMessageReactions(slot.ChannelID, slot.MessageID, strings.ReplaceAll(emoji, "#", "%23"))
	after := ""
	for {
		q := url.Values{"limit": {"100"}, "type": {fmt.Sprint(typ)}}
		if after != "" {
			q.Set("after", after)
		}
		body, err := b.s.RequestWithBucketID("GET", uri+"?"+q.Encode(), nil, uri, discordgo.WithContext(ctx))
		if err != nil {
			return false, err
		}
		var users []discordgo.User
		if err := json.Unmarshal(body, &users); err != nil {
			return false, fmt.Errorf("decode reactions: %w", err)
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
