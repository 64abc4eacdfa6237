package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

// choice is a validated /subscribe request.
type choice struct {
	days      []time.Weekday
	clock     plans.Clock
	zone      string
	level     plans.Level
	equipment plans.Equipment
	delivery  plans.Delivery

	// The weekly recap, when the user chose: on a day, or off. Left out,
	// the stored setting stays as it was.
	recapSet bool
	recapOn  bool
	recapDay time.Weekday
}

// parseChoice validates /subscribe's options. The error is the user-facing
// explanation, with an example of valid input.
func parseChoice(opts map[string]string, inDM bool) (choice, error) {
	get := func(name, def string) string {
		if v, ok := opts[name]; ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
		return def
	}
	for name := range opts {
		switch name {
		case optDays, optTime, optTimezone, optLevel, optEquipment, optWhere, optRecap:
		default:
			return choice{}, fmt.Errorf("I don't know the option `%s`. The options are days, time, timezone, level, equipment, where and recap.", quote(name))
		}
	}
	var c choice
	var err error
	if c.days, err = plans.ParseDays(get(optDays, defaultDays)); err != nil {
		return choice{}, fmt.Errorf("I couldn't use **days** `%s`: pick 2 or 3 different weekdays, for example `mon,wed,fri` or `tuesday thursday`.", quote(opts[optDays]))
	}
	if c.clock, err = plans.ParseClock(get(optTime, defaultTime)); err != nil {
		return choice{}, fmt.Errorf("I couldn't use **time** `%s`: give a 24-hour time as HH:MM, for example `07:00` or `18:30`.", quote(opts[optTime]))
	}
	c.zone = get(optTimezone, defaultZone)
	if _, err = plans.LoadZone(c.zone); err != nil {
		return choice{}, fmt.Errorf("I don't know the time zone `%s`: use a name from the time-zone database, for example `Europe/Berlin` or `America/New_York` (start typing and pick one).", quote(c.zone))
	}
	if c.level, err = plans.ParseLevel(get(optLevel, defaultLevel)); err != nil {
		return choice{}, fmt.Errorf("**level** must be beginner, intermediate or advanced, for example `beginner`.")
	}
	if c.equipment, err = plans.ParseEquipment(get(optEquipment, defaultEquipment)); err != nil {
		return choice{}, fmt.Errorf("**equipment** must be none, dumbbells or gym, for example `none`.")
	}
	if c.delivery, err = plans.ParseDelivery(get(optWhere, defaultWhere)); err != nil {
		return choice{}, fmt.Errorf("**where** must be dm or here, for example `dm`.")
	}
	if inDM {
		c.delivery = plans.DeliverDM // "here" is the DM itself
	}
	if v := get(optRecap, ""); v != "" {
		if c.recapDay, c.recapOn, err = parseRecap(v); err != nil {
			return choice{}, err
		}
		c.recapSet = true
	}
	return c, nil
}

// quote makes user input safe to show inside inline code: no backticks, no
// line breaks, and not too long.
func quote(s string) string {
	s = strings.NewReplacer("`", "'", "\n", " ", "\r", " ").Replace(s)
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return s
}

func (b *Bot) subscribe(ctx context.Context, i *discordgo.Interaction) reply {
	c, err := parseChoice(stringOptions(i), i.GuildID == "")
	if err != nil {
		return errorReply(err.Error())
	}
	// The store refuses to subscribe a user who has not answered the
	// safety screen; that is how a first /subscribe finds out.
	return b.save(ctx, i, c)
}

