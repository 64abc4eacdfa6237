package bot

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

// zoneChoices are the time zones offered while the user types: matched by
// zone name, city or its common short form (NYC, LA, SF), country, or
// abbreviation (EST, CET, IST: every zone it can mean), each showing its
// local time now, so the user can check it is theirs. Among equally good
// matches, the zones of the user's locale come first.
func zoneChoices(typed string, locale discordgo.Locale, now time.Time) []*discordgo.ApplicationCommandOptionChoice {
	typed = strings.TrimSpace(typed)
	preferred := localeZones[locale]
	if preferred == nil {
		preferred = localeZones[discordgo.Locale(strings.SplitN(string(locale), "-", 2)[0])]
	}
	type hit struct {
		zone  string
		rank  int    // 0 exact, 1 prefix, 2 a word's prefix, 3 inside
		order int    // among an abbreviation's zones
		index int    // in zoneTable
		why   string // what matched, when not the zone's name
	}
	var hits []hit
	if cands, ok := abbreviations[strings.ToUpper(typed)]; ok {
		for k, z := range cands {
			hits = append(hits, hit{zone: z, rank: 0, order: k, index: -1, why: strings.ToUpper(typed)})
		}
	}
	for k, z := range zoneTable {
		best := hit{zone: z.name, rank: -1, index: k}
		try := func(term string, why bool) {
			r := matchTerm(typed, term)
			if r >= 0 && (best.rank < 0 || r < best.rank) {
				best.rank = r
				best.why = ""
				if why {
					best.why = term
				}
			}
		}
		try(z.name, false)
		_, city, _ := strings.Cut(z.name, "/")
		try(strings.ReplaceAll(city, "_", " "), false)
		for _, c := range z.places {
			try(c, true)
		}
		if best.rank >= 0 {
			if best.why == "" && len(z.places) > 0 {
				best.why = z.places[0]
			}
			hits = append(hits, best)
		}
	}
	// An offset ("GMT+2", "UTC+5:30") is not a place: offer the places
	// that are at it now, which keep their time across summer time.
	if off, ok := parseOffset(typed); ok {
		for k, z := range zoneTable {
			if loc, err := plans.LoadZone(z.name); err == nil {
				if _, o := now.In(loc).Zone(); o == off {
					hits = append(hits, hit{zone: z.name, rank: 0, index: k, why: offsetName(off)})
				}
			}
		}
	}
	// A valid zone that is not in the list still works when typed out. Only
	// a name with a slash can be one, and only then is the tz data read.
	if strings.Contains(typed, "/") {
		if _, err := plans.LoadZone(typed); err == nil {
			hits = append(hits, hit{zone: typed, rank: -1, index: -1})
		}
	}
	pref := func(z string) int {
		if slices.Contains(preferred, z) {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(pref(a.zone), pref(b.zone)), cmp.Compare(a.order, b.order), cmp.Compare(a.index, b.index))
	})
	if typed == "" {
		// Nothing typed yet: UTC, then the zones of the user's language.
		slices.SortStableFunc(hits, func(a, b hit) int {
			return cmp.Compare(zoneRankEmpty(a.zone, preferred), zoneRankEmpty(b.zone, preferred))
		})
	}
	var out []*discordgo.ApplicationCommandOptionChoice
	seen := map[string]bool{}
	for _, h := range hits {
		if seen[h.zone] || len(out) == maxChoices {
			continue
		}
		loc, err := plans.LoadZone(h.zone)
		if err != nil {
			continue
		}
		seen[h.zone] = true
		label := h.zone + " — " + now.In(loc).Format("15:04") + " now"
		if h.why != "" && !strings.Contains(strings.ToLower(h.zone), strings.ToLower(strings.ReplaceAll(h.why, " ", "_"))) {
			label += " (" + h.why + ")"
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: truncate(label, 100), Value: h.zone})
	}
	return out
}

func zoneRankEmpty(zone string, preferred []string) int {
	switch {
	case zone == "UTC":
		return 0
	case slices.Contains(preferred, zone):
		return 1
	}
	return 2
}

// matchTerm ranks how well typed fits term: 0 the same, 1 a prefix, 2 the
// prefix of one of its words, 3 inside it (only for four letters or more, so
// "est" does not find Budapest); -1 no match. An empty query matches all.
func matchTerm(typed, term string) int {
	t, c := fold(typed), fold(term)
	switch {
	case t == c:
		return 0
	case strings.HasPrefix(c, t):
		return 1
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(term), func(r rune) bool { return r == ' ' || r == '/' || r == '_' || r == '-' }) {
		if strings.HasPrefix(fold(w), t) {
			return 2
		}
	}
	if len(t) >= 4 && strings.Contains(c, t) {
		return 3
	}
	return -1
}

