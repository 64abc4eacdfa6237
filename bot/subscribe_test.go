package bot

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/glutebot/glutebot/plans"
	"github.com/google/go-cmp/cmp"
)

// parseChoice is applyOptions over the defaults, as a first /subscribe
// runs it: the choice, or why it was refused.
func parseChoice(opts map[string]string, inDM bool) (choice, refusal) {
	p := place{here: hereIsChannel}
	if inDM {
		p.here = hereIsDM
	}
	c, _, why := applyOptions(defaultChoice(), opts, p)
	return c, why
}

func TestParseChoiceDefaults(t *testing.T) {
	c, why := parseChoice(map[string]string{}, false)
	if why != "" {
		t.Fatalf("parseChoice(no options) refused: %s", why)
	}
	want := choice{
		days: []time.Weekday{time.Monday, time.Wednesday, time.Friday},
		at:   plans.TimeOfDay{Hour: 7}, zone: "UTC",
		level: plans.Beginner, equipment: plans.NoEquipment, delivery: plans.DeliverDM,
	}
	if diff := choiceDiff(want, c); diff != "" {
		t.Errorf("parseChoice(no options) (-want +got):\n%s", diff)
	}
}

func TestParseChoiceAcceptsWhatPeopleType(t *testing.T) {
	c, why := parseChoice(map[string]string{
		optDays: "Tuesday THU", optTime: "18:30", optTimezone: "Europe/Berlin",
		optLevel: "advanced", optEquipment: "gym", optWhere: "here",
	}, false)
	if why != "" {
		t.Fatal(why)
	}
	if !slices.Equal(c.days, []time.Weekday{time.Tuesday, time.Thursday}) || c.at != (plans.TimeOfDay{Hour: 18, Minute: 30}) ||
		c.zone != "Europe/Berlin" || c.level != plans.Advanced || c.equipment != plans.Gym || c.delivery != plans.DeliverChannel {
		t.Errorf("got %+v", c)
	}
	// In a DM, "here" is the DM.
	c, why = parseChoice(map[string]string{optWhere: "here"}, true)
	if why != "" || c.delivery != plans.DeliverDM {
		t.Errorf("parseChoice(where=here, in DM) = %+v, %q; want DM delivery", c, why)
	}
}

func TestParseChoiceExplainsBadInputWithAnExample(t *testing.T) {
	for _, tc := range []struct {
		opts    map[string]string
		example string
	}{
		{map[string]string{optTime: "25:99"}, "07:00"},
		{map[string]string{optTime: "half past seven"}, "7pm"},
		{map[string]string{optTimezone: "Mars/Olympus"}, "Europe/Berlin"},
		{map[string]string{optDays: "funday"}, "mon wed fri"},
		{map[string]string{optDays: "mon"}, "2 or 3"},
		{map[string]string{optDays: "mon,tue,wed,thu"}, "2 or 3"},
		{map[string]string{optLevel: "expert"}, "beginner"},
		{map[string]string{optEquipment: "kettlebell"}, "none"},
		{map[string]string{optWhere: "email"}, "dm"},
		{map[string]string{"colour": "red"}, "days"},
	} {
		_, why := parseChoice(tc.opts, false)
		if why == "" {
			t.Errorf("parseChoice(%v) accepted it, want a refusal", tc.opts)
			continue
		}
		if !strings.Contains(string(why), tc.example) {
			t.Errorf("parseChoice(%v) refused with %q, want it to show the example %q", tc.opts, why, tc.example)
		}
	}
}

func TestApplyOptionsChangesOnlyWhatIsGiven(t *testing.T) {
	base := choice{
		days: []time.Weekday{time.Monday, time.Wednesday, time.Friday}, at: plans.TimeOfDay{Hour: 7}, zone: "Europe/Berlin",
		level: plans.Intermediate, equipment: plans.Dumbbells, delivery: plans.DeliverChannel, guildID: "g1", channelID: "c1",
	}
	inOtherChannel := place{guildID: "g1", channelID: "c2", here: hereIsChannel}
	c, changed, why := applyOptions(base, map[string]string{optTime: "8am"}, inOtherChannel)
	if why != "" {
		t.Fatal(why)
	}
	want := base
	want.at = plans.TimeOfDay{Hour: 8}
	if diff := cmp.Diff(want, c, cmp.AllowUnexported(choice{})); diff != "" {
		t.Errorf("time:8am (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"time 07:00 → 08:00"}, changed); diff != "" {
		t.Errorf("changed (-want +got):\n%s", diff)
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