// save stores the subscription and confirms it with the next workout's time.
func (b *Bot) save(ctx context.Context, i *discordgo.Interaction, c choice) reply {
	user := userOf(i)
	loc, err := plans.LoadZone(c.zone)
	if err != nil {
		return errorReply(fmt.Sprintf("I don't know the time zone `%s`.", quote(c.zone)))
	}
	now := b.now()
	sub := plans.Subscription{
		UserID:    user.ID,
		GuildID:   i.GuildID,
		ChannelID: i.ChannelID,
		Delivery:  c.delivery,
		Days:      c.days,
		Clock:     c.clock,
		Zone:      c.zone,
		Level:     c.level,
		Equipment: c.equipment,
		NextDue:   plans.NextDue(c.days, c.clock, loc, now),
	}
	switch err := b.store.PutSubscription(ctx, sub); {
	case errors.Is(err, plans.ErrNotScreened):
		return safetyScreen(c)
	case err != nil:
		return b.internalError("store subscription", err)
	}
	recap := ""
	if c.recapSet {
		if err := b.store.SetRecap(ctx, user.ID, c.recapDay, c.recapOn); err != nil {
			return b.internalError("store recap setting", err)
		}
		recap = "\n" + recapText(c.recapDay, c.recapOn)
	}
	if i.GuildID == "" && i.Context == discordgo.InteractionContextBotDM && i.ChannelID != "" {
		// Run in the user's DM with the bot, the interaction names that DM
		// channel: keeping it spares the first workout a Create DM request.
		if err := b.store.SetDMChannel(ctx, user.ID, i.ChannelID); err != nil {
			b.log.Warn("cache DM channel", "user", user.ID, "err", err)
		}
	}
	b.log.Info("subscribed", "user", user.ID, "days", plans.FormatDays(c.days), "time", c.clock.String(), "zone", c.zone)
	where := "by DM"
	if c.delivery == plans.DeliverChannel {
		where = "in this channel"
	}
	return reply{
		ephemeral: true,
		update:    i.Type == discordgo.InteractionMessageComponent,
		content: fmt.Sprintf("You're in! **%s at %s** (%s), %s, %s, %s.\n"+
			"Your first workout: %s (%s).\n"+
			"React ✅ on a workout when you've done it. `/progress` shows how you're doing; `/unsubscribe` stops it.%s",
			dayList(c.days), c.clock, c.zone, c.level, equipmentText(c.equipment), where,
			discordTime(sub.NextDue, "F"), discordTime(sub.NextDue, "R"), recap),
	}
}

func (b *Bot) unsubscribe(ctx context.Context, i *discordgo.Interaction) reply {
	user := userOf(i)
	err := b.store.DeleteSubscription(ctx, user.ID)
	switch {
	case errors.Is(err, plans.ErrNotFound):
		return errorReply("You're not subscribed. `/subscribe` starts your workouts.")
	case err != nil:
		return b.internalError("delete subscription", err)
	}
	b.log.Info("unsubscribed", "user", user.ID)
	return reply{ephemeral: true, content: "Done — no more workouts. Your history is kept: `/subscribe` picks up where you left off."}
}

// The safety screen's buttons carry the whole request in their custom id, so
// nothing is stored until the user has answered.
const (
	screenClear  = "screen:ok"   // none of the red flags applies
	screenFlag   = "screen:flag" // one applies: advise, then offer to go on
	screenGoOn   = "screen:go"   // subscribe anyway after the advice
	screenCancel = "screen:no"
)

func safetyScreen(c choice) reply {
	var sb strings.Builder
	sb.WriteString("**Before we start — a quick safety check.**\n")
	sb.WriteString("Do any of these apply to you right now?\n")
	for _, f := range plans.RedFlags() {
		sb.WriteString("• " + f + "\n")
	}
	sb.WriteString("\n" + plans.Disclaimer)
	code := encodeChoice(c)
	return reply{
		ephemeral: true,
		content:   sb.String(),
		components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "None of these apply", Style: discordgo.SuccessButton, CustomID: screenClear + "|" + code},
			discordgo.Button{Label: "One applies", Style: discordgo.SecondaryButton, CustomID: screenFlag + "|" + code},
		}}},
	}
}