// abbreviations lists the zones a time-zone abbreviation can mean, the most
// common first. Many are ambiguous (IST is India, Ireland and Israel): the
// user picks.
var abbreviations = map[string][]string{
	"UTC": {"UTC"}, "GMT": {"UTC", "Europe/London"}, "Z": {"UTC"},
	"EST":  {"America/New_York", "America/Toronto", "America/Detroit"},
	"EDT":  {"America/New_York", "America/Toronto", "America/Detroit"},
	"ET":   {"America/New_York", "America/Toronto"},
	"CST":  {"America/Chicago", "America/Mexico_City", "America/Winnipeg", "Asia/Shanghai", "Asia/Taipei"},
	"CDT":  {"America/Chicago", "America/Winnipeg"},
	"CT":   {"America/Chicago"},
	"MST":  {"America/Denver", "America/Phoenix", "America/Edmonton"},
	"MDT":  {"America/Denver", "America/Edmonton"},
	"MT":   {"America/Denver", "America/Phoenix"},
	"PST":  {"America/Los_Angeles", "America/Vancouver", "Asia/Manila"},
	"PDT":  {"America/Los_Angeles", "America/Vancouver"},
	"PT":   {"America/Los_Angeles", "America/Vancouver"},
	"AKST": {"America/Anchorage"}, "AKDT": {"America/Anchorage"},
	"HST": {"Pacific/Honolulu"},
	"AST": {"America/Halifax", "Asia/Riyadh"}, "ADT": {"America/Halifax"},
	"NST": {"America/St_Johns"}, "NDT": {"America/St_Johns"},
	"WET": {"Europe/Lisbon"}, "WEST": {"Europe/Lisbon"},
	"BST": {"Europe/London", "Asia/Dhaka"},
	"IST": {"Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"},
	"CET": {"Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Rome", "Europe/Amsterdam", "Europe/Brussels",
		"Europe/Vienna", "Europe/Zurich", "Europe/Stockholm", "Europe/Oslo", "Europe/Copenhagen", "Europe/Warsaw",
		"Europe/Prague", "Europe/Budapest", "Europe/Zagreb"},
	"EET": {"Europe/Athens", "Europe/Helsinki", "Europe/Bucharest", "Europe/Kyiv", "Europe/Sofia", "Europe/Vilnius", "Africa/Cairo"},
	"MSK": {"Europe/Moscow"}, "TRT": {"Europe/Istanbul"},
	"SAST": {"Africa/Johannesburg"}, "EAT": {"Africa/Nairobi"}, "WAT": {"Africa/Lagos"}, "CAT": {"Africa/Johannesburg"},
	"GST": {"Asia/Dubai"}, "PKT": {"Asia/Karachi"}, "NPT": {"Asia/Kathmandu"},
	"ICT": {"Asia/Bangkok", "Asia/Ho_Chi_Minh"}, "WIB": {"Asia/Jakarta"}, "SGT": {"Asia/Singapore"},
	"MYT": {"Asia/Kuala_Lumpur"}, "PHT": {"Asia/Manila"}, "HKT": {"Asia/Hong_Kong"},
	"JST": {"Asia/Tokyo"}, "KST": {"Asia/Seoul"},
	"AWST": {"Australia/Perth"}, "ACST": {"Australia/Adelaide"}, "ACDT": {"Australia/Adelaide"},
	"AEST": {"Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane"}, "AEDT": {"Australia/Sydney", "Australia/Melbourne"},
	"NZST": {"Pacific/Auckland"}, "NZDT": {"Pacific/Auckland"},
	"BRT": {"America/Sao_Paulo"}, "ART": {"America/Argentina/Buenos_Aires"},
}

