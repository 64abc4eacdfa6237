package plans

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestParseDays(t *testing.T) {
	mon, tue, wed, thu, fri, sun := time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Sunday
	tests := []struct {
		in   string
		want []time.Weekday
	}{
		{"mon,wed,fri", []time.Weekday{mon, wed, fri}},
		{"Monday Thursday", []time.Weekday{mon, thu}},
		{"tue, THU", []time.Weekday{tue, thu}},
		{"fri mon wed", []time.Weekday{mon, wed, fri}},
		{"sun,mon", []time.Weekday{mon, sun}},
		{"  WEDNESDAY ,, sunday  ", []time.Weekday{wed, sun}},
		{"tues thurs", []time.Weekday{tue, thu}},
		{"mon wed fri", []time.Weekday{mon, wed, fri}},
		{"Tues, Thurs & Sat", []time.Weekday{tue, thu, time.Saturday}},
		{"weds and fri", []time.Weekday{wed, fri}},
		{"mondays/thursdays", []time.Weekday{mon, thu}},
		{"Thur., Sun.", []time.Weekday{thu, sun}},
	}
	for _, tt := range tests {
		got, err := ParseDays(tt.in)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ParseDays(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "funday,mon", "mon", "mon,tue,wed,thu", "mon,mon", "mon,Monday,fri", "mo,we", "mon;wed", "tues,tuesday", "monk,wed", "and,and"} {
		if got, err := ParseDays(in); !errors.Is(err, ErrDays) {
			t.Errorf("ParseDays(%q) = %v, %v; want ErrDays", in, got, err)
		}
	}
}

func TestFormatDaysRoundTrip(t *testing.T) {
	days := []time.Weekday{time.Tuesday, time.Thursday, time.Saturday}
	s := FormatDays(days)
	if s != "tue,thu,sat" {
		t.Fatalf("FormatDays = %q, want tue,thu,sat", s)
	}
	got, err := ParseDays(s)
	if err != nil || !slices.Equal(got, days) {
		t.Errorf("ParseDays(FormatDays) = %v, %v; want %v", got, err, days)
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want TimeOfDay
	}{
		{"07:00", TimeOfDay{7, 0}},
		{"7:05", TimeOfDay{7, 5}},
		{"00:00", TimeOfDay{0, 0}},
		{"23:59", TimeOfDay{23, 59}},
		{" 18:30 ", TimeOfDay{18, 30}},
		{"7pm", TimeOfDay{19, 0}},
		{"7 PM", TimeOfDay{19, 0}},
		{"7:30 am", TimeOfDay{7, 30}},
		{"7:30am", TimeOfDay{7, 30}},
		{"12am", TimeOfDay{0, 0}},
		{"12 p.m.", TimeOfDay{12, 0}},
		{"0700", TimeOfDay{7, 0}},
		{"1930", TimeOfDay{19, 30}},
		{"19h", TimeOfDay{19, 0}},
		{"19h30", TimeOfDay{19, 30}},
		{"18.30", TimeOfDay{18, 30}},
		{"7", TimeOfDay{7, 0}},
		{"19", TimeOfDay{19, 0}},
		{"noon", TimeOfDay{12, 0}},
	}
	for _, tt := range tests {
		got, err := ParseClock(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseClock(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"25:99", "24:00", "12:60", "13pm", "0am", "19:00pm", "24", "2400", "07:5", "007:00", ":30", "-1:00", "07:00:00", "+7:00", "", "pm", "7h7", "seven", "99999"} {
		if got, err := ParseClock(in); !errors.Is(err, ErrClock) {
			t.Errorf("ParseClock(%q) = %v, %v; want ErrClock", in, got, err)
		}
	}
	if got := (TimeOfDay{7, 0}).String(); got != "07:00" {
		t.Errorf("TimeOfDay{7,0}.String() = %q, want 07:00", got)
	}
}

func TestEnumsRoundTrip(t *testing.T) {
	for _, l := range []Level{Beginner, Intermediate, Advanced} {
		if got, err := ParseLevel(l.String()); err != nil || got != l {
			t.Errorf("ParseLevel(%q) = %v, %v", l, got, err)
		}
	}
	for _, e := range []Equipment{NoEquipment, Dumbbells, Gym} {
		if got, err := ParseEquipment(e.String()); err != nil || got != e {
			t.Errorf("ParseEquipment(%q) = %v, %v", e, got, err)
		}
	}
	for _, d := range []Delivery{DeliverDM, DeliverChannel} {
		if got, err := ParseDelivery(d.String()); err != nil || got != d {
			t.Errorf("ParseDelivery(%q) = %v, %v", d, got, err)
		}
	}
	if got, err := ParseLevel(" Advanced "); err != nil || got != Advanced {
		t.Errorf("ParseLevel(\" Advanced \") = %v, %v", got, err)
	}
	if _, err := ParseLevel("expert"); !errors.Is(err, ErrLevel) {
		t.Errorf("ParseLevel(expert) error = %v, want ErrLevel", err)
	}
	if _, err := ParseEquipment("kettlebell"); !errors.Is(err, ErrEquipment) {
		t.Errorf("ParseEquipment(kettlebell) error = %v, want ErrEquipment", err)
	}
	if _, err := ParseDelivery("email"); !errors.Is(err, ErrDelivery) {
		t.Errorf("ParseDelivery(email) error = %v, want ErrDelivery", err)
	}
	kinds := map[Kind]string{Done: "done", TooHard: "too hard", TooEasy: "too easy", Pain: "pain", 0: "Kind(0)"}
	for k, want := range kinds {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
	if got := Level(9).String(); got != "Level(9)" {
		t.Errorf("Level(9).String() = %q", got)
	}
}
