package plans

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzParseDays checks that ParseDays never panics, that what it accepts is
// two or three distinct weekdays in week order, and that it reads back what
// FormatDays writes of them.
func FuzzParseDays(f *testing.F) {
	for _, s := range []string{"mon,wed,fri", "Monday Thursday", "tue, THU", "mon", "mon,mon", "mon,tue,wed,thu", "", "funday", "sun\tsat"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		days, err := ParseDays(s)
		if err != nil {
			if !errors.Is(err, ErrDays) {
				t.Fatalf("ParseDays(%q) error %v does not wrap ErrDays", s, err)
			}
			return
		}
		if len(days) < MinDays || len(days) > MaxDays {
			t.Fatalf("ParseDays(%q) = %v: want %d to %d days", s, days, MinDays, MaxDays)
		}
		for i, d := range days {
			if !validWeekday(d) {
				t.Fatalf("ParseDays(%q) = %v: %d is not a weekday", s, days, d)
			}
			if i > 0 && mondayFirst(days[i-1]) >= mondayFirst(d) {
				t.Fatalf("ParseDays(%q) = %v: not distinct days in week order", s, days)
			}
		}
		text := FormatDays(days)
		again, err := ParseDays(text)
		if err != nil || !slices.Equal(again, days) {
			t.Fatalf("ParseDays(FormatDays(%v) = %q) = %v, %v; want the same days", days, text, again, err)
		}
	})
}

// FuzzParseTimeOfDay checks that ParseTimeOfDay never panics, accepts only times of
// day, and reads back what TimeOfDay.String writes.
func FuzzParseTimeOfDay(f *testing.F) {
	for _, s := range []string{"07:00", "7:05", "18:30", " 23:59 ", "24:00", "7pm", "25:99", "-1:30", "+7:30", "07:0", "١٢:٣٠", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseTimeOfDay(s)
		if err != nil {
			if !errors.Is(err, ErrTimeOfDay) {
				t.Fatalf("ParseTimeOfDay(%q) error %v does not wrap ErrTimeOfDay", s, err)
			}
			return
		}
		if c.Hour < 0 || c.Hour > 23 || c.Minute < 0 || c.Minute > 59 {
			t.Fatalf("ParseTimeOfDay(%q) = %+v: not a time of day", s, c)
		}
		text := c.String()
		if again, err := ParseTimeOfDay(text); err != nil || again != c {
			t.Fatalf("ParseTimeOfDay(%q) = %+v, %v; want %+v back", text, again, err, c)
		}
	})
}

// FuzzLoadZone checks that LoadZone never panics, refuses names that would
// depend on the host or that are not written the IANA way (the bot shows
// zone names in Discord choices and packs them into button ids, both at most
// 100 characters), and that an accepted zone loads again by its name,
// with the same offsets.
func FuzzLoadZone(f *testing.F) {
	for _, s := range []string{"Europe/Berlin", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT-14", "Local", "", " UTC",
		"Mars/Olympus", "../etc/passwd", "Europe//Berlin", "Europe/./Berlin", "europe/berlin", "/usr/share/zoneinfo/UTC"} {
		f.Add(s)
	}
	instants := []time.Time{
		time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC),
		time.Date(2026, 7, 15, 12, 0, 0, 0, time.UTC),
	}
	f.Fuzz(func(t *testing.T, name string) {
		loc, err := LoadZone(name)
		if err != nil {
			if !errors.Is(err, ErrZone) {
				t.Fatalf("LoadZone(%q) error %v does not wrap ErrZone", name, err)
			}
			return
		}
		if loc == nil || loc == time.Local || name == "" || name == "Local" {
			t.Fatalf("LoadZone(%q) accepted a zone that depends on the host", name)
		}
		if len(name) > maxZoneName || !utf8.ValidString(name) || strings.HasPrefix(name, "/") ||
			strings.Contains(name, "//") || slices.Contains(strings.Split(name, "/"), ".") {
			t.Fatalf("LoadZone(%q) accepted a name no IANA zone has (%d bytes)", name, len(name))
		}
		again, err := LoadZone(loc.String())
		if err != nil {
			t.Fatalf("LoadZone(%q) loaded %q, which does not load again: %v", name, loc, err)
		}
		for _, at := range instants {
			n1, o1 := at.In(loc).Zone()
			n2, o2 := at.In(again).Zone()
			if n1 != n2 || o1 != o2 {
				t.Fatalf("%q at %v: %s%+d the first time, %s%+d by its name", name, at, n1, o1, n2, o2)
			}
		}
	})
}

// FuzzTipRedFlag adds to FuzzTip (in tip_test.go): a red flag added to any
// question as a sentence of its own is recognised and sends the user to a
// health professional whatever else was asked, and every answer keeps the
// disclaimer within MaxTipLen characters. (Its own sentence: "I have no" +
// "numbness in my leg" rightly reads as a denial.)
func FuzzTipRedFlag(f *testing.F) {
	for _, s := range []string{"hip thrusts", "RDL", "deadlfit", "my back hurts when I squat", "how do I do a hip thrust?",
		"pain down my leg after lunges", "numbness in my foot", "", "🍑🍑🍑", "squat squat squat lunge bridge",
		"I fell over and now my bladder", "Hip-Thrusts!", "it's", "s'''s"} {
		f.Add(s)
	}
	const redFlag = "numbness in my leg"
	f.Fuzz(func(t *testing.T, q string) {
		a := Tip(q)
		checkAnswer(t, q, a)
		asked := q + ". " + redFlag
		flagged := Tip(asked)
		checkAnswer(t, asked, flagged)
		if !flagged.RedFlag {
			t.Fatalf("Tip(%q) missed the red flag", asked)
		}
	})
}

func checkAnswer(t *testing.T, q string, a Answer) {
	t.Helper()
	if n := utf8.RuneCountInString(a.Text); n > MaxTipLen {
		t.Fatalf("Tip(%q).Text is %d characters, more than %d", q, n, MaxTipLen)
	}
	if !strings.Contains(a.Text, Disclaimer) {
		t.Fatalf("Tip(%q).Text lacks the disclaimer:\n%s", q, a.Text)
	}
	if a.RedFlag && !strings.Contains(a.Text, "see a health professional") {
		t.Fatalf("Tip(%q) has a red flag but does not send the user to a health professional:\n%s", q, a.Text)
	}
	if a.Found && (a.Exercise == "" || a.Variation == "" || a.Safety == "") {
		t.Fatalf("Tip(%q) recognised an exercise but left out its name or safety note: %+v", q, a)
	}
}
