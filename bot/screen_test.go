package bot

import (
	"testing"
	"time"

	"github.com/glutebot/glutebot/plans"
)

func TestChoiceSurvivesTheButtonRoundTrip(t *testing.T) {
	in := choice{
		days: []time.Weekday{time.Monday, time.Thursday, time.Saturday},
		at:   plans.TimeOfDay{Hour: 6, Minute: 5}, zone: "America/Argentina/Buenos_Aires",
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
	if diff := choiceDiff(in, out); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"", "1|2", "1|0700|UTC|0|0|0", "127|0700|UTC|0|0|0", "42|2599|UTC|0|0|0", "42|0700|Mars/Olympus|0|0|0", "42|0700|UTC|9|0|0", "x|0700|UTC|0|0|0"} {
		if _, err := decodeChoice(bad); err == nil {
			t.Errorf("decodeChoice(%q) = nil error, want one", bad)
		}
	}
}

func TestRecapChoiceSurvivesTheButtonRoundTrip(t *testing.T) {
	base := choice{days: []time.Weekday{time.Monday, time.Friday}, at: plans.TimeOfDay{Hour: 7}, zone: "America/Argentina/ComodRivadavia"}
	for _, c := range []choice{
		base,
		{days: base.days, at: base.at, zone: base.zone, recapSet: true, recapOn: true, recapDay: time.Saturday},
		{days: base.days, at: base.at, zone: base.zone, recapSet: true, recapOn: true, recapDay: time.Sunday},
		{days: base.days, at: base.at, zone: base.zone, recapSet: true},
	} {
		code := encodeChoice(c)
		if len(screenGoOn+"|"+code) > 100 {
			t.Errorf("custom id %q is longer than Discord's 100 characters", code)
		}
		back, err := decodeChoice(code)
		if err != nil || choiceDiff(c, back) != "" {
			t.Errorf("decodeChoice(%q) = %+v, %v; diff (-want +got):\n%s", code, back, err, choiceDiff(c, back))
		}
	}
	for _, bad := range []string{"34|0700|UTC|0|0|0|8", "34|0700|UTC|0|0|0|-1", "34|0700|UTC|0|0|0|x", "34|0700|UTC|0|0|0|1|1"} {
		if _, err := decodeChoice(bad); err == nil {
			t.Errorf("decodeChoice(%q) succeeded", bad)
		}
	}
}
