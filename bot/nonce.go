package bot

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

// Discord de-duplicates a message by its nonce "in the past few minutes"
// only (message.mdx, enforce_nonce). A slot found in flight at start may
// have been posted before a crash; when that may be longer ago than
// nonceTrust, the channel is read for the post before posting again.
const (
	nonceTrust = time.Minute
	// earlyReach is how far before its due instant an early (/workout)
	// slot can have been posted: its next scheduled workout, within a week.
	earlyReach = 8 * 24 * time.Hour
	// findPages bounds the pages of 100 messages read when looking.
	findPages = 10
)

// needsLook reports whether slot's first post attempt may lie beyond the
// nonce window: an attempt is made at or after the due instant, but an
// early slot's may come days before.
func (b *Bot) needsLook(slot plans.Slot) bool {
	return slot.Retry && (slot.Early || b.now().Sub(slot.Due) > nonceTrust)
}

// earlierPost looks in channelID for the bot's post of slot made by an
// attempt before a crash: a workout post by the bot, after the earliest
// moment it could have been made, addressed to the subscriber, and not the
// post of any other slot. It returns nil if there is none.
func (b *Bot) earlierPost(ctx context.Context, channelID string, sub plans.Subscription, slot plans.Slot) (*discordgo.Message, error) {
	from := slot.Due.Add(-nonceTrust) // allow for clock skew
	if slot.Early {
		from = slot.Due.Add(-earlyReach)
	}
	after := snowflakeAt(from)
	bot := b.botUserID()
	endpoint := discordgo.EndpointChannelMessages(channelID)
	for range findPages {
		q := url.Values{"limit": {"100"}, "after": {after}}
		body, err := b.s.RequestWithBucketID("GET", endpoint+"?"+q.Encode(), nil, endpoint, discordgo.WithContext(ctx))
		if err != nil {
			return nil, classify("read recent messages", err)
		}
		var page []*discordgo.Message
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, err
		}
		for _, m := range page {
			if snowflakeLess(after, m.ID) {
				after = m.ID
			}
			if m.Author == nil || m.Author.ID != bot || !isWorkoutPost(m) {
				continue
			}
			if inChannel(sub) && !strings.Contains(m.Content, "<@"+sub.UserID+">") {
				continue
			}
			switch _, err := b.store.SlotByMessage(ctx, m.ID); {
			case errors.Is(err, plans.ErrNotFound):
				return m, nil
			case err != nil:
				return nil, err
			}
		}
		if len(page) < 100 {
			return nil, nil
		}
	}
	return nil, nil
}

func isWorkoutPost(m *discordgo.Message) bool {
	for _, e := range m.Embeds {
		if e != nil && e.Footer != nil && e.Footer.Text == workoutFooter {
			return true
		}
	}
	return false
}

// snowflakeAt is the smallest snowflake id of t: messages made at or after
// t have larger ids.
func snowflakeAt(t time.Time) string {
	const discordEpoch = 1420070400000
	ms := t.UnixMilli() - discordEpoch
	if ms < 0 {
		ms = 0
	}
	return strconv.FormatUint(uint64(ms)<<22, 10)
}

func snowflakeLess(a, b string) bool {
	x, _ := strconv.ParseUint(a, 10, 64)
	y, _ := strconv.ParseUint(b, 10, 64)
	return x < y
}
