package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

// The workout post's buttons. The press brings the post's message id, so a
// custom id names only the action.
const (
	postPrefix  = "post:"
	postTooHard = postPrefix + "hard"
	postTooEasy = postPrefix + "easy"
	postPain    = postPrefix + "pain"
	postTips    = postPrefix + "tips"
	postMove    = postPrefix + "move"
)

// buttonKinds maps a feedback button to what it records, as its reaction
// does.
var buttonKinds = map[string]plans.Kind{postTooHard: plans.TooHard, postTooEasy: plans.TooEasy, postPain: plans.Pain}

// postButtons is the post's one row of buttons. "Tomorrow instead" is there
// only while the workout can still move.
func postButtons(canMove bool) []discordgo.MessageComponent {
	row := []discordgo.MessageComponent{
		discordgo.Button{Label: "Too hard", Emoji: &discordgo.ComponentEmoji{Name: emojiTooHard}, Style: discordgo.SecondaryButton, CustomID: postTooHard},
		discordgo.Button{Label: "Too easy", Emoji: &discordgo.ComponentEmoji{Name: emojiTooEasy}, Style: discordgo.SecondaryButton, CustomID: postTooEasy},
		discordgo.Button{Label: "It hurt", Emoji: &discordgo.ComponentEmoji{Name: emojiPain}, Style: discordgo.SecondaryButton, CustomID: postPain},
		discordgo.Button{Label: "Form tips", Emoji: &discordgo.ComponentEmoji{Name: "📖"}, Style: discordgo.SecondaryButton, CustomID: postTips},
	}
	if canMove {
		row = append(row, discordgo.Button{Label: "Tomorrow instead", Emoji: &discordgo.ComponentEmoji{Name: "📅"}, Style: discordgo.SecondaryButton, CustomID: postMove})
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
}

// postState is what a workout post shows besides the workout: read from the
// store each time, so the post says what is recorded, whatever came first.
type postState struct {
	slot       plans.Slot
	sub        plans.Subscription // or the kept settings of someone who stopped
	subscribed bool
	loc        *time.Location
	kinds      []plans.Kind
	history    []plans.Entry
	feedback   plans.Feedback // what of the 😅 💪 🤕 on this workout the plan acts on
	backARung  bool           // the 😅 is the second in a row on these moves: they go back a rung
	sum        plans.Summary
	moved      bool
	private    bool      // the post is in the subscriber's DM: health notes may show on it
	pain       string    // the answer to a pain report on this workout, when there is one
	next       time.Time // the subscriber's next workout, read only for a done post; zero when they stopped
	now        time.Time
}

func (b *Bot) loadPost(ctx context.Context, slot plans.Slot) (postState, error) {
	st := postState{slot: slot, now: b.now()}
	var err error
	if st.sub, st.subscribed, err = b.settings(ctx, slot.UserID); err != nil {
		return st, fmt.Errorf("read subscription: %w", err)
	}
	if st.loc, err = plans.LoadZone(st.sub.Zone); err != nil {
		st.loc = time.UTC
	}
	if st.kinds, err = b.store.SlotKinds(ctx, slot.ID); err != nil {
		return st, fmt.Errorf("read kinds: %w", err)
	}
	history, err := b.store.History(ctx, slot.UserID)
	if err != nil {
		return st, fmt.Errorf("read history: %w", err)
	}
	st.history = history
	st.sum = plans.Summarize(history, st.sub, st.now)
	st.feedback = plans.FeedbackOn(history, slot.Due)
	st.backARung = st.feedback.TooHard && plans.TooHardStepsBack(history, st.sub, slot.Due)
	if slices.Contains(st.kinds, plans.Pain) {
		st.pain = plans.PainReply(history, st.sub, st.now)
	}
	if st.moved, err = b.store.SlotMoved(ctx, slot.ID); err != nil {
		return st, fmt.Errorf("read move: %w", err)
	}
	dm, err := b.store.DMChannel(ctx, slot.UserID)
	if err != nil && !errors.Is(err, plans.ErrNotFound) {
		return st, fmt.Errorf("read DM channel: %w", err)
	}
	st.private = err == nil && dm == slot.ChannelID
	if st.subscribed && st.done() {
		// Only the done line shows the next workout: reading the
		// schedule for every other refresh would be wasted.
		next, err := b.upcoming(ctx, st.sub, st.loc, st.now, 1)
		if err != nil {
			return st, err
		}
		st.next = next[0].at
	}
	return st, nil
}

func (st postState) done() bool { return slices.Contains(st.kinds, plans.Done) }

// tomorrow is where "tomorrow instead" moves the workout: the next local day
// at the same time. why is set, for the user, when it cannot move there.
func (st postState) tomorrow() (date string, due time.Time, why string) {
	day, err := time.ParseInLocation(time.DateOnly, st.slot.LocalDate, st.loc)
	if err != nil {
		return "", time.Time{}, "I can't move this workout."
	}
	next := day.AddDate(0, 0, 1)
	if slices.Contains(st.sub.Days, next.Weekday()) {
		return "", time.Time{}, fmt.Sprintf("Tomorrow is already one of your workout days (%s), so this one can't move there. "+
			"Do it when you can, or skip it — one missed session is fine.", next.Weekday())
	}
	local := st.slot.Due.In(st.loc)
	at := plans.TimeOfDay{Hour: local.Hour(), Minute: local.Minute()}
	// NextDue resolves the time across a DST change the way posts are timed.
	due = plans.NextDue([]time.Weekday{next.Weekday()}, at, st.loc, next.Add(-time.Second))
	if today := plans.LocalDate(st.now, st.loc); next.Format(time.DateOnly) < today {
		return "", time.Time{}, "That day has passed, so this workout can't move to the day after it any more."
	}
	return next.Format(time.DateOnly), due, ""
}

func (st postState) canMove() bool {
	if st.moved || st.done() {
		return false
	}
	_, _, why := st.tomorrow()
	return why == ""
}

// render is the post's text above the workout and its buttons. A public
// post (in a channel) shows no health detail: that goes to the subscriber
// alone.
func (st postState) render() (string, []discordgo.MessageComponent) {
	var lines []string
	if !st.private {
		lines = append(lines, "<@"+st.slot.UserID+">, your workout is here.")
	}
	switch {
	case st.done():
		line := "✅ Done — " + weekText(st.sum)
		if !st.next.IsZero() {
			line += " · next " + discordTime(st.next, "R")
		}
		lines = append(lines, line)
	case st.moved:
		lines = append(lines, "📅 Moved to "+discordTime(st.slot.Due, "F")+" — tap ✅ when you've done it.")
	default:
		lines = append(lines, "⬜ Not done yet — "+weekText(st.sum)+". Tap ✅ when you've done it.")
	}
	// Each line says what the plan will do. Of 😅 and 💪 only the later
	// counts (both show when given at the same instant, as neither is
	// known to be the later); after pain, which takes the next session
	// back, neither promises more than that it was noted. A public post
	// reads the same whether or not pain was logged with a button: its
	// lines must not give away what only the subscriber may see.
	fb := st.feedback
	fb.Pain = fb.Pain && st.private
	switch {
	case fb.TooHard && fb.Pain:
		lines = append(lines, "😅 Too hard, noted.")
	case fb.TooHard && st.backARung:
		lines = append(lines, "😅 Too hard again, noted — next time these moves go back a rung.")
	case fb.TooHard:
		lines = append(lines, "😅 Too hard, noted — I'll hold this level next time, and step back if it stays hard.")
	}
	switch {
	case (fb.TooEasy || fb.Tied) && fb.Pain:
		lines = append(lines, "💪 Too easy, noted.")
	case fb.TooEasy || fb.Tied:
		lines = append(lines, "💪 Too easy, noted — keep logging ✅ and it'll get harder.")
	}
	if st.pain != "" && st.private {
		lines = append(lines, "🤕 "+st.pain)
	}
	return truncate(strings.Join(lines, "\n"), 2000), postButtons(st.canMove())
}

// weekText is the week's count in encouraging words: "1 of 3 this week — 2
// more starts a streak", never a streak of zero.
func weekText(s plans.Summary) string {
	left := s.Target - s.ThisWeek
	switch {
	case left <= 0:
		return fmt.Sprintf("%d of %d this week, week complete · 🔥 %d-week streak", s.ThisWeek, s.Target, max(s.Streak, 1))
	case s.Streak > 0:
		return fmt.Sprintf("%d of %d this week — %d more keeps your %d-week streak going", s.ThisWeek, s.Target, left, s.Streak)
	case s.ThisWeek == 0:
		return fmt.Sprintf("0 of %d this week — %d starts a streak", s.Target, s.Target)
	}
	return fmt.Sprintf("%d of %d this week — %d more starts a streak", s.ThisWeek, s.Target, left)
}

// refreshPost edits a workout post to show what is recorded for it now.
// With verify, it first reads the post's reactions back from Discord and
// records what they say: discordgo runs each event's handler in a goroutine
// of its own, so a quick run of ✅ toggles can be handled out of order, and
// only Discord knows which came last.
func (b *Bot) refreshPost(ctx context.Context, slot plans.Slot, verify bool) {
	if slot.ChannelID == "" || slot.MessageID == "" {
		return
	}
	// The wish to read back is kept apart from the edit: a refresh asked
	// for while another runs is made by that run's rerun, with the first
	// caller's function, which may not read back.
	if verify {
		b.readBack.add(slot.MessageID)
	}
	b.refresh.do(slot.MessageID, func() {
		if b.readBack.take(slot.MessageID) {
			if _, err := b.reconcileSlot(ctx, slot); err != nil {
				b.log.Warn("read reactions back", "slot", slot.ID, "message", slot.MessageID, "err", redact(err))
			}
		}
		st, err := b.loadPost(ctx, slot)
		if err != nil {
			b.log.Error("read workout post state", "slot", slot.ID, "err", err)
			return
		}
		content, components := st.render()
		_, err = b.s.ChannelMessageEditComplex(&discordgo.MessageEdit{
			ID: slot.MessageID, Channel: slot.ChannelID,
			Content: &content, Components: &components,
			AllowedMentions: &discordgo.MessageAllowedMentions{},
		}, discordgo.WithContext(ctx))
		if err != nil {
			b.log.Warn("edit workout post", "slot", slot.ID, "message", slot.MessageID, "err", redact(err))
		}
	})
}

// followUpDM tells the subscriber something private about a public post by
// DM, once per post and reason, in one message per post at most: the first
// reason sends it, later ones add to it.
func (b *Bot) followUpDM(ctx context.Context, slot plans.Slot, guildID, reason, text string) {
	log := b.log.With("user", slot.UserID, "slot", slot.ID, "reason", reason)
	fresh, channelID, messageID, err := b.store.ClaimFollowUp(ctx, slot.ID, reason, b.now())
	if err != nil {
		log.Error("claim follow-up", "err", err)
		return
	}
	if !fresh {
		return
	}
	if messageID != "" {
		m, err := b.s.ChannelMessage(channelID, messageID, discordgo.WithContext(ctx))
		if err == nil {
			content := truncate(m.Content+"\n\n"+text, 2000)
			_, err = b.s.ChannelMessageEditComplex(&discordgo.MessageEdit{ID: messageID, Channel: channelID, Content: &content,
				AllowedMentions: &discordgo.MessageAllowedMentions{}}, discordgo.WithContext(ctx))
		}
		if err != nil {
			log.Warn("add to the private note", "err", redact(err))
			return
		}
		if err := b.store.SetFollowUpMessage(ctx, slot.ID, reason, channelID, messageID); err != nil {
			log.Warn("record follow-up", "err", err)
		}
		return
	}
	channelID, err = b.dmChannel(ctx, slot.UserID)
	if err != nil {
		log.Warn("private note by DM", "err", err)
		return
	}
	m, err := b.createMessage(ctx, channelID, outgoingMessage{
		Content:         truncate("About your workout "+messageLink(guildID, slot)+" (only you can see this):\n"+text, 2000),
		AllowedMentions: &discordgo.MessageAllowedMentions{},
	})
	if err != nil {
		log.Warn("private note by DM", "err", err)
		return
	}
	if err := b.store.SetFollowUpMessage(ctx, slot.ID, reason, channelID, m.ID); err != nil {
		log.Warn("record follow-up", "err", err)
	}
}

// onPostButton handles a press of a workout post's button.
func (b *Bot) onPostButton(ctx context.Context, i *discordgo.Interaction, action string) reply {
	if i.Message == nil {
		return errorReply("That button has expired.")
	}
	slot, err := b.store.SlotByMessage(ctx, i.Message.ID)
	if errors.Is(err, plans.ErrNotFound) {
		return errorReply("This workout is no longer on record. `/workout` posts your next one.")
	}
	if err != nil {
		return b.internalError("look up workout post", err)
	}
	if slot.UserID != userOf(i).ID {
		return errorReply("This is <@" + slot.UserID + ">'s workout — " + b.mention(cmdSubscribe) + " to get your own.")
	}
	if action == postTips {
		return b.formTips(ctx, slot)
	}
	kind, feedback := buttonKinds[action]
	if !feedback && action != postMove {
		return errorReply("That button has expired.")
	}
	if feedback {
		// Recorded first, so the post is read once, with it.
		fresh, err := b.store.AddButtonEntry(ctx, slot.ID, kind, b.now())
		if err != nil {
			return b.internalError("record feedback", err)
		}
		if fresh {
			b.log.Info("recorded", "user", slot.UserID, "slot", slot.ID, "kind", kind, "by", "button")
		}
	}
	st, err := b.loadPost(ctx, slot)
	if err != nil {
		return b.internalError("read workout post state", err)
	}
	if action == postMove {
		return b.moveTomorrow(ctx, i, st)
	}
	if kind == plans.Pain && !st.private {
		// The post is public: the answer is for the presser's eyes only.
		return reply{ephemeral: true, content: st.pain}
	}
	return st.update(i)
}

// update is the answer to a press on a workout post: the post again, with
// what is recorded now. It repeats the post's embeds, which an update
// without them would remove.
func (st postState) update(i *discordgo.Interaction) reply {
	content, components := st.render()
	return reply{update: true, content: content, components: components, embeds: i.Message.Embeds}
}

// moveTomorrow moves the workout of a post to the next day, once, when that
// day is free, and shows it on the post.
func (b *Bot) moveTomorrow(ctx context.Context, i *discordgo.Interaction, st postState) reply {
	switch {
	case st.done():
		return errorReply("This one is already done — nice work! Nothing to move.")
	case st.moved:
		return errorReply("This workout was moved once already; it stays where it is now.")
	}
	date, due, why := st.tomorrow()
	if why != "" {
		return errorReply(why)
	}
	moved, err := b.store.MoveSlot(ctx, st.slot.ID, date, due, st.now)
	if err != nil {
		return b.internalError("move workout", err)
	}
	if !moved {
		return errorReply("I can't move this one: it was moved once already, or you already have a workout tomorrow.")
	}
	b.log.Info("moved workout", "user", st.slot.UserID, "slot", st.slot.ID, "to", date)
	st.slot.LocalDate, st.slot.Due, st.moved = date, due, true
	return st.update(i)
}

// formTips answers "Form tips": the cues and common mistakes of the post's
// exercises, at the rungs the workout prescribed, for the presser only.
func (b *Bot) formTips(ctx context.Context, slot plans.Slot) reply {
	st, err := b.loadPost(ctx, slot)
	if err != nil {
		return b.internalError("read workout post state", err)
	}
	w := plans.WorkoutFor(st.history, st.sub, slot.Due)
	e := &discordgo.MessageEmbed{Title: "Form tips for this workout", Color: embedColor,
		Footer: &discordgo.MessageEmbedFooter{Text: truncate(plans.Disclaimer, 2048)}}
	for _, it := range w.Items {
		a := plans.Tip(it.Variation)
		var sb strings.Builder
		cues := a.Cues
		if len(cues) == 0 {
			cues = it.Cues
		}
		for _, c := range cues {
			sb.WriteString("• " + c + "\n")
		}
		for _, m := range a.Mistakes {
			sb.WriteString("⚠️ " + m + "\n")
		}
		if a.Safety != "" {
			sb.WriteString("🛡️ " + a.Safety + "\n")
		}
		if sb.Len() == 0 {
			continue
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: truncate(it.Variation, 256), Value: truncate(strings.TrimSpace(sb.String()), 1024)})
	}
	return reply{ephemeral: true, embeds: []*discordgo.MessageEmbed{e}}
}
