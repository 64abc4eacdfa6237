package bot

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/glutebot/glutebot/plans"
)

func TestParseChoiceDefaults(t *testing.T) {
	c, why := parseChoice(map[string]string{}, false)
	if why != "" {
		t.Fatalf("parseChoice(no options) refused: %s", why)
	}
	want := choice{
		days:  []time.Weekday{time.Monday, time.Wednesday, time.Friday},
		clock: plans.Clock{Hour: 7}, zone: "UTC",
		level: plans.Beginner, equipment: plans.NoEquipment, delivery: plans.DeliverDM,
	}
	if !slices.Equal(c.days, want.days) || c.clock != want.clock || c.zone != want.zone ||
		c.level != want.level || c.equipment != want.equipment || c.delivery != want.delivery {
		t.Errorf("parseChoice(no options) = %+v, want %+v", c, want)
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
	if !slices.Equal(c.days, []time.Weekday{time.Tuesday, time.Thursday}) || c.clock != (plans.Clock{Hour: 18, Minute: 30}) ||
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

func TestQuoteKeepsUserInputInsideInlineCode(t *testing.T) {
	for in, want := range map[string]string{
		"hip thrust":                        "hip thrust",
		"a`b\nc\rd":                         "a'b c d",
		"Europe/Berlin`":                    "Europe/Berlin'",
		strings.Repeat("é", 40):             strings.Repeat("é", 40),
		"a`b\nc" + strings.Repeat("x", 100): "a'b c" + strings.Repeat("x", 35) + "…",
	} {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestChoiceSurvivesTheButtonRoundTrip(t *testing.T) {
	in := choice{
		days:  []time.Weekday{time.Monday, time.Thursday, time.Saturday},
		clock: plans.Clock{Hour: 6, Minute: 5}, zone: "America/Argentina/Buenos_Aires",
		level: plans.Intermediate, equipment: plans.Dumbbells, delivery: plans.DeliverChannel,
	}
	code := encodeChoice(in)
	if len(screenGoOn+"|"+code) > 100 {
		t.Errorf("custom id %q is longer than Discord's 100 characters", code)
	}
	out, err := decodeChoice(code)
	if err != nil {
		t.Fatalf("decodeChoice(%q) = %v", code, err)
	}
	if !slices.Equal(out.days, in.days) || out.clock != in.clock || out.zone != in.zone ||
		out.level != in.level || out.equipment != in.equipment || out.delivery != in.delivery {
		t.Errorf("round trip: got %+v, want %+v", out, in)
	}
	for _, bad := range []string{"", "1|2", "1|0700|UTC|0|0|0", "127|0700|UTC|0|0|0", "42|2599|UTC|0|0|0", "42|0700|Mars/Olympus|0|0|0", "42|0700|UTC|9|0|0", "x|0700|UTC|0|0|0"} {
		if _, err := decodeChoice(bad); err == nil {
			t.Errorf("decodeChoice(%q) = nil error, want one", bad)
		}
	}
}
