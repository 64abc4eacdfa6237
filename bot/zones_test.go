package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

func TestZoneChoicesUseTheLocaleAsAHint(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	first := func(typed string, locale discordgo.Locale) string {
		cs := zoneChoices(typed, locale, now)
		if len(cs) == 0 {
			t.Fatalf("%q (%s): no choices", typed, locale)
		}
		return fmt.Sprint(cs[0].Value)
	}
	if got := first("CST", discordgo.EnglishUS); got != "America/Chicago" {
		t.Errorf("CST in en-US: %s first", got)
	}
	if got := first("CST", discordgo.ChineseCN); got != "Asia/Shanghai" {
		t.Errorf("CST in zh-CN: %s first", got)
	}
	if got := first("IST", discordgo.EnglishGB); got != "Europe/Dublin" {
		t.Errorf("IST in en-GB: %s first", got)
	}
	// Every choice is a zone, labelled with its time now, within Discord's
	// limits, for whatever is typed.
	for _, typed := range []string{"", "a", "us", "Europe/", "America/Argentina/Salta", strings.Repeat("x", 100), "São"} {
		cs := zoneChoices(typed, "", now)
		if len(cs) > maxChoices {
			t.Errorf("%q: %d choices", typed, len(cs))
		}
		for _, c := range cs {
			loc, err := plans.LoadZone(fmt.Sprint(c.Value))
			if err != nil || len([]rune(c.Name)) > 100 || !strings.Contains(c.Name, now.In(loc).Format("15:04")+" now") {
				t.Errorf("%q: choice %q = %v (%v)", typed, c.Name, c.Value, err)
			}
		}
	}
}

func TestResolveZoneReadsWhatPeopleType(t *testing.T) {
	for in, want := range map[string]string{
		"Europe/Berlin": "Europe/Berlin", "America/Argentina/Salta": "America/Argentina/Salta",
		"EST": "America/New_York", "est": "America/New_York", "utc": "UTC", "GMT": "UTC", "CET": "Europe/Berlin",
		"nyc": "America/New_York", "new york": "America/New_York", "SF": "America/Los_Angeles", "germany": "Europe/Berlin",
		"Kolkata": "Asia/Kolkata", "Japan": "Asia/Tokyo", "Iceland": "Iceland",
		"europe/berlin": "Europe/Berlin", "AMERICA/NEW_YORK": "America/New_York",
	} {
		if got, ok := resolveZone(in); !ok || got != want {
			t.Errorf("resolveZone(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"Mars/Olympus", "Atlantis", "", "Local", "../etc"} {
		if got, ok := resolveZone(in); ok {
			t.Errorf("resolveZone(%q) = %q, want refused", in, got)
		}
	}
	// A country of several zones is not guessed: the refusal names them.
	for in, some := range map[string]string{"Australia": "Australia/Perth", "usa": "America/Los_Angeles", "Canada": "America/Vancouver"} {
		if got, ok := resolveZone(in); ok {
			t.Errorf("resolveZone(%q) = %q, want refused", in, got)
		}
		if msg := unknownZone(in); !strings.Contains(msg, some) {
			t.Errorf("unknownZone(%q) = %q, want it to name %s", in, msg, some)
		}
	}
}

// TestOffsetsOfferPlaces: "GMT+2" or "UTC+5:30" is no place, so it is not
// taken as one (it would not follow summer time); while typing, it offers
// the places at that offset now, and typed out it gets an answer that says
// so rather than "I don't know".
func TestOffsetsOfferPlaces(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	for typed, want := range map[string]int{"GMT+2": 7200, "UTC+5:30": 19800, "utc-3": -10800, "+02:00": 7200, "GMT +0530": 19800, "UTC−5": -18000} {
		off, ok := parseOffset(typed)
		if !ok || off != want {
			t.Errorf("parseOffset(%q) = %d, %v; want %d", typed, off, ok, want)
		}
		cs := zoneChoices(typed, "", now)
		if len(cs) == 0 {
			t.Errorf("%q offers no places", typed)
		}
		for _, c := range cs {
			loc, _ := plans.LoadZone(fmt.Sprint(c.Value))
			if _, o := now.In(loc).Zone(); o != want {
				t.Errorf("%q offers %q, at %d s now", typed, c.Name, o)
			}
		}
		if _, ok := resolveZone(typed); ok {
			t.Errorf("resolveZone(%q) took an offset for a place", typed)
		}
		if _, why := parseChoice(map[string]string{optTimezone: typed}, false); !strings.Contains(string(why), "offset") {
			t.Errorf("/subscribe timezone: %q refused with %q", typed, why)
		}
	}
	if cs := zoneChoices("UTC+5:30", "", now); len(cs) == 0 || cs[0].Value != "Asia/Kolkata" {
		t.Errorf("UTC+5:30 offers %v first, want Asia/Kolkata", cs)
	}
	for _, typed := range []string{"GMT+15", "UTC+2:75", "2", "Berlin", "+"} {
		if off, ok := parseOffset(typed); ok {
			t.Errorf("parseOffset(%q) = %d, want no offset", typed, off)
		}
	}
}
