package plans

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors for what users type. Each parser wraps one of them with
// the detail of what was wrong; test with errors.Is. The bot owns the wording
// users see.
var (
	ErrDays      = errors.New("plans: invalid training days")
	ErrTimeOfDay = errors.New("plans: invalid time of day")
	ErrZone      = errors.New("plans: invalid time zone")
	ErrLevel     = errors.New("plans: invalid level")
	ErrEquipment = errors.New("plans: invalid equipment")
	ErrDelivery  = errors.New("plans: invalid delivery")
)

// MinDays and MaxDays bound how many training days a week a user picks: the
// guidance is two to three glute sessions a week.
const (
	MinDays = 2
	MaxDays = 3
)

var dayNames = map[string]time.Weekday{
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
	"sun": time.Sunday, "sunday": time.Sunday,
	// Short forms people write that are not a prefix of the name.
	"weds": time.Wednesday,
}

// dayName reads one weekday: a name or a short form from dayNames, a
// plural ("mondays"), or the start of a name at least three letters long
// ("tues", "thurs", "wedn").
func dayName(w string) (time.Weekday, bool) {
	w = strings.TrimSuffix(strings.ToLower(w), ".")
	if d, ok := dayNames[w]; ok {
		return d, true
	}
	if d, ok := dayNames[strings.TrimSuffix(w, "s")]; ok && len(w) > 4 {
		return d, true
	}
	if len(w) < 3 {
		return 0, false
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.HasPrefix(strings.ToLower(d.String()), w) {
			return d, true
		}
	}
	return 0, false
}

// ParseWeekday reads one weekday as ParseDays reads each of its days
// ("sunday", "Sun", "tues", "thursdays"). Errors wrap ErrDays.
func ParseWeekday(s string) (time.Weekday, error) {
	d, ok := dayName(strings.TrimSpace(s))
	if !ok {
		return 0, fmt.Errorf("%q is not a day of the week: %w", s, ErrDays)
	}
	return d, nil
}

// ParseDays reads two or three distinct weekdays as people write them:
// names, three-letter or other short forms ("tues", "thurs", "weds") in any
// case, separated by commas, spaces, slashes, "&" or "and" ("mon,wed,fri",
// "Monday Thursday", "tues & thurs"). The result is sorted in week order
// starting Monday. Errors wrap ErrDays.
func ParseDays(s string) ([]time.Weekday, error) {
	words := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\t' || r == '/' || r == '&' || r == '+'
	})
	var days []time.Weekday
	for _, w := range words {
		if strings.EqualFold(w, "and") {
			continue
		}
		d, ok := dayName(w)
		if !ok {
			return nil, fmt.Errorf("%q is not a day of the week: %w", w, ErrDays)
		}
		if slices.Contains(days, d) {
			return nil, fmt.Errorf("%s is listed twice: %w", strings.ToLower(d.String()), ErrDays)
		}
		days = append(days, d)
	}
	if len(days) < MinDays || len(days) > MaxDays {
		return nil, fmt.Errorf("got %d days, want %d or %d: %w", len(days), MinDays, MaxDays, ErrDays)
	}
	slices.SortFunc(days, func(a, b time.Weekday) int { return mondayFirst(a) - mondayFirst(b) })
	return days, nil
}

// mondayFirst numbers weekdays from Monday (0) to Sunday (6).
func mondayFirst(d time.Weekday) int { return (int(d) + 6) % 7 }

// FormatDays writes days the way ParseDays reads them: "mon,wed,fri".
func FormatDays(days []time.Weekday) string {
	names := make([]string, 0, len(days))
	for _, d := range days {
		if validWeekday(d) {
			names = append(names, strings.ToLower(d.String()[:3]))
		}
	}
	return strings.Join(names, ",")
}

