package bot

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/glutebot/glutebot/plans"
)

// Discord's limits on what the bot sends back.
const (
	maxContent     = 2000
	maxCustomID    = 100
	maxChoiceName  = 100
	maxChoiceValue = 100
	maxTitle       = 256
	maxDescription = 4096
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxEmbedTotal  = 6000
)

// FuzzInteraction feeds whole INTERACTION_CREATE payloads through what the
// bot does with them before it touches the network or the store:
// /subscribe's options are validated (and a valid choice survives its trip
// through the safety screen's buttons and renders a workout inside Discord's
// embed limits), autocomplete offers at most 25 choices of at most 100
// characters, and a pressed button's code decodes only to valid choices.
func FuzzInteraction(f *testing.F) {
	for _, s := range []string{
		`{"id":"1","type":2,"guild_id":"2","channel_id":"3","member":{"user":{"id":"4"}},"data":{"name":"subscribe","options":[` +
			`{"name":"days","type":3,"value":"mon,wed,fri"},{"name":"time","type":3,"value":"07:00"},{"name":"timezone","type":3,"value":"Europe/Berlin"}]}}`,
		`{"id":"1","type":2,"channel_id":"3","user":{"id":"4"},"data":{"name":"subscribe","options":[` +
			`{"name":"level","type":3,"value":"advanced"},{"name":"equipment","type":3,"value":"gym"},{"name":"where","type":3,"value":"here"}]}}`,
		`{"id":"1","type":2,"data":{"name":"subscribe","options":[{"name":"time","type":3,"value":"25:99"},{"name":"colour","type":3,"value":"red"}]}}`,
		`{"id":"1","type":2,"data":{"name":"subscribe","options":[{"name":"days","type":4,"value":3}]}}`,
		`{"id":"1","type":2,"data":{"name":"subscribe","options":[null]}}`,
		`{"id":"1","type":4,"data":{"name":"subscribe","options":[{"name":"timezone","type":3,"value":"new","focused":true}]}}`,
		`{"id":"1","type":4,"data":{"name":"subscribe","options":[{"name":"timezone","type":3,"value":"","focused":true}]}}`,
		`{"id":"1","type":4,"data":{"name":"subscribe","options":[{"name":"timezone","type":3,"value":"America/Argentina/ComodRivadavia","focused":true}]}}`,
		`{"id":"1","type":4,"data":{"name":"tip","options":[{"name":"exercise","type":3,"value":"hip","focused":true}]}}`,
		`{"id":"1","type":3,"data":{"custom_id":"screen:ok|42|0700|Europe/Berlin|0|0|0","component_type":2}}`,
		`{"id":"1","type":3,"data":{"custom_id":"screen:go|18|1830|America/New_York|2|1|1","component_type":2}}`,
		`{"id":"1","type":3,"data":{"custom_id":"screen:ok|127|2400|UTC|9|9|9","component_type":2}}`,
		`{"id":"1","type":3,"data":{"custom_id":"forget:yes","component_type":2}}`,
		`{"id":"1","type":2,"channel_id":"3","user":{"id":"4"},"data":{"name":"subscribe","options":[{"name":"recap","type":3,"value":"friday"}]}}`,
		`{"id":"1","type":3,"data":{"custom_id":"screen:ok|42|0700|Europe/Berlin|0|0|0|7","component_type":2}}`,
		`{"id":"1","type":4,"data":{"name":"challenge","options":[{"name":"start","type":1,"options":[{"name":"timezone","type":3,"value":"berl","focused":true}]}]}}`,
		`{"type":5,"data":{}}`,
		`not json`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		var ic discordgo.InteractionCreate
		if err := json.Unmarshal(payload, &ic); err != nil || ic.Interaction == nil {
			return
		}
		i := ic.Interaction
		switch i.Type {
		case discordgo.InteractionApplicationCommand:
			if i.ApplicationCommandData().Name != cmdSubscribe {
				return
			}
			c, why := parseChoice(stringOptions(i), i.GuildID == "")
			if why != "" {
				if n := utf8.RuneCountInString(string(why)); n > maxContent {
					t.Fatalf("the explanation of a bad /subscribe has %d characters", n)
				}
				return
			}
			checkChoice(t, c)
			if i.GuildID == "" && c.delivery != plans.DeliverDM {
				t.Fatalf("a /subscribe in a DM chose delivery %v", c.delivery)
			}
			checkScreen(t, c)
			checkWorkouts(t, c)
		case discordgo.InteractionApplicationCommandAutocomplete:
			checkChoices(t, autocompleteChoices(i.ApplicationCommandData(), i.Locale, time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)))
		case discordgo.InteractionMessageComponent:
			_, code, _ := strings.Cut(i.MessageComponentData().CustomID, "|")
			c, err := decodeChoice(code)
			if err != nil {
				return
			}
			checkChoice(t, c)
			again, err := decodeChoice(encodeChoice(c))
			if err != nil || choiceDiff(c, again) != "" {
				t.Fatalf("button code %q decodes to %+v, which encodes to %q and decodes to %+v, %v; diff (-first +again):\n%s",
					code, c, encodeChoice(c), again, err, choiceDiff(c, again))
			}
		}
	})
}

