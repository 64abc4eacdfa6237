package plans

import (
	"errors"
	"fmt"
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

func TestParseTimeOfDay(t *testing.T) {
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
		{"7 A.M.", TimeOfDay{7, 0}},
		{"6:30 P.M.", TimeOfDay{18, 30}},
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
		got, err := ParseTimeOfDay(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseTimeOfDay(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"25:99", "24:00", "12:60", "13pm", "0am", "19:00pm", "24", "2400", "07:5", "007:00", ":30", "-1:00", "07:00:00", "+7:00", "", "pm", "7h7", "seven", "99999"} {
		if got, err := ParseTimeOfDay(in); !errors.Is(err, ErrTimeOfDay) {
			t.Errorf("ParseTimeOfDay(%q) = %v, %v; want ErrTimeOfDay", in, got, err)
		}
	}
	if got := (TimeOfDay{7, 0}).String(); got != "07:00" {
		t.Errorf("TimeOfDay{7,0}.String() = %q, want 07:00", got)
	}
}

// TestEnumNames pins the name of every value of every enum, and of values
// out of range: logs, /export and the store write them.
func TestEnumNames(t *testing.T) {
	tests := []struct {
		v    fmt.Stringer
		want string
	}{
		{Beginner, "beginner"}, {Intermediate, "intermediate"}, {Advanced, "advanced"}, {Level(-1), "Level(-1)"}, {Level(3), "Level(3)"},
		{NoEquipment, "none"}, {Dumbbells, "dumbbells"}, {Gym, "gym"}, {Equipment(-1), "Equipment(-1)"}, {Equipment(3), "Equipment(3)"},
		{DeliverDM, "dm"}, {DeliverChannel, "here"}, {Delivery(-1), "Delivery(-1)"}, {Delivery(2), "Delivery(2)"},
		{Done, "done"}, {TooHard, "too hard"}, {TooEasy, "too easy"}, {Pain, "pain"}, {Kind(0), "Kind(0)"}, {Kind(5), "Kind(5)"}, {Kind(-1), "Kind(-1)"},
		{SlotDue, "due"}, {SlotSending, "sending"}, {SlotSent, "sent"}, {SlotSkipped, "skipped"}, {SlotFailed, "failed"},
		{SlotState(-1), "SlotState(-1)"}, {SlotState(5), "SlotState(5)"},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("%T(%d).String() = %q, want %q", tt.v, tt.v, got, tt.want)
		}
	}
}

// TestEnumsParse: each parser reads what String writes, in any case and
// with spaces around it, and refuses anything else with its sentinel.
func TestEnumsParse(t *testing.T) {
	type parsed struct {
		v   int
		err error
	}
	wrap := func(v int, err error) parsed { return parsed{v, err} }
	level := func(s string) parsed { v, err := ParseLevel(s); return wrap(int(v), err) }
	equipment := func(s string) parsed { v, err := ParseEquipment(s); return wrap(int(v), err) }
	delivery := func(s string) parsed { v, err := ParseDelivery(s); return wrap(int(v), err) }
	tests := []struct {
		parse   func(string) parsed
		in      string
		want    int
		wantErr error
	}{
		{level, "beginner", int(Beginner), nil},
		{level, "intermediate", int(Intermediate), nil},
		{level, " Advanced ", int(Advanced), nil},
		{level, "expert", 0, ErrLevel},
		{level, "", 0, ErrLevel},
		{equipment, "none", int(NoEquipment), nil},
		{equipment, "Dumbbells", int(Dumbbells), nil},
		{equipment, "GYM", int(Gym), nil},
		{equipment, "kettlebell", 0, ErrEquipment},
		{equipment, "", 0, ErrEquipment},
		{delivery, "dm", int(DeliverDM), nil},
		{delivery, " here", int(DeliverChannel), nil},
		{delivery, "email", 0, ErrDelivery},
		{delivery, "", 0, ErrDelivery},
	}
	for _, tt := range tests {
		got := tt.parse(tt.in)
		if got.v != tt.want || !errors.Is(got.err, tt.wantErr) || (got.err == nil) != (tt.wantErr == nil) {
			t.Errorf("parse(%q) = %d, %v; want %d, %v", tt.in, got.v, got.err, tt.want, tt.wantErr)
		}
	}
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
}