func (b *Bot) onComponent(ctx context.Context, i *discordgo.Interaction) reply {
	id := i.MessageComponentData().CustomID
	action, code, _ := strings.Cut(id, "|")
	switch action {
	case screenClear, screenGoOn:
		c, err := decodeChoice(code)
		if err != nil {
			return errorReply("That button has expired. Run `/subscribe` again.")
		}
		if err := b.store.SetScreened(ctx, userOf(i).ID, b.now()); err != nil {
			return b.internalError("store safety screen", err)
		}
		return b.save(ctx, i, c)
	case screenFlag:
		return reply{
			ephemeral: true,
			update:    true,
			content: "Thanks for telling me. With any of those signs, please **stop and see a health professional** " +
				"(a doctor or physiotherapist) before you start training — they can check what's going on, and " +
				"they can tell you which exercises are right for you.\n\n" +
				"If you've already been checked and cleared to exercise, you can go on.",
			components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: "I've been cleared — go on", Style: discordgo.PrimaryButton, CustomID: screenGoOn + "|" + code},
				discordgo.Button{Label: "Not now", Style: discordgo.SecondaryButton, CustomID: screenCancel},
			}}},
		}
	case screenCancel:
		return reply{ephemeral: true, update: true, content: "No problem. Come back with `/subscribe` whenever you're ready."}
	case forgetConfirm:
		return b.forgetNow(ctx, i)
	case forgetCancel:
		return reply{ephemeral: true, update: true, content: "Kept — nothing was deleted."}
	}
	return errorReply("That button has expired. Try the command again.")
}

// encodeChoice packs a choice into at most ~60 characters:
// days bitmask | HHMM | zone | level | equipment | delivery, then, when the
// recap was chosen, | its weekday (0–6) or 7 for off.
func encodeChoice(c choice) string {
	mask := 0
	for _, d := range c.days {
		mask |= 1 << d
	}
	code := fmt.Sprintf("%d|%02d%02d|%s|%d|%d|%d", mask, c.clock.Hour, c.clock.Minute, c.zone, c.level, c.equipment, c.delivery)
	switch {
	case c.recapSet && c.recapOn:
		code += fmt.Sprintf("|%d", c.recapDay)
	case c.recapSet:
		code += "|7"
	}
	return code
}

var errBadCode = errors.New("bad button code")

func decodeChoice(s string) (choice, error) {
	parts := strings.Split(s, "|")
	recap := -1
	if len(parts) == 7 {
		n, err := strconv.Atoi(parts[6])
		if err != nil || n < 0 || n > 7 {
			return choice{}, errBadCode
		}
		recap, parts = n, parts[:6]
	}
	if len(parts) != 6 {
		return choice{}, errBadCode
	}
	nums := make([]int, 0, 5)
	for _, p := range []string{parts[0], parts[1], parts[3], parts[4], parts[5]} {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return choice{}, errBadCode
		}
		nums = append(nums, n)
	}
	var c choice
	for d := time.Sunday; d <= time.Saturday; d++ {
		if nums[0]&(1<<d) != 0 {
			c.days = append(c.days, d)
		}
	}
	days, err := plans.ParseDays(plans.FormatDays(c.days))
	if err != nil {
		return choice{}, errBadCode
	}
	c.days = days
	if c.clock, err = plans.ParseClock(fmt.Sprintf("%02d:%02d", nums[1]/100, nums[1]%100)); err != nil {
		return choice{}, errBadCode
	}
	if _, err := plans.LoadZone(parts[2]); err != nil {
		return choice{}, errBadCode
	}
	c.zone = parts[2]
	if nums[2] > int(plans.Advanced) || nums[3] > int(plans.Gym) || nums[4] > int(plans.DeliverChannel) {
		return choice{}, errBadCode
	}
	c.level, c.equipment, c.delivery = plans.Level(nums[2]), plans.Equipment(nums[3]), plans.Delivery(nums[4])
	if recap >= 0 {
		c.recapSet, c.recapOn = true, recap < 7
		if c.recapOn {
			c.recapDay = time.Weekday(recap)
		}
	}
	return c, nil
}

func dayList(days []time.Weekday) string {
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = d.String()[:3]
	}
	return strings.Join(names, ", ")
}

func equipmentText(e plans.Equipment) string {
	switch e {
	case plans.Dumbbells:
		return "with dumbbells"
	case plans.Gym:
		return "with a gym"
	}
	return "no equipment"
}
