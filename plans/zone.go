package plans

import (
	"fmt"
	"strings"
	"time"
)

// LoadZone loads an IANA time zone such as "Europe/Berlin" or "UTC". The
// empty name and "Local" are refused: a subscriber's zone must not depend on
// the machine the bot runs on. So are names that are not written the IANA
// way, such as "Europe/./Berlin" or "Europe//Berlin", which the host's zone
// files would resolve: they would be stored, shown and sent back to Discord
// at any length. Errors wrap ErrZone.
//
// LoadZone reads the tz database: the host's zone files, or the copy a
// binary embeds with time/tzdata when the host has none. It is the one read
// plans does, and every call reads again: nothing is kept between calls.
// A load takes microseconds, small beside the replay of a log that most
// callers do next (compare BenchmarkLoadZone with BenchmarkSummarize).
func LoadZone(name string) (*time.Location, error) {
	if name == "Local" || !ianaName(name) {
		return nil, fmt.Errorf("%q is not an IANA zone name: %w", name, ErrZone)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%q: %w: %w", name, ErrZone, err)
	}
	return loc, nil
}

// maxZoneName bounds a zone name; the longest IANA name has 32 bytes.
const maxZoneName = 64

// ianaName reports whether name is written as IANA zone names are:
// components of ASCII letters, digits, '_', '-' and '+' separated by single
// slashes, the first starting with a letter.
func ianaName(name string) bool {
	if name == "" || len(name) > maxZoneName {
		return false
	}
	for part := range strings.SplitSeq(name, "/") {
		if part == "" || !(part[0] >= 'A' && part[0] <= 'Z' || part[0] >= 'a' && part[0] <= 'z') {
			return false
		}
		for _, r := range part {
			switch {
			case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-', r == '+':
			default:
				return false
			}
		}
	}
	return true
}

// zoneOf is the subscriber's zone, UTC when it cannot be loaded. It reads
// the tz database (see LoadZone).
func zoneOf(sub Subscription) *time.Location {
	loc, err := LoadZone(sub.Zone)
	if err != nil {
		return time.UTC
	}
	return loc
}