// checkChoice checks that c is what parseChoice and decodeChoice promise: a
// choice the store and the scheduler can use as it is.
func checkChoice(t *testing.T, c choice) {
	t.Helper()
	if len(c.days) < plans.MinDays || len(c.days) > plans.MaxDays {
		t.Fatalf("choice has %d days: %+v", len(c.days), c)
	}
	if again, err := plans.ParseDays(plans.FormatDays(c.days)); err != nil || !slices.Equal(again, c.days) {
		t.Fatalf("choice's days %v are not distinct weekdays in week order", c.days)
	}
	if again, err := plans.ParseTimeOfDay(c.at.String()); err != nil || again != c.at {
		t.Fatalf("choice's clock %+v is not a time of day", c.at)
	}
	if _, err := plans.LoadZone(c.zone); err != nil {
		t.Fatalf("choice's zone %q does not load: %v", c.zone, err)
	}
	if c.level < plans.Beginner || c.level > plans.Advanced || c.equipment < plans.NoEquipment || c.equipment > plans.Gym ||
		c.delivery < plans.DeliverDM || c.delivery > plans.DeliverChannel {
		t.Fatalf("choice out of range: %+v", c)
	}
}

// choiceDiff is how got differs from want (-want +got), leaving out where
// each was asked from (guildID, channelID); "" when they are the same.
func choiceDiff(want, got choice) string {
	return cmp.Diff(want, got, cmp.AllowUnexported(choice{}), cmpopts.IgnoreFields(choice{}, "guildID", "channelID"),
		cmpopts.EquateEmpty())
}

// checkScreen checks the safety screen a first /subscribe gets: Discord
// takes its buttons, and each button brings the same choice back.
func checkScreen(t *testing.T, c choice) {
	t.Helper()
	r := safetyScreen(c)
	if n := utf8.RuneCountInString(r.content); n > maxContent {
		t.Fatalf("the safety screen has %d characters", n)
	}
	for _, row := range r.components {
		for _, comp := range row.(discordgo.ActionsRow).Components {
			id := comp.(discordgo.Button).CustomID
			if n := utf8.RuneCountInString(id); n > maxCustomID {
				t.Fatalf("button id %q has %d characters, more than Discord's %d", id, n, maxCustomID)
			}
			_, code, _ := strings.Cut(id, "|")
			if back, err := decodeChoice(code); err != nil || choiceDiff(c, back) != "" {
				t.Fatalf("button id %q brings back %+v, %v; diff (-want +got):\n%s", id, back, err, choiceDiff(c, back))
			}
		}
	}
}

// checkWorkouts renders the first workouts of a subscriber with choice c,
// on time, late and early, and checks them against Discord's embed limits.
func checkWorkouts(t *testing.T, c choice) {
	t.Helper()
	loc, err := plans.LoadZone(c.zone)
	if err != nil {
		t.Fatal(err)
	}
	since := time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC)
	sub := plans.Subscription{UserID: "4", Days: c.days, TimeOfDay: c.at, Zone: c.zone, Level: c.level,
		Equipment: c.equipment, Delivery: c.delivery, Since: since}
	due := plans.NextDue(c.days, c.at, loc, since)
	if due.IsZero() {
		t.Fatalf("choice %+v gives no next workout", c)
	}
	w := plans.WorkoutFor(nil, sub, due)
	for _, slot := range []plans.Slot{{Due: due}, {Due: due, Late: true}, {Due: due, Early: true}} {
		checkEmbed(t, workoutEmbed(w, slot, 99999))
	}
}

func checkEmbed(t *testing.T, e *discordgo.MessageEmbed) {
	t.Helper()
	runes := utf8.RuneCountInString
	total := runes(e.Title) + runes(e.Description)
	if runes(e.Title) > maxTitle || runes(e.Description) > maxDescription {
		t.Fatalf("embed title or description too long: %d, %d", runes(e.Title), runes(e.Description))
	}
	if len(e.Fields) == 0 || len(e.Fields) > maxFields {
		t.Fatalf("embed has %d fields", len(e.Fields))
	}
	for _, fl := range e.Fields {
		if fl.Name == "" || fl.Value == "" || runes(fl.Name) > maxFieldName || runes(fl.Value) > maxFieldValue {
			t.Fatalf("embed field of %d and %d characters", runes(fl.Name), runes(fl.Value))
		}
		total += runes(fl.Name) + runes(fl.Value)
	}
	if e.Footer != nil {
		if runes(e.Footer.Text) > maxFooter {
			t.Fatalf("embed footer of %d characters", runes(e.Footer.Text))
		}
		total += runes(e.Footer.Text)
	}
	if total > maxEmbedTotal {
		t.Fatalf("embed has %d characters in all, more than Discord's %d", total, maxEmbedTotal)
	}
}

// checkChoices checks autocomplete choices against Discord's limits.
func checkChoices(t *testing.T, choices []*discordgo.ApplicationCommandOptionChoice) {
	t.Helper()
	if len(choices) > maxChoices {
		t.Fatalf("%d autocomplete choices, more than Discord's %d", len(choices), maxChoices)
	}
	for _, c := range choices {
		v, ok := c.Value.(string)
		if !ok || v == "" || utf8.RuneCountInString(v) > maxChoiceValue {
			t.Fatalf("autocomplete choice value %#v", c.Value)
		}
		if c.Name == "" || utf8.RuneCountInString(c.Name) > maxChoiceName {
			t.Fatalf("autocomplete choice name %q has %d characters", c.Name, utf8.RuneCountInString(c.Name))
		}
	}
}