// zoneTable is the zones offered while typing, with the places people look
// for: cities, their short forms and countries. Any other valid IANA name
// is accepted when typed out.
var zoneTable = []struct {
	name   string
	places []string
}{
	{"UTC", []string{"GMT", "Coordinated Universal Time"}},
	{"Europe/London", []string{"London", "Edinburgh", "Manchester", "United Kingdom", "UK", "England", "Scotland", "Wales", "Britain", "Great Britain"}},
	{"Europe/Dublin", []string{"Dublin", "Ireland"}},
	{"Europe/Lisbon", []string{"Lisbon", "Porto", "Portugal"}},
	{"Europe/Paris", []string{"Paris", "Lyon", "Marseille", "France"}},
	{"Europe/Berlin", []string{"Berlin", "Munich", "Hamburg", "Frankfurt", "Cologne", "Germany", "Deutschland"}},
	{"Europe/Amsterdam", []string{"Amsterdam", "Rotterdam", "Netherlands", "Holland"}},
	{"Europe/Brussels", []string{"Brussels", "Antwerp", "Belgium"}},
	{"Europe/Zurich", []string{"Zurich", "Geneva", "Switzerland"}},
	{"Europe/Vienna", []string{"Vienna", "Austria"}},
	{"Europe/Madrid", []string{"Madrid", "Barcelona", "Valencia", "Spain"}},
	{"Europe/Rome", []string{"Rome", "Milan", "Naples", "Italy"}},
	{"Europe/Stockholm", []string{"Stockholm", "Gothenburg", "Sweden"}},
	{"Europe/Oslo", []string{"Oslo", "Norway"}},
	{"Europe/Copenhagen", []string{"Copenhagen", "Denmark"}},
	{"Europe/Helsinki", []string{"Helsinki", "Finland"}},
	{"Europe/Warsaw", []string{"Warsaw", "Krakow", "Poland"}},
	{"Europe/Prague", []string{"Prague", "Czechia", "Czech Republic"}},
	{"Europe/Budapest", []string{"Budapest", "Hungary"}},
	{"Europe/Zagreb", []string{"Zagreb", "Croatia"}},
	{"Europe/Athens", []string{"Athens", "Greece"}},
	{"Europe/Sofia", []string{"Sofia", "Bulgaria"}},
	{"Europe/Bucharest", []string{"Bucharest", "Romania"}},
	{"Europe/Vilnius", []string{"Vilnius", "Lithuania"}},
	{"Europe/Kyiv", []string{"Kyiv", "Kiev", "Ukraine"}},
	{"Europe/Istanbul", []string{"Istanbul", "Ankara", "Turkey", "Türkiye"}},
	{"Europe/Moscow", []string{"Moscow", "St Petersburg", "Russia"}},
	{"America/New_York", []string{"New York", "NYC", "NY", "Boston", "Washington DC", "DC", "Philadelphia", "Philly", "Miami", "Atlanta", "Eastern", "United States", "USA", "US"}},
	{"America/Toronto", []string{"Toronto", "Ottawa", "Montreal", "Canada"}},
	{"America/Detroit", []string{"Detroit"}},
	{"America/Chicago", []string{"Chicago", "Dallas", "Houston", "Austin", "Central", "United States", "USA", "US"}},
	{"America/Winnipeg", []string{"Winnipeg", "Canada"}},
	{"America/Denver", []string{"Denver", "Salt Lake City", "Mountain", "United States", "USA", "US"}},
	{"America/Edmonton", []string{"Edmonton", "Calgary", "Canada"}},
	{"America/Phoenix", []string{"Phoenix", "Arizona"}},
	{"America/Los_Angeles", []string{"Los Angeles", "LA", "San Francisco", "SF", "Bay Area", "Seattle", "San Diego", "Las Vegas", "Vegas", "Portland", "Pacific", "California", "United States", "USA", "US"}},
	{"America/Vancouver", []string{"Vancouver", "Canada"}},
	{"America/Anchorage", []string{"Anchorage", "Alaska"}},
	{"Pacific/Honolulu", []string{"Honolulu", "Hawaii"}},
	{"America/Halifax", []string{"Halifax", "Atlantic", "Canada"}},
	{"America/St_Johns", []string{"St. John's", "Newfoundland"}},
	{"America/Mexico_City", []string{"Mexico City", "CDMX", "Guadalajara", "Mexico"}},
	{"America/Bogota", []string{"Bogota", "Colombia"}},
	{"America/Lima", []string{"Lima", "Peru"}},
	{"America/Santiago", []string{"Santiago", "Chile"}},
	{"America/Argentina/Buenos_Aires", []string{"Buenos Aires", "Argentina"}},
	{"America/Sao_Paulo", []string{"Sao Paulo", "São Paulo", "Rio de Janeiro", "Rio", "Brazil", "Brasil"}},
	{"Africa/Lagos", []string{"Lagos", "Abuja", "Nigeria"}},
	{"Africa/Cairo", []string{"Cairo", "Egypt"}},
	{"Africa/Johannesburg", []string{"Johannesburg", "Cape Town", "South Africa"}},
	{"Africa/Nairobi", []string{"Nairobi", "Kenya"}},
	{"Asia/Jerusalem", []string{"Jerusalem", "Tel Aviv", "Israel"}},
	{"Asia/Riyadh", []string{"Riyadh", "Saudi Arabia"}},
	{"Asia/Dubai", []string{"Dubai", "Abu Dhabi", "UAE", "United Arab Emirates"}},
	{"Asia/Tehran", []string{"Tehran", "Iran"}},
	{"Asia/Karachi", []string{"Karachi", "Lahore", "Pakistan"}},
	{"Asia/Kolkata", []string{"Mumbai", "Delhi", "New Delhi", "Bangalore", "Bengaluru", "Chennai", "Kolkata", "Calcutta", "India"}},
	{"Asia/Kathmandu", []string{"Kathmandu", "Nepal"}},
	{"Asia/Dhaka", []string{"Dhaka", "Bangladesh"}},
	{"Asia/Bangkok", []string{"Bangkok", "Thailand"}},
	{"Asia/Ho_Chi_Minh", []string{"Ho Chi Minh City", "Saigon", "Hanoi", "Vietnam"}},
	{"Asia/Jakarta", []string{"Jakarta", "Indonesia"}},
	{"Asia/Singapore", []string{"Singapore"}},
	{"Asia/Kuala_Lumpur", []string{"Kuala Lumpur", "KL", "Malaysia"}},
	{"Asia/Manila", []string{"Manila", "Philippines"}},
	{"Asia/Hong_Kong", []string{"Hong Kong", "HK"}},
	{"Asia/Shanghai", []string{"Shanghai", "Beijing", "Shenzhen", "China"}},
	{"Asia/Taipei", []string{"Taipei", "Taiwan"}},
	{"Asia/Seoul", []string{"Seoul", "South Korea", "Korea"}},
	{"Asia/Tokyo", []string{"Tokyo", "Osaka", "Japan"}},
	{"Australia/Perth", []string{"Perth", "Western Australia", "Australia"}},
	{"Australia/Adelaide", []string{"Adelaide", "Australia"}},
	{"Australia/Brisbane", []string{"Brisbane", "Queensland", "Australia"}},
	{"Australia/Sydney", []string{"Sydney", "Canberra", "New South Wales", "Australia"}},
	{"Australia/Melbourne", []string{"Melbourne", "Victoria", "Australia"}},
	{"Australia/Lord_Howe", []string{"Lord Howe"}},
	{"Pacific/Auckland", []string{"Auckland", "Wellington", "New Zealand", "NZ"}},
	{"Pacific/Chatham", []string{"Chatham"}},
}

