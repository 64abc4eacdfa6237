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

// choice is a validated /subscribe request: the whole schedule, as it will
// be stored.
type choice struct {
	days      []time.Weekday
	at        plans.TimeOfDay
	zone      string
	level     plans.Level
	equipment plans.Equipment
	delivery  plans.Delivery
	// where a channel delivery posts; for DM delivery, where the user
	// subscribed from
	guildID, channelID string

	// The weekly recap, when the user chose: on a day, or off. Left out,
	// the stored setting stays as it was.
	recapSet bool
	recapOn  bool
	recapDay time.Weekday
}

// defaultChoice is the schedule of a first /subscribe without options.
func defaultChoice() choice {
	return choiceOf(plans.DefaultSubscription(""))
}

// choiceOf is the choice a stored subscription (or kept settings) holds.
func choiceOf(sub plans.Subscription) choice {
	return choice{days: slices.Clone(sub.Days), at: sub.TimeOfDay, zone: sub.Zone, level: sub.Level, equipment: sub.Equipment,
		delivery: sub.Delivery, guildID: sub.GuildID, channelID: sub.ChannelID}
}

// place is where a /subscribe runs, as far as "where: here" is concerned.
type place struct {
	guildID, channelID string
	here               hereMeans
}

type hereMeans int

const (
	hereIsDM      hereMeans = iota // the bot's DM: "here" is the DM
	hereIsChannel                  // a server that added the bot: it can post in the channel
	hereIsNowhere                  // another DM, a group DM, or a server where only the user installed the app
)

// placeOf tells where interaction i happens.
func placeOf(i *discordgo.Interaction) place {
	p := place{guildID: i.GuildID, channelID: i.ChannelID}
	switch {
	case i.GuildID != "" && guildInstalled(i):
		p.here = hereIsChannel
	case i.GuildID == "" && i.Context != discordgo.InteractionContextPrivateChannel:
		p.here = hereIsDM
	default:
		p.here = hereIsNowhere
	}
	return p
}

// guildInstalled reports whether a server interaction comes from a server
// that added the app (so the bot can post there), not only from a user who
// installed it to their account. Interactions that do not say count as
// installed, as they did before user installs existed.
func guildInstalled(i *discordgo.Interaction) bool {
	if len(i.AuthorizingIntegrationOwners) == 0 {
		return true
	}
	_, ok := i.AuthorizingIntegrationOwners[discordgo.ApplicationIntegrationGuildInstall]
	return ok
}

// refusal is what the bot answers when it turns a request down: a sentence
// for the user, with an example of valid input. It is not an error (nothing
// went wrong), and "" means nothing was refused.
type refusal string

// daysRule explains why the bot asks for two or three days.
const daysRule = "Pick **2 or 3** different weekdays — two or three sessions a week, with rest days between, " +
	"build strength without wearing your back out."

