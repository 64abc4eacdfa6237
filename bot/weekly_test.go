package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

func TestRecapChoiceSurvivesTheButtonRoundTrip(t *testing.T) {
	base := choice{days: []time.Weekday{time.Monday, time.Friday}, clock: plans.Clock{Hour: 7}, zone: "America/Argentina/ComodRivadavia"}
	for _, c := range []choice{
		base,
		{days: base.days, clock: base.clock, zone: base.zone, recapSet: true, recapOn: true, recapDay: time.Saturday},
		{days: base.days, clock: base.clock, zone: base.zone, recapSet: true, recapOn: true, recapDay: time.Sunday},
		{days: base.days, clock: base.clock, zone: base.zone, recapSet: true},
	} {
		code := encodeChoice(c)
		if len(screenGoOn+"|"+code) > 100 {
			t.Errorf("custom id %q is longer than Discord's 100 characters", code)
		}
		back, err := decodeChoice(code)
		if err != nil || !sameChoice(back, c) {
			t.Errorf("decodeChoice(%q) = %+v, %v; want %+v", code, back, err, c)
		}
	}
	for _, bad := range []string{"34|0700|UTC|0|0|0|8", "34|0700|UTC|0|0|0|-1", "34|0700|UTC|0|0|0|x", "34|0700|UTC|0|0|0|1|1"} {
		if _, err := decodeChoice(bad); err == nil {
			t.Errorf("decodeChoice(%q) succeeded", bad)
		}
	}
}

func TestParseChoiceRecap(t *testing.T) {
	for in, want := range map[string]choice{
		"":         {},
		"off":      {recapSet: true},
		"Friday":   {recapSet: true, recapOn: true, recapDay: time.Friday},
		" sunday ": {recapSet: true, recapOn: true, recapDay: time.Sunday},
		"sat":      {recapSet: true, recapOn: true, recapDay: time.Saturday},
	} {
		c, why := parseChoice(map[string]string{optRecap: in}, false)
		if why != "" || c.recapSet != want.recapSet || c.recapOn != want.recapOn || c.recapDay != want.recapDay {
			t.Errorf("recap %q: %+v, %q; want %+v", in, c, why, want)
		}
	}
	if _, why := parseChoice(map[string]string{optRecap: "someday"}, false); !strings.Contains(string(why), "`sunday`") {
		t.Errorf("a bad recap day was refused with %q, want an example", why)
	}
}

func TestBoardEmbedStaysInsideDiscordLimits(t *testing.T) {
	var st []plans.Standing
	for i := range 500 {
		st = append(st, plans.Standing{UserID: fmt.Sprintf("%018d", i), Done: i % 4, Target: 3, Streak: i})
	}
	e := boardEmbed(st)
	if n := utf8.RuneCountInString(e.Description); n > 4096 {
		t.Errorf("description of %d characters", n)
	}
	if !strings.Contains(e.Description, "…and 460 more") {
		t.Errorf("members past the list are not counted: %q", e.Description[len(e.Description)-40:])
	}
	total := 0
	for _, s := range st {
		total += s.Done
	}
	if want := plural(total, "workout") + " this week"; e.Fields[0].Value != want {
		t.Errorf("total %q, want %q", e.Fields[0].Value, want)
	}
	if empty := boardEmbed(nil); !strings.Contains(empty.Description, "/challenge join") {
		t.Errorf("an empty board says %q", empty.Description)
	}
}

func TestChallengeStartAndStopNeedManageServer(t *testing.T) {
	member := &discordgo.Interaction{Member: &discordgo.Member{Permissions: 2248473465835073}}
	mod := &discordgo.Interaction{Member: &discordgo.Member{Permissions: discordgo.PermissionManageGuild}}
	admin := &discordgo.Interaction{Member: &discordgo.Member{Permissions: discordgo.PermissionAdministrator}}
	if canManage(member) || !canManage(mod) || !canManage(admin) || canManage(&discordgo.Interaction{}) {
		t.Errorf("canManage: member %v, mod %v, admin %v", canManage(member), canManage(mod), canManage(admin))
	}
	if got := boardSpec("Europe/Berlin", time.Sunday, plans.Clock{Hour: 18}); got != "CRON_TZ=Europe/Berlin 0 18 * * 0" {
		t.Errorf("boardSpec = %q", got)
	}
}

func TestRecapEmbedSaysWhatChanges(t *testing.T) {
	e := recapEmbed(plans.Review{Done: 3, Target: 3, Streak: 2, Completed: 10, Deload: true, Changes: []plans.ItemChange{{
		From: plans.Item{Exercise: "Hip thrust", Variation: "Glute bridge", Sets: 2, Reps: 12},
		To:   plans.Item{Exercise: "Hip thrust", Variation: "Glute bridge", Sets: 2, Reps: 14}, Change: plans.MovedUp,
	}}})
	var all strings.Builder
	for _, f := range e.Fields {
		all.WriteString(f.Name + ": " + f.Value + "\n")
	}
	for _, want := range []string{"3 of 3 workouts — target reached", "2 weeks", "Glute bridge, 2 sets × 12 reps → Glute bridge, 2 sets × 14 reps", "deload"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("recap lacks %q:\n%s", want, all.String())
		}
	}
}