// localeZones are the zones of the places a Discord client language is
// mostly spoken: a hint for ordering, never a filter.
var localeZones = map[discordgo.Locale][]string{
	discordgo.EnglishUS:    {"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu"},
	discordgo.EnglishGB:    {"Europe/London", "Europe/Dublin"},
	discordgo.German:       {"Europe/Berlin", "Europe/Vienna", "Europe/Zurich"},
	discordgo.French:       {"Europe/Paris", "Europe/Brussels", "Europe/Zurich", "America/Toronto"},
	discordgo.SpanishES:    {"Europe/Madrid"},
	"es-419":               {"America/Mexico_City", "America/Bogota", "America/Lima", "America/Santiago", "America/Argentina/Buenos_Aires"},
	discordgo.PortugueseBR: {"America/Sao_Paulo"},
	discordgo.Dutch:        {"Europe/Amsterdam", "Europe/Brussels"},
	discordgo.Italian:      {"Europe/Rome"},
	discordgo.Swedish:      {"Europe/Stockholm"},
	discordgo.Norwegian:    {"Europe/Oslo"},
	discordgo.Danish:       {"Europe/Copenhagen"},
	discordgo.Finnish:      {"Europe/Helsinki"},
	discordgo.Polish:       {"Europe/Warsaw"},
	discordgo.Czech:        {"Europe/Prague"},
	discordgo.Hungarian:    {"Europe/Budapest"},
	discordgo.Croatian:     {"Europe/Zagreb"},
	discordgo.Greek:        {"Europe/Athens"},
	discordgo.Bulgarian:    {"Europe/Sofia"},
	discordgo.Romanian:     {"Europe/Bucharest"},
	discordgo.Lithuanian:   {"Europe/Vilnius"},
	discordgo.Ukrainian:    {"Europe/Kyiv"},
	discordgo.Russian:      {"Europe/Moscow"},
	discordgo.Turkish:      {"Europe/Istanbul"},
	discordgo.Hindi:        {"Asia/Kolkata"},
	discordgo.Thai:         {"Asia/Bangkok"},
	discordgo.Vietnamese:   {"Asia/Ho_Chi_Minh"},
	"id":                   {"Asia/Jakarta"},
	discordgo.ChineseCN:    {"Asia/Shanghai"},
	discordgo.ChineseTW:    {"Asia/Taipei"},
	discordgo.Japanese:     {"Asia/Tokyo"},
	discordgo.Korean:       {"Asia/Seoul"},
}