// applyOptions changes base by the options given, leaving every other
// setting as it is, and lists what changed ("time 07:00 → 08:00"), or says
// why it refused the options.
func applyOptions(base choice, opts map[string]string, at place) (choice, []string, refusal) {
	given := func(name string) (string, bool) {
		v, ok := opts[name]
		v = strings.TrimSpace(v)
		return v, ok && v != ""
	}
	for name := range opts {
		switch name {
		case optDays, optTime, optTimezone, optLevel, optEquipment, optWhere, optRecap:
		default:
			return choice{}, nil, refusal(fmt.Sprintf("I don't know the option `%s`. The options are days, time, timezone, level, equipment, where and recap.", quote(name)))
		}
	}
	c := base
	c.days = slices.Clone(base.days)
	var err error
	if v, ok := given(optDays); ok {
		if c.days, err = plans.ParseDays(v); err != nil {
			return choice{}, nil, refusal(fmt.Sprintf("I couldn't use **days** `%s`. %s Type them as you like, for example `mon wed fri` or `tues thurs`.", quote(v), daysRule))
		}
	}
	if v, ok := given(optTime); ok {
		if c.at, err = plans.ParseTimeOfDay(v); err != nil {
			return choice{}, nil, refusal(fmt.Sprintf("I couldn't use **time** `%s`: give a time of day, for example `07:00`, `7pm`, `7:30 am` or `18:30`.", quote(v)))
		}
	}
	if v, ok := given(optTimezone); ok {
		zone, known := resolveZone(v)
		if !known {
			return choice{}, nil, refusal(unknownZone(v))
		}
		c.zone = zone
	}
	if v, ok := given(optLevel); ok {
		if c.level, err = plans.ParseLevel(v); err != nil {
			return choice{}, nil, refusal("**level** must be beginner, intermediate or advanced, for example `beginner`.")
		}
	}
	if v, ok := given(optEquipment); ok {
		if c.equipment, err = plans.ParseEquipment(v); err != nil {
			return choice{}, nil, refusal("**equipment** must be none, dumbbells or gym, for example `none`.")
		}
	}
	if v, ok := given(optWhere); ok {
		if c.delivery, err = plans.ParseDelivery(v); err != nil {
			return choice{}, nil, refusal("**where** must be dm or here, for example `dm`.")
		}
		c.guildID, c.channelID = at.guildID, at.channelID
		if c.delivery == plans.DeliverChannel {
			switch at.here {
			case hereIsDM:
				c.delivery = plans.DeliverDM // "here" is the DM itself
			case hereIsNowhere:
				return choice{}, nil, refusal("I can't post workouts in this chat: here I'm only installed to your account. " +
					"Pick **where: by DM**, or run `/subscribe` in a server that has added glutebot.")
			}
		}
	}
	if c.guildID == "" && c.channelID == "" {
		c.guildID, c.channelID = at.guildID, at.channelID
	}
	if v, ok := given(optRecap); ok {
		if c.recapDay, c.recapOn, ok = parseRecap(v); !ok {
			return choice{}, nil, "**recap** must be a weekday or off, for example `sunday` or `off`."
		}
		c.recapSet = true
	}
	return c, changes(base, c), ""
}

// changes lists the settings that differ between two choices, in the order
// /subscribe lists its options.
func changes(from, to choice) []string {
	var out []string
	add := func(name, a, b string) {
		if a != b {
			out = append(out, fmt.Sprintf("%s %s → %s", name, a, b))
		}
	}
	add("days", dayList(from.days), dayList(to.days))
	add("time", from.at.String(), to.at.String())
	add("time zone", from.zone, to.zone)
	add("level", from.level.String(), to.level.String())
	add("equipment", equipmentText(from.equipment), equipmentText(to.equipment))
	add("where", whereText(from), whereText(to)) // names the channel: a move between channels shows
	return out
}

func whereText(c choice) string {
	if c.delivery == plans.DeliverChannel {
		return "in <#" + c.channelID + ">"
	}
	return "by DM"
}

// scheduleText is the whole schedule in one line.
func scheduleText(c choice) string {
	return fmt.Sprintf("**%s at %s** (%s), %s, %s, %s", dayList(c.days), c.at, c.zone, c.level, equipmentText(c.equipment), whereText(c))
}

func (b *Bot) subscribe(ctx context.Context, i *discordgo.Interaction) reply {
	user := userOf(i)
	var st saveState
	base := defaultChoice()
	cur, err := b.store.Subscription(ctx, user.ID)
	switch {
	case err == nil:
		// Settings stick: only the options given change.
		base, st.existing, st.since, st.pausedUntil = choiceOf(cur), true, cur.Since, cur.PausedUntil
		st.welcome, st.resumed = cur.Undeliverable, cur.Undeliverable // check the DM again
	case errors.Is(err, plans.ErrNotFound):
		st.welcome = true
		last, err := b.store.LastSettings(ctx, user.ID)
		switch {
		case err == nil:
			// Coming back after /unsubscribe: where they left off.
			base, st.restored, st.since = choiceOf(last), true, last.Since
		case !errors.Is(err, plans.ErrNotFound):
			return b.internalError("read last settings", err)
		}
	default:
		return b.internalError("read subscription", err)
	}
	c, changed, why := applyOptions(base, stringOptions(i), placeOf(i))
	if why != "" {
		return errorReply(string(why))
	}
	st.changed = changed
	// The store refuses to subscribe a user who has not answered the
	// safety screen; that is how a first /subscribe finds out.
	return b.save(ctx, i, c, st)
}

