package bot

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

// maxChoices is Discord's limit on autocomplete answers.
const maxChoices = 25

func (b *Bot) autocomplete(i *discordgo.Interaction) {
	choices := autocompleteChoices(i.ApplicationCommandData())
	ctx, cancel := context.WithTimeout(b.ctx, 3*time.Second)
	defer cancel()
	err := b.respondInteraction(ctx, i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	})
	if err != nil {
		b.log.Warn("answer autocomplete", "err", redact(err))
	}
}

// autocompleteChoices are the choices offered for the option the user is
// typing in.
func autocompleteChoices(d discordgo.ApplicationCommandInteractionData) []*discordgo.ApplicationCommandOptionChoice {
	var focused *discordgo.ApplicationCommandInteractionDataOption
	opts := d.Options
	if len(opts) == 1 && opts[0] != nil && opts[0].Type == discordgo.ApplicationCommandOptionSubCommand {
		opts = opts[0].Options // the option being typed is the subcommand's
	}
	for _, o := range opts {
		if o != nil && o.Focused {
			focused = o
		}
	}
	if focused == nil {
		return nil
	}
	typed, _ := focused.Value.(string)
	switch focused.Name {
	case optTimezone:
		return zoneChoices(typed)
	case optExercise:
		return exerciseChoices(typed)
	}
	return nil
}

// fold lowercases and drops the separators people type differently, so
// "new york", "New_York" and "newyork" all match.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '_', '-', '/', '.', ',':
			return -1
		}
		return r
	}, strings.ToLower(s))
}

// match ranks how well typed fits candidate: 0 is a prefix match, 1 a match
// inside, -1 none. An empty query matches everything.
func match(typed, candidate string) int {
	t, c := fold(typed), fold(candidate)
	switch {
	case strings.HasPrefix(c, t):
		return 0
	case strings.Contains(c, t):
		return 1
	}
	return -1
}

type ranked struct {
	rank  int
	name  string
	value string
}

func best(rs []ranked) []*discordgo.ApplicationCommandOptionChoice {
	sort.SliceStable(rs, func(a, b int) bool { return rs[a].rank < rs[b].rank })
	seen := map[string]bool{}
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, r := range rs {
		if seen[r.value] || len(out) == maxChoices {
			continue
		}
		seen[r.value] = true
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: r.name, Value: r.value})
	}
	return out
}

func zoneChoices(typed string) []*discordgo.ApplicationCommandOptionChoice {
	var rs []ranked
	for _, z := range zones {
		rank := match(typed, z.name)
		for _, city := range z.cities {
			if r := match(typed, city); r >= 0 && (rank < 0 || r < rank) {
				rank = r
			}
		}
		if rank >= 0 {
			label := z.name
			if len(z.cities) > 0 {
				label += " (" + strings.Join(z.cities, ", ") + ")"
			}
			rs = append(rs, ranked{rank, truncate(label, 100), z.name})
		}
	}
	// A valid zone that is not in the list still works when typed out. Only
	// a name with a slash can be one, and only then is the tz data read.
	if name := strings.TrimSpace(typed); strings.Contains(name, "/") {
		if _, err := plans.LoadZone(name); err == nil {
			rs = append([]ranked{{-1, name, name}}, rs...)
		}
	}
	return best(rs)
}

func exerciseChoices(typed string) []*discordgo.ApplicationCommandOptionChoice {
	var rs []ranked
	for _, e := range plans.Exercises() {
		for _, name := range append([]string{e.Name}, e.Aliases...) {
			if r := match(typed, name); r >= 0 {
				rs = append(rs, ranked{r, truncate(name, 100), truncate(name, 100)})
			}
		}
	}
	return best(rs)
}

