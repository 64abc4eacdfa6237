package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

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

// encodeChoice packs a choice into at most ~60 characters:
// days bitmask | HHMM | zone | level | equipment | delivery, then, when the
// recap was chosen, | its weekday (0–6) or 7 for off.
func encodeChoice(c choice) string {
	code := fmt.Sprintf("%d|%02d%02d|%s|%d|%d|%d", plans.MaskOf(c.days), c.at.Hour, c.at.Minute, c.zone, c.level, c.equipment, c.delivery)
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
	days, err := plans.ParseDays(plans.FormatDays(plans.DayMask(nums[0]).Days()))
	if err != nil {
		return choice{}, errBadCode
	}
	c.days = days
	if c.at, err = plans.ParseTimeOfDay(fmt.Sprintf("%02d:%02d", nums[1]/100, nums[1]%100)); err != nil {
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