// saveState is what save needs to know about the subscription it replaces.
type saveState struct {
	existing    bool      // a subscription was there: this is a change
	restored    bool      // none was, but kept settings were the base
	welcome     bool      // send the welcome DM (a new or an undeliverable subscription)
	resumed     bool      // deliveries had stopped (Discord refused a post): they start again
	changed     []string  // the settings the options changed
	since       time.Time // the plan's start to keep; zero for a new plan
	pausedUntil time.Time // a pause to keep
}

// save stores the subscription and confirms it: what changed, the whole
// schedule now and the next workout's time.
func (b *Bot) save(ctx context.Context, i *discordgo.Interaction, c choice, st saveState) reply {
	user := userOf(i)
	loc, err := plans.LoadZone(c.zone)
	if err != nil {
		return errorReply(fmt.Sprintf("I don't know the time zone `%s`.", quote(c.zone)))
	}
	now := b.now()
	start := now
	if st.pausedUntil.After(now) {
		start = st.pausedUntil
	}
	sub := plans.Subscription{
		UserID:      user.ID,
		GuildID:     c.guildID,
		ChannelID:   c.channelID,
		Delivery:    c.delivery,
		Days:        c.days,
		TimeOfDay:   c.at,
		Zone:        c.zone,
		Level:       c.level,
		Equipment:   c.equipment,
		Since:       st.since,
		PausedUntil: st.pausedUntil,
		NextDue:     plans.NextDue(c.days, c.at, loc, start),
	}
	if st.existing && c.recapSet {
		// The recap is a setting like the others: a change of it is a change.
		day, on, err := b.store.Recap(ctx, user.ID)
		if err != nil {
			return b.internalError("read recap setting", err)
		}
		if from, to := recapName(day, on), recapName(c.recapDay, c.recapOn); from != to {
			st.changed = append(st.changed, "weekly recap "+from+" → "+to)
		}
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
		recap = recapText(c.recapDay, c.recapOn) + "\n"
	}
	b.log.Info("subscribed", "user", user.ID, "days", plans.FormatDays(c.days), "time", c.at.String(), "zone", c.zone,
		"changed", len(st.changed), "restored", st.restored)

	var sb strings.Builder
	switch {
	case st.resumed && len(st.changed) == 0:
		sb.WriteString("Workouts are on again: I'll try to deliver them from your next one.\n")
	case st.existing && len(st.changed) == 0:
		sb.WriteString("Nothing to change — that's already your schedule.\n")
	case st.existing:
		sb.WriteString("Updated: " + strings.Join(st.changed, ", ") + ". Everything else stays as it was.\n")
	case st.restored:
		sb.WriteString("Welcome back! I've restored your settings")
		if len(st.changed) > 0 {
			sb.WriteString(", with " + strings.Join(st.changed, ", "))
		}
		sb.WriteString(".\n")
	default:
		sb.WriteString("You're in!\n")
	}
	fmt.Fprintf(&sb, "Your schedule: %s.\n", scheduleText(c))
	if sub.PausedUntil.After(now) {
		fmt.Fprintf(&sb, "Paused until %s. ", discordTime(sub.PausedUntil, "D"))
	}
	next, err := b.upcoming(ctx, sub, loc, now, 1)
	if err != nil {
		return b.internalError("list next workouts", err)
	}
	fmt.Fprintf(&sb, "Next workout: %s (%s).\n", discordTime(next[0].at, "F"), discordTime(next[0].at, "R"))
	sb.WriteString(recap)
	if !st.existing {
		sb.WriteString("React ✅ on a workout when you've done it, or use its buttons. " + b.mention(cmdSubscribe) +
			" with one option changes just that; " + b.mention(cmdUnsubscribe) + " stops it.")
	}
	r := reply{ephemeral: true, update: i.Type == discordgo.InteractionMessageComponent, content: sb.String()}
	if st.welcome {
		b.welcome(ctx, i, sub, st.restored || st.existing, &r)
	}
	return r
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