// resolveZone reads a time zone the way people type it when they do not
// pick a suggestion: an IANA name with a slash as is; else an abbreviation
// (its most common zone: "EST" is America/New_York, not the IANA zone EST,
// which never changes for summer), a city, short form or country of one
// zone from the table, or any other IANA name. A country of several zones
// ("Australia") is refused: guessing one would post at the wrong hour.
func resolveZone(typed string) (string, bool) {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return "", false
	}
	if strings.Contains(typed, "/") {
		if _, err := plans.LoadZone(typed); err == nil {
			return typed, true
		}
		// "europe/berlin": a zone of the table in another case.
		for _, z := range zoneTable {
			if fold(z.name) == fold(typed) {
				return z.name, true
			}
		}
		return typed, false
	}
	if cands, ok := abbreviations[strings.ToUpper(typed)]; ok {
		return cands[0], true
	}
	switch zones := placeZones(typed); len(zones) {
	case 0:
	case 1:
		return zones[0], true
	default:
		return typed, false // a country with several zones: the user says which
	}
	_, err := plans.LoadZone(typed)
	return typed, err == nil
}

// placeZones lists the zones of the table named by typed, a city or place:
// one for "Berlin", several for "Australia" or "USA".
func placeZones(typed string) []string {
	t := fold(typed)
	var out []string
	for _, z := range zoneTable {
		_, city, _ := strings.Cut(z.name, "/")
		if fold(city) == t || slices.ContainsFunc(z.places, func(p string) bool { return fold(p) == t }) {
			out = append(out, z.name)
		}
	}
	return out
}

// offsetPattern is a UTC offset as people type one: "GMT+2", "UTC-3",
// "utc+5:30", "+02:00", "GMT +0530".
var offsetPattern = regexp.MustCompile(`^(?i:utc|gmt|z)?\s*([+−-])\s*(\d{1,2})(?::?(\d{2}))?$`)

// parseOffset reads a UTC offset, in seconds east of UTC.
func parseOffset(typed string) (int, bool) {
	m := offsetPattern.FindStringSubmatch(strings.TrimSpace(typed))
	if m == nil {
		return 0, false
	}
	h, _ := strconv.Atoi(m[2])
	min := 0
	if m[3] != "" {
		min, _ = strconv.Atoi(m[3])
	}
	if h > 14 || min >= 60 {
		return 0, false
	}
	off := (h*60 + min) * 60
	if m[1] != "+" {
		off = -off
	}
	return off, true
}

// offsetName writes an offset as "UTC+2" or "UTC+5:30".
func offsetName(off int) string {
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	name := fmt.Sprintf("UTC%s%d", sign, off/3600)
	if m := off % 3600 / 60; m != 0 {
		name += fmt.Sprintf(":%02d", m)
	}
	return name
}

// unknownZone is the answer to a time zone that is not one: for an offset,
// why a place is asked for instead.
func unknownZone(typed string) string {
	if _, ok := parseOffset(typed); ok {
		return fmt.Sprintf("`%s` is an offset, not a place, and where you live it may change with summer time. "+
			"Type your city or country instead, for example `Berlin` — or type `%s` and pick one of the places the suggestions show.",
			quote(typed), quote(strings.TrimSpace(typed)))
	}
	if zones := placeZones(typed); len(zones) > 1 {
		return fmt.Sprintf("`%s` has more than one time zone (%s): type your city instead, or start typing and pick one of the suggestions.",
			quote(typed), strings.Join(zones, ", "))
	}
	return fmt.Sprintf("I don't know the time zone `%s`: start typing a city, country or abbreviation and pick one of the suggestions, "+
		"for example `Europe/Berlin` or `America/New_York`.", quote(typed))
}