// ParseTimeOfDay reads a time of day as people write it: 24-hour "07:00",
// "7:05", "18.30", "0700", "19h" or "19h30", a bare hour "7" or "19", and
// 12-hour "7pm", "7:30 am", "12 a.m."; "noon" and "midnight" too. Errors
// wrap ErrTimeOfDay.
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	s = strings.TrimSpace(s)
	t := strings.NewReplacer(" ", "", "a.m.", "am", "p.m.", "pm", "a.m", "am", "p.m", "pm").Replace(strings.ToLower(s))
	switch t {
	case "noon", "midday":
		return TimeOfDay{Hour: 12}, nil
	case "midnight":
		return TimeOfDay{}, nil
	}
	half := ""
	for _, suffix := range []string{"am", "pm", "a", "p"} {
		if rest, ok := strings.CutSuffix(t, suffix); ok && rest != "" {
			t, half = rest, suffix[:1]
			break
		}
	}
	var h, m string
	switch {
	case strings.ContainsAny(t, ":."):
		var ok bool
		if h, m, ok = strings.Cut(strings.Replace(t, ".", ":", 1), ":"); !ok || len(m) != 2 {
			return TimeOfDay{}, fmt.Errorf("%q is not a time of day: %w", s, ErrTimeOfDay)
		}
	case half == "" && strings.Contains(t, "h"):
		h, m, _ = strings.Cut(t, "h")
		if m == "" {
			m = "00"
		}
	case half == "" && (len(t) == 3 || len(t) == 4):
		h, m = t[:len(t)-2], t[len(t)-2:]
	default:
		h, m = t, "00"
	}
	if len(h) < 1 || len(h) > 2 || len(m) != 2 || !digits(h) || !digits(m) {
		return TimeOfDay{}, fmt.Errorf("%q is not a time of day: %w", s, ErrTimeOfDay)
	}
	hour, _ := strconv.Atoi(h)
	minute, _ := strconv.Atoi(m)
	if half != "" {
		if hour < 1 || hour > 12 {
			return TimeOfDay{}, fmt.Errorf("%q: a 12-hour time needs an hour from 1 to 12: %w", s, ErrTimeOfDay)
		}
		hour %= 12
		if half == "p" {
			hour += 12
		}
	}
	c := TimeOfDay{Hour: hour, Minute: minute}
	if !validTimeOfDay(c) {
		return TimeOfDay{}, fmt.Errorf("%q is not a time of day: %w", s, ErrTimeOfDay)
	}
	return c, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String formats c as "HH:MM".
func (c TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", c.Hour, c.Minute) }

// parseName reads s, trimmed and in any case, as one of names, the name of
// the value that is its index; an error wraps sentinel.
func parseName[T ~int](names []string, s string, sentinel error) (T, error) {
	if i := slices.Index(names, strings.ToLower(strings.TrimSpace(s))); i >= 0 && names[i] != "" {
		return T(i), nil
	}
	return 0, fmt.Errorf("%q: %w", s, sentinel)
}

// nameOf is v's name in names, or "typ(v)" for a value without one.
func nameOf[T ~int](names []string, v T, typ string) string {
	if v >= 0 && int(v) < len(names) && names[v] != "" {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, int(v))
}

var levelNames = [...]string{Beginner: "beginner", Intermediate: "intermediate", Advanced: "advanced"}

// ParseLevel reads "beginner", "intermediate" or "advanced" in any case.
// Errors wrap ErrLevel.
func ParseLevel(s string) (Level, error) { return parseName[Level](levelNames[:], s, ErrLevel) }

// String returns the name ParseLevel reads.
func (l Level) String() string { return nameOf(levelNames[:], l, "Level") }

var equipmentNames = [...]string{NoEquipment: "none", Dumbbells: "dumbbells", Gym: "gym"}

// ParseEquipment reads "none", "dumbbells" or "gym" in any case. Errors wrap
// ErrEquipment.
func ParseEquipment(s string) (Equipment, error) {
	return parseName[Equipment](equipmentNames[:], s, ErrEquipment)
}

// String returns the name ParseEquipment reads.
func (e Equipment) String() string { return nameOf(equipmentNames[:], e, "Equipment") }

var deliveryNames = [...]string{DeliverDM: "dm", DeliverChannel: "here"}

// ParseDelivery reads "dm" or "here" in any case. Errors wrap ErrDelivery.
func ParseDelivery(s string) (Delivery, error) {
	return parseName[Delivery](deliveryNames[:], s, ErrDelivery)
}

// String returns the name ParseDelivery reads.
func (d Delivery) String() string { return nameOf(deliveryNames[:], d, "Delivery") }

var kindNames = [...]string{Done: "done", TooHard: "too hard", TooEasy: "too easy", Pain: "pain"}

// String names the kind of log entry: "done", "too hard", "too easy", "pain".
func (k Kind) String() string { return nameOf(kindNames[:], k, "Kind") }
