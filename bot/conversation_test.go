package bot

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

func TestApplyOptionsChangesOnlyWhatIsGiven(t *testing.T) {
	base := choice{
		days: []time.Weekday{time.Monday, time.Wednesday, time.Friday}, clock: plans.Clock{Hour: 7}, zone: "Europe/Berlin",
		level: plans.Intermediate, equipment: plans.Dumbbells, delivery: plans.DeliverChannel, guildID: "g1", channelID: "c1",
	}
	inOtherChannel := place{guildID: "g1", channelID: "c2", here: hereIsChannel}
	c, changed, why := applyOptions(base, map[string]string{optTime: "8am"}, inOtherChannel)
	if why != "" {
		t.Fatal(why)
	}
	want := base
	want.clock = plans.Clock{Hour: 8}
	if !sameChoice(c, want) || c.guildID != "g1" || c.channelID != "c1" {
		t.Errorf("time:8am gave %+v, want %+v", c, want)
	}
	if !slices.Equal(changed, []string{"time 07:00 → 08:00"}) {
		t.Errorf("changed = %q", changed)
	}
	if _, changed, _ := applyOptions(base, map[string]string{}, inOtherChannel); len(changed) != 0 {
		t.Errorf("no options changed %q", changed)
	}
	// where:here moves channel delivery to the channel it is given in.
	c, changed, _ = applyOptions(base, map[string]string{optWhere: "here"}, inOtherChannel)
	if c.channelID != "c2" || !slices.Equal(changed, []string{"where in <#c1> → in <#c2>"}) {
		t.Errorf("where:here elsewhere: %+v, %q", c, changed)
	}
	// Where the bot cannot post, "here" is refused, with what to do.
	if _, _, why := applyOptions(base, map[string]string{optWhere: "here"}, place{here: hereIsNowhere}); !strings.Contains(string(why), "by DM") {
		t.Errorf("where:here in a group DM: refusal %q, want one that offers by DM", why)
	}
	// In the bot's DM, "here" is the DM.
	if c, _, _ := applyOptions(base, map[string]string{optWhere: "here"}, place{here: hereIsDM}); c.delivery != plans.DeliverDM {
		t.Errorf("where:here in the bot's DM gave delivery %v", c.delivery)
	}
}

func TestWeekTextNeverCountsAZeroStreak(t *testing.T) {
	for _, tc := range []struct {
		s    plans.Summary
		want string
	}{
		{plans.Summary{ThisWeek: 0, Target: 3}, "0 of 3 this week — 3 starts a streak"},
		{plans.Summary{ThisWeek: 1, Target: 3}, "1 of 3 this week — 2 more starts a streak"},
		{plans.Summary{ThisWeek: 1, Target: 2, Streak: 4}, "1 of 2 this week — 1 more keeps your 4-week streak going"},
		{plans.Summary{ThisWeek: 3, Target: 3, Streak: 1}, "3 of 3 this week, week complete · 🔥 1-week streak"},
	} {
		if got := weekText(tc.s); got != tc.want {
			t.Errorf("weekText(%+v) = %q, want %q", tc.s, got, tc.want)
		}
		if got := weekText(tc.s); strings.Contains(got, "0-week") || strings.Contains(got, "streak 0") {
			t.Errorf("weekText(%+v) = %q counts a zero streak", tc.s, got)
		}
	}
}

func TestZoneChoicesUseTheLocaleAsAHint(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	first := func(typed string, locale discordgo.Locale) string {
		cs := zoneChoices(typed, locale, now)
		if len(cs) == 0 {
			t.Fatalf("%q (%s): no choices", typed, locale)
		}
		return fmt.Sprint(cs[0].Value)
	}
	if got := first("CST", discordgo.EnglishUS); got != "America/Chicago" {
		t.Errorf("CST in en-US: %s first", got)
	}
	if got := first("CST", discordgo.ChineseCN); got != "Asia/Shanghai" {
		t.Errorf("CST in zh-CN: %s first", got)
	}
	if got := first("IST", discordgo.EnglishGB); got != "Europe/Dublin" {
		t.Errorf("IST in en-GB: %s first", got)
	}
	// Every choice is a zone, labelled with its time now, within Discord's
	// limits, for whatever is typed.
	for _, typed := range []string{"", "a", "us", "Europe/", "America/Argentina/Salta", strings.Repeat("x", 100), "São"} {
		cs := zoneChoices(typed, "", now)
		if len(cs) > maxChoices {
			t.Errorf("%q: %d choices", typed, len(cs))
		}
		for _, c := range cs {
			loc, err := plans.LoadZone(fmt.Sprint(c.Value))
			if err != nil || len([]rune(c.Name)) > 100 || !strings.Contains(c.Name, now.In(loc).Format("15:04")+" now") {
				t.Errorf("%q: choice %q = %v (%v)", typed, c.Name, c.Value, err)
			}
		}
	}
}

func TestWarmUpIsLabelledOnce(t *testing.T) {
	for in, want := range map[string]string{
		"Warm-up, 3 minutes: 10 cat-cows.": "**Warm-up, 3 minutes:** 10 cat-cows.",
		"10 hip circles each way.":         "**Warm-up:** 10 hip circles each way.",
		"Walk: 5 minutes at an easy pace.": "**Warm-up:** Walk: 5 minutes at an easy pace.",
	} {
		if got := warmUpLine(in); got != want {
			t.Errorf("warmUpLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRefresherRunsOnceMoreAfterABurst(t *testing.T) {
	var r refresher
	var runs atomic.Int32
	started, release := make(chan struct{}), make(chan struct{})
	go r.do("m", func() {
		if runs.Add(1) == 1 {
			close(started)
			<-release
		}
	})
	<-started
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() { defer wg.Done(); r.do("m", func() { runs.Add(1) }) }()
	}
	wg.Wait() // all asked while the first run was busy: none ran its own
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for {
		r.mu.Lock()
		_, busy := r.pending["m"]
		r.mu.Unlock()
		if !busy || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if n := runs.Load(); n != 2 {
		t.Errorf("a burst of 10 during a run made %d runs, want 2", n)
	}
}

func TestResolveZoneReadsWhatPeopleType(t *testing.T) {
	for in, want := range map[string]string{
		"Europe/Berlin": "Europe/Berlin", "America/Argentina/Salta": "America/Argentina/Salta",
		"EST": "America/New_York", "est": "America/New_York", "utc": "UTC", "GMT": "UTC", "CET": "Europe/Berlin",
		"nyc": "America/New_York", "new york": "America/New_York", "SF": "America/Los_Angeles", "germany": "Europe/Berlin",
		"Kolkata": "Asia/Kolkata", "Japan": "Asia/Tokyo", "Iceland": "Iceland",
	} {
		if got, ok := resolveZone(in); !ok || got != want {
			t.Errorf("resolveZone(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"Mars/Olympus", "Atlantis", "", "Local", "../etc"} {
		if got, ok := resolveZone(in); ok {
			t.Errorf("resolveZone(%q) = %q, want refused", in, got)
		}
	}
}