// zones are the time zones offered while typing: the common IANA names with
// the cities people look for. Any other valid IANA name is accepted too.
var zones = []struct {
	name   string
	cities []string
}{
	{"UTC", []string{"GMT"}},
	{"Europe/London", []string{"London", "Dublin", "Edinburgh"}},
	{"Europe/Dublin", []string{"Dublin"}},
	{"Europe/Lisbon", []string{"Lisbon", "Porto"}},
	{"Europe/Paris", []string{"Paris", "Lyon"}},
	{"Europe/Berlin", []string{"Berlin", "Munich", "Hamburg", "Frankfurt"}},
	{"Europe/Amsterdam", []string{"Amsterdam"}},
	{"Europe/Brussels", []string{"Brussels"}},
	{"Europe/Zurich", []string{"Zurich", "Geneva"}},
	{"Europe/Vienna", []string{"Vienna"}},
	{"Europe/Madrid", []string{"Madrid", "Barcelona"}},
	{"Europe/Rome", []string{"Rome", "Milan"}},
	{"Europe/Stockholm", []string{"Stockholm"}},
	{"Europe/Oslo", []string{"Oslo"}},
	{"Europe/Copenhagen", []string{"Copenhagen"}},
	{"Europe/Helsinki", []string{"Helsinki"}},
	{"Europe/Warsaw", []string{"Warsaw", "Krakow"}},
	{"Europe/Prague", []string{"Prague"}},
	{"Europe/Budapest", []string{"Budapest"}},
	{"Europe/Athens", []string{"Athens"}},
	{"Europe/Bucharest", []string{"Bucharest"}},
	{"Europe/Kyiv", []string{"Kyiv", "Kiev"}},
	{"Europe/Istanbul", []string{"Istanbul"}},
	{"Europe/Moscow", []string{"Moscow"}},
	{"America/New_York", []string{"New York", "Boston", "Toronto", "Miami", "Eastern"}},
	{"America/Chicago", []string{"Chicago", "Dallas", "Houston", "Central"}},
	{"America/Denver", []string{"Denver", "Mountain"}},
	{"America/Phoenix", []string{"Phoenix"}},
	{"America/Los_Angeles", []string{"Los Angeles", "San Francisco", "Seattle", "Pacific"}},
	{"America/Anchorage", []string{"Anchorage", "Alaska"}},
	{"Pacific/Honolulu", []string{"Honolulu", "Hawaii"}},
	{"America/Toronto", []string{"Toronto", "Ottawa"}},
	{"America/Vancouver", []string{"Vancouver"}},
	{"America/Halifax", []string{"Halifax", "Atlantic"}},
	{"America/St_Johns", []string{"St. John's", "Newfoundland"}},
	{"America/Mexico_City", []string{"Mexico City"}},
	{"America/Bogota", []string{"Bogota"}},
	{"America/Lima", []string{"Lima"}},
	{"America/Santiago", []string{"Santiago"}},
	{"America/Argentina/Buenos_Aires", []string{"Buenos Aires"}},
	{"America/Sao_Paulo", []string{"Sao Paulo", "São Paulo", "Rio de Janeiro"}},
	{"Africa/Lagos", []string{"Lagos"}},
	{"Africa/Cairo", []string{"Cairo"}},
	{"Africa/Johannesburg", []string{"Johannesburg", "Cape Town"}},
	{"Africa/Nairobi", []string{"Nairobi"}},
	{"Asia/Dubai", []string{"Dubai", "Abu Dhabi"}},
	{"Asia/Tehran", []string{"Tehran"}},
	{"Asia/Karachi", []string{"Karachi"}},
	{"Asia/Kolkata", []string{"Mumbai", "Delhi", "Bangalore", "Kolkata", "India"}},
	{"Asia/Kathmandu", []string{"Kathmandu"}},
	{"Asia/Dhaka", []string{"Dhaka"}},
	{"Asia/Bangkok", []string{"Bangkok"}},
	{"Asia/Jakarta", []string{"Jakarta"}},
	{"Asia/Singapore", []string{"Singapore"}},
	{"Asia/Kuala_Lumpur", []string{"Kuala Lumpur"}},
	{"Asia/Manila", []string{"Manila"}},
	{"Asia/Hong_Kong", []string{"Hong Kong"}},
	{"Asia/Shanghai", []string{"Shanghai", "Beijing", "China"}},
	{"Asia/Taipei", []string{"Taipei"}},
	{"Asia/Seoul", []string{"Seoul"}},
	{"Asia/Tokyo", []string{"Tokyo", "Osaka"}},
	{"Australia/Perth", []string{"Perth"}},
	{"Australia/Adelaide", []string{"Adelaide"}},
	{"Australia/Brisbane", []string{"Brisbane"}},
	{"Australia/Sydney", []string{"Sydney", "Canberra"}},
	{"Australia/Melbourne", []string{"Melbourne"}},
	{"Australia/Lord_Howe", []string{"Lord Howe"}},
	{"Pacific/Auckland", []string{"Auckland", "Wellington", "New Zealand"}},
	{"Pacific/Chatham", []string{"Chatham"}},
}
